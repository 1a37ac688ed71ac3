"""Load quiz banks from YAML into the model, reporting every problem with file, line and column.

The header and each question are validated separately, so one broken question never hides
the problems of the others, and nothing is dropped silently: a bank either loads whole or
raises ``BankError`` listing all that is wrong.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from lessonquiz.bank.errors import BankError, Problem
from lessonquiz.bank.model import (
    QUESTION_MODELS,
    AnyQuestion,
    Bank,
    BankHeader,
    Choice,
    Objective,
    Pair,
    Question,
    References,
    Source,
    duplicate_ids,
    undefined_objectives,
)
from lessonquiz.bank.yamlsafe import YamlDocument, YamlProblem, read_yaml

BANK_SUFFIXES = (".yaml", ".yml")
_QUESTION = TypeAdapter(Question)
_HEADER_KEYS = set(BankHeader.model_fields) | {"questions"}
_NESTED_KEYS = {
    "choices": set(Choice.model_fields),
    "pairs": set(Pair.model_fields),
    "source": set(Source.model_fields),
    "objectives": set(Objective.model_fields),
}
_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "model_type": "a mapping (indented key: value lines)",
    "dict_type": "a mapping (indented key: value lines)",
    "model_attributes_type": "a mapping (indented key: value lines)",
    "string_pattern_mismatch": "an id of lowercase letters, digits and single hyphens",
    "string_too_short": "some text (it is empty)",
}


@dataclass
class CheckedBank:
    """What checking one file found: the bank (when it loads) and every problem."""

    path: Path
    bank: Bank | None
    problems: list[Problem] = field(default_factory=list)
    document: YamlDocument | None = None


def load_bank(path: str | Path, *, references: References | None = None) -> Bank:
    """Load one bank; raise ``BankError`` (every problem, located) if it has any error.

    ``references`` (the article's ¶ numbers, the data source ids) is found from the nearest
    ``data/`` folder above the bank when not given.
    """
    checked = check_bank(path, references=references)
    if checked.bank is None:
        raise BankError(checked.problems)
    return checked.bank


def load_banks(
    paths: str | Path | Iterable[str | Path], *, references: References | None = None
) -> list[Bank]:
    """Load several banks (a folder, a file, or a list of them), refusing a bank id used twice."""
    checked = check_banks(paths, references=references)
    problems = [p for c in checked for p in c.problems]
    if problems:
        raise BankError(problems)
    return [c.bank for c in checked if c.bank is not None]


def bank_files(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """The bank files named by ``paths``: files as given, folders searched for *.yaml/*.yml.

    One path (``"quizzes"``) is read as that path, not as a list of its letters (#12).
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in BANK_SUFFIXES))
        else:
            found.append(path)
    return found


def check_banks(
    paths: str | Path | Iterable[str | Path], *, references: References | None = None
) -> list[CheckedBank]:
    """Check every bank file under ``paths``; add a problem for each bank id used twice."""
    checked = [check_bank(path, references=references) for path in bank_files(paths)]
    first: dict[str, CheckedBank] = {}
    for item in checked:
        if item.bank is None:
            continue
        other = first.setdefault(item.bank.id, item)
        if other is not item:
            line, col = item.document.locate(("id",)) if item.document else (1, 1)
            item.problems.append(
                Problem(
                    str(item.path),
                    line,
                    col,
                    f"bank id '{item.bank.id}' is already used by {other.path}",
                )
            )
            item.bank = None
    return checked


def check_bank(path: str | Path, *, references: References | None = None) -> CheckedBank:
    """Check one bank file; never raises for anything wrong inside the file."""
    path = Path(path)
    shown = str(path)
    try:
        document = read_yaml(path)
    except YamlProblem as exc:
        return CheckedBank(path, None, [Problem(shown, exc.line, exc.col, exc.message)])
    except OSError as exc:
        return CheckedBank(path, None, [Problem(shown, 1, 1, f"cannot read file: {exc.strerror}")])
    refs = references if references is not None else find_references(path.resolve().parent)
    return _check_document(shown, document, refs)


def _check_document(shown: str, document: YamlDocument, refs: References) -> CheckedBank:
    result = CheckedBank(Path(shown), None, document=document)
    data = document.data
    if not isinstance(data, dict):
        result.problems.append(
            Problem(
                shown,
                1,
                1,
                f"the top level must be a mapping of keys (schema_version, id, ...), "
                f"not {_describe(data)}",
            )
        )
        return result
    raw_questions = data.get("questions")
    question_ids = _raw_question_ids(raw_questions)

    def report(loc: tuple[Any, ...], message: str, *, key: bool = False) -> None:
        line, col = document.locate(loc, key=key)
        qid = None
        if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
            qid = question_ids.get(loc[1])
        result.problems.append(Problem(shown, line, col, message, qid))

    for loc, line, col in document.duplicate_keys:
        qid = question_ids.get(loc[1]) if len(loc) > 1 and loc[0] == "questions" else None
        result.problems.append(
            Problem(
                shown,
                line,
                col,
                f"duplicate key '{loc[-1]}': the same key twice in one mapping; keep one",
                qid if isinstance(qid, str) else None,
            )
        )

    context = {"references": refs}
    header_data = {k: v for k, v in data.items() if k != "questions"}
    header: BankHeader | None = None
    try:
        header = BankHeader.model_validate(header_data, context=context)
    except ValidationError as exc:
        _report_errors(exc, (), report, None)

    questions: list[AnyQuestion] = []
    if "questions" not in data:
        report((), "missing key 'questions' (the list of questions)")
    elif not isinstance(raw_questions, list) or not raw_questions:
        report(("questions",), "questions must be a non-empty list of questions")
    else:
        for i, raw in enumerate(raw_questions):
            try:
                questions.append(_QUESTION.validate_python(raw, context=context))
            except ValidationError as exc:
                qtype = raw.get("type") if isinstance(raw, dict) else None
                _report_errors(exc, ("questions", i), report, qtype)
        ids = [raw.get("id") if isinstance(raw, dict) else None for raw in raw_questions]
        for index, message in duplicate_ids(ids, "question"):
            report(("questions", index, "id"), message)
        if header is not None:
            named = [
                raw.get("objective") if isinstance(raw, dict) else None for raw in raw_questions
            ]
            for index, message in undefined_objectives(header.objectives, named):
                report(("questions", index, "objective"), message)

    if not result.problems:
        result.bank = Bank.model_validate({**header_data, "questions": questions}, context=context)
    return result


def _raw_question_ids(raw_questions: Any) -> dict[int, str]:
    if not isinstance(raw_questions, list):
        return {}
    return {
        i: raw["id"]
        for i, raw in enumerate(raw_questions)
        if isinstance(raw, dict) and isinstance(raw.get("id"), str)
    }


def _report_errors(exc: ValidationError, prefix: tuple[Any, ...], report: Any, qtype: Any) -> None:
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if prefix and loc and loc[0] in QUESTION_MODELS:
            loc = loc[1:]  # drop the union tag pydantic inserts
        ctx = error.get("ctx") or {}
        loc = loc + tuple(ctx.get("at", ()))
        full = prefix + loc
        kind = error["type"]
        where = _dotted(loc)
        if kind == "missing":
            report(full[:-1], f"missing key '{loc[-1]}'" + _missing_hint(loc, qtype))
        elif kind == "extra_forbidden":
            report(full, _unknown_key(loc, qtype), key=True)
        elif kind == "union_tag_invalid":
            report((*full, "type"), _unknown_type(str(ctx.get("tag"))))
        elif kind == "union_tag_not_found":
            report(full, f"missing key 'type' (one of: {', '.join(QUESTION_MODELS)})")
        elif kind == "literal_error":
            report(
                full,
                f"{where}: expected one of {ctx.get('expected')}, found "
                f"{_describe(error['input'])}",
            )
        elif kind in _EXPECTED:
            report(full, f"{where}: expected {_EXPECTED[kind]}, found {_describe(error['input'])}")
        elif kind == "too_short" and isinstance(error["input"], list):
            report(
                full,
                f"{where}: needs at least {ctx.get('min_length')} item(s), found "
                f"{len(error['input'])}",
            )
        else:
            message = error["msg"].removeprefix("Value error, ")
            report(full, f"{where}: {message}" if where and kind != "lessonquiz" else message)


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for step in loc:
        text += f"[{step + 1}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _allowed_keys(loc: tuple[Any, ...], qtype: Any) -> set[str] | None:
    """Keys allowed in the mapping that holds ``loc[-1]``."""
    parent = [step for step in loc[:-1] if isinstance(step, str)]
    if parent:
        return _NESTED_KEYS.get(parent[-1])
    if qtype in QUESTION_MODELS:
        return set(QUESTION_MODELS[qtype].model_fields)
    return _HEADER_KEYS


def _unknown_key(loc: tuple[Any, ...], qtype: Any) -> str:
    key = str(loc[-1])
    where = _dotted(loc[:-1])
    place = f" in {where}" if where else ""
    owners = [name for name, model in QUESTION_MODELS.items() if key in model.model_fields]
    if qtype in QUESTION_MODELS and len([s for s in loc if isinstance(s, str)]) == 1 and owners:
        return (
            f"key '{key}' does not belong to a {qtype} question; it is a key of "
            f"{' and '.join(owners)} questions"
        )
    message = f"unknown key '{key}'{place}"
    allowed = _allowed_keys(loc, qtype)
    if allowed:
        close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
        if close:
            message += f"; did you mean '{close[0]}'?"
        else:
            message += f" (allowed: {', '.join(sorted(allowed))})"
    return message


def _missing_hint(loc: tuple[Any, ...], qtype: Any) -> str:
    return (
        f" (required in a {qtype} question)" if qtype in QUESTION_MODELS and len(loc) == 1 else ""
    )


def _unknown_type(tag: str) -> str:
    message = f"unknown question type '{tag}'"
    close = difflib.get_close_matches(tag, list(QUESTION_MODELS), n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean '{close[0]}'?"
    return f"{message} (types: {', '.join(QUESTION_MODELS)})"


def _describe(value: Any) -> str:
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


def nearest_folder(name: str, start: Path, *, holding: str | None = None) -> Path | None:
    """``start/name``, or ``name`` in the nearest parent that has one (with a file ``holding``
    in it, when given); None if none does.

    How a project's ``quizzes/`` and ``data/`` are found from any of its folders (a lesson's,
    the root), so ``show()`` in a notebook and ``lessonquiz`` in a shell see the same files.
    """
    here = start.resolve()
    for folder in (here, *here.parents):
        found = folder / name
        if found.is_dir() and (holding is None or (found / holding).is_file()):
            return found
    return None


def find_references(start: Path) -> References:
    """The article's ¶ numbers and data source ids from the nearest ``data/`` above ``start``."""
    data = nearest_folder("data", start, holding="article.yaml")
    return _read_references(data) if data is not None else References()


@lru_cache(maxsize=8)
def _read_references(data_dir: Path) -> References:
    # The same libyaml reader as the banks: PyYAML's pure-Python loader spent ~0.35 s here on
    # every lesson's first quiz.
    article = read_yaml(data_dir / "article.yaml").data or {}
    paragraphs = frozenset(int(p["n"]) for p in article.get("paragraphs", []))
    data_ids: frozenset[str] = frozenset()
    sources_file = data_dir / "sources.yaml"
    if sources_file.is_file():
        sources = read_yaml(sources_file).data or {}
        data_ids = frozenset(str(s["id"]) for s in sources.get("sources", []))
    return References(paragraphs=paragraphs, data_ids=data_ids)
