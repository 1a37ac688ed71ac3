"""The key-free view of a question: what a student's browser may see before a check.

Why a named model of its own: the quiz front-end draws a question from this and nothing else,
so the browser (and the widget state a notebook saves) never holds a ``correct`` flag, an
accepted answer, a right order, a match pairing, feedback or an explanation. Feedback and the
explanation travel only inside a result, after a check. A graded mode in which the key stays
on a server builds on the same view.

The shuffles live here too: a view is made with the question's seeded ``random.Random``, so a
student sees the same order after a restart, and the static text of a notebook reproduces.
Prompts are rendered to sanitized HTML with ``lessonquiz.render`` (a pure module: Markdown and
nh3, nothing of Jupyter's).

What a quiz needs before the first check is here too, as plain data (``PublicBank``: the
header, and each question unshuffled with its points and Markdown prompt). The per-user bank
cache stores it beside the bank, so a lesson's quiz cell draws the quiz without importing the
bank model (pydantic: about a third of the cell's time in a kernel, issue #10); the model
loads with the key, at the first Check or to restore saved answers (``LazyBank``). This
module therefore imports the model only for type checking and tells types by ``type``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from lessonquiz import render

if TYPE_CHECKING:  # pragma: no cover
    from lessonquiz.bank.model import AnyQuestion, Bank


@dataclass(frozen=True)
class PublicQuestion:
    """One question as the browser receives it. Every field is safe to publish.

    ``choices`` are the display texts of a ``single``/``multiple`` (shuffled if the question
    asks) or ``["True", "False"]``; ``items`` the order items in their shuffled start order
    (never the right one); ``lefts`` and ``options`` the two sides of a match, the options
    shuffled; ``hints`` only how many there are (each arrives when asked for); ``min_words``
    for a ``written`` question (its rubric and model answer come with the result).
    """

    id: str
    number: int
    type: str
    prompt_html: str
    choices: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    lefts: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    unit: str = ""
    hints: int = 0
    min_words: int | None = None

    def to_json(self) -> dict[str, Any]:
        """Plain JSON for the widget's synced state."""
        return asdict(self)


@dataclass(frozen=True)
class Unshuffled:
    """A question's public view before its shuffles (number 0, choices, items and options in
    bank order), with what a quiz needs of it before any check. Nothing here is key."""

    view: PublicQuestion
    shuffle_choices: bool
    prompt: str
    """The prompt's Markdown, for the notebook's plain-text fallback."""
    points: float


@dataclass(frozen=True)
class PublicBank:
    """A bank as a quiz draws it before any check: its header and its questions, unshuffled."""

    id: str
    title: str
    shuffle_questions: bool
    show_explanation_after: int
    questions: tuple[Unshuffled, ...]


@dataclass(frozen=True)
class LazyBank:
    """A bank whose public part is at hand and whose model (with the key) loads on first use."""

    public: PublicBank
    load: Callable[[], Bank]


def unshuffled(question: AnyQuestion) -> Unshuffled:
    """The key-free view of ``question`` before any shuffle, and its quiz facts."""
    common: dict[str, Any] = {
        "id": question.id,
        "number": 0,
        "type": question.type,
        "prompt_html": render.markdown(question.prompt),
        "hints": len(question.hint),
    }
    kind = question.type
    if kind in ("single", "multiple"):
        view = PublicQuestion(**common, choices=[c.text for c in question.choices])  # type: ignore[union-attr]
    elif kind == "true_false":
        view = PublicQuestion(**common, choices=["True", "False"])
    elif kind == "numeric":
        view = PublicQuestion(**common, unit=question.unit or "")  # type: ignore[union-attr]
    elif kind == "order":
        view = PublicQuestion(**common, items=list(question.items))  # type: ignore[union-attr]
    elif kind == "match":
        view = PublicQuestion(
            **common,
            lefts=[pair.left for pair in question.pairs],  # type: ignore[union-attr]
            options=list(question.right_options),  # type: ignore[union-attr]
        )
    elif kind == "written":  # issue 15
        view = PublicQuestion(**common, min_words=question.min_words)  # type: ignore[union-attr]
    else:  # text: the prompt is all
        view = PublicQuestion(**common)
    shuffle = kind in ("single", "multiple") and bool(question.shuffle)  # type: ignore[union-attr]
    return Unshuffled(view, shuffle, question.prompt, float(question.points))


def public_bank(bank: Bank) -> PublicBank:
    """What a quiz of ``bank`` draws before any check (and what the bank cache keeps)."""
    return PublicBank(
        id=bank.id,
        title=bank.title,
        shuffle_questions=bank.shuffle_questions,
        show_explanation_after=bank.show_explanation_after,
        questions=tuple(unshuffled(question) for question in bank.questions),
    )


def shuffled_items(items: Sequence[str], rng: random.Random) -> list[str]:
    """The items shuffled, never in the correct order (there are always at least two)."""
    shown = list(items)
    for _ in range(20):
        rng.shuffle(shown)
        if shown != list(items):
            return shown
    return [*items[1:], items[0]]


def public_view(
    question: AnyQuestion | Unshuffled, number: int, rng: random.Random
) -> PublicQuestion:
    """The key-free view of ``question``, shown as question ``number``, shuffled by ``rng``."""
    base = question if isinstance(question, Unshuffled) else unshuffled(question)
    view = replace(  # fresh lists: a cached Unshuffled is shared by every quiz of the kernel
        base.view,
        number=number,
        choices=list(base.view.choices),
        items=list(base.view.items),
        lefts=list(base.view.lefts),
        options=list(base.view.options),
    )
    if base.shuffle_choices:
        rng.shuffle(view.choices)
    elif view.type == "order":
        return replace(view, items=shuffled_items(view.items, rng))
    elif view.type == "match":
        rng.shuffle(view.options)
    return view
