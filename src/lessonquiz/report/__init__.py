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

The package has one module per job: ``model`` (the data), ``sources`` (where attempts come
from, several combined), ``read`` (a SQLite store into a tally), ``current`` (attempts
counted as each bank is now, issue #12), ``compute`` (a tally into the item statistics),
``figures`` (options, mastery, help, distribution), ``render`` (figures into text) and
``html`` (the page with charts); this module joins them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from lessonquiz.bank.model import Bank
from lessonquiz.report.compute import point_biserial, summarize, tally, tally_rows
from lessonquiz.report.current import match_attempts, match_to_banks
from lessonquiz.report.figures import add_figures
from lessonquiz.report.model import (
    DISCRIMINATION,
    Cell,
    QuestionStats,
    Report,
    ReportError,
    StudentScore,
    Tally,
    Window,
)
from lessonquiz.report.read import SqliteSource, known_banks, open_store, read_attempts, read_tally
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
from lessonquiz.report.sources import Source, combined_tally

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
    "Source",
    "SqliteSource",
    "StudentScore",
    "Tally",
    "Window",
    "add_figures",
    "as_csv",
    "as_json",
    "as_table",
    "build_remote_report",
    "build_report",
    "combined_tally",
    "compact",
    "csv_cell",
    "known_banks",
    "one_line",
    "open_store",
    "point_biserial",
    "read_attempts",
    "read_tally",
    "summarize",
    "tally",
    "tally_rows",
]

DEFAULT_THRESHOLD = 0.6
"""Mastery below this share of an objective's questions puts a student on the help list."""


def build_report(
    path: Path | Sequence[Path],
    bank_id: str | None = None,
    banks: Mapping[str, Bank] | None = None,
    *,
    window: Window | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    days: bool = False,
) -> Report:
    """The report the CLI prints, from the store at ``path`` (or several, combined).

    ``window`` limits the attempts by time; ``days`` also counts attempts per day (a scan of
    the history, which the plain tables do not need). Raises ``ReportError``.
    """
    paths = [path] if isinstance(path, Path) else list(path)
    sources: list[SqliteSource] = []
    try:
        for each in paths:
            sources.append(SqliteSource(each))
        data = combined_tally(sources, bank_id, window or Window(), days)
        if not data.cells:
            where = ", ".join(map(str, paths))
            if bank_id is None:
                raise ReportError(f"no attempts recorded in {where}" + _in(window))
            ids = sorted({b for source in sources for b in source.banks()})
            raise ReportError(
                f"no attempts at bank '{bank_id}' in {where}{_in(window)}; banks with attempts: "
                + (", ".join(ids) if ids else "none")
            )
        earlier = match_to_banks(sources, data, banks or {}, window or Window())
    finally:
        for source in sources:
            source.close()
    report = summarize(data, banks or {}, source=", ".join(map(str, paths)))
    report.earlier_versions = earlier
    add_figures(report, data, banks or {}, threshold)
    return report


def build_remote_report(
    source: str,
    bank_id: str | None,
    banks: Mapping[str, Bank] | None,
    service: bool,
    threshold: float = DEFAULT_THRESHOLD,
) -> Report:
    """The report, every figure included, from the hub service (``service``) or PostgreSQL.

    Those sources give the summary tables, attempts per day and hint use, and each bank's
    history, which is matched to the bank files as for a store file (``current.match_attempts``).
    """
    from lessonquiz.report import remote

    reader = remote.class_source(source, service)
    try:
        data = reader.tally(bank_id)
        shown = remote.without_password(source)
        if not data.cells:
            where = f" at bank '{bank_id}'" if bank_id else ""
            raise ReportError(f"no attempts recorded{where} in {shown}")
        earlier = match_attempts(data, banks or {}, reader.attempts)
    finally:
        reader.close()
    report = summarize(data, banks or {}, source=shown)
    report.earlier_versions = earlier
    add_figures(report, data, banks or {}, threshold)
    return report


def _in(window: Window | None) -> str:
    if not window:
        return ""
    return f" between {window.since or 'the start'} and {window.until or 'now'}"
