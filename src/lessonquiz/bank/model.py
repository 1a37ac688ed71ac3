"""The quiz-bank model: what a valid bank is, written once as pydantic models.

Why pydantic: instructors write banks by hand, so the model must reject unknown keys, wrong
types and impossible questions (a ``single`` with two keys), and say where. Its errors carry
paths that the loader turns into ``file:line:col``. Widgets, grading, exports and the CLI all
read these models, so a bank that loads is a bank every part of the project can use.
One module past 300 lines: the models refer to one another by name and pydantic resolves
those names in one namespace; split it only with the model_rebuild() calls that needs.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from lessonquiz.bank.defaults import DEFAULT_EXPLANATION_AFTER
from lessonquiz.limits import MAX_LISTED, MAX_PROBLEMS_PER_FILE, listing

SCHEMA_VERSION = 1
"""The bank format this code reads; bump it (and keep a converter) when the format changes."""


def located(message: str, *at: str | int) -> PydanticCustomError:
    """An error reported at a sub-path (``at``) of the field being validated.

    Pydantic places a validator's error at the field; where the culprit is one list item
    (the second correct choice, a repeated item) the loader appends ``at`` to point at it.
    """
    return PydanticCustomError("lessonquiz", message, {"at": at})


def _as_text(value: Any) -> Any:
    """Accept numbers as text (a year as a choice); refuse true/false, which is never text."""
    if isinstance(value, bool):
        raise PydanticCustomError(
            "lessonquiz", "expected text but found true/false; put the text in quotes"
        )
    if isinstance(value, int | float):
        return str(value)
    return value


def _as_list(value: Any) -> Any:
    """Let a single hint be written as a plain string."""
    return [value] if isinstance(value, str) else value


Text = Annotated[
    str,
    BeforeValidator(_as_text, json_schema_input_type=str | int | float),
    StringConstraints(strip_whitespace=True, min_length=1),
]
"""Markdown or plain text; never empty."""
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
"""A stable id: lowercase letters, digits and single hyphens, e.g. ``trade-gap``."""
Level = Literal["recall", "understand", "analyse", "evaluate"]
Difficulty = Literal["easy", "medium", "hard"]


@dataclass(frozen=True)
class References:
    """What a bank may cite: the article's ¶ numbers and the ids in ``data/sources.yaml``.

    Passed to validation as context; an empty set means "not known here, do not check".
    """

    paragraphs: frozenset[int] = field(default_factory=frozenset)
    data_ids: frozenset[str] = field(default_factory=frozenset)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Source(_Strict):
    """Where a question's answer is taught: the article's ¶ numbers and/or a data source id."""

    paragraph: int | list[int] | None = None
    data: Slug | None = None

    @model_validator(mode="after")
    def _cites_something(self) -> Source:
        if self.paragraph is None and self.data is None:
            raise PydanticCustomError(
                "lessonquiz", "source needs a paragraph (the article's ¶ number) or a data id"
            )
        return self

    @field_validator("paragraph")
    @classmethod
    def _known_paragraph(cls, value: int | list[int] | None, info: ValidationInfo) -> Any:
        refs = info.context.get("references") if isinstance(info.context, dict) else None
        numbers = [value] if isinstance(value, int) else (value or [])
        for i, number in enumerate(numbers):
            if refs and refs.paragraphs and number not in refs.paragraphs:
                at = () if isinstance(value, int) else (i,)
                raise located(
                    f"¶{number} is not in the article (it has ¶{min(refs.paragraphs)}"
                    f"–¶{max(refs.paragraphs)})",
                    *at,
                )
        return value

    @field_validator("data")
    @classmethod
    def _known_data(cls, value: str | None, info: ValidationInfo) -> str | None:
        refs = info.context.get("references") if isinstance(info.context, dict) else None
        if value is not None and refs and refs.data_ids and value not in refs.data_ids:
            raise PydanticCustomError(
                "lessonquiz", f"data source '{value}' is not an id in data/sources.yaml"
            )
        return value

    @property
    def paragraphs(self) -> tuple[int, ...]:
        """The cited ¶ numbers, always as a tuple."""
        if self.paragraph is None:
            return ()
        return (self.paragraph,) if isinstance(self.paragraph, int) else tuple(self.paragraph)


class Objective(_Strict):
    """A learning objective; questions name it by ``id``."""

    id: Slug
    text: Text


class Choice(_Strict):
    """One option of a ``single`` or ``multiple`` question.

    ``id`` (optional) names the choice for good: a student's answer is stored by it, so the
    text can be reworded freely. Without one, the choice's identity is its text with case,
    spaces and punctuation folded (see ``lessonquiz.bank.identity``).
    """

    id: Slug | None = None
    text: Text
    correct: bool = False
    feedback: Text | None = None


class _Question(_Strict):
    """Keys every question type has."""

    id: Slug
    prompt: Text
    objective: Slug
    source: Source
    level: Level | None = None
    hint: Annotated[
        list[Text], BeforeValidator(_as_list, json_schema_input_type=str | list[str])
    ] = []
    explanation: Text | None = None
    tags: list[Slug] = []
    difficulty: Difficulty | None = None
    points: float = Field(default=1.0, gt=0)
    """How much the question weighs in a score (default 1): scores are points earned over
    points possible."""
    renamed_from: Annotated[
        list[Slug], BeforeValidator(_as_list, json_schema_input_type=Slug | list[Slug])
    ] = []

    @property
    def content_hash(self) -> str:
        """A short fingerprint of what a student answers: the prompt, the options, the key.

        Progress records carry it, so a question whose meaning the instructor edits starts
        fresh while the others keep their answers. Teaching texts (hints, feedback,
        explanation) and metadata (objective, source, level, tags, difficulty) are left out:
        fixing a typo in a hint must not wipe a class's answers.
        """
        exclude: dict[str, Any] = dict.fromkeys(_NOT_ANSWERED, True)
        fields = type(self).model_fields
        for nested in ("choices", "pairs"):  # per-choice and per-pair feedback
            if nested in fields:
                exclude[nested] = {"__all__": {"feedback", "id"}}
        dumped = self.model_dump_json(exclude=exclude)
        return hashlib.sha256(dumped.encode("utf-8")).hexdigest()[:16]

    @property
    def legacy_content_hash(self) -> str:
        """The fingerprint lessonquiz wrote before 2026-11 (of every field, teaching texts
        included). Answers saved then still match an unchanged question; drop this once no
        store holds them."""
        exclude: dict[str, Any] = dict.fromkeys(_ADDED_SINCE_LEGACY, True)
        if "choices" in type(self).model_fields:
            exclude["choices"] = {"__all__": {"id"}}
        dumped = self.model_dump_json(exclude=exclude)
        return hashlib.sha256(dumped.encode("utf-8")).hexdigest()[:16]


_NOT_ANSWERED = (
    "points",
    "renamed_from",
    "objective",
    "source",
    "level",
    "hint",
    "explanation",
    "tags",
    "difficulty",
    "feedback",
    "rubric",
    "model_answer",
    "from_data",
)
"""Question fields a student's answer does not depend on (left out of ``content_hash``);
a ``written`` question's rubric and model answer are shown only after the answer."""

_ADDED_SINCE_LEGACY = ("renamed_from", "from_data", "points")
"""Keys added after the legacy fingerprint; left out so it stays what older stores hold."""


def _unique_texts(texts: list[str], what: str) -> None:
    seen: dict[str, int] = {}
    for i, text in enumerate(texts):
        folded = " ".join(text.casefold().split())
        if folded in seen:
            raise located(f"{what} {i + 1} repeats {what} {seen[folded] + 1}: '{text}'", i)
        seen[folded] = i


class _ChoiceQuestion(_Question):
    choices: list[Choice] = Field(min_length=2)
    shuffle: bool = True

    @field_validator("choices")
    @classmethod
    def _distinct(cls, choices: list[Choice]) -> list[Choice]:
        _unique_texts([c.text for c in choices], "choice")
        return choices

    @property
    def correct_texts(self) -> tuple[str, ...]:
        """Texts of the correct choices, in written order."""
        return tuple(c.text for c in self.choices if c.correct)

    def choice(self, text: str) -> Choice | None:
        """The choice with this exact text, if any."""
        return next((c for c in self.choices if c.text == text), None)


class SingleQuestion(_ChoiceQuestion):
    """Pick the one correct choice."""

    type: Literal["single"]

    @field_validator("choices")
    @classmethod
    def _exactly_one(cls, choices: list[Choice]) -> list[Choice]:
        correct = [i for i, c in enumerate(choices) if c.correct]
        if not correct:
            raise located("a single question needs exactly one choice with correct: true; none has")
        if len(correct) > 1:
            raise located(
                f"a single question needs exactly one correct choice; choices "
                f"{', '.join(str(i + 1) for i in correct)} are all marked correct "
                "(use type: multiple for several)",
                correct[1],
            )
        return choices


class MultipleQuestion(_ChoiceQuestion):
    """Tick every correct choice; partial credit, see quizzes/README.md."""

    type: Literal["multiple"]

    @field_validator("choices")
    @classmethod
    def _some_right_some_wrong(cls, choices: list[Choice]) -> list[Choice]:
        if not any(c.correct for c in choices):
            raise located("a multiple question needs at least one choice with correct: true")
        if all(c.correct for c in choices):
            raise located(
                "a multiple question needs at least one wrong choice; otherwise ticking "
                "everything scores full marks"
            )
        return choices


class TrueFalseQuestion(_Question):
    """Decide whether a statement is true."""

    type: Literal["true_false"]
    answer: bool
    feedback: Text | None = None


Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
"""A name a formula can use: lowercase letters, digits and underscores, e.g. ``china``."""


class StartsWith(_Strict):
    """A ``where`` condition matching cells that begin with some text."""

    starts_with: Text


class DataValue(_Strict):
    """One number read from a CSV file in ``data/``: a cell of the one row that matches
    ``where`` (a date becomes its day number), or, without ``column``, how many rows match."""

    file: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+\.csv$")]
    where: dict[str, str | int | float | StartsWith] = {}
    column: str | None = None


class FromData(_Strict):
    """Where a numeric answer comes from in ``data/``: named values and a formula over them.

    ``lessonquiz validate`` recomputes it and refuses an answer the data no longer gives.
    """

    values: dict[Name, DataValue] = Field(min_length=1)
    formula: str | None = None
    """Arithmetic on the value names (+ - * / and parentheses, ``round(x, digits)``,
    ``abs(x)``); may be left out when there is one value."""

    @model_validator(mode="after")
    def _formula_needed(self) -> FromData:
        if self.formula is None and len(self.values) > 1:
            raise PydanticCustomError(
                "lessonquiz",
                "from_data names several values: add a formula saying how they give the "
                "answer (for example: formula: a - b)",
            )
        return self


class NumericQuestion(_Question):
    """Give a number; right within an absolute tolerance."""

    type: Literal["numeric"]
    answer: Annotated[float, Field(allow_inf_nan=False)]
    tolerance: Annotated[float, Field(allow_inf_nan=False)] = 0.0
    unit: Text | None = None
    feedback: Text | None = None
    from_data: FromData | None = None

    @field_validator("tolerance")
    @classmethod
    def _non_negative(cls, value: float) -> float:
        if value < 0:
            raise PydanticCustomError("lessonquiz", f"tolerance must be 0 or more, not {value}")
        return value


class TextQuestion(_Question):
    """Type a short answer; compared ignoring case, surrounding space and punctuation."""

    type: Literal["text"]
    accept: list[Text] = Field(min_length=1)
    feedback: Text | None = None


class OrderQuestion(_Question):
    """Put items in order; ``items`` is the correct order (students see them shuffled)."""

    type: Literal["order"]
    items: list[Text]
    feedback: Text | None = None

    @field_validator("items")
    @classmethod
    def _orderable(cls, items: list[str]) -> list[str]:
        if len(items) < 2:
            raise PydanticCustomError(
                "lessonquiz", f"an order question needs at least 2 items, not {len(items)}"
            )
        _unique_texts(items, "item")
        return items


class Pair(_Strict):
    """One left item and the right side it belongs with."""

    left: Text
    right: Text
    feedback: Text | None = None


class MatchQuestion(_Question):
    """Match each left item to a right side; right sides may repeat (sorting into categories)."""

    type: Literal["match"]
    pairs: list[Pair]

    @field_validator("pairs")
    @classmethod
    def _matchable(cls, pairs: list[Pair]) -> list[Pair]:
        if not pairs:
            raise PydanticCustomError("lessonquiz", "a match question needs at least one pair")
        _unique_texts([p.left for p in pairs], "left item")
        return pairs

    @property
    def right_options(self) -> tuple[str, ...]:
        """The distinct right sides, in first-written order: the options of every dropdown."""
        return tuple(dict.fromkeys(p.right for p in self.pairs))


class WrittenQuestion(_Question):
    """Write a free-text answer; it is saved, never graded automatically (issue 15).

    After submitting, the student sees the ``rubric`` (what a good answer does), then the
    ``model_answer``; the instructor reads the answers (``lessonquiz report --answers``).
    ``min_words`` asks for an answer of at least that many words before it is saved.
    """

    type: Literal["written"]
    rubric: Annotated[list[Text], BeforeValidator(_as_list)] = Field(min_length=1)
    model_answer: Text
    min_words: int | None = Field(default=None, ge=1, le=5000)


AnyQuestion = (
    SingleQuestion
    | MultipleQuestion
    | TrueFalseQuestion
    | NumericQuestion
    | TextQuestion
    | OrderQuestion
    | MatchQuestion
    | WrittenQuestion
)
"""Any question model (for type hints)."""

Question = Annotated[AnyQuestion, Field(discriminator="type")]
"""Any question; its ``type`` key picks the model."""

QUESTION_MODELS: dict[str, type[_Question]] = {
    "single": SingleQuestion,
    "multiple": MultipleQuestion,
    "true_false": TrueFalseQuestion,
    "numeric": NumericQuestion,
    "text": TextQuestion,
    "order": OrderQuestion,
    "match": MatchQuestion,
    "written": WrittenQuestion,
}
"""The eight question types by their ``type`` name."""


class BankHeader(_Strict):
    """Everything in a bank file except its questions."""

    schema_version: int
    id: Slug
    title: Text
    lesson: str | None = None
    description: Text | None = None
    show_explanation_after: int = Field(default=DEFAULT_EXPLANATION_AFTER, ge=0)
    shuffle_questions: bool = False
    objectives: list[Objective] = Field(min_length=1)

    @field_validator("schema_version")
    @classmethod
    def _supported(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise PydanticCustomError(
                "lessonquiz",
                f"schema_version {value} is not supported; this lessonquiz reads version "
                f"{SCHEMA_VERSION}",
            )
        return value

    @field_validator("objectives")
    @classmethod
    def _distinct_objectives(cls, objectives: list[Objective]) -> list[Objective]:
        _raise_first(duplicate_ids([o.id for o in objectives], "objective"), "id")
        return objectives


def duplicate_ids(ids: list[object], what: str) -> list[tuple[int, str]]:
    """(index, message) for each id already used earlier in the list; ids that are not text
    (missing, or a list written by mistake, reported as wrong types) are skipped."""
    first: dict[object, int] = {}
    found = []
    for i, ident in enumerate(ids):
        if not isinstance(ident, str):  # no id, or one of the wrong type (reported as such)
            continue
        if ident in first:
            found.append((i, f"duplicate {what} id '{ident}' (also {what} {first[ident] + 1})"))
        else:
            first[ident] = i
    return found


def _raise_first(problems: list[tuple[int, str]], *at: str | int) -> None:
    if problems:
        index, message = problems[0]
        raise located(message, index, *at)


class Bank(BankHeader):
    """A whole quiz bank: header, objectives and questions."""

    questions: list[Question] = Field(min_length=1)

    @field_validator("questions")
    @classmethod
    def _distinct_questions(cls, questions: list[AnyQuestion]) -> list[AnyQuestion]:
        _raise_first(duplicate_ids([q.id for q in questions], "question"), "id")
        return questions

    @model_validator(mode="after")
    def _objectives_defined(self) -> Bank:
        problems = undefined_objectives(self.objectives, [q.objective for q in self.questions])
        if problems:
            index, message = problems[0]
            raise located(message, "questions", index, "objective")
        return self

    def question(self, question_id: str) -> AnyQuestion:
        """The question with this id; ``KeyError`` names the ids that exist."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(f"no question '{question_id}' in bank '{self.id}'")

    def objective(self, objective_id: str) -> Objective:
        """The objective with this id."""
        for objective in self.objectives:
            if objective.id == objective_id:
                return objective
        raise KeyError(f"no objective '{objective_id}' in bank '{self.id}'")

    def __iter__(self) -> Iterator[AnyQuestion]:  # type: ignore[override]
        return iter(self.questions)


def undefined_objectives(objectives: list[Objective], named: list[object]) -> list[tuple[int, str]]:
    """(index, message) for each objective named by a question that the bank does not define.

    Each message lists at most ``MAX_LISTED`` defined ids, the closest first: listing them all
    in every message made a bank of 30,000 such questions need gigabytes (review D3).
    """
    known = [o.id for o in objectives]
    defined = set(known)
    found: list[tuple[int, str]] = []
    for i, name in enumerate(named):
        if isinstance(name, str) and name not in defined:
            suggest = len(known) <= 5 * MAX_LISTED and len(found) < MAX_PROBLEMS_PER_FILE
            close = difflib.get_close_matches(name, known, n=1) if suggest else []
            hint = f"did you mean '{close[0]}'? " if close else ""
            message = f"objective '{name}' is not defined under objectives: ({hint}defined: "
            found.append((i, f"{message}{listing(known)})"))
    return found
