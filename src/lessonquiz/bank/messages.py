"""The model's validation errors in an instructor's words, each at the place it belongs.

pydantic says ``extra_forbidden`` at ``questions.3.explanation``; an instructor needs "this key
belongs one level down: check the indentation". A key is only ever suggested ("did you mean")
from the keys valid at that very place, and a key that is valid one level up or down is named
as an indentation slip, not as a typo of some look-alike key.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from lessonquiz.bank.model import (
    QUESTION_MODELS,
    BankHeader,
    Choice,
    Objective,
    Pair,
    Source,
)
from lessonquiz.limits import MAX_PROBLEMS_PER_FILE, listing

Report = Callable[..., None]
"""``report(loc, message, key=False)``: record a problem at a document path."""

_TYPE_KEYS = {qtype: frozenset(model.model_fields) for qtype, model in QUESTION_MODELS.items()}
"""Each question type's keys, read once (pydantic's ``model_fields`` is slow to ask)."""
_QUESTION_KEYS = set().union(*_TYPE_KEYS.values())
_KEYS: dict[str, set[str]] = {
    "bank": set(BankHeader.model_fields) | {"questions"},
    "objective": set(Objective.model_fields),
    "question": _QUESTION_KEYS,
    "choice": set(Choice.model_fields),
    "pair": set(Pair.model_fields),
    "source": set(Source.model_fields),
}
_UP = {"objective": "bank", "question": "bank", "choice": "question", "pair": "question",
       "source": "question"}  # fmt: skip
_DOWN = {"bank": ("question", "objective"), "question": ("choice", "pair", "source")}
_NAMES = {
    "bank": "the bank's top level",
    "objective": "an objective",
    "question": "a question",
    "choice": "a choice",
    "pair": "a pair",
    "source": "a source",
}
_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "finite_number": "a finite number (a number this large or .inf/.nan makes every answer "
    "right or none)",
    "bool_type": "true or false",
    "list_type": "a list",
    "model_type": "a mapping (indented key: value lines)",
    "dict_type": "a mapping (indented key: value lines)",
    "model_attributes_type": "a mapping (indented key: value lines)",
    "string_pattern_mismatch": "an id of lowercase letters, digits and single hyphens",
    "string_too_short": "some text (it is empty)",
}


class Budget:
    """How many more messages of one file may search for a suggestion ("did you mean").

    Only the first ``MAX_PROBLEMS_PER_FILE`` problems of a file are listed; searching look-alike
    keys for the 39,800 that are only counted was most of the time 40,000 unknown keys took.
    """

    def __init__(self, left: int = MAX_PROBLEMS_PER_FILE) -> None:
        self.left = left

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0


def report_errors(
    exc: ValidationError,
    prefix: tuple[Any, ...],
    report: Report,
    qtype: Any,
    budget: Budget | None = None,
) -> None:
    """Turn each pydantic error into a located message through ``report``."""
    budget = budget or Budget()
    qtype = qtype if isinstance(qtype, str) and qtype in QUESTION_MODELS else None
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if prefix and loc and loc[0] in QUESTION_MODELS:
            loc = loc[1:]  # drop the union tag pydantic inserts
        ctx = error.get("ctx") or {}
        loc = loc + tuple(ctx.get("at", ()))
        full = prefix + loc
        kind = error["type"]
        where = dotted(loc)
        if kind == "missing":
            report(full[:-1], f"missing key '{loc[-1]}'" + _missing_hint(loc, qtype))
        elif kind == "extra_forbidden":
            report(full, unknown_key(full, qtype, suggest=budget.take()), key=True)
        elif kind == "union_tag_invalid":
            report((*full, "type"), _unknown_type(str(ctx.get("tag"))))
        elif kind == "union_tag_not_found":
            report(full, f"missing key 'type' (one of: {', '.join(QUESTION_MODELS)})")
        elif kind == "literal_error":
            found = describe(error["input"])
            report(full, f"{where}: expected one of {ctx.get('expected')}, found {found}")
        elif kind in _EXPECTED:
            report(full, f"{where}: expected {_EXPECTED[kind]}, found {describe(error['input'])}")
        elif kind == "too_short" and isinstance(error["input"], list):
            needed, found = ctx.get("min_length"), len(error["input"])
            report(full, f"{where}: needs at least {needed} item(s), found {found}")
        else:
            message = error["msg"].removeprefix("Value error, ")
            report(full, f"{where}: {message}" if where and kind != "lessonquiz" else message)


def dotted(loc: tuple[Any, ...]) -> str:
    """``choices[2].text`` from a pydantic location (1-based list positions)."""
    text = ""
    for step in loc:
        text += f"[{step + 1}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def place(parent: tuple[Any, ...]) -> str | None:
    """Which kind of mapping sits at document path ``parent`` (None: not a known mapping)."""
    if parent == ():
        return "bank"
    if len(parent) == 2 and isinstance(parent[1], int):
        return {"objectives": "objective", "questions": "question"}.get(str(parent[0]))
    if len(parent) == 3 and parent[0] == "questions" and parent[2] == "source":
        return "source"
    if len(parent) == 4 and parent[0] == "questions" and isinstance(parent[3], int):
        return {"choices": "choice", "pairs": "pair"}.get(str(parent[2]))
    return None


def unknown_key(full: tuple[Any, ...], qtype: str | None, *, suggest: bool = True) -> str:
    """The message for an unknown key at document path ``full`` (the key is its last step)."""
    key = str(full[-1])
    where = dotted(full[2:-1]) if full[:1] == ("questions",) else dotted(full[:-1])
    at = place(full[:-1])
    message = f"unknown key '{key}'" + (f" in {where}" if where else "")
    if at is None:
        return message
    up = _UP.get(at)
    if up is not None and key in _KEYS[up]:
        return (
            f"{message}: '{key}' is a key of {_NAMES[up]}, one level up; check the "
            "indentation (indent it like the keys around the block it belongs to)"
        )
    for down in _children(at, qtype):
        if key in _KEYS[down]:
            return (
                f"{message}: '{key}' is a key of {_NAMES[down]}, one level down; check the "
                "indentation (it needs more spaces, under the block it belongs to)"
            )
    if at == "question" and qtype is not None:
        owners = [name for name, keys in _TYPE_KEYS.items() if key in keys]
        if owners:
            return (
                f"key '{key}' does not belong to a {qtype} question; it is a key of "
                f"{' and '.join(owners)} questions"
            )
    allowed = sorted(_TYPE_KEYS[qtype] if at == "question" and qtype else _KEYS[at])
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6) if suggest else []
    if close:
        return f"{message}; did you mean '{close[0]}'?"
    return f"{message} (allowed here: {listing(allowed, 25)})"


def _children(at: str, qtype: str | None) -> tuple[str, ...]:
    """The places one level below ``at`` (a question's depend on its type, when known)."""
    if at != "question" or qtype is None:
        return _DOWN.get(at, ())
    fields = _TYPE_KEYS[qtype]
    nested = [place for place, name in (("choice", "choices"), ("pair", "pairs")) if name in fields]
    return (*nested, "source")


def _missing_hint(loc: tuple[Any, ...], qtype: str | None) -> str:
    return f" (required in a {qtype} question)" if qtype is not None and len(loc) == 1 else ""


def _unknown_type(tag: str) -> str:
    message = f"unknown question type '{tag}'"
    close = difflib.get_close_matches(tag, list(QUESTION_MODELS), n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean '{close[0]}'?"
    return f"{message} (types: {', '.join(QUESTION_MODELS)})"


def describe(value: Any) -> str:
    """A short, bounded description of a value read from a bank."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
