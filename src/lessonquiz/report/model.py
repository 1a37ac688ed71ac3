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
    None where the source does not record hint use (an older store, the hub service)."""


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
    """One student's score on one bank: ``points`` out of ``out_of`` questions."""

    student: str
    bank: str
    points: float
    out_of: int
    score: float
    answered: int


@dataclass
class Report:
    """Everything ``lessonquiz report`` prints."""

    source: str
    questions: list[QuestionStats]
    students: list[StudentScore]
    banks_without_file: list[str] = field(default_factory=list)

    def unscored(self) -> dict[str, list[str]]:
        """Question ids listed but not scored (no longer in the bank file), by bank."""
        found: dict[str, list[str]] = {}
        for q in self.questions:
            if not q.scored and q.graded:
                found.setdefault(q.bank, []).append(q.question)
        return found
