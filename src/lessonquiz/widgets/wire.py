"""Answers in three forms: as the grader wants them, as Python code sets them, as the page sends.

Why a module of its own: the page sends what a student did in the smallest, key-free form
(the index of a choice, the raw text typed in a box, positions in the shown order), and
anything can arrive there (a stale page, another front-end, a crafted message). Decoding it
is one place that refuses garbage with a reason in words instead of an exception, so Check
says "not graded, here's why" (review D11) and never crashes. Numbers travel as the raw text
the student typed: the grader, not the page, decides what "5,5" means (it asks again).

Forms per type (``wire`` = JSON between page and kernel):

=========== ============================ ==================================
type        Python / grader              wire
=========== ============================ ==================================
single      choice text or None          index in the shown choices or null
multiple    set of choice texts          list of indices
true_false  True, False or None          0 (True), 1 (False) or null
numeric     the typed text               the typed text
text        the typed text               the typed text
order       list of the items            list of indices in the start order
match       {left: option or None}       list, per left: option index or null
written     the written text             the written text (never graded)
=========== ============================ ==================================
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from numbers import Real
from typing import Any

from lessonquiz.bank.public import PublicQuestion
from lessonquiz.limits import MAX_WRITTEN_CHARS

MAX_TEXT = 2_000
"""Longest typed answer the page may send (characters): a short answer, never a file."""


def empty(public: PublicQuestion) -> Any:
    """The answer of a question nobody has touched (an order's start order is shown, but is
    no answer until moved or confirmed: see ``QuestionView.touched``)."""
    kind = public.type
    if kind == "multiple":
        return set()
    if kind in ("numeric", "text", "written"):
        return ""
    if kind == "order":
        return list(public.items)
    if kind == "match":
        return dict.fromkeys(public.lefts)
    return None


def format_number(value: float) -> str:
    """A number as a student would type it: ``5.5``, ``26``, not ``26.0``."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def read_number(text: str) -> float | str | None:
    """What the grader is given for a typed number: a float when it is plainly one, None when
    the box is empty, else the text itself (so "5,5" reaches the grader as typed)."""
    stripped = text.strip()
    if not stripped:
        return None
    if "_" in stripped:  # float() would read "1_0" as 10
        return stripped
    try:
        number = float(stripped)
    except ValueError:
        return stripped
    return number if math.isfinite(number) else stripped


def from_python(public: PublicQuestion, value: Any) -> Any:
    """The internal answer for ``view.response = value``; ValueError if the page could not
    show it (not a choice of this question, an item missing, ...)."""
    kind = public.type
    if kind == "single":
        if value is not None and value not in public.choices:
            raise ValueError(f"not a choice of this question: {value!r}")
        return value
    if kind == "multiple":
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise ValueError("a multiple answer is a set of choice texts")
        chosen = set(value)
        unknown = chosen - set(public.choices)
        if unknown:
            raise ValueError(f"not a choice of this question: {sorted(map(str, unknown))}")
        return chosen
    if kind == "true_false":
        if value is not None and not isinstance(value, bool):
            raise ValueError("a true/false answer is True, False or None")
        return value
    if kind == "numeric":
        if value is None:
            return ""
        if isinstance(value, Real) and not isinstance(value, bool):
            try:
                return format_number(float(value))
            except (OverflowError, ValueError):
                raise ValueError("a numeric answer is a finite number") from None
        if isinstance(value, str):
            return value
        raise ValueError("a numeric answer is a number, a string or None")
    if kind in ("text", "written"):
        if value is not None and not isinstance(value, str):
            raise ValueError(f"a {kind} answer is a string")
        return value or ""
    if kind == "order":
        if not isinstance(value, list | tuple) or sorted(map(str, value)) != sorted(public.items):
            raise ValueError("an order answer lists every item once")
        return [str(item) for item in value]
    if not isinstance(value, Mapping):
        raise ValueError("a match answer maps left items to right sides")
    unknown = set(value) - set(public.lefts)
    if unknown:
        raise ValueError(f"not a left item of this question: {sorted(map(str, unknown))}")
    bad = [v for v in value.values() if v is not None and v not in public.options]
    if bad:
        raise ValueError(f"not an option of this question: {bad!r}")
    return {left: value.get(left) for left in public.lefts}


def to_wire(public: PublicQuestion, value: Any) -> Any:
    """The page's form of an internal answer."""
    kind = public.type
    if kind == "single":
        return None if value is None else public.choices.index(value)
    if kind == "multiple":
        return sorted(public.choices.index(text) for text in value)
    if kind == "true_false":
        return None if value is None else (0 if value else 1)
    if kind in ("numeric", "text", "written"):
        return value
    if kind == "order":
        return [public.items.index(item) for item in value]
    return [
        None if value[left] is None else public.options.index(value[left]) for left in public.lefts
    ]


def from_wire(public: PublicQuestion, wire: Any) -> tuple[Any, str | None]:
    """(internal answer, None), or (None, why it cannot be graded) for anything else."""
    kind = public.type
    if kind in ("single", "true_false"):
        size = len(public.choices)
        if wire is None:
            return None, None
        if not _index(wire, size):
            return None, f"the page sent choice {_shown(wire)}, which this question does not have"
        return (public.choices[wire] if kind == "single" else wire == 0), None
    if kind == "multiple":
        if not isinstance(wire, list) or not all(_index(i, len(public.choices)) for i in wire):
            return None, "the page sent ticks this question does not have"
        return {public.choices[i] for i in wire}, None
    if kind in ("numeric", "text", "written"):
        if not isinstance(wire, str):
            return None, "the page sent something that is not typed text"
        longest = MAX_WRITTEN_CHARS if kind == "written" else MAX_TEXT
        if len(wire) > longest:
            return None, f"the answer is longer than {longest:,} characters"
        try:
            wire.encode("utf-8")
        except UnicodeEncodeError:
            return None, "the answer holds a character that cannot be stored; retype it"
        return wire, None
    if kind == "order":
        if not isinstance(wire, list) or sorted(wire, key=_sort_key) != list(
            range(len(public.items))
        ):
            return None, "the page sent an order that does not list every item once"
        return [public.items[i] for i in wire], None
    if not isinstance(wire, list) or len(wire) != len(public.lefts):
        return None, "the page sent a different number of rows than this question has"
    if not all(i is None or _index(i, len(public.options)) for i in wire):
        return None, "the page sent an option this question does not have"
    return {
        left: None if i is None else public.options[i]
        for left, i in zip(public.lefts, wire, strict=True)
    }, None


def _index(value: Any, size: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size


def _sort_key(value: Any) -> tuple[int, str]:
    return (0, f"{value:020d}") if _index(value, 10**9) else (1, repr(value))


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 20 else text[:17] + "..."
