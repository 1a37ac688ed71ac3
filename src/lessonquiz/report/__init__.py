"""How the class did: item statistics per question and a score per student and bank.

Two steps, so the statistics can be checked by hand and still run fast on a big store:

1. a *tally* of each student's history with each question (attempts, whether the first
   attempt was right, attempts until the first right one, best score) and the count of each
   wrong response. ``tally(attempts)`` builds it from ``Attempt`` records in pure Python (the
   reference, used by tests); ``read_tally(conn)`` reads the same thing from the summary
   tables the store keeps up to date with every attempt (one row per student and question),
   or computes it from the history with SQL when the store predates those tables.
2. ``summarize(tally, banks)`` turns a tally into the figures below.

Definitions (repeated in ``lessonquiz report --help``):

- attempts: every recorded (graded) attempt; students: distinct students who attempted.
- facility: the share of those students whose *first* attempt was right (full marks).
- discrimination: ``DISCRIMINATION``, below.
- most-chosen wrong answer: the response given most often in attempts that were not right
  (partly right ones included), with its count.
- median attempts to right: over the students who got it right, the number of attempts up
  to and including their first right one.
- a student's score on a bank: the sum of their best score on each question, divided by the
  number of questions of the bank (from its file in quizzes/ when found, else the number of
  that bank's questions anyone attempted); unattempted questions count 0.
- scored questions: when the bank file is known, only its current questions. Attempts at a
  question the file no longer has (renamed or removed) are listed with ``scored`` false but
  count neither towards the points nor the discrimination's rest score: counting them would
  put scores over 100% and measure students against questions they were never shown together.

The package has one module per job: ``model`` (the data), ``read`` (a store into a tally),
``compute`` (a tally into figures) and ``render`` (figures into text); this module joins them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lessonquiz.bank.identity import current_attempts
from lessonquiz.bank.model import Bank
from lessonquiz.report.compute import point_biserial, summarize, tally
from lessonquiz.report.model import (
    DISCRIMINATION,
    Cell,
    QuestionStats,
    Report,
    ReportError,
    StudentScore,
    Tally,
)
from lessonquiz.report.read import known_banks, open_store, read_attempts, read_tally
from lessonquiz.report.render import (
    FORMATTERS,
    QUESTION_COLUMNS,
    STUDENT_COLUMNS,
    TABLES,
    as_csv,
    as_json,
    as_table,
    compact,
    csv_cell,
    one_line,
)

__all__ = [
    "DISCRIMINATION",
    "FORMATTERS",
    "QUESTION_COLUMNS",
    "STUDENT_COLUMNS",
    "TABLES",
    "Cell",
    "QuestionStats",
    "Report",
    "ReportError",
    "StudentScore",
    "Tally",
    "as_csv",
    "as_json",
    "as_table",
    "build_report",
    "compact",
    "csv_cell",
    "known_banks",
    "one_line",
    "open_store",
    "point_biserial",
    "read_tally",
    "summarize",
    "tally",
]


def build_report(
    path: Path, bank_id: str | None = None, banks: Mapping[str, Bank] | None = None
) -> Report:
    """The report the CLI prints, from the store at ``path``; raises ``ReportError``."""
    conn = open_store(path)
    try:
        data = read_tally(conn, bank_id)
        if not data.cells:
            if bank_id is None:
                raise ReportError(f"no attempts recorded in {path}")
            ids = known_banks(conn)
            raise ReportError(
                f"no attempts at bank '{bank_id}' in {path}; banks with attempts: "
                + (", ".join(ids) if ids else "none")
            )
        data, earlier = _matched(conn, data, banks or {})
    finally:
        conn.close()
    report = summarize(data, banks or {}, source=str(path))
    report.earlier_versions = earlier
    return report


def _matched(conn: Any, data: Tally, banks: Mapping[str, Bank]) -> tuple[Tally, dict[str, int]]:
    """Issue #12: for each bank whose file is known, the tally re-made from the attempts that
    count for its questions as they are now (``lessonquiz.bank.identity``: renamed questions
    keep their history, an answer to an earlier key does not count), as the quiz counts them.
    Also, per bank, how many attempts were left out as answers to an earlier version."""
    attempted = {bank_id for bank_id, _ in data.cells}
    earlier: dict[str, int] = {}
    parts = Tally()
    for bank_id in sorted(attempted):
        bank = banks.get(bank_id)
        if bank is None:
            for key in [k for k in data.cells if k[0] == bank_id]:
                parts.cells[key] = data.cells[key]
                if key in data.wrong:
                    parts.wrong[key] = data.wrong[key]
            continue
        kept, left_out = current_attempts(bank, read_attempts(conn, bank_id))
        mine = tally(kept)
        parts.cells.update(mine.cells)
        parts.wrong.update(mine.wrong)
        if left_out:
            earlier[bank_id] = left_out
    return parts, earlier
