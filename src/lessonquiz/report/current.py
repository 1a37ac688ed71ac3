"""The report's part of issue #12: each known bank's attempts counted as the bank is now.

A renamed question keeps its history; an answer to an earlier key of a question does not
count, as in the quiz (``lessonquiz.bank.identity``). Whether an attempt counts depends only
on its question id, its fingerprint and its response, so it is decided once per distinct
(question, fingerprint, response) of the store, a few hundred in a class of a thousand, not
once per attempt (100,000 calls of ``counts_for`` took 60 s of CPU here).

Why two paths: in the usual case every attempt counts for the question it was saved under,
and then the tally the sources already gave (from the store's summaries) is the right one;
finding that out costs one ``SELECT DISTINCT`` over the history (about 0.4 times the bare SQL
aggregate of ``benchmarks/bench_report.py``). Only a bank where some attempt is renamed, left
out or unreadable has its part of the tally re-made from its history. The hub service and
PostgreSQL give each bank's history as records (``match_attempts``): there every known bank
is re-tallied from it, each distinct saved answer still judged once.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from lessonquiz.bank.identity import counts_for, history_ids
from lessonquiz.bank.model import AnyQuestion, Bank
from lessonquiz.report.compute import Row, tally, tally_rows
from lessonquiz.report.model import Tally, Window
from lessonquiz.report.read import SqliteSource, _where, damaged
from lessonquiz.store import HINTS_SINCE, Attempt, encode_response

EARLIER = "\0earlier"
"""The verdict for an attempt that answers an earlier version of a question (left out)."""
DAMAGED = "\0damaged"
"""The verdict for a response that is not JSON (left out, as ``read_attempts`` skips it)."""

_DISTINCT = "SELECT DISTINCT bank_id, question_id, question_hash, response FROM attempts{where}"
_HISTORY = (
    "SELECT student, question_id, question_hash, response, score, correct, created_at, "
    "{hints} FROM attempts{where} ORDER BY created_at, id"
)


class _Saved(NamedTuple):
    """One distinct saved answer, in the shape ``counts_for`` reads."""

    question_id: str
    question_hash: str
    response: Any
    student: str = ""
    score: float = 0.0
    correct: bool = False


class Verdicts:
    """Under which question id each distinct saved answer of one bank counts (memoized)."""

    def __init__(self, bank: Bank) -> None:
        self.owners: dict[str, AnyQuestion] = {
            qid: q for q in bank.questions for qid in history_ids(q)
        }
        self.known: dict[tuple[str, str, str], str] = {}

    def __call__(self, question_id: str, question_hash: str, response: str) -> str:
        """The id the answer counts under, ``EARLIER`` or ``DAMAGED``; an answer at an id the
        bank no longer has stays under its id (the report lists it, unscored)."""
        key = (question_id, question_hash, response)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = self._decide(question_id, question_hash, response)
        return found

    def _decide(self, question_id: str, question_hash: str, response: str) -> str:
        try:
            decoded = json.loads(response)
        except ValueError:
            return DAMAGED
        question = self.owners.get(question_id)
        if question is None:
            return question_id
        if counts_for(question, _Saved(question_id, question_hash, decoded)):
            return question.id
        return EARLIER


def match_to_banks(
    sources: Sequence[SqliteSource], data: Tally, banks: Mapping[str, Bank], window: Window
) -> dict[str, int]:
    """Make ``data`` count each known bank's attempts as the bank is now (module docstring).

    Returns, per bank, how many attempts were left out as answers to an earlier version.
    Attempts per day stay as read: they count every attempt made. Hint use of a re-tallied
    bank is counted under the question ids as they are now.
    """
    known = {bank for bank, _ in data.cells} & set(banks)
    if not known:  # no bank file: the attempts are reported as they were saved
        return {}
    verdicts = {bank_id: Verdicts(banks[bank_id]) for bank_id in known}
    changed: set[str] = set()
    for source in sources:
        where, params = _where(None, window)
        try:
            for bank_id, qid, qhash, response in source.conn.execute(
                _DISTINCT.format(where=where), params
            ):
                judge = verdicts.get(bank_id)
                if judge is None or bank_id in changed:
                    continue
                if judge(qid, qhash, str(response)) != qid:
                    changed.add(bank_id)
        except sqlite3.Error as exc:
            raise damaged(source.path, exc) from None
    earlier: dict[str, int] = {}
    for bank_id in sorted(changed & {bank for bank, _ in data.cells}):
        left_out = _retally(sources, data, bank_id, verdicts[bank_id], window)
        if left_out:
            earlier[bank_id] = left_out
    return earlier


def _retally(
    sources: Sequence[SqliteSource], data: Tally, bank_id: str, judge: Verdicts, window: Window
) -> int:
    """Replace ``bank_id``'s part of ``data`` by the tally of its attempts that count."""
    left_out = 0
    kept: list[Row] = []
    hints: dict[tuple[str, str], dict[str, int]] | None = None
    for student, qid, qhash, response, score, correct, stamp, opened in _distinct_history(
        sources, bank_id, window
    ):
        verdict = judge(qid, qhash, response)
        if verdict == EARLIER:
            left_out += 1
        elif verdict != DAMAGED:
            kept.append((student, bank_id, verdict, response, score, correct, stamp))
            if opened is not None:  # as ``compute.tally`` counts hint use
                hints = {} if hints is None else hints
                if opened > 0:
                    mine = hints.setdefault((bank_id, verdict), {})
                    mine[student] = max(mine.get(student, 0), opened)
    retallied = tally_rows(kept)
    retallied.hints = hints
    replace_bank(data, bank_id, retallied)
    return left_out


def replace_bank(data: Tally, bank_id: str, mine: Tally) -> None:
    """``bank_id``'s cells, wrong answers and hint use in ``data`` replaced by ``mine``'s."""
    for key in [key for key in data.cells if key[0] == bank_id]:
        del data.cells[key]
        data.wrong.pop(key, None)
    data.cells.update(mine.cells)
    data.wrong.update(mine.wrong)
    if data.hints is not None or mine.hints is not None:  # under the ids as they are now
        hints = {key: v for key, v in (data.hints or {}).items() if key[0] != bank_id}
        hints.update(mine.hints or {})
        data.hints = hints


History = tuple[str, str, str, str, float, bool, str, int | None]
"""One attempt of a bank's history: student, question, fingerprint, response (stored JSON
text), score, correct, created_at, hints opened (None: not recorded)."""


def _distinct_history(
    sources: Sequence[SqliteSource], bank_id: str, window: Window
) -> list[History]:
    """Every source's attempts at ``bank_id`` in ``window``, each attempt once, oldest first
    (the identity of ``sources.identity``: student, question, time and response)."""
    where, params = _where(bank_id, window)
    seen: set[tuple[str, str, str, str]] = set()
    found: list[History] = []
    for source in sources:
        try:
            version = source.conn.execute("PRAGMA user_version").fetchone()[0]
            hints = "hints_used" if version >= HINTS_SINCE else "NULL"
            rows = source.conn.execute(_HISTORY.format(where=where, hints=hints), params).fetchall()
        except sqlite3.Error as exc:
            raise damaged(source.path, exc) from None
        try:
            for student, qid, qhash, response, score, correct, stamp, opened in rows:
                key = (student, qid, stamp, response)
                if key not in seen:
                    seen.add(key)
                    text = str(response)
                    found.append(
                        (
                            student,
                            qid,
                            qhash,
                            text,
                            float(score),
                            bool(correct),
                            stamp,
                            None if opened is None else int(opened),
                        )
                    )
        except (TypeError, ValueError) as exc:  # a retyped column
            raise damaged(source.path, exc) from None
    if len(sources) > 1:
        found.sort(key=lambda row: row[6])
    return found


def match_attempts(
    data: Tally, banks: Mapping[str, Bank], attempts_of: Callable[[str], Iterable[Attempt]]
) -> dict[str, int]:
    """``match_to_banks`` for a source that gives a bank's history as ``Attempt`` records,
    oldest first (the hub service, PostgreSQL): every known bank re-tallied from it, each
    distinct saved answer judged once. Returns attempts left out per bank, as there."""
    earlier: dict[str, int] = {}
    for bank_id in sorted({bank for bank, _ in data.cells}):
        bank = banks.get(bank_id)
        if bank is None:
            continue
        judge = Verdicts(bank)
        kept, left_out = [], 0
        for attempt in attempts_of(bank_id):
            verdict = judge(
                attempt.question_id, attempt.question_hash, encode_response(attempt.response)
            )
            if verdict == EARLIER:
                left_out += 1
            elif verdict == attempt.question_id:
                kept.append(attempt)
            elif verdict != DAMAGED:
                kept.append(dataclasses.replace(attempt, question_id=verdict))
        replace_bank(data, bank_id, tally(kept))
        if left_out:
            earlier[bank_id] = left_out
    return earlier
