"""Progress store: every attempt a student makes, kept in SQLite so a restart forgets nothing.

Why this shape: the history is one row per attempt, appended and never changed, which keeps
every answer and makes concurrent writers safe: two kernels of one student each write in their
own short transaction. WAL mode plus a busy timeout lets readers and writers overlap.

Beside the history, two running summaries let the class report read one small row per
(student, question) instead of re-scanning every attempt: ``question_progress`` (attempts,
first try right, attempts until the first right one, best score) and ``wrong_responses`` (how
often each wrong response was given). A trigger on ``attempts`` updates them in the inserting
transaction, whoever inserts (an older lessonquiz still running in some kernel included), so
they cannot drift from the history. They are derived data: a store from an older schema gets
them rebuilt from ``attempts`` when it is opened.

The queries are plain SQL that PostgreSQL runs too (``INSERT ... ON CONFLICT DO UPDATE``
exists in SQLite >= 3.24 and PostgreSQL >= 9.5; no SQLite-only functions). What a PostgreSQL
backend must replace is kept in named places here: the ``?`` parameter style (psycopg uses
``%s``), ``_ID_COLUMN`` (an identity column there), ``_BEGIN_WRITE`` (plain ``BEGIN``), the
trigger's wrapping in ``_SUMMARY_TRIGGER`` (a trigger function there; its two statements carry
over), and the schema version, kept in ``PRAGMA user_version`` (a one-row table there), with
the other PRAGMAs in ``_connect``.
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import platformdirs

SCHEMA_VERSION = 5
"""Stored in ``PRAGMA user_version``; bump it when the schema changes. Opening an older store
migrates it: every statement of ``_SCHEMA`` is idempotent and is applied, then ``_REBUILD``
recomputes the summaries from the history (version 2 replaced the index by a covering one;
version 3 added the summary tables; version 4 keeps them with a trigger; version 5 added
``attempts.hints_used``, see ``_ADDED_COLUMNS``)."""

HINTS_SINCE = 5
"""The first schema version whose attempts record ``hints_used``."""

SUMMARIES_SINCE = 3
"""The first schema version with ``question_progress`` and ``wrong_responses``."""

BUSY_TIMEOUT_MS = 10_000

_ID_COLUMN = "id INTEGER PRIMARY KEY"
"""SQLite numbers rows itself; PostgreSQL needs ``id BIGINT GENERATED ALWAYS AS IDENTITY``."""

_BEGIN_WRITE = "BEGIN IMMEDIATE"
"""Take the write lock at the start, so two writers queue instead of failing mid-transaction."""

_SCHEMA = (
    f"""CREATE TABLE IF NOT EXISTS attempts (
        {_ID_COLUMN},
        student TEXT NOT NULL,
        bank_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        question_hash TEXT NOT NULL,
        response TEXT NOT NULL,
        score REAL NOT NULL,
        correct INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        hints_used INTEGER NOT NULL DEFAULT 0
    )""",
    "DROP INDEX IF EXISTS attempts_by_question",
    # Covering: restoring a quiz (and a report on a store too old for the summaries) reads only
    # this index, not the table.
    """CREATE INDEX IF NOT EXISTS attempts_by_student_question
        ON attempts (student, bank_id, question_id, id, correct, score)""",
    """CREATE TABLE IF NOT EXISTS question_progress (
        student TEXT NOT NULL,
        bank_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        first_correct INTEGER NOT NULL,
        tries_to_correct INTEGER,
        best_score REAL NOT NULL,
        PRIMARY KEY (student, bank_id, question_id)
    )""",
    """CREATE TABLE IF NOT EXISTS wrong_responses (
        bank_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        response TEXT NOT NULL,
        times INTEGER NOT NULL,
        PRIMARY KEY (bank_id, question_id, response)
    )""",
)

PROGRESS_COLUMNS = (
    "student, bank_id, question_id, attempts, first_correct, tries_to_correct, best_score"
)
"""The columns of ``question_progress``, in the order ``PROGRESS_FROM_ATTEMPTS`` yields them."""

PROGRESS_FROM_ATTEMPTS = """
SELECT g.student, g.bank_id, g.question_id, g.n,
       CASE WHEN g.first_id = g.first_right_id THEN 1 ELSE 0 END,
       CASE WHEN g.first_right_id IS NULL THEN NULL
            WHEN g.first_id = g.first_right_id THEN 1
            ELSE (SELECT COUNT(*) FROM attempts b
                   WHERE b.student = g.student AND b.bank_id = g.bank_id
                     AND b.question_id = g.question_id AND b.id <= g.first_right_id) END,
       g.best
  FROM (SELECT student, bank_id, question_id, COUNT(*) AS n, MIN(id) AS first_id,
               MIN(CASE WHEN correct = 1 THEN id END) AS first_right_id, MAX(score) AS best
          FROM attempts
         GROUP BY student, bank_id, question_id) AS g
"""
"""``question_progress`` computed from the history: the migration's rebuild, and what the report
reads from a store it may not upgrade (opened read-only)."""

WRONG_FROM_ATTEMPTS = """
SELECT bank_id, question_id, response, COUNT(*) FROM attempts WHERE correct = 0
 GROUP BY bank_id, question_id, response
"""
"""``wrong_responses`` computed from the history (same two uses)."""

_SUMMARY_TRIGGER = f"""CREATE TRIGGER attempts_keep_summaries AFTER INSERT ON attempts
BEGIN
    INSERT INTO question_progress ({PROGRESS_COLUMNS})
        VALUES (NEW.student, NEW.bank_id, NEW.question_id, 1, NEW.correct,
                CASE WHEN NEW.correct = 1 THEN 1 END, NEW.score)
        ON CONFLICT (student, bank_id, question_id) DO UPDATE SET
            attempts = question_progress.attempts + 1,
            tries_to_correct = COALESCE(question_progress.tries_to_correct,
                CASE WHEN excluded.first_correct = 1 THEN question_progress.attempts + 1 END),
            best_score = CASE WHEN excluded.best_score > question_progress.best_score
                THEN excluded.best_score ELSE question_progress.best_score END;
    INSERT INTO wrong_responses (bank_id, question_id, response, times)
        SELECT NEW.bank_id, NEW.question_id, NEW.response, 1 WHERE NEW.correct = 0
        ON CONFLICT (bank_id, question_id, response) DO UPDATE SET
            times = wrong_responses.times + 1;
END"""
"""Keeps the summaries in step with every insert into ``attempts``, in the same transaction.
On conflict, each right-hand side reads the row as it was before this attempt."""

# --- issue 15 (hints_used): columns added to an existing table. ``ADD COLUMN`` is not
# idempotent, so ``_create`` adds each only where ``PRAGMA table_info`` lacks it.
_ADDED_COLUMNS = (("attempts", "hints_used", "INTEGER NOT NULL DEFAULT 0"),)
# --- end issue 15

_TRIGGERS = ("DROP TRIGGER IF EXISTS attempts_keep_summaries", _SUMMARY_TRIGGER)

_REBUILD = (  # the summaries rebuilt from the history when the schema is applied
    "DELETE FROM question_progress",
    "DELETE FROM wrong_responses",
    f"INSERT INTO question_progress ({PROGRESS_COLUMNS}) {PROGRESS_FROM_ATTEMPTS}",
    f"INSERT INTO wrong_responses (bank_id, question_id, response, times) {WRONG_FROM_ATTEMPTS}",
)

_COLUMNS = (
    "student, bank_id, question_id, question_hash, response, score, correct, created_at, "
    "hints_used"
)

_INSERT_ATTEMPT = f"INSERT INTO attempts ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"

@dataclass(frozen=True)
class Attempt:
    """One checked answer. ``response`` is the decoded JSON (a set is stored as a sorted list)."""

    student: str
    bank_id: str
    question_id: str
    question_hash: str
    response: Any
    score: float
    correct: bool
    created_at: str
    hints_used: int = 0
    """How many of the question's hints the student had opened when answering (issue 15)."""


def utc_now() -> str:
    """The current time as ISO 8601 UTC with microseconds, the format of ``created_at``."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def default_db_path() -> Path:
    """``LESSONQUIZ_DB`` if set, else ``progress.sqlite`` in the user's data directory."""
    configured = os.environ.get("LESSONQUIZ_DB")
    if configured:
        return Path(configured).expanduser()
    return platformdirs.user_data_path("lessonquiz") / "progress.sqlite"


def current_student(explicit: str | None = None) -> str:
    """Who is answering: ``explicit``, else LESSONQUIZ_STUDENT, JUPYTERHUB_USER, the OS user."""
    for name in (
        explicit,
        os.environ.get("LESSONQUIZ_STUDENT"),
        os.environ.get("JUPYTERHUB_USER"),
    ):
        if name and name.strip():
            return name.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # a container user with no passwd entry
        return "student"


def encode_response(response: Any) -> str:
    """JSON for a response; sets become sorted lists so equal answers store equal text."""

    def convert(value: Any) -> Any:
        if isinstance(value, set | frozenset):
            return sorted(value, key=str)
        if isinstance(value, tuple):
            return list(value)
        raise TypeError(f"cannot store a {type(value).__name__} as a response")

    return json.dumps(response, default=convert, ensure_ascii=False, sort_keys=True)


class ProgressStore:
    """Attempts in one SQLite file; one connection per store, opened on first use.

    Opening errors (read-only directory, a file that is not a database) surface as
    ``sqlite3.Error`` or ``OSError`` from the first call, so callers can fall back to memory.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path: Path = Path(path).expanduser() if path is not None else default_db_path()
        self._conn: sqlite3.Connection | None = None
        self.unreadable = 0
        """Rows skipped by the last ``latest``/``attempts`` because their response is not JSON."""

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _retry_busy(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise sqlite3.DatabaseError(
                    f"progress store schema {version} is newer than this lessonquiz "
                    f"({SCHEMA_VERSION}); upgrade lessonquiz"
                )
            if version < SCHEMA_VERSION:
                self._create(conn)
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return conn

    @staticmethod
    def _create(conn: sqlite3.Connection) -> None:
        conn.execute(_BEGIN_WRITE)
        try:
            for statement in _SCHEMA:
                conn.execute(statement)
            for table, column, declaration in _ADDED_COLUMNS:  # issue 15
                present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
                if column not in present:
                    conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
            for statement in (*_TRIGGERS, *_REBUILD):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def record(self, attempt: Attempt) -> None:
        """Append one attempt, and update the summaries, in one short transaction."""
        self.record_many([attempt])

    def record_many(self, attempts: Iterable[Attempt]) -> None:
        """Append attempts in order, all in one transaction (the trigger keeps the summaries)."""
        conn = self._connect()
        rows = [
            (
                attempt.student,
                attempt.bank_id,
                attempt.question_id,
                attempt.question_hash,
                encode_response(attempt.response),
                float(attempt.score),
                1 if attempt.correct else 0,
                attempt.created_at,
                int(attempt.hints_used),
            )
            for attempt in attempts
        ]
        conn.execute(_BEGIN_WRITE)
        try:
            conn.executemany(_INSERT_ATTEMPT, rows)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def latest(self, student: str, bank_id: str) -> dict[str, Attempt]:
        """The last attempt at each question of ``bank_id`` by ``student``, by question id."""
        rows = self._connect().execute(
            f"""SELECT {_COLUMNS} FROM attempts WHERE id IN (
                    SELECT MAX(id) FROM attempts WHERE student = ? AND bank_id = ?
                    GROUP BY question_id)""",
            (student, bank_id),
        )
        return {attempt.question_id: attempt for attempt in self._decoded(rows)}

    def attempts(self, *, bank_id: str | None = None, student: str | None = None) -> list[Attempt]:
        """Every attempt, optionally of one bank and/or one student, oldest first."""
        where, params = [], []
        if bank_id is not None:
            where.append("bank_id = ?")
            params.append(bank_id)
        if student is not None:
            where.append("student = ?")
            params.append(student)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self._connect().execute(
            f"SELECT {_COLUMNS} FROM attempts{clause} ORDER BY created_at, id", params
        )
        return list(self._decoded(rows))

    def _decoded(self, rows: Iterable[tuple[Any, ...]]) -> Iterator[Attempt]:
        """Attempts from rows, skipping (and counting) any whose response is not valid JSON:
        one damaged row should cost that answer, not the whole store."""
        self.unreadable = 0
        for row in rows:
            try:
                yield _attempt(row)
            except ValueError:
                self.unreadable += 1

    def close(self) -> None:
        """Close the connection; the store reopens it if used again."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _attempt(row: tuple[Any, ...]) -> Attempt:
    student, bank_id, question_id, question_hash, response, score, correct, created_at, hints = row
    return Attempt(
        student=student,
        bank_id=bank_id,
        question_id=question_id,
        question_hash=question_hash,
        response=json.loads(response),
        score=float(score),
        correct=bool(correct),
        created_at=created_at,
        hints_used=int(hints),
    )


def _retry_busy(action: Any, tries: int = 50) -> Any:
    """Switching to WAL needs a moment of exclusive access; another opener may hold it."""
    for attempt in range(tries):
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == tries - 1:
                raise
            time.sleep(0.05)
    return None
