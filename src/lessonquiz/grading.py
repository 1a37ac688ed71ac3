"""Grading: ``grade(question, response) -> Result``, the only grading path in lessonquiz.

Widgets, the CLI and the report all call ``grade``, so a student, an exported quiz and the
item statistics agree on every score. Grading is pure (no I/O, no widgets) and never raises
at a student: every response first goes through ``responses.read_response`` (the one check
of its shape, documented there per type), and one of the wrong shape, too long, or with a
number too large, is a ``Result`` marked ``malformed`` with a message saying what was expected.
The graders below only ever see the canonical form that check returns.

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
from collections.abc import Callable
from dataclasses import dataclass
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
from lessonquiz.responses import Refused, read_response

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
    """Grade ``response`` to ``question``; never raises for any response.

    The response shape per type is documented in ``lessonquiz.responses``. Only a
    ``question`` that is not a question model (a programming error) raises ``TypeError``.
    """
    grader = _GRADERS.get(type(question))
    if grader is None:
        raise TypeError(f"no grader for {type(question).__name__}")
    canonical = read_response(question, response)
    if isinstance(canonical, Refused):
        return _malformed(canonical.expected)
    return grader(question, canonical)


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


def grade_single(question: SingleQuestion, response: str) -> Result:
    """Response: the text of the chosen choice."""
    choice = question.choice(response)
    if choice is None:  # read_response checked it; kept so no edit can make this raise
        return _malformed("one of the question's choices")
    return _result(1.0 if choice.correct else 0.0, [choice.feedback or ""])


def grade_multiple(question: MultipleQuestion, response: frozenset[str]) -> Result:
    """Response: the set of the ticked choices' texts."""
    chosen = {c.text: c for c in question.choices if c.text in response}
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


def grade_true_false(question: TrueFalseQuestion, response: bool) -> Result:
    """Response: True or False."""
    return _wrong_feedback(question, _result(1.0 if response is question.answer else 0.0, []))


def grade_numeric(question: NumericQuestion, response: float) -> Result:
    """Response: a finite number (read from a numeric string such as ``"5.5"`` if need be)."""
    right = abs(response - question.answer) <= question.tolerance + 1e-9
    return _wrong_feedback(question, _result(1.0 if right else 0.0, []))


def normalize_text(text: str) -> str:
    """Fold case, drop punctuation and collapse spaces: how ``text`` answers are compared."""
    kept = "".join(ch for ch in text.casefold() if not unicodedata.category(ch).startswith("P"))
    return " ".join(kept.split())


def grade_text(question: TextQuestion, response: str) -> Result:
    """Response: a string, compared with each accepted answer after ``normalize_text``."""
    answer = normalize_text(response)
    right = any(answer == normalize_text(accepted) for accepted in question.accept)
    return _wrong_feedback(question, _result(1.0 if right else 0.0, []))


def grade_order(question: OrderQuestion, response: tuple[str, ...]) -> Result:
    """Response: all the items, each once, in the student's order."""
    rank = {item: i for i, item in enumerate(question.items)}
    pairs = list(itertools.pairwise(response))
    in_order = sum(rank[a] < rank[b] for a, b in pairs)
    return _wrong_feedback(question, _result(in_order / len(pairs), []))


def grade_match(question: MatchQuestion, response: dict[str, str]) -> Result:
    """Response: every left item mapped to one of the right sides."""
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
