"""Grading: ``grade(question, response) -> Result``, the only grading path in lessonquiz.

Widgets, the CLI and the report all call ``grade``, so a student, an exported quiz and the
item statistics agree on every score. Grading is pure (no I/O, no widgets) and never raises
at a student: a response of the wrong shape scores 0 with a message saying what was expected.

Partial credit (documented for instructors in quizzes/README.md):

- ``multiple``: right ticks minus wrong ticks, each as a share, never below 0:
  ``max(0, right_ticked / n_right - wrong_ticked / n_wrong)``. Ticking everything scores 0.
- ``order``: the share of neighbouring pairs in the answer that are in the right order
  relative to each other; fully reversed scores 0.
- ``match``: the share of left items matched to their right side.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from numbers import Real
from typing import Any

from lessonquiz.bank.model import (
    AnyQuestion,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    SingleQuestion,
    TextQuestion,
    TrueFalseQuestion,
    WrittenQuestion,
)

CORRECT = "✓ Correct."
NOT_YET = "✗ Not yet."


@dataclass(frozen=True)
class Result:
    """The outcome of one attempt.

    ``score`` is between 0 and 1; ``correct`` means full marks; ``feedback`` is Markdown for
    the student (the chosen option's feedback, or what was expected when the response could
    not be read); ``malformed`` marks a response of the wrong shape, which is not an attempt
    at the question and so should not count against the student.

    ``graded`` is False for a ``written`` answer: saved, never right or wrong (``score`` 0
    and ``correct`` False only because a score must be a number); scores and reports leave
    it out. Its ``rubric`` and ``model_answer`` are what the student sees next, in that
    order (empty for every other type).
    """

    score: float
    correct: bool
    feedback: str = ""
    malformed: bool = False
    graded: bool = True
    rubric: tuple[str, ...] = ()
    model_answer: str = ""


def grade(question: AnyQuestion, response: Any) -> Result:
    """Grade ``response`` to ``question``; see each ``grade_*`` for the response it expects."""
    grader = _GRADERS.get(type(question))
    if grader is None:
        raise TypeError(f"no grader for {type(question).__name__}")
    return grader(question, response)


def _result(score: float, parts: list[str]) -> Result:
    score = min(1.0, max(0.0, score))
    correct = math.isclose(score, 1.0)
    head = (
        CORRECT
        if correct
        else (NOT_YET if score == 0 else f"{NOT_YET} Partly right ({score:.0%}).")
    )
    return Result(score=score, correct=correct, feedback="\n\n".join([head, *filter(None, parts)]))


def _malformed(expected: str) -> Result:
    return Result(
        score=0.0, correct=False, feedback=f"{NOT_YET} Expected {expected}.", malformed=True
    )


def _wrong_feedback(question: Any, result: Result) -> Result:
    if result.correct or not question.feedback:
        return result
    return Result(result.score, result.correct, f"{result.feedback}\n\n{question.feedback}")


def grade_single(question: SingleQuestion, response: Any) -> Result:
    """Response: the text of the chosen choice."""
    choice = question.choice(response) if isinstance(response, str) else None
    if choice is None:
        return _malformed("one of the question's choices")
    return _result(1.0 if choice.correct else 0.0, [choice.feedback or ""])


def grade_multiple(question: MultipleQuestion, response: Any) -> Result:
    """Response: a set (or list) of the ticked choices' texts."""
    if isinstance(response, str) or not isinstance(response, set | frozenset | list | tuple):
        return _malformed("a set of the ticked choices' texts")
    picked = [question.choice(text) if isinstance(text, str) else None for text in response]
    if any(choice is None for choice in picked):
        return _malformed("only texts of the question's choices")
    chosen = {choice.text: choice for choice in picked if choice is not None}
    if not chosen:  # nothing ticked is no answer yet, not a wrong attempt
        return _malformed("at least one ticked choice")
    n_right = sum(c.correct for c in question.choices)
    n_wrong = len(question.choices) - n_right
    right = sum(c.correct for c in chosen.values())
    wrong = len(chosen) - right
    score = right / n_right - wrong / n_wrong
    notes = [c.feedback or "" for c in question.choices if c.text in chosen and not c.correct]
    notes += [c.feedback or "" for c in question.choices if c.text in chosen and c.correct]
    missed = n_right - right
    if missed and score > 0:
        notes.append(f"{missed} correct choice{'s' if missed > 1 else ''} not ticked yet.")
    return _result(score, notes)


def grade_true_false(question: TrueFalseQuestion, response: Any) -> Result:
    """Response: True or False."""
    if not isinstance(response, bool):
        return _malformed("True or False")
    return _wrong_feedback(question, _result(1.0 if response is question.answer else 0.0, []))


def grade_numeric(question: NumericQuestion, response: Any) -> Result:
    """Response: a number (a numeric string such as ``"5.5"`` is read too; one with a comma is
    refused with a message, since the comma may be a decimal comma)."""
    if isinstance(response, str) and "," in response:
        # "5,5" may mean 5.5 and "1,250" may mean 1.25 (a decimal comma): guessing would grade
        # a right answer wrong, so the student is asked again.
        return _malformed("a number without commas, with a point for decimals (5.5, 1250)")
    value = _number(response)
    if value is None:
        unit = f" (in {question.unit})" if question.unit else ""
        return _malformed(f"a number{unit}")
    right = abs(value - question.answer) <= question.tolerance + 1e-9
    return _wrong_feedback(question, _result(1.0 if right else 0.0, []))


def _number(response: Any) -> float | None:
    if isinstance(response, bool):
        return None
    if isinstance(response, str):
        try:  # float() refuses commas too
            response = float(response.strip())
        except ValueError:
            return None
    if isinstance(response, Real) and math.isfinite(float(response)):
        return float(response)
    return None


def normalize_text(text: str) -> str:
    """Fold case, drop punctuation and collapse spaces: how ``text`` answers are compared."""
    kept = "".join(ch for ch in text.casefold() if not unicodedata.category(ch).startswith("P"))
    return " ".join(kept.split())


def grade_text(question: TextQuestion, response: Any) -> Result:
    """Response: a string, compared with each accepted answer after ``normalize_text``."""
    if not isinstance(response, str) or not response.strip():
        return _malformed("a short text answer")
    answer = normalize_text(response)
    right = any(answer == normalize_text(accepted) for accepted in question.accept)
    return _wrong_feedback(question, _result(1.0 if right else 0.0, []))


def grade_order(question: OrderQuestion, response: Any) -> Result:
    """Response: a list of all the items, each once, in the student's order."""
    if not isinstance(response, list | tuple) or sorted(map(str, response)) != sorted(
        question.items
    ):
        return _malformed(f"a list of all {len(question.items)} items, each once")
    rank = {item: i for i, item in enumerate(question.items)}
    pairs = list(itertools.pairwise(response))
    in_order = sum(rank[a] < rank[b] for a, b in pairs)
    return _wrong_feedback(question, _result(in_order / len(pairs), []))


def grade_match(question: MatchQuestion, response: Any) -> Result:
    """Response: a mapping from every left item to one of the right sides."""
    if not isinstance(response, Mapping):
        return _malformed("a mapping from each left item to a right side")
    lefts = {pair.left for pair in question.pairs}
    missing = [pair.left for pair in question.pairs if response.get(pair.left) in (None, "")]
    unknown = [key for key in response if key not in lefts]
    if missing or unknown:
        what = (
            f"a choice for every item ({len(missing)} left open)"
            if missing
            else ("only the question's left items")
        )
        return _malformed(what)
    options = set(question.right_options)
    if any(value not in options for value in response.values()):
        return _malformed("one of the offered right sides for each item")
    wrong = [pair for pair in question.pairs if response[pair.left] != pair.right]
    score = 1 - len(wrong) / len(question.pairs)
    return _result(score, [f"**{pair.left}**: {pair.feedback}" for pair in wrong if pair.feedback])


def grade_written(question: WrittenQuestion, response: Any) -> Result:
    """Response: the student's text. Never graded: the result carries the rubric and the
    model answer to show. An empty text, or one under ``min_words``, is not saved yet."""
    if not isinstance(response, str) or not response.strip():
        return _malformed("a written answer")
    words = len(response.split())
    if question.min_words and words < question.min_words:
        return _malformed(f"an answer of at least {question.min_words} words (this has {words})")
    return Result(
        score=0.0,
        correct=False,
        feedback=SAVED,
        graded=False,
        rubric=tuple(question.rubric),
        model_answer=question.model_answer,
    )


SAVED = "✓ Saved. Check your answer against the rubric, then compare it with the model answer."


_GRADERS: dict[type, Callable[[Any, Any], Result]] = {
    SingleQuestion: grade_single,
    MultipleQuestion: grade_multiple,
    TrueFalseQuestion: grade_true_false,
    NumericQuestion: grade_numeric,
    TextQuestion: grade_text,
    OrderQuestion: grade_order,
    MatchQuestion: grade_match,
    WrittenQuestion: grade_written,
}
