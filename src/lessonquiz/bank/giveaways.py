"""Hints and wrong-answer feedback that tell the key instead of helping find it.

A hint that states the answer costs the student nothing and teaches nothing; feedback shown
after a wrong try that states the key turns the second try into copying. ``giveaways`` finds
the texts a student sees *before* getting the question right that contain the key:

- every hint;
- the feedback of each wrong choice (``single``, ``multiple``);
- the question's ``feedback`` (``numeric``, ``text``, ``order``: grading shows it after a
  wrong answer only);
- a ``match`` pair's feedback (shown when that pair is matched wrong).

What "contains the key" means, per type:

- a choice's or an accepted answer's text: its words, normalized as ``text`` answers are
  compared (case, punctuation and spacing ignored), appear as a run of whole words;
- ``numeric``: a number in the text that would be graded right (within the tolerance;
  ``1,250`` read as 1250, ``¶10`` is a paragraph, not a number);
- ``order``: every item appears, in the right order;
- ``match``: a hint names a left item and its right side; a pair's feedback names its own
  right side.

``true_false`` is left out: after one wrong try the key is known anyway, and "true"/"false"
in a hint is as often the question's wording as the answer. The ``explanation`` is meant to
tell (it is shown after ``show_explanation_after`` wrong tries) and is not checked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from lessonquiz.bank.model import (
    AnyQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    SingleQuestion,
    TextQuestion,
)
from lessonquiz.grading import normalize_text

Finding = tuple[tuple[object, ...], str]
"""(location inside the question, message) for one give-away."""

_NUMBER = re.compile(r"(?<![¶\w.,+])[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d.,]\d)")
"""A written number: not inside a word (C5+1) or after ¶; units may follow (5.5bn, 21%)."""


def contains_text(text: str, key: str) -> bool:
    """Whether ``key``'s words appear in ``text`` as a run of whole words (normalized)."""
    wanted = normalize_text(key)
    return bool(wanted) and f" {wanted} " in f" {normalize_text(text)} "


def numbers(text: str) -> list[float]:
    """The numbers written in ``text`` (thousands commas allowed, ``¶`` numbers skipped)."""
    found = []
    for match in _NUMBER.finditer(text):
        written = match.group().replace(",", "").replace("−", "-")
        found.append(float(written))
    return found


def contains_number(text: str, answer: float, tolerance: float) -> float | None:
    """The first number in ``text`` that would be graded right, if any."""
    for value in numbers(text):
        if abs(value - answer) <= tolerance + 1e-9 or math.isclose(value, answer):
            return value
    return None


def contains_order(text: str, items: list[str]) -> bool:
    """Whether every item appears in ``text``, each after the one before it."""
    haystack = f" {normalize_text(text)} "
    start = 0
    for item in items:
        at = haystack.find(f" {normalize_text(item)} ", start)
        if at < 0:
            return False
        start = at + 1
    return True


def _told(question: AnyQuestion, text: str) -> str | None:
    """What of the key ``text`` tells, in words, or None."""
    if isinstance(question, SingleQuestion | MultipleQuestion):
        told = [key for key in question.correct_texts if contains_text(text, key)]
        return f"the correct choice '{told[0]}'" if told else None
    if isinstance(question, TextQuestion):
        told = [key for key in question.accept if contains_text(text, key)]
        return f"the accepted answer '{told[0]}'" if told else None
    if isinstance(question, NumericQuestion):
        value = contains_number(text, question.answer, question.tolerance)
        return f"the answer {value:g}" if value is not None else None
    if isinstance(question, OrderQuestion):
        return "every item in the right order" if contains_order(text, question.items) else None
    if isinstance(question, MatchQuestion):
        named = (p for p in question.pairs if contains_text(text, p.left))
        pair = next((p for p in named if contains_text(text, p.right)), None)
        return f"the match '{pair.left}' → '{pair.right}'" if pair else None
    return None


def giveaways(question: AnyQuestion) -> Iterator[Finding]:
    """Every hint and wrong-answer feedback of ``question`` that contains its key."""
    for i, hint in enumerate(question.hint):
        told = _told(question, hint)
        if told:
            yield (
                ("hint", i),
                f"hint {i + 1} gives the answer away: it contains {told}; point to where "
                "or how to find it instead",
            )
    if isinstance(question, SingleQuestion | MultipleQuestion):
        for i, choice in enumerate(question.choices):
            if choice.correct or not choice.feedback:
                continue
            told = _told(question, choice.feedback)
            if told:
                yield (
                    ("choices", i, "feedback"),
                    f"feedback on wrong choice '{choice.text}' gives the key away: it contains "
                    f"{told}; say what the choice misses, not which one is right",
                )
    elif isinstance(question, MatchQuestion):
        for i, pair in enumerate(question.pairs):
            if pair.feedback and contains_text(pair.feedback, pair.right):
                yield (
                    ("pairs", i, "feedback"),
                    f"feedback for a wrong match of '{pair.left}' gives the key away: it names "
                    f"its right side '{pair.right}'; say what to look for instead",
                )
    elif isinstance(question, NumericQuestion | TextQuestion | OrderQuestion):
        told = _told(question, question.feedback) if question.feedback else None
        if told:
            yield (
                ("feedback",),
                f"feedback (shown after a wrong answer) gives the key away: it contains {told}; "
                "the next try then needs no understanding; move it to the explanation",
            )
