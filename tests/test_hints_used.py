"""Hint use (issue 15): recorded with each attempt, migrated into old stores, reported."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

from lessonquiz.report import as_csv, as_table, build_report, read_tally, summarize, tally
from lessonquiz.store import SCHEMA_VERSION, Attempt, ProgressStore, utc_now


def _attempt(student: str, question: str, hints: int, correct: bool = True) -> Attempt:
    return Attempt(
        student=student,
        bank_id="b",
        question_id=question,
        question_hash="h",
        response="x",
        score=1.0 if correct else 0.0,
        correct=correct,
        created_at=utc_now(),
        hints_used=hints,
    )


def test_hints_used_round_trips_and_defaults_to_not_recorded(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite")
    store.record(_attempt("ana", "q", 2))
    plain = Attempt("ana", "b", "q", "h", "y", 0.0, False, utc_now())
    store.record(plain)
    assert [a.hints_used for a in store.attempts()] == [2, None]


def test_a_version_4_store_gains_the_column_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "v4.sqlite"
    ProgressStore(path).record(_attempt("ana", "q", 0))  # then turn it back into schema 4
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX attempts_with_hints")  # schema 6's, on the column
    conn.execute("ALTER TABLE attempts DROP COLUMN hints_used")
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    store = ProgressStore(path)
    store.record(_attempt("bo", "q", 1))
    assert [(a.student, a.hints_used) for a in store.attempts()] == [("ana", None), ("bo", 1)]
    store.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
    conn.close()
    # Opening it again (the column now there) must not try to add it twice.
    assert len(ProgressStore(path).attempts()) == 2


def test_an_older_writer_that_names_no_hints_column_records_unknown(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    ProgressStore(path).record(_attempt("ana", "q", 3))
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO attempts (student, bank_id, question_id, question_hash, response, "
            "score, correct, created_at) VALUES ('bo', 'b', 'q', 'h', '\"x\"', 1.0, 1, 't')"
        )
    conn.close()
    assert [a.hints_used for a in ProgressStore(path).attempts()] == [3, None]


def test_the_report_gives_the_share_of_students_who_opened_a_hint(tmp_path: Path) -> None:
    attempts = [
        _attempt("ana", "q", 0, correct=False),
        _attempt("ana", "q", 2),  # opened two hints before the second try
        _attempt("bo", "q", 0),
        _attempt("cy", "q", 1),
        _attempt("dee", "q", 0),
        _attempt("ana", "r", 0),
    ]
    path = tmp_path / "p.sqlite"
    ProgressStore(path).record_many(attempts)
    pure = summarize(tally(attempts), {})
    conn = sqlite3.connect(path)
    try:
        assert read_tally(conn).hints == tally(attempts).hints == {("b", "q"): {"ana": 2, "cy": 1}}
    finally:
        conn.close()
    report = build_report(path)
    assert [(q.question, q.hinted) for q in report.questions] == [("q", 0.5), ("r", 0.0)]
    assert [(q.question, q.hinted) for q in pure.questions] == [("q", 0.5), ("r", 0.0)]
    rows = list(csv.DictReader(io.StringIO(as_csv(report))))
    assert [(row["question"], row["hinted"]) for row in rows] == [("q", "0.50"), ("r", "0.00")]
    head, _, first = as_table(report).splitlines()[1:4]
    assert head.split()[7] == "hinted" and first.split()[7] == "0.50"


def test_the_quiz_records_how_many_hints_were_open(tmp_path: Path) -> None:
    from lessonquiz.bank.loader import load_bank
    from lessonquiz.widgets import Quiz
    from tests.conftest import FIXTURES

    bank = load_bank(FIXTURES / "banks" / "good-hint-list.yaml")
    db = tmp_path / "quiz.sqlite"
    view = Quiz(bank, db=db, seed=1).view("hints")
    view.response = False
    view.check()
    view.hint()
    view.response = True
    view.check()
    assert [a.hints_used for a in ProgressStore(db).attempts()] == [0, 1]


def test_a_store_that_never_recorded_hints_reports_them_unknown(tmp_path: Path) -> None:
    path = tmp_path / "v4.sqlite"
    ProgressStore(path).record(_attempt("ana", "q", 0))
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX attempts_with_hints")  # schema 6's, on the column
    conn.execute("ALTER TABLE attempts DROP COLUMN hints_used")
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    report = build_report(path)  # read-only: the report does not migrate the store
    assert [(q.question, q.hinted) for q in report.questions] == [("q", None)]
    assert "n/a" in as_table(report).splitlines()[3]


def test_hint_counts_are_read_through_their_index_from_a_version_5_store(tmp_path: Path) -> None:
    """Schema 6 indexes only the attempts that used a hint, so the report's hint counts no
    longer scan every attempt (the quiz records 0 for each Check without a hint)."""
    path = tmp_path / "v5.sqlite"
    with ProgressStore(path) as store:
        store.record_many([_attempt(f"s{i}", "q", 0) for i in range(40)])
        store.record_many([_attempt("ana", "q", 2), _attempt("bo", "q", 1), _attempt("bo", "r", 0)])
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX attempts_with_hints")  # back to schema 5
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    before = [(q.question, q.hinted) for q in build_report(path).questions]
    ProgressStore(path).attempts()  # a quiz opening it migrates it
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
    plan = conn.execute(
        "EXPLAIN QUERY PLAN SELECT bank_id, question_id, student, MAX(hints_used) FROM attempts"
        " WHERE hints_used > 0 GROUP BY bank_id, question_id, student"
    ).fetchall()
    conn.close()
    assert "attempts_with_hints" in str(plan), plan
    after = [(q.question, q.hinted) for q in build_report(path).questions]
    assert after == before and dict(after)["q"] not in (None, 0)
