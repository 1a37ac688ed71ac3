"""Load quiz banks from YAML into the model, reporting every problem with file, line and column.

The header and each question are validated separately, so one broken question never hides
the problems of the others, and nothing is dropped silently: a bank either loads whole or
raises ``BankError`` listing all that is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from lessonquiz.bank.errors import BankError, Problem, Severity
from lessonquiz.bank.files import BANK_SUFFIXES, nearest_folder
from lessonquiz.bank.messages import Budget, describe, report_errors
from lessonquiz.bank.model import (
    AnyQuestion,
    Bank,
    BankHeader,
    Question,
    References,
    duplicate_ids,
    undefined_objectives,
)
from lessonquiz.bank.yamlsafe import YamlDocument, YamlProblem, read_yaml


@dataclass
class CheckedBank:
    """What checking one file found: the bank (when it loads) and every problem."""

    path: Path
    bank: Bank | None
    problems: list[Problem] = field(default_factory=list)
    document: YamlDocument | None = None

    @property
    def declared_id(self) -> str | None:
        """The ``id:`` the file declares, whether or not the bank loads."""
        data = self.document.data if self.document is not None else None
        found = data.get("id") if isinstance(data, dict) else None
        return found if isinstance(found, str) else None

    @property
    def question_count(self) -> int:
        """Questions in the file: the bank's, or the entries written when it does not load."""
        if self.bank is not None:
            return len(self.bank.questions)
        data = self.document.data if self.document is not None else None
        written = data.get("questions") if isinstance(data, dict) else None
        return len(written) if isinstance(written, list) else 0

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop the bank from loading (warnings left out)."""
        return [p for p in self.problems if p.severity is Severity.ERROR]


def load_bank(path: str | Path, *, references: References | None = None) -> Bank:
    """Load one bank; raise ``BankError`` (every problem, located) if it has any error.

    ``references`` (the article's ¶ numbers, the data source ids) is found from the nearest
    ``data/`` folder above the bank when not given.
    """
    checked = check_bank(path, references=references)
    if checked.bank is None:
        raise BankError(checked.errors)
    return checked.bank


def load_banks(paths: Iterable[str | Path], *, references: References | None = None) -> list[Bank]:
    """Load several banks (files or folders), also refusing a bank id used twice."""
    if isinstance(paths, str | Path):
        paths = [paths]  # one folder, not the letters of its name
    checked = check_banks(paths, references=references)
    problems = [p for c in checked for p in c.errors]
    if problems:
        raise BankError(problems)
    return [c.bank for c in checked if c.bank is not None]


def bank_files(paths: Iterable[str | Path]) -> list[Path]:
    """The bank files named by ``paths``: files as given, folders searched for *.yaml/*.yml."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in BANK_SUFFIXES))
        else:
            found.append(path)
    return found


def check_banks(
    paths: Iterable[str | Path], *, references: References | None = None
) -> list[CheckedBank]:
    """Check every bank file under ``paths``; add a problem for each bank id used twice.

    The id a file declares counts even when the bank has other errors, so two banks sharing
    an id are reported on the first run, not after everything else is fixed.
    """
    checked = [check_bank(path, references=references) for path in bank_files(paths)]
    first: dict[str, CheckedBank] = {}
    for item in checked:
        bank_id = item.declared_id
        if bank_id is None:
            continue
        other = first.setdefault(bank_id, item)
        if other is not item:
            line, col = item.document.locate(("id",)) if item.document else (1, 1)
            message = f"bank id '{bank_id}' is already used by {other.path}"
            item.problems.append(Problem(str(item.path), line, col, message))
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
    if references is not None:
        return _check_document(shown, document, references)
    refs, unchecked = reference_checks(path.resolve().parent)
    checked = _check_document(shown, document, refs)
    if unchecked:
        checked.problems.append(Problem(shown, 1, 1, unchecked, None, Severity.WARNING))
    return checked


def _check_document(shown: str, document: YamlDocument, refs: References) -> CheckedBank:
    """Validate ``document`` (its question entries are consumed: ``data["questions"]`` keeps
    its length, each entry replaced by None once its model is built)."""
    result = CheckedBank(Path(shown), None, document=document)
    data = document.data
    if not isinstance(data, dict):
        result.problems.append(
            Problem(
                shown,
                1,
                1,
                f"the top level must be a mapping of keys (schema_version, id, ...), "
                f"not {describe(data)}",
            )
        )
        return result
    raw_questions = data.get("questions")
    question_ids = _raw_question_ids(raw_questions)

    pending: list[tuple[tuple[Any, ...], bool, str]] = []

    def report(loc: tuple[Any, ...], message: str, *, key: bool = False) -> None:
        pending.append((loc, key, message))  # located all at once, in one walk of the file

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
    budget = Budget()
    header_data = {k: v for k, v in data.items() if k != "questions"}
    header: BankHeader | None = None
    try:
        header = BankHeader.model_validate(header_data, context=context)
    except ValidationError as exc:
        report_errors(exc, (), report, None, budget)

    questions: list[AnyQuestion] = []
    if "questions" not in data:
        report((), "missing key 'questions' (the list of questions)")
    elif not isinstance(raw_questions, list) or not raw_questions:
        report(("questions",), "questions must be a non-empty list of questions")
    else:
        ids = [raw.get("id") if isinstance(raw, dict) else None for raw in raw_questions]
        named = [raw.get("objective") if isinstance(raw, dict) else None for raw in raw_questions]
        for i, raw in enumerate(raw_questions):
            try:
                questions.append(_question_adapter().validate_python(raw, context=context))
            except ValidationError as exc:
                qtype = raw.get("type") if isinstance(raw, dict) else None
                report_errors(exc, ("questions", i), report, qtype, budget)
            # The model now holds what the question says: letting the raw dict go keeps the
            # peak at about one copy of the bank, not two (``question_count`` still counts it).
            raw_questions[i] = None
        for index, message in duplicate_ids(ids, "question"):
            report(("questions", index, "id"), message)
        if header is not None:
            for index, message in undefined_objectives(header.objectives, named):
                report(("questions", index, "objective"), message)

    places = document.locate_all([(loc, key) for loc, key, _ in pending])
    for (loc, _, message), (line, col) in zip(pending, places, strict=True):
        qid = None
        if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
            qid = question_ids.get(loc[1])
        result.problems.append(Problem(shown, line, col, message, qid))
    if not result.errors:
        result.bank = Bank.model_validate({**header_data, "questions": questions}, context=context)
    return result


@lru_cache(maxsize=1)
def _question_adapter() -> TypeAdapter[Any]:
    """Built on first use: importing the loader should not build a validator nobody uses."""
    return TypeAdapter(Question)


def _raw_question_ids(raw_questions: Any) -> dict[int, str]:
    if not isinstance(raw_questions, list):
        return {}
    return {
        i: raw["id"]
        for i, raw in enumerate(raw_questions)
        if isinstance(raw, dict) and isinstance(raw.get("id"), str)
    }


def find_references(start: Path) -> References:
    """The article's ¶ numbers and data source ids from the nearest ``data/`` above ``start``."""
    return reference_checks(start)[0]


_PARAGRAPH_CHECK = "the ¶ numbers (source: paragraph) against data/article.yaml"
_DATA_CHECK = "the data source ids (source: data) against data/sources.yaml"


def reference_checks(start: Path) -> tuple[References, str | None]:
    """What a bank under ``start`` may cite, and, when some of it cannot be found, a warning
    naming the checks that could not run (``--strict`` makes it an error)."""
    data = nearest_folder("data", start, holding="article.yaml")
    if data is None:
        return References(), (
            f"no data/ folder with article.yaml in {start} or above (is this bank outside the "
            f"course project?), so these checks could not run: {_PARAGRAPH_CHECK}; "
            f"{_DATA_CHECK}"
        )
    return _read_references(data)


@lru_cache(maxsize=8)
def _read_references(data_dir: Path) -> tuple[References, str | None]:
    # The same libyaml reader as the banks: PyYAML's pure-Python loader spent ~0.35 s here on
    # every lesson's first quiz.
    skipped: list[str] = []
    paragraphs: frozenset[int] = frozenset()
    data_ids: frozenset[str] = frozenset()
    try:
        article = read_yaml(data_dir / "article.yaml").data or {}
        paragraphs = frozenset(int(p["n"]) for p in article.get("paragraphs", []))
    except (YamlProblem, OSError, AttributeError, KeyError, TypeError, ValueError) as exc:
        skipped.append(f"{_PARAGRAPH_CHECK} ({data_dir / 'article.yaml'} unreadable: {exc})")
    sources_file = data_dir / "sources.yaml"
    try:
        sources = read_yaml(sources_file).data or {}
        data_ids = frozenset(str(s["id"]) for s in sources.get("sources", []))
    except (YamlProblem, OSError, AttributeError, KeyError, TypeError, ValueError) as exc:
        reason = "missing" if not sources_file.exists() else f"unreadable: {exc}"
        skipped.append(f"{_DATA_CHECK} ({sources_file} {reason})")
    note = f"these checks could not run: {'; '.join(skipped)}" if skipped else None
    return References(paragraphs=paragraphs, data_ids=data_ids), note
