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

The schema and queries are shared with PostgreSQL (``lessonquiz.store.schema``); this module
is the SQLite engine: PRAGMAs, WAL, ``BEGIN IMMEDIATE`` and ``PRAGMA user_version``.
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import platformdirs

from lessonquiz.store.schema import (
    COLUMNS,
    HINTS_COLUMN,
    LATEST,
    REBUILD,
    SQLITE,
    TABLES,
    select_attempts,
    with_hints,
)

SCHEMA_VERSION = 6
"""Stored in ``PRAGMA user_version``; bump it when the schema changes. Opening an older store
migrates it: every statement of ``_SCHEMA`` is idempotent and is applied, then ``_REBUILD``
recomputes the summaries from the history (version 2 replaced the index by a covering one;
version 3 added the summary tables; version 4 keeps them with a trigger; version 5 added
``attempts.hints_used``, see ``_ADDED_COLUMNS``; version 6 indexes the attempts that used a
hint, see ``_AFTER_COLUMNS``)."""

HINTS_SINCE = 5
"""The first schema version whose attempts record ``hints_used``."""

SUMMARIES_SINCE = 3
"""The first schema version with ``question_progress`` and ``wrong_responses``."""

BUSY_TIMEOUT_MS = 10_000

_SCHEMA = tuple(SQLITE.sql(statement) for statement in TABLES)
_TRIGGERS = SQLITE.trigger()
_REBUILD = REBUILD
_BEGIN_WRITE = SQLITE.begin_write
# --- issue 15 (hints_used): how many hints were open at each attempt (the hub service's
# PostgreSQL history has it since its schema 2). ``ADD COLUMN`` is not idempotent, so
# ``_create`` adds it only where ``PRAGMA table_info`` lacks it.
_ADDED_COLUMNS = (("attempts", HINTS_COLUMN, "INTEGER"),)  # NULL: not recorded
_AFTER_COLUMNS = (
    # The report's hint counts read only attempts with a hint open: a partial index holds just
    # those, so the report no longer scans every attempt (about 0.13 s at 100,000 attempts,
    # where the quiz records hints_used = 0 for every Check without a hint).
    f"""CREATE INDEX IF NOT EXISTS attempts_with_hints
        ON attempts (bank_id, question_id, student, {HINTS_COLUMN}) WHERE {HINTS_COLUMN} > 0""",
)
_COLUMNS = f"{COLUMNS}, {HINTS_COLUMN}"
_INSERT_ATTEMPT = f"INSERT INTO attempts ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
_with_hints = with_hints
_LATEST = _with_hints(LATEST)


# --- end issue 15


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
    uid: str = ""
    """Made at Check where answers go to a hub service, so a retried post is stored once."""
    hints_used: int | None = None
    """How many of the question's hints the student had opened when answering (issue 15);
    None where that was not recorded (older stores, older hub services)."""


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
    """Who is answering: ``explicit``, else LESSONQUIZ_STUDENT, JUPYTERHUB_USER, the OS user.

    On a hub with the lessonquiz service (``LESSONQUIZ_URL`` set) it is the server's Hub user,
    whatever was asked: there the service takes the name from the Hub's token anyway, and the
    local outbox should not say otherwise.
    """
    hub_user = os.environ.get("JUPYTERHUB_USER", "").strip()
    if hub_user and os.environ.get("LESSONQUIZ_URL", "").strip():
        return hub_user
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
            for statement in (*_AFTER_COLUMNS, *_TRIGGERS, *_REBUILD):
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
        attempts = list(attempts)
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
                attempt.hints_used,
            )
            for attempt in attempts
        ]
        conn.execute(_BEGIN_WRITE)
        try:
            conn.executemany(_INSERT_ATTEMPT, rows)
            self._in_same_transaction(conn, attempts)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _in_same_transaction(self, conn: sqlite3.Connection, attempts: list[Attempt]) -> None:
        """Written with the attempts, or not at all (the hub outbox queues them here)."""

    def pending_message(self) -> str:
        """Words for answers waiting to reach a hub service: none wait in a local store."""
        return ""

    def latest(self, student: str, bank_id: str) -> dict[str, Attempt]:
        """The last attempt at each question of ``bank_id`` by ``student``, by question id."""
        rows = self._connect().execute(_LATEST, (student, bank_id))
        return {attempt.question_id: attempt for attempt in self._decoded(rows)}

    def attempts(self, *, bank_id: str | None = None, student: str | None = None) -> list[Attempt]:
        """Every attempt, optionally of one bank and/or one student, oldest first."""
        query, params = select_attempts(bank_id, student)
        rows = self._connect().execute(_with_hints(query), params)
        return list(self._decoded(rows))

    def _decoded(self, rows: Iterable[tuple[Any, ...]]) -> Iterator[Attempt]:
        """Attempts from rows, skipping (and counting) any whose response is not valid JSON:
        one damaged row should cost that answer, not the whole store."""
        self.unreadable = 0
        for row in rows:
            try:
                yield attempt_from_row(row)
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


def attempt_from_row(row: Sequence[Any]) -> Attempt:
    """An ``Attempt`` from a history row: ``COLUMNS`` (``created_at`` as text), then
    ``hints_used`` if read; ``ValueError`` when the response is not JSON."""
    student, bank_id, question_id, question_hash, response, score, correct, created_at = row[:8]
    return Attempt(
        student=student,
        bank_id=bank_id,
        question_id=question_id,
        question_hash=question_hash,
        response=json.loads(response),
        score=float(score),
        correct=bool(correct),
        created_at=created_at,
        hints_used=row[8] if len(row) > 8 else None,
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
