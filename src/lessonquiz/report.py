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
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import shutil
import sqlite3
import statistics
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from lessonquiz.bank.model import Bank
from lessonquiz.store import (
    PROGRESS_COLUMNS,
    PROGRESS_FROM_ATTEMPTS,
    SUMMARIES_SINCE,
    WRONG_FROM_ATTEMPTS,
    Attempt,
    encode_response,
)

DISCRIMINATION = (
    "point-biserial correlation between a student's first-attempt result on the question "
    "(right 1, else 0) and the number of the bank's other questions they got right on the "
    "first attempt (unattempted count 0); n/a with fewer than 3 students or when either "
    "side does not vary"
)
"""The discrimination index used, in words (printed with every report)."""

class ReportError(Exception):
    """The report cannot be made; ``exit_code`` is 2 for a missing store file, else 1."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class Cell(NamedTuple):
    """One student's history with one question (a named tuple: the report makes many)."""

    attempts: int
    first_right: bool
    tries_to_right: int | None
    best: float


@dataclass
class Tally:
    """Cells by (bank, question) then student, and wrong-response counts by (bank, question).

    Wrong responses are keyed by their canonical JSON text (the store's encoding).
    """

    cells: dict[tuple[str, str], dict[str, Cell]] = field(default_factory=dict)
    wrong: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class QuestionStats:
    """The figures of one question (see the module docstring for definitions)."""

    bank: str
    question: str
    attempts: int
    students: int
    facility: float | None
    discrimination: float | None
    most_chosen_wrong: Any
    most_chosen_wrong_count: int
    median_attempts_to_right: float | None
    scored: bool = True


@dataclass(frozen=True)
class StudentScore:
    """One student's score on one bank: ``points`` out of ``out_of`` questions."""

    student: str
    bank: str
    points: float
    out_of: int
    score: float
    answered: int


@dataclass
class Report:
    """Everything ``lessonquiz report`` prints."""

    source: str
    questions: list[QuestionStats]
    students: list[StudentScore]
    banks_without_file: list[str] = field(default_factory=list)

    def unscored(self) -> dict[str, list[str]]:
        """Question ids listed but not scored (no longer in the bank file), by bank."""
        found: dict[str, list[str]] = {}
        for q in self.questions:
            if not q.scored:
                found.setdefault(q.bank, []).append(q.question)
        return found


# ------------------------------------------------------------------------------ tallying


def tally(attempts: Iterable[Attempt]) -> Tally:
    """The tally of ``attempts``, taken in the order given (oldest first)."""
    history: dict[tuple[str, str], dict[str, list[Attempt]]] = defaultdict(
        lambda: defaultdict(list)
    )
    result = Tally()
    for attempt in attempts:
        key = (attempt.bank_id, attempt.question_id)
        history[key][attempt.student].append(attempt)
        if not attempt.correct:
            counter = result.wrong.setdefault(key, Counter())
            counter[encode_response(attempt.response)] += 1
    for key, students in history.items():
        cells = result.cells.setdefault(key, {})
        for student, tries in students.items():
            first_right = next((i for i, a in enumerate(tries, start=1) if a.correct), None)
            cells[student] = Cell(
                attempts=len(tries),
                first_right=tries[0].correct,
                tries_to_right=first_right,
                best=max(a.score for a in tries),
            )
    return result


_PROBE = "SELECT id, student, bank_id, question_id, response, score, correct FROM attempts LIMIT 1"


def open_store(path: Path) -> sqlite3.Connection:
    """A read-only connection to the progress store at ``path``; ``ReportError`` if unusable.

    A store in WAL mode needs its ``-shm`` file, which SQLite creates beside it even to read;
    in a folder the instructor may only read (a copy, a shared class folder) that fails with
    "attempt to write a readonly database". Then the store is read without SQLite's locking:
    as ``immutable`` when nothing waits in its ``-wal`` file, else from a snapshot copy.
    """
    if not path.is_file():
        raise ReportError(
            f"no progress store at {path} (pass --db PATH or set LESSONQUIZ_DB)", exit_code=2
        )
    uri = path.resolve().as_uri()
    try:
        return _probed(sqlite3.connect(f"{uri}?mode=ro", uri=True))
    except sqlite3.Error as exc:
        if not _needs_write_access(exc):
            raise ReportError(f"{path} is not a lessonquiz progress store ({exc})") from None
        error = exc
    try:
        wal = path.with_name(path.name + "-wal")
        if wal.is_file() and wal.stat().st_size > 0:
            return _probed(_snapshot(path, wal))
        return _probed(sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True))
    except (sqlite3.Error, OSError) as exc:
        raise ReportError(f"cannot read {path} ({error}; read without locking: {exc})") from None


def _probed(conn: sqlite3.Connection) -> sqlite3.Connection:
    """``conn`` once it has answered a query on the attempts table (closed if it did not)."""
    try:
        conn.execute(_PROBE).fetchall()
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def _needs_write_access(exc: sqlite3.Error) -> bool:
    """Whether SQLite failed because it could not create a file beside the store (-shm)."""
    name = getattr(exc, "sqlite_errorname", "")  # Python 3.11+
    if name:
        return name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN"))
    text = str(exc)
    return "readonly database" in text or "unable to open database file" in text


def _snapshot(path: Path, wal: Path) -> sqlite3.Connection:
    """An in-memory copy of the store and its ``-wal``, read where SQLite may write its -shm.

    ``immutable`` would ignore the -wal file, and so the latest answers, without a word.
    """
    with tempfile.TemporaryDirectory(prefix="lessonquiz-report-") as folder:
        copy = Path(folder) / "store.sqlite"
        shutil.copyfile(path, copy)
        shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        source = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)
        try:
            memory = sqlite3.connect(":memory:")
            source.backup(memory)
        finally:
            source.close()
    return memory


def read_tally(conn: sqlite3.Connection, bank_id: str | None = None) -> Tally:
    """The tally of every attempt in the store (of one bank when ``bank_id`` is given)."""
    if conn.execute("PRAGMA user_version").fetchone()[0] >= SUMMARIES_SINCE:
        progress = f"SELECT {PROGRESS_COLUMNS} FROM question_progress"
        wrong = "SELECT bank_id, question_id, response, times FROM wrong_responses"
    else:  # an older store, opened read-only: compute the summaries from the history
        progress, wrong = PROGRESS_FROM_ATTEMPTS, WRONG_FROM_ATTEMPTS
    params = [bank_id] if bank_id else []
    where = " WHERE bank_id = ?" if bank_id else ""
    result = Tally()
    cells = result.cells
    conn.execute("BEGIN")  # one snapshot for both reads, while students keep answering
    try:
        rows = conn.execute(f"SELECT * FROM ({progress}) AS p{where}", params)
        for student, bank, question, n, first_right, tries, best in rows:
            group = cells.get((bank, question))
            if group is None:
                group = cells[(bank, question)] = {}
            group[student] = Cell(n, bool(first_right), tries, best)
        for bank, question, response, count in conn.execute(
            f"SELECT * FROM ({wrong}) AS w{where}", params
        ):
            result.wrong.setdefault((bank, question), Counter())[response] = count
    finally:
        conn.execute("COMMIT")
    return result


def known_banks(conn: sqlite3.Connection) -> list[str]:
    """The bank ids that have attempts in the store."""
    return [row[0] for row in conn.execute("SELECT DISTINCT bank_id FROM attempts ORDER BY 1")]


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
    finally:
        conn.close()
    return summarize(data, banks or {}, source=str(path))


# ----------------------------------------------------------------------------- figures


def summarize(data: Tally, banks: Mapping[str, Bank], source: str = "") -> Report:
    """The report's figures from a tally; ``banks`` (by id) give question order and counts.

    A bank without an entry in ``banks`` is scored out of the questions anyone attempted and
    named in ``Report.banks_without_file``, so the caller can say that its scores are not out
    of the whole bank.
    """
    by_bank: dict[str, list[str]] = defaultdict(list)
    for bank_id, question_id in data.cells:
        by_bank[bank_id].append(question_id)
    report = Report(source=source, questions=[], students=[])
    for bank_id in sorted(by_bank):
        bank = banks.get(bank_id)
        if bank is None:
            report.banks_without_file.append(bank_id)
        order = _question_order(bank, by_bank[bank_id])
        bank_cells = {q: data.cells.get((bank_id, q), {}) for q in order}
        scored = set(order) if bank is None else {q.id for q in bank.questions}
        firsts = _first_totals({q: c for q, c in bank_cells.items() if q in scored})
        for question_id in order:
            cells = bank_cells[question_id]
            report.questions.append(
                _question_stats(
                    bank_id, question_id, cells, firsts, data.wrong, question_id in scored
                )
            )
        report.students.extend(_student_scores(bank_id, bank_cells, scored))
    return report


def _question_order(bank: Bank | None, seen: list[str]) -> list[str]:
    if bank is None:
        return sorted(seen)
    written = [q.id for q in bank.questions]
    return written + sorted(set(seen) - set(written))


def _first_totals(bank_cells: Mapping[str, Mapping[str, Cell]]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for cells in bank_cells.values():
        for student, cell in cells.items():
            totals[student] += cell.first_right
    return totals


def _question_stats(
    bank_id: str,
    question_id: str,
    cells: Mapping[str, Cell],
    firsts: Mapping[str, int],
    wrong: Mapping[tuple[str, str], Counter[str]],
    scored: bool = True,
) -> QuestionStats:
    """One question's figures; an unscored question is not part of ``firsts`` (the totals)."""
    attempts = right = sum_rest = sum_rest_sq = sum_rest_right = 0
    tries: list[int] = []
    for student, cell in cells.items():  # one pass: a big class has many cells
        attempts += cell.attempts
        rest = firsts.get(student, 0) - (cell.first_right if scored else 0)
        sum_rest += rest
        sum_rest_sq += rest * rest
        if cell.first_right:
            right += 1
            sum_rest_right += rest
        if cell.tries_to_right is not None:
            tries.append(cell.tries_to_right)
    n = len(cells)
    top, top_count = None, 0
    counter = wrong.get((bank_id, question_id))
    if counter:
        top_text, top_count = min(counter.items(), key=lambda item: (-item[1], item[0]))
        try:
            top = json.loads(top_text)
        except ValueError:  # a damaged stored answer: show its text rather than fail
            top = top_text
    return QuestionStats(
        bank=bank_id,
        question=question_id,
        attempts=attempts,
        students=n,
        facility=right / n if n else None,
        discrimination=_correlation(n, right, sum_rest, sum_rest_right, sum_rest_sq),
        most_chosen_wrong=top,
        most_chosen_wrong_count=top_count,
        median_attempts_to_right=float(statistics.median(tries)) if tries else None,
        scored=scored,
    )


def point_biserial(item: list[int], rest: list[int]) -> float | None:
    """Pearson correlation of 0/1 ``item`` with ``rest``; None when undefined (see above)."""
    return _correlation(
        len(item),
        sum(item),
        sum(rest),
        sum(y for x, y in zip(item, rest, strict=True) if x),
        sum(y * y for y in rest),
    )


def _correlation(n: int, sx: int, sy: int, sxy: int, syy: int) -> float | None:
    """Pearson r of a 0/1 variable x with y from sums (x*x == x), in exact integers."""
    if n < 3:
        return None
    cov = n * sxy - sx * sy
    var_x = n * sx - sx * sx
    var_y = n * syy - sy * sy
    if var_x == 0 or var_y == 0:
        return None
    return cov / math.sqrt(var_x * var_y)


def _student_scores(
    bank_id: str, bank_cells: Mapping[str, Mapping[str, Cell]], scored: set[str]
) -> list[StudentScore]:
    """Each student who attempted the bank, scored on the ``scored`` questions only.

    A student whose only attempts are at unscored questions is still listed (with 0), so
    nobody who worked on the bank vanishes from the table.
    """
    points: dict[str, float] = defaultdict(float)
    answered: dict[str, int] = defaultdict(int)
    for question_id, cells in bank_cells.items():
        counts = question_id in scored
        for student, cell in cells.items():
            points[student] += cell.best if counts else 0.0
            answered[student] += counts
    out_of = len(scored)
    return [
        StudentScore(
            student=student,
            bank=bank_id,
            points=round(points[student], 6),
            out_of=out_of,
            score=round(points[student] / out_of, 6) if out_of else 0.0,
            answered=answered[student],
        )
        for student in sorted(points)
    ]


# ---------------------------------------------------------------------------- rendering

TABLES = ("questions", "students")
"""The report's two tables, by the name ``--table`` takes."""

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
    ]


def _student_row(s: StudentScore) -> list[str | None]:
    return [s.student, s.bank, f"{s.points:g}", str(s.out_of), f"{s.score:.2f}", str(s.answered)]


def _shown(table: str | None) -> tuple[str, ...]:
    if table is not None and table not in TABLES:
        raise ValueError(f"no table {table!r}; choose from {', '.join(TABLES)}")
    return TABLES if table is None else (table,)


def as_table(report: Report, table: str | None = None, width: int = 40) -> str:
    """Aligned plain text: the question table, then the student table (or only ``table``)."""
    lines: list[str] = []
    if "questions" in _shown(table):
        lines += _question_lines(report, width)
    if "students" in _shown(table):
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
    return "\n".join(lines) + "\n"


def _text_row(row: list[str | None]) -> list[str]:
    return ["n/a" if cell is None else one_line(cell) for cell in row]


def _question_lines(report: Report, width: int) -> list[str]:
    rows = []
    for q in report.questions:
        row = _text_row(_question_row(q))
        if not q.scored:
            row[1] += " *"
        wrong = row[7] if len(row[7]) <= width else row[7][: width - 1] + "…"
        rows.append([*row[:7], f"{wrong} ({row[8]})" if row[7] else "-"])
    head = [
        "bank",
        "question",
        "attempts",
        "students",
        "facility",
        "discrim.",
        "median",
        "most-chosen wrong answer (times)",
    ]
    notes = [
        "facility: share of students right on their first attempt; median: attempts until "
        "right, over students who got it right;",
        f"discrimination: {DISCRIMINATION}.",
    ]
    if any(not q.scored for q in report.questions):
        notes.append("* not in the bank file (renamed or removed): listed, not scored.")
    return [
        f"Questions ({report.source})",
        *_aligned(head, rows, right={2, 3, 4, 5, 6}),
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
    columns, rows = (
        (STUDENT_COLUMNS, [_student_row(s) for s in report.students])
        if table == "students"
        else (QUESTION_COLUMNS, [_question_row(q) for q in report.questions])
    )
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
    }
    if "questions" in _shown(table):
        data["questions"] = [asdict(q) for q in report.questions]
    if "students" in _shown(table):
        data["students"] = [asdict(s) for s in report.students]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


FORMATTERS: dict[str, Callable[[Report, str | None], str]] = {
    "table": as_table,
    "csv": as_csv,
    "json": as_json,
}
"""Report output formats by the name ``--format`` takes; each takes the report and a table
name (None: every table the format shows by default)."""
