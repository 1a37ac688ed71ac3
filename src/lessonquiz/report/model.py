"""The report's data: a tally of each student's history per question, and the figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple

DISCRIMINATION = (
    "point-biserial correlation between a student's first-attempt result on the question "
    "(right 1, else 0) and the number of the bank's other questions they got right on the "
    "first attempt (unattempted count 0); n/a with fewer than 3 students or when either "
    "side does not vary"
)
"""The discrimination index used, in words (printed with every report)."""


class ReportError(Exception):
    """The report cannot be made; ``exit_code`` is 2 for a missing store file, else 1."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class Cell(NamedTuple):
    """One student's history with one question (a named tuple: the report makes many)."""

    attempts: int
    first_right: bool
    tries_to_right: int | None
    best: float


@dataclass
class Tally:
    """Cells by (bank, question) then student, and wrong-response counts by (bank, question).

    Wrong responses are keyed by their canonical JSON text (the store's encoding).
    """

    cells: dict[tuple[str, str], dict[str, Cell]] = field(default_factory=dict)
    wrong: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    hints: dict[tuple[str, str], dict[str, int]] | None = None
    """Most hints each student had opened at any attempt, by (bank, question), where > 0;
    None where the source does not record hint use (a store from before schema 5, a class
    database before its migration 2)."""
    days: Counter[tuple[str, str]] = field(default_factory=Counter)
    """Attempts by (bank, UTC day ``YYYY-MM-DD``); empty when the reader was not asked."""


@dataclass(frozen=True)
class Window:
    """The attempts a report covers: ``since <= created_at < until`` (ISO 8601 text, UTC).

    ``created_at`` is stored as ISO 8601 UTC text, so comparing the text compares the times.
    """

    since: str | None = None
    until: str | None = None

    def __bool__(self) -> bool:
        return self.since is not None or self.until is not None

    def __contains__(self, stamp: str) -> bool:
        return (self.since is None or stamp >= self.since) and (
            self.until is None or stamp < self.until
        )


@dataclass(frozen=True)
class QuestionStats:
    """The figures of one question (see the module docstring for definitions)."""

    bank: str
    question: str
    attempts: int
    students: int
    facility: float | None
    discrimination: float | None
    most_chosen_wrong: Any
    most_chosen_wrong_count: int
    median_attempts_to_right: float | None
    scored: bool = True
    hinted: float | None = None
    """Share of the students who opened at least one hint (None: no student attempted)."""
    graded: bool = True
    """False for a ``written`` question: answers listed by ``--answers``, no figures."""


@dataclass(frozen=True)
class StudentScore:
    """One student's score on one bank: ``points`` out of ``out_of`` points possible (the
    number of questions when every question is worth 1, the default)."""

    student: str
    bank: str
    points: float
    out_of: float
    score: float
    answered: int


@dataclass(slots=True)  # many per report: no frozen (slow) init
class OptionCount:
    """How often one option was chosen, over every attempt at a question with options.

    ``slot`` is empty for single, multiple and true/false questions (``count`` attempts chose
    or ticked ``option``), the left item for a match row, ``place N`` for an order position.
    """

    bank: str
    question: str
    slot: str
    option: str
    count: int
    key: bool


@dataclass(slots=True)  # many per report: no frozen (slow) init
class Mastery:
    """One student's mastery of one objective: its questions right first time / their number."""

    student: str
    bank: str
    objective: str
    points: int
    out_of: int
    mastery: float


@dataclass(frozen=True)
class ObjectiveShare:
    """The class on one objective: mean mastery, and how many reached the threshold."""

    bank: str
    objective: str
    text: str
    questions: int
    students: int
    mean: float
    mastered: int
    share: float


@dataclass(slots=True)  # many per report: no frozen (slow) init
class HelpNeeded:
    """A student below the threshold on an objective, and the questions not yet right there."""

    student: str
    bank: str
    objective: str
    mastery: float
    questions: tuple[str, ...]


@dataclass(frozen=True)
class ScoreBin:
    """Students of a bank whose score is in ``[low, high)`` (the last bin includes 1.0)."""

    bank: str
    low: float
    high: float
    students: int


@dataclass(frozen=True)
class DayCount:
    """Attempts at a bank on one UTC day."""

    day: str
    bank: str
    attempts: int


@dataclass
class Report:
    """Everything ``lessonquiz report`` prints."""

    source: str
    questions: list[QuestionStats]
    students: list[StudentScore]
    banks_without_file: list[str] = field(default_factory=list)
    earlier_versions: dict[str, int] = field(default_factory=dict)
    """Per bank, attempts left out because they answer an earlier key of a question (#12)."""
    options: list[OptionCount] = field(default_factory=list)
    mastery: list[Mastery] = field(default_factory=list)
    objectives: list[ObjectiveShare] = field(default_factory=list)
    help: list[HelpNeeded] = field(default_factory=list)
    distribution: list[ScoreBin] = field(default_factory=list)
    days: list[DayCount] = field(default_factory=list)
    threshold: float = 0.6
    titles: dict[str, str] = field(default_factory=dict)
    """Bank titles by id, where the bank file is known."""

    def unscored(self) -> dict[str, list[str]]:
        """Question ids listed but not scored (no longer in the bank file), by bank."""
        found: dict[str, list[str]] = {}
        for q in self.questions:
            if not q.scored and q.graded:
                found.setdefault(q.bank, []).append(q.question)
        return found
