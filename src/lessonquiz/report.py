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
"""

from __future__ import annotations

import csv
import io
import json
import math
import sqlite3
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
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


def open_store(path: Path) -> sqlite3.Connection:
    """A read-only connection to the progress store at ``path``; ``ReportError`` if unusable."""
    if not path.is_file():
        raise ReportError(
            f"no progress store at {path} (pass --db PATH or set LESSONQUIZ_DB)", exit_code=2
        )
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        conn.execute(
            "SELECT id, student, bank_id, question_id, response, score, correct "
            "FROM attempts LIMIT 1"
        ).fetchall()
    except sqlite3.Error as exc:
        raise ReportError(f"{path} is not a lessonquiz progress store ({exc})") from None
    return conn


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
    """The report's figures from a tally; ``banks`` (by id) give question order and counts."""
    by_bank: dict[str, list[str]] = defaultdict(list)
    for bank_id, question_id in data.cells:
        by_bank[bank_id].append(question_id)
    questions: list[QuestionStats] = []
    students: list[StudentScore] = []
    for bank_id in sorted(by_bank):
        bank = banks.get(bank_id)
        order = _question_order(bank, by_bank[bank_id])
        bank_cells = {q: data.cells.get((bank_id, q), {}) for q in order}
        firsts = _first_totals(bank_cells)
        for question_id in order:
            cells = bank_cells[question_id]
            questions.append(_question_stats(bank_id, question_id, cells, firsts, data.wrong))
        out_of = len(bank.questions) if bank else len(order)
        students.extend(_student_scores(bank_id, bank_cells, out_of))
    return Report(source=source, questions=questions, students=students)


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
) -> QuestionStats:
    attempts = right = sum_rest = sum_rest_sq = sum_rest_right = 0
    tries: list[int] = []
    for student, cell in cells.items():  # one pass: a big class has many cells
        attempts += cell.attempts
        rest = firsts[student] - cell.first_right
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
        top = json.loads(top_text)
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
    bank_id: str, bank_cells: Mapping[str, Mapping[str, Cell]], out_of: int
) -> list[StudentScore]:
    points: dict[str, float] = defaultdict(float)
    answered: dict[str, int] = defaultdict(int)
    for cells in bank_cells.values():
        for student, cell in cells.items():
            points[student] += cell.best
            answered[student] += 1
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


def _fixed(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _median(value: float | None) -> str:
    if value is None:
        return "n/a"
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
)
STUDENT_COLUMNS = ("student", "bank", "points", "out_of", "score", "answered")


def _question_row(q: QuestionStats) -> list[str]:
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
    ]


def _student_row(s: StudentScore) -> list[str]:
    return [s.student, s.bank, f"{s.points:g}", str(s.out_of), f"{s.score:.2f}", str(s.answered)]


def as_table(report: Report, width: int = 40) -> str:
    """Aligned plain text: the question table, then the student table."""
    rows = []
    for q in report.questions:
        row = _question_row(q)
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
    lines = [
        f"Questions ({report.source})",
        *_aligned(head, rows, right={2, 3, 4, 5, 6}),
        "",
        "facility: share of students right on their first attempt; median: attempts until "
        "right, over students who got it right;",
        f"discrimination: {DISCRIMINATION}.",
        "",
        "Students (score: sum of best scores / questions in the bank)",
        *_aligned(
            ["student", "bank", "points", "of", "score", "answered"],
            [_student_row(s) for s in report.students],
            right={2, 3, 4, 5},
        ),
    ]
    return "\n".join(lines) + "\n"


def _aligned(head: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        parts = [
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return [line(head), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def as_csv(report: Report) -> str:
    """The question table as CSV, a blank line, then the student table as CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(QUESTION_COLUMNS)
    writer.writerows(_question_row(q) for q in report.questions)
    buffer.write("\n")
    writer.writerow(STUDENT_COLUMNS)
    writer.writerows(_student_row(s) for s in report.students)
    return buffer.getvalue()


def as_json(report: Report) -> str:
    """Everything, with the definitions, as one JSON document."""
    data = {
        "source": report.source,
        "discrimination_method": DISCRIMINATION,
        "questions": [asdict(q) for q in report.questions],
        "students": [asdict(s) for s in report.students],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


FORMATTERS = {"table": as_table, "csv": as_csv, "json": as_json}
"""Report output formats by the name ``--format`` takes."""
