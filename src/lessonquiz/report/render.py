"""The report as an aligned table, CSV (one table a file) or JSON (both, with definitions)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from lessonquiz.report.extra_tables import EXTRA
from lessonquiz.report.model import DISCRIMINATION, QuestionStats, Report, StudentScore
from lessonquiz.terminal import visible

TABLES = (
    "questions",
    "students",
    "objectives",
    "mastery",
    "help",
    "options",
    "distribution",
    "days",
)
"""The report's tables, by the name ``--table`` takes."""

DEFAULT_TEXT_TABLES = ("questions", "students", "objectives", "help")
"""What the plain table shows unless one table is asked for (the rest are long lists)."""

_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?([eE][-+]?\d+)?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection)."""

_BREAKS = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def compact(value: Any) -> str:
    """A response in one short line: ``[a, b]``, ``{left: right}``, ``true``, ``5.5``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(compact(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {compact(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def one_line(text: str) -> str:
    """``text`` fit for one row of the plain table: line breaks as ⏎, other controls escaped.

    Students type answers (and names) with newlines and tabs; printed raw they would break
    the row and shift every column after it.
    """
    text = _BREAKS.sub("⏎", text)
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def csv_cell(value: str | None) -> str:
    """``value`` safe for a spreadsheet: empty when undefined, text never read as a formula.

    A typed answer such as ``=HYPERLINK(...)`` would otherwise run when the CSV is opened in
    Excel or LibreOffice; a leading single quote makes it text (OWASP's advice). Numbers,
    negative ones included, are left as they are.
    """
    if value is None:
        return ""
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _fixed(value: float | None, digits: int = 2) -> str | None:
    return None if value is None else f"{value:.{digits}f}"


def _median(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if value.is_integer() else f"{value:.1f}"


QUESTION_COLUMNS = (
    "bank",
    "question",
    "attempts",
    "students",
    "facility",
    "discrimination",
    "median_attempts_to_right",
    "most_chosen_wrong",
    "most_chosen_wrong_count",
    "scored",
    "hinted",
    "graded",
)
STUDENT_COLUMNS = ("student", "bank", "points", "out_of", "score", "answered")


def _question_row(q: QuestionStats) -> list[str | None]:
    """The cells of ``QUESTION_COLUMNS``; None where a figure is undefined."""
    return [
        q.bank,
        q.question,
        str(q.attempts),
        str(q.students),
        _fixed(q.facility),
        _fixed(q.discrimination),
        _median(q.median_attempts_to_right),
        compact(q.most_chosen_wrong),
        str(q.most_chosen_wrong_count),
        "true" if q.scored else "false",
        _fixed(q.hinted),
        "true" if q.graded else "false",
    ]


def _student_row(s: StudentScore) -> list[str | None]:
    return [s.student, s.bank, f"{s.points:g}", str(s.out_of), f"{s.score:.2f}", str(s.answered)]


def _shown(table: str | None, default: tuple[str, ...] = TABLES) -> tuple[str, ...]:
    if table is not None and table not in TABLES:
        raise ValueError(f"no table {table!r}; choose from {', '.join(TABLES)}")
    return default if table is None else (table,)


def as_table(report: Report, table: str | None = None, width: int = 40) -> str:
    """Aligned plain text: questions, students, objectives and help (or only ``table``).

    Every cell is made terminal-safe (``visible``): bank text and typed answers reach the
    instructor's terminal here.
    """
    lines: list[str] = []
    shown = _shown(table, DEFAULT_TEXT_TABLES)
    if "questions" in shown:
        lines += _question_lines(report, width)
    if "students" in shown:
        if lines:
            lines.append("")
        lines += [
            "Students (score: sum of best scores / questions in the bank)",
            *_aligned(
                ["student", "bank", "points", "of", "score", "answered"],
                [_text_row(_student_row(s)) for s in report.students],
                right={2, 3, 4, 5},
            ),
        ]
    for name, spec in EXTRA.items():
        if name in shown:
            if lines:
                lines.append("")
            lines += [
                spec.title(report),
                *_aligned(list(spec.head), [_text_row(r) for r in spec.rows(report)], spec.right),
            ]
    return "\n".join(lines) + "\n"


def _text_row(row: list[str | None]) -> list[str]:
    """Cells made one-line and terminal-safe; a printable cell (``str.isprintable``: no
    control, format or line-break character, which is all ``one_line`` and ``visible``
    change) is kept as it is, the common case in a class of thousands, without two regexes."""
    return [
        "n/a" if cell is None else cell if cell.isprintable() else visible(one_line(cell))
        for cell in row
    ]


def _question_lines(report: Report, width: int) -> list[str]:
    rows = []
    for q in report.questions:
        row = _text_row(_question_row(q))
        if not q.scored and q.graded:
            row[1] += " *"
        wrong = row[7] if len(row[7]) <= width else row[7][: width - 1] + "…"
        wrong = f"{wrong} ({row[8]})" if row[7] else "-"
        if not q.graded:
            wrong = f"written, not graded: report --answers {q.question}"
        rows.append([*row[:7], row[10], wrong])
    head = [
        "bank",
        "question",
        "attempts",
        "students",
        "facility",
        "discrim.",
        "median",
        "hinted",
        "most-chosen wrong answer (times)",
    ]
    notes = [
        "facility: share of students right on their first attempt; median: attempts until "
        "right, over students who got it right; hinted: share of students who opened a hint;",
        f"discrimination: {DISCRIMINATION}.",
    ]
    if any(not q.scored and q.graded for q in report.questions):
        notes.append("* not in the bank file (renamed or removed): listed, not scored.")
    return [
        f"Questions ({report.source})",
        *_aligned(head, rows, right={2, 3, 4, 5, 6, 7}),
        "",
        *notes,
    ]


def _aligned(head: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        parts = [
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return [line(head), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def as_csv(report: Report, table: str | None = None) -> str:
    """One table as CSV (``table``: questions, the default, or students).

    One table per file, so any CSV reader (pandas, a spreadsheet) takes it as it is;
    undefined figures are empty cells, and text is guarded against formula injection.
    """
    _shown(table)
    if table in EXTRA:
        columns, rows = EXTRA[table].columns, EXTRA[table].rows(report)
    elif table == "students":
        columns, rows = STUDENT_COLUMNS, [_student_row(s) for s in report.students]
    else:
        columns, rows = QUESTION_COLUMNS, [_question_row(q) for q in report.questions]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def as_json(report: Report, table: str | None = None) -> str:
    """Everything (or only ``table``), with the definitions, as one JSON document."""
    data: dict[str, Any] = {
        "source": report.source,
        "discrimination_method": DISCRIMINATION,
        "banks_without_file": report.banks_without_file,
        "threshold": report.threshold,
    }
    shown = _shown(table)
    for name in TABLES:
        if name in shown:
            data[name] = [asdict(item) for item in getattr(report, name)]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


FORMATTERS: dict[str, Callable[[Report, str | None], str]] = {
    "table": as_table,
    "csv": as_csv,
    "json": as_json,
}
"""Report output formats by the name ``--format`` takes; each takes the report and a table
name (None: every table the format shows by default)."""
