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
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from lessonquiz import render
from lessonquiz.bank.model import (
    AnyQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    SingleQuestion,
    WrittenQuestion,
)


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


def shown_choices(question: SingleQuestion | MultipleQuestion, rng: random.Random) -> list[str]:
    """The choice texts in display order: shuffled with the question's seed when it asks."""
    texts = [choice.text for choice in question.choices]
    if question.shuffle:
        rng.shuffle(texts)
    return texts


def shuffled_items(items: Sequence[str], rng: random.Random) -> list[str]:
    """The items shuffled, never in the correct order (there are always at least two)."""
    shown = list(items)
    for _ in range(20):
        rng.shuffle(shown)
        if shown != list(items):
            return shown
    return [*items[1:], items[0]]


def public_view(question: AnyQuestion, number: int, rng: random.Random) -> PublicQuestion:
    """The key-free view of ``question``, shown as question ``number``, shuffled by ``rng``."""
    common: dict[str, Any] = {
        "id": question.id,
        "number": number,
        "type": question.type,
        "prompt_html": render.markdown(question.prompt),
        "hints": len(question.hint),
    }
    if isinstance(question, SingleQuestion | MultipleQuestion):
        return PublicQuestion(**common, choices=shown_choices(question, rng))
    if question.type == "true_false":
        return PublicQuestion(**common, choices=["True", "False"])
    if isinstance(question, NumericQuestion):
        return PublicQuestion(**common, unit=question.unit or "")
    if isinstance(question, OrderQuestion):
        return PublicQuestion(**common, items=shuffled_items(question.items, rng))
    if isinstance(question, MatchQuestion):
        options = list(question.right_options)
        rng.shuffle(options)
        return PublicQuestion(
            **common, lefts=[pair.left for pair in question.pairs], options=options
        )
    if isinstance(question, WrittenQuestion):  # issue 15
        return PublicQuestion(**common, min_words=question.min_words)
    return PublicQuestion(**common)  # text: the prompt is all
