"""``lessonquiz report --answers QUESTION-ID``: what each student wrote, for the instructor.

Written questions (issue 15) are not graded, so the figures say nothing about them; the
instructor reads the answers instead. Each student's latest answer is listed (an earlier
one they replaced is history, still in the store), with when it was saved and its length
in words. Any question id works: the typed answers of a ``text`` question are worth reading
too.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from lessonquiz.report.render import compact, csv_cell, one_line


@dataclass(frozen=True)
class Answer:
    """One student's latest answer to one question."""

    bank: str
    question: str
    student: str
    saved_at: str
    response: Any
    words: int


def read_answers(
    conn: sqlite3.Connection, question_id: str, bank_id: str | None = None
) -> list[Answer]:
    """The latest answer of every student to ``question_id`` (in ``bank_id`` when given),
    by bank then student. A damaged stored answer is shown as its stored text."""
    where = "question_id = ?" + (" AND bank_id = ?" if bank_id else "")
    params = [question_id, *([bank_id] if bank_id else [])]
    rows = conn.execute(
        f"""SELECT bank_id, question_id, student, created_at, response FROM attempts
             WHERE id IN (SELECT MAX(id) FROM attempts WHERE {where}
                          GROUP BY bank_id, student)
             ORDER BY bank_id, student""",
        params,
    )
    found = []
    for bank, question, student, saved_at, stored in rows:
        try:
            response = json.loads(stored)
        except ValueError:
            response = stored
        text = response if isinstance(response, str) else compact(response)
        found.append(Answer(bank, question, student, saved_at, response, len(text.split())))
    return found


def as_text(answers: list[Answer]) -> str:
    """One block per student: a heading line, then the answer indented, line breaks kept."""
    blocks = []
    for answer in answers:
        text = answer.response if isinstance(answer.response, str) else compact(answer.response)
        body = "\n".join(f"    {one_line(line)}" for line in text.splitlines() or [""])
        blocks.append(
            f"{one_line(answer.student)} ({answer.bank}, saved {answer.saved_at}, "
            f"{answer.words} words)\n{body}"
        )
    return "\n\n".join(blocks) + "\n"


def as_csv(answers: list[Answer]) -> str:
    """bank, question, student, saved_at, words, answer (guarded against formulas)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["bank", "question", "student", "saved_at", "words", "answer"])
    for a in answers:
        text = a.response if isinstance(a.response, str) else compact(a.response)
        writer.writerow(
            [csv_cell(v) for v in (a.bank, a.question, a.student, a.saved_at, str(a.words), text)]
        )
    return buffer.getvalue()


def as_json(answers: list[Answer]) -> str:
    """Every answer with its fields, as one JSON list."""
    return json.dumps([asdict(a) for a in answers], indent=2, ensure_ascii=False) + "\n"


FORMATS = {"table": as_text, "csv": as_csv, "json": as_json}
"""The answer listing by the name ``--format`` takes."""
