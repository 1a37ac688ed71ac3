"""The progress store: attempts round-trip, the latest per question, concurrency, bad files."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lessonquiz.store import (
    PROGRESS_COLUMNS,
    PROGRESS_FROM_ATTEMPTS,
    SCHEMA_VERSION,
    WRONG_FROM_ATTEMPTS,
    Attempt,
    ProgressStore,
    current_student,
    default_db_path,
    encode_response,
    utc_now,
)


def _attempt(question_id: str = "q1", response: object = "First", **over: object) -> Attempt:
    fields: dict[str, object] = {
        "student": "ana",
        "bank_id": "fixture",
        "question_id": question_id,
        "question_hash": "abc",
        "response": response,
        "score": 1.0,
        "correct": True,
        "created_at": utc_now(),
    }
    fields.update(over)
    return Attempt(**fields)  # type: ignore[arg-type]


def test_round_trip_and_set_as_sorted_list(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite")
    store.record(_attempt("q-multiple", {"b", "a"}, score=0.5, correct=False))
    [got] = store.attempts()
    assert got.response == ["a", "b"]
    assert (got.score, got.correct, got.student, got.bank_id) == (0.5, False, "ana", "fixture")
    assert got.created_at.endswith("+00:00")
    store.close()


def test_latest_is_last_attempt_per_question(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite")
    store.record(_attempt("q1", "Second", correct=False, score=0.0))
    store.record(_attempt("q1", "First"))
    store.record(_attempt("q2", 5.5))
    store.record(_attempt("q1", "Other bank", bank_id="other"))
    store.record(_attempt("q1", "Other student", student="bo"))
    latest = store.latest("ana", "fixture")
    assert {k: v.response for k, v in latest.items()} == {"q1": "First", "q2": 5.5}
    assert len(store.attempts(bank_id="fixture")) == 4
    assert len(store.attempts(student="bo")) == 1
    assert len(store.attempts(bank_id="fixture", student="ana")) == 3


def test_schema_version_and_index(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    ProgressStore(path).record(_attempt())
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    indexes = sorted(row[1] for row in conn.execute("PRAGMA index_list(attempts)"))
    assert indexes == ["attempts_by_student_question", "attempts_with_hints"]
    columns = [row[2] for row in conn.execute("PRAGMA index_info(attempts_by_student_question)")]
    assert columns == ["student", "bank_id", "question_id", "id", "correct", "score"]
    conn.close()


def test_default_path_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LESSONQUIZ_DB", str(tmp_path / "x.sqlite"))
    assert default_db_path() == tmp_path / "x.sqlite"
    assert ProgressStore().path == tmp_path / "x.sqlite"
    monkeypatch.delenv("LESSONQUIZ_DB")
    assert default_db_path().name == "progress.sqlite"


def test_current_student_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LESSONQUIZ_STUDENT", "env-student")
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-user")
    assert current_student("explicit") == "explicit"
    assert current_student() == "env-student"
    monkeypatch.delenv("LESSONQUIZ_STUDENT")
    assert current_student() == "hub-user"
    monkeypatch.delenv("JUPYTERHUB_USER")
    assert current_student()


def test_encode_response_is_canonical() -> None:
    assert encode_response({"b", "a"}) == encode_response(["a", "b"])
    assert encode_response({"y": "2", "x": "1"}) == '{"x": "1", "y": "2"}'
    with pytest.raises(TypeError):
        encode_response(object())


def test_corrupt_file_raises_sqlite_error(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(sqlite3.DatabaseError):
        ProgressStore(path).latest("ana", "fixture")


def test_unwritable_location_raises(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises((sqlite3.Error, OSError)):
        ProgressStore(blocker / "sub" / "p.sqlite").record(_attempt())


_WRITER = textwrap.dedent(
    """
    import sys
    from lessonquiz.store import Attempt, ProgressStore, utc_now
    path, worker = sys.argv[1], sys.argv[2]
    store = ProgressStore(path)
    for i in range(250):
        right = i % 3 == 0
        store.record(Attempt("ana", "fixture", f"q{i % 7}", "h", {"w": worker, "i": i},
                             1.0 if right else 0.0, right, utc_now()))
    store.close()
    """
)


def test_four_processes_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(w)]) for w in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    attempts = ProgressStore(path).attempts()
    assert len(attempts) == 1000
    seen = {(a.response["w"], a.response["i"]) for a in attempts}
    assert len(seen) == 1000
    # The running summaries, updated by four writers at once, equal a rebuild from the history.
    conn = sqlite3.connect(path)
    try:
        kept = sorted(conn.execute(f"SELECT {PROGRESS_COLUMNS} FROM question_progress"))
        assert kept == sorted(conn.execute(PROGRESS_FROM_ATTEMPTS))
        assert sum(row[3] for row in kept) == 1000
        wrong = sorted(conn.execute("SELECT * FROM wrong_responses"))
        assert wrong == sorted(conn.execute(WRONG_FROM_ATTEMPTS))
        assert sum(row[3] for row in wrong) == 4 * sum(1 for i in range(250) if i % 3)
    finally:
        conn.close()


def test_a_version_1_store_is_upgraded_in_place(tmp_path) -> None:
    """Stores written by schema 1 keep every row and get the summaries built from them."""
    path = tmp_path / "old.sqlite"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE attempts (id INTEGER PRIMARY KEY, student TEXT NOT NULL, bank_id TEXT "
        "NOT NULL, question_id TEXT NOT NULL, question_hash TEXT NOT NULL, response TEXT NOT "
        "NULL, score REAL NOT NULL, correct INTEGER NOT NULL, created_at TEXT NOT NULL)"
    )
    old.execute("CREATE INDEX attempts_by_question ON attempts (student, bank_id, question_id, id)")
    old.executemany(
        "INSERT INTO attempts VALUES (?, 'ana', 'b', 'q', 'h', ?, ?, ?, '2026-01-01T00:00:00Z')",
        [(1, '"x"', 0.0, 0), (2, '"x"', 0.0, 0), (3, '"y"', 0.5, 0), (4, '"z"', 1.0, 1)],
    )
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    store = ProgressStore(path)
    assert [a.response for a in store.attempts()] == ["x", "x", "y", "z"]
    store.record(_attempt("q", "x", bank_id="b", score=0.0, correct=False))
    store.close()
    conn = sqlite3.connect(path)
    indexes = {row[1] for row in conn.execute("PRAGMA index_list(attempts)")}
    assert indexes == {"attempts_by_student_question", "attempts_with_hints"}
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
    # attempts, first try right, tries until right, best score: the old rows plus the new one
    assert conn.execute(f"SELECT {PROGRESS_COLUMNS} FROM question_progress").fetchall() == [
        ("ana", "b", "q", 5, 0, 4, 1.0)
    ]
    wrong = conn.execute("SELECT response, times FROM wrong_responses ORDER BY 1").fetchall()
    assert wrong == [('"x"', 3), ('"y"', 1)]
    conn.close()


def test_a_writer_that_only_appends_history_keeps_the_summaries_right(tmp_path: Path) -> None:
    """An older lessonquiz still running in some kernel inserts into ``attempts`` only."""
    path = tmp_path / "p.sqlite"
    store = ProgressStore(path)
    store.record(_attempt("q", "x", score=0.0, correct=False))
    old_code = sqlite3.connect(path)
    with old_code:
        old_code.execute(
            "INSERT INTO attempts (student, bank_id, question_id, question_hash, response, "
            "score, correct, created_at) VALUES ('ana', 'fixture', 'q', 'h', '\"y\"', 1.0, 1, 't')"
        )
    old_code.close()
    store.record(_attempt("q", "x", score=0.0, correct=False))
    store.close()
    conn = sqlite3.connect(path)
    try:
        kept = conn.execute(f"SELECT {PROGRESS_COLUMNS} FROM question_progress").fetchall()
        assert kept == conn.execute(PROGRESS_FROM_ATTEMPTS).fetchall()
        assert kept == [("ana", "fixture", "q", 3, 0, 2, 1.0)]
        wrong = conn.execute("SELECT response, times FROM wrong_responses").fetchall()
        assert wrong == [('"x"', 2)]
    finally:
        conn.close()
