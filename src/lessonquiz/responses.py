"""The shape of a response, checked once before anything grades or stores it.

Whatever a student types, a cell assigns to ``view.response`` or a front-end sends over a comm
reaches ``grading.grade`` through ``read_response``. It returns the response in one canonical
form (plain ``str``/``bool``/``float``/``frozenset``/``tuple``/``dict`` of bank texts), or a
``Refused`` saying what was expected. Nothing it is given can make it raise, take long or keep
much: free text is bounded by ``MAX_ANSWER_CHARS``, numbers by ``MAX_NUMBER_DIGITS``, and
every other answer must consist of the question's own texts.

The shape per question type (what ``view.response`` holds and ``grade`` accepts):

========== =================================================================================
single     ``str``: the text of the chosen choice.
multiple   ``set``/``frozenset``/``list``/``tuple`` of the ticked choices' texts, each once,
           at least one.
true_false ``bool``.
numeric    a real number (``int``, ``float``, ``Fraction``, numpy scalar), finite, or a
           ``str`` such as ``"5.5"`` (no commas: ``1,250`` may be a decimal comma).
text       ``str``, not blank, at most ``MAX_ANSWER_CHARS`` characters, no control
           characters or lone surrogates (they cannot be saved as UTF-8).
order      ``list``/``tuple`` of every item's text, each once, in the student's order.
match      a mapping from every left item's text to one of the right sides' texts.
written    ``str``, not blank, at most ``MAX_WRITTEN_CHARS`` characters, no control
           characters but tab and line breaks (saved, never graded).
========== =================================================================================

``None`` is "no answer yet" for every type. A refused response is not an attempt: the widget
shows "Expected ..." and nothing is stored.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
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
from lessonquiz.limits import MAX_ANSWER_CHARS, MAX_NUMBER_DIGITS, MAX_WRITTEN_CHARS

_MAX_INT_BITS = int(MAX_NUMBER_DIGITS * math.log2(10)) + 1


@dataclass(frozen=True)
class Refused:
    """A response of the wrong shape; ``expected`` completes "Expected ..." for the student."""

    expected: str


def read_response(question: AnyQuestion, response: Any) -> Any:
    """The canonical form of ``response`` to ``question``, or ``Refused``; never raises.

    Foreign objects (a mapping whose ``items()`` raises, a generator) are read inside one
    guard: whatever they raise means the response cannot be read, which is a refusal too.
    """
    reader = _READERS.get(type(question))
    if reader is None:
        return Refused(f"an answer to a {type(question).__name__}, which cannot be read here")
    try:
        return reader(question, response)
    except Exception:  # a foreign object's own methods may raise anything
        return Refused("an answer this question can read")


def choice_index(index: Any, count: int) -> int | None:
    """A front-end's choice index if it is one of ``count`` choices, else None (no answer).

    For widgets that receive an index over a comm: ``-1`` or ``99`` must never pick a choice.
    """
    if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < count:
        return index
    return None


def _single(question: SingleQuestion, response: Any) -> Any:
    if isinstance(response, str) and question.choice(response) is not None:
        return response
    return Refused("one of the question's choices")


def _multiple(question: MultipleQuestion, response: Any) -> Any:
    if isinstance(response, str) or not isinstance(response, set | frozenset | list | tuple):
        return Refused("a set of the ticked choices' texts")
    if len(response) > len(question.choices):
        return Refused("each of the question's choices at most once")
    if not all(isinstance(t, str) and question.choice(t) is not None for t in response):
        return Refused("only texts of the question's choices")
    if not response:  # nothing ticked is no answer yet, not a wrong attempt
        return Refused("at least one ticked choice")
    return frozenset(response)


def _true_false(question: TrueFalseQuestion, response: Any) -> Any:
    return response if isinstance(response, bool) else Refused("True or False")


def _numeric(question: NumericQuestion, response: Any) -> Any:
    unit = f" (in {question.unit})" if question.unit else ""
    if isinstance(response, str):
        text = response.strip()
        if "," in text:
            # "5,5" may mean 5.5 and "1,250" may mean 1.25 (a decimal comma): guessing would
            # grade a right answer wrong, so the student is asked again.
            return Refused("a number without commas, with a point for decimals (5.5, 1250)")
        if len(text) > MAX_ANSWER_CHARS or sum(ch.isdigit() for ch in text) > MAX_NUMBER_DIGITS:
            return Refused(f"a number of at most {MAX_NUMBER_DIGITS} digits{unit}")
        try:
            value = float(text)
        except ValueError:
            return Refused(f"a number{unit}")
    elif isinstance(response, bool) or not isinstance(response, Real):
        return Refused(f"a number{unit}")
    elif isinstance(response, int) and abs(response).bit_length() > _MAX_INT_BITS:
        return Refused(f"a number of at most {MAX_NUMBER_DIGITS} digits{unit}")
    else:
        try:
            value = float(response)
        except (ArithmeticError, ValueError, TypeError):  # Fraction(10**400): OverflowError
            return Refused(f"a number of at most {MAX_NUMBER_DIGITS} digits{unit}")
    return value if math.isfinite(value) else Refused(f"a number{unit}")


def _text(question: TextQuestion, response: Any) -> Any:
    if not isinstance(response, str) or not response.strip():
        return Refused("a short text answer")
    if len(response) > MAX_ANSWER_CHARS:
        return Refused(f"a short text answer (at most {MAX_ANSWER_CHARS:,} characters)")
    if any(unicodedata.category(ch) in ("Cs", "Cc") and ch not in "\t\n\r" for ch in response):
        return Refused("a short text answer without control characters")
    return response


def _written(question: WrittenQuestion, response: Any) -> Any:
    if not isinstance(response, str) or not response.strip():
        return Refused("a written answer")
    if len(response) > MAX_WRITTEN_CHARS:
        return Refused(f"a written answer of at most {MAX_WRITTEN_CHARS:,} characters")
    if any(unicodedata.category(ch) in ("Cs", "Cc") and ch not in "\t\n\r" for ch in response):
        return Refused("a written answer without control characters")
    return response


def _order(question: OrderQuestion, response: Any) -> Any:
    expected = Refused(f"a list of all {len(question.items)} items, each once")
    if not isinstance(response, list | tuple) or len(response) != len(question.items):
        return expected
    if not all(isinstance(item, str) for item in response):
        return expected
    if sorted(response) != sorted(question.items):
        return expected
    return tuple(response)


def _match(question: MatchQuestion, response: Any) -> Any:
    if not isinstance(response, Mapping):
        return Refused("a mapping from each left item to a right side")
    if len(response) > len(question.pairs):
        return Refused("only the question's left items")
    given = dict(response.items())
    lefts = {pair.left for pair in question.pairs}
    if any(not isinstance(key, str) or key not in lefts for key in given):
        return Refused("only the question's left items")
    missing = [left for left in lefts if given.get(left) in (None, "")]
    if missing:
        return Refused(f"a choice for every item ({len(missing)} left open)")
    options = set(question.right_options)
    if not all(isinstance(value, str) and value in options for value in given.values()):
        return Refused("one of the offered right sides for each item")
    return given


_READERS: dict[type, Any] = {
    SingleQuestion: _single,
    MultipleQuestion: _multiple,
    TrueFalseQuestion: _true_false,
    NumericQuestion: _numeric,
    TextQuestion: _text,
    OrderQuestion: _order,
    MatchQuestion: _match,
    WrittenQuestion: _written,
}
