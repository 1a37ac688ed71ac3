"""Grades an LMS imports: one row per student, one column per bank (its score out of its points).

The layouts follow each LMS's documented CSV grade import:

- **Moodle** (Grades > Import > CSV file): a header row, then one row per student. One column
  identifies the student; the import's "Map from" / "Map to" step ties it to a user field
  (username, email address or ID number), and every other column is mapped to a grade item.
  Without a roster the identifier column is ``username`` holding lessonquiz's student name (on
  a JupyterHub that is the login name); a roster's columns replace it.
- **Canvas** (Grades > Import): the header of Canvas's own gradebook export, ``Student``,
  ``ID``, ``SIS User ID``, ``SIS Login ID``, ``Section``, then one column per assignment; the
  second row is the export's ``Points Possible`` row (each assignment's points). Canvas
  identifies a student by name, Canvas ID or SIS User ID, so a roster giving them is the safe
  way; without one only ``Student`` is filled.

A roster is a CSV whose ``student`` column holds lessonquiz's student names; its other
columns are the LMS identifiers, copied as they are (for Canvas, those of its five header
columns it has). Students with attempts but no roster row cannot be identified: they are left
out and named in ``Grades.missing``. A bank a student never attempted is left empty, which
both LMSs read as "no grade" rather than 0.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lessonquiz.report.model import Report, ReportError
from lessonquiz.report.render import csv_cell

LMS = ("moodle", "canvas")
CANVAS_IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
POINTS_POSSIBLE = "    Points Possible"
"""The first cell of the second row of Canvas's gradebook export (four spaces included)."""


@dataclass
class Roster:
    """lessonquiz student name -> the LMS's identifier columns for that student."""

    columns: list[str]
    rows: dict[str, dict[str, str]] = field(default_factory=dict)


def read_roster(path: Path) -> Roster:
    """The roster at ``path``; ``ReportError`` naming the file and line when it is unusable."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # Excel writes a byte-order mark
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"cannot read the roster {path}: {exc}") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    if "student" not in header:
        raise ReportError(
            f"{path}:1: the roster needs a 'student' column (lessonquiz's student names) and "
            f"the LMS's identifier columns; found: {', '.join(header) or 'nothing'}"
        )
    roster = Roster(columns=[name for name in header if name != "student"])
    if not roster.columns:
        raise ReportError(f"{path}:1: the roster has no identifier column beside 'student'")
    for line, row in enumerate(reader, start=2):
        clean = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        name = clean.pop("student", "")
        if not name:
            raise ReportError(f"{path}:{line}: no student name")
        if name in roster.rows:
            raise ReportError(f"{path}:{line}: student '{name}' is listed twice")
        roster.rows[name] = clean
    return roster


@dataclass
class Grades:
    """The CSV text, and the students with attempts whom the roster does not list."""

    text: str
    missing: list[str]
    students: int


def _points(value: float) -> str:
    return f"{round(value, 4):g}"


def grades_csv(report: Report, lms: str, roster: Roster | None = None) -> Grades:
    """The grades of ``report`` in ``lms``'s import layout (see the module docstring)."""
    if lms not in LMS:
        raise ValueError(f"no LMS {lms!r}; choose from {', '.join(LMS)}")
    banks = sorted({s.bank for s in report.students})
    out_of = {s.bank: s.out_of for s in report.students}
    titles = [report.titles.get(bank, bank) for bank in banks]
    scores: dict[str, dict[str, float]] = {}
    for s in report.students:
        scores.setdefault(s.student, {})[s.bank] = s.points
    names = sorted(scores)
    missing = [n for n in names if roster is not None and n not in roster.rows]
    listed = names if roster is None else [n for n in roster.rows]
    identity = _identity_columns(lms, roster)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180, as both LMSs export
    writer.writerow([*identity, *titles])
    if lms == "canvas":
        writer.writerow(
            [POINTS_POSSIBLE, *[""] * (len(identity) - 1), *(str(out_of[b]) for b in banks)]
        )
    for name in listed:
        ids = _identity(lms, name, identity, roster)
        mine = scores.get(name, {})
        cells = [_points(mine[b]) if b in mine else "" for b in banks]
        writer.writerow([csv_cell(v) for v in ids] + cells)
    return Grades(buffer.getvalue(), missing, len(listed))


def _identity_columns(lms: str, roster: Roster | None) -> Sequence[str]:
    if lms == "canvas":
        return CANVAS_IDENTITY
    return ["username"] if roster is None else roster.columns


def _identity(lms: str, name: str, columns: Sequence[str], roster: Roster | None) -> list[str]:
    row = {} if roster is None else roster.rows.get(name, {})
    if lms == "canvas":
        values = {c: row.get(c, "") for c in columns}
        values["Student"] = values["Student"] or name
        return [values[c] for c in columns]
    if roster is None:
        return [name]
    return [row.get(c, "") for c in columns]
