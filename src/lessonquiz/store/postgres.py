"""The class's history in PostgreSQL: the shared schema in its PostgreSQL dialect (psycopg 3).

Only the hub service and ``lessonquiz report --db postgresql://...`` import this module; a
kernel never does. psycopg 3 rather than SQLAlchemy: the queries are already plain SQL shared
with SQLite (``store.schema``), so a query builder would add a layer and no safety; psycopg's
native asyncio connections and ``psycopg_pool.AsyncConnectionPool`` fit the service's tornado
loop without threads.

What PostgreSQL needs beyond the dialect:

- migrations numbered in ``MIGRATIONS``, recorded in ``schema_version``, applied under one
  transaction-level advisory lock so two services starting at once do not both apply them;
- a per-student advisory lock (``pg_advisory_xact_lock(hashtext(student))``) taken before a
  student's attempts are inserted: without SQLite's ``BEGIN IMMEDIATE`` two kernels of one
  student made the summaries drift from the history (0-3 of 1,000 pairs, measured);
- the report's reads in one ``REPEATABLE READ READ ONLY`` snapshot (under ``READ COMMITTED``
  the second read saw another writer's commit);
- roles (``GRANTS``): the service may INSERT and SELECT the history and nothing else (no
  UPDATE, DELETE, TRUNCATE: it is append-only); the summaries are written by the trigger
  function, which runs as the owner (``SECURITY DEFINER``); the report role only reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import psycopg
from psycopg import sql
from psycopg_pool import AsyncConnectionPool

from lessonquiz.store.schema import (
    COLUMNS,
    POSTGRES,
    READ_PROGRESS,
    READ_WRONG,
    TABLES,
    select_attempts,
)

MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        *(POSTGRES.sql(statement) for statement in TABLES),
        # a retried post (same attempt id from the same student) is stored once; keyed with the
        # student, so nobody can take another student's attempt id first
        "CREATE UNIQUE INDEX IF NOT EXISTS attempts_by_uid ON attempts (student, attempt_uid)",
        *POSTGRES.trigger(),
    ),
}
"""Schema version -> the statements that bring the previous version to it."""

SCHEMA_VERSION = max(MIGRATIONS)
_MIGRATION_LOCK = 7_311_846_257  # any constant: one key for "the schema is being changed"
_TABLES = ("attempts", "question_progress", "wrong_responses", "schema_version")

INSERT = POSTGRES.sql(
    f"INSERT INTO attempts ({COLUMNS}, attempt_uid, claimed_score)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (student, attempt_uid) DO NOTHING RETURNING attempt_uid"
)
LOCK_STUDENT = "SELECT pg_advisory_xact_lock(hashtext(%s))"
SNAPSHOT = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"


class SchemaError(Exception):
    """The database's schema is newer than this lessonquiz, or not set up yet."""


def migrate(conn: psycopg.Connection[Any]) -> int:
    """Bring the schema to ``SCHEMA_VERSION`` (as the database owner); the version reached."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        current = (row[0] if row else None) or 0
        if current > SCHEMA_VERSION:
            raise SchemaError(
                f"database schema {current} is newer than this lessonquiz ({SCHEMA_VERSION})"
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))
    return SCHEMA_VERSION


def grant(conn: psycopg.Connection[Any], service_role: str, report_role: str | None) -> None:
    """Give ``service_role`` append-only access and ``report_role`` read-only access."""
    tables = sql.SQL(", ").join(sql.Identifier(name) for name in _TABLES)
    reads = sql.SQL(", ").join(sql.Identifier(name) for name in _TABLES if name != "attempts")
    with conn.transaction():
        conn.execute(sql.SQL("REVOKE ALL ON {} FROM PUBLIC").format(tables))
        conn.execute(
            sql.SQL("GRANT SELECT, INSERT ON attempts TO {}").format(sql.Identifier(service_role))
        )
        conn.execute(
            sql.SQL("GRANT SELECT ON {} TO {}").format(reads, sql.Identifier(service_role))
        )
        if report_role:
            conn.execute(
                sql.SQL("GRANT SELECT ON {} TO {}").format(tables, sql.Identifier(report_role))
            )


READ_DAYS = (
    "SELECT bank_id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), COUNT(*) "
    "FROM attempts{where} GROUP BY 1, 2"
)
"""Attempts per bank and UTC day, counted as the SQLite report counts them."""


def read_tally_rows(
    url: str, bank_id: str | None = None
) -> tuple[list[Any], list[Any], list[Any]]:
    """``question_progress``, ``wrong_responses`` and attempts-per-day rows, one snapshot."""
    with psycopg.connect(url, autocommit=True) as conn:
        return _tally_rows(conn, bank_id)


def _tally_rows(
    conn: psycopg.Connection[Any], bank_id: str | None
) -> tuple[list[Any], list[Any], list[Any]]:
    where, params = (" WHERE bank_id = %s", [bank_id]) if bank_id else ("", [])
    conn.execute(SNAPSHOT)
    try:
        progress = conn.execute(READ_PROGRESS + where, params).fetchall()
        wrong = conn.execute(READ_WRONG + where, params).fetchall()
        days = conn.execute(READ_DAYS.format(where=where), params).fetchall()
    finally:
        conn.execute("COMMIT")
    return progress, wrong, days


class ClassHistory:
    """The service's view of the history: a pool of async connections to one database."""

    def __init__(self, url: str, min_size: int = 2, max_size: int = 8) -> None:
        self.url = url
        self.pool = AsyncConnectionPool(
            url,
            min_size=min_size,
            max_size=max_size,
            kwargs={"autocommit": True},
            open=False,
            timeout=3,  # a request waits this long for a connection, then answers 503
        )

    async def open(self) -> None:
        """Open the pool and check the schema is there (set up by ``lessonquiz-service
        --setup``); a database that is down now is waited for by each request instead."""
        await self.pool.open(wait=False)

    async def check_schema(self) -> int:
        """The schema version; ``SchemaError`` if it is missing or newer than this code."""
        async with self.pool.connection() as conn:
            try:
                cur = await conn.execute("SELECT MAX(version) FROM schema_version")
            except psycopg.errors.UndefinedTable:
                raise SchemaError(
                    "no lessonquiz schema in this database: run lessonquiz-service --setup"
                ) from None
            row = await cur.fetchone()
        version = (row[0] if row else None) or 0
        if version != SCHEMA_VERSION:
            raise SchemaError(f"database schema {version}, this lessonquiz needs {SCHEMA_VERSION}")
        return version

    async def close(self) -> None:
        await self.pool.close()

    async def record(self, student: str, rows: Iterable[Sequence[Any]]) -> list[str]:
        """Insert one student's graded attempts in one transaction; the ids newly stored
        (an id already there is a retry and is skipped). Each row is ``COLUMNS`` without
        the student, then the attempt id and the claimed score."""
        rows = list(rows)
        async with self.pool.connection() as conn:
            # one round trip: BEGIN, the lock, the inserts and COMMIT sent together
            async with conn.pipeline(), conn.transaction():
                await conn.execute(LOCK_STUDENT, (student,))
                cursors = [await conn.execute(INSERT, (student, *row)) for row in rows]
            return [
                row[-2]
                for row, cur in zip(rows, cursors, strict=True)
                if await cur.fetchone() is not None
            ]

    async def attempts(
        self, *, bank_id: str | None = None, student: str | None = None
    ) -> list[tuple[Any, ...]]:
        """History rows (``COLUMNS``), oldest first; ``created_at`` as ISO 8601 text."""
        query, params = select_attempts(bank_id, student)
        async with self.pool.connection() as conn:
            cur = await conn.execute(POSTGRES.sql(query), params)
            rows = await cur.fetchall()
        return [(*row[:-1], row[-1].isoformat(timespec="microseconds")) for row in rows]

    async def tally_rows(
        self, bank_id: str | None = None
    ) -> tuple[list[Any], list[Any], list[Any]]:
        """The summaries and attempts per day, read from one ``REPEATABLE READ READ ONLY``
        snapshot."""
        where, params = (" WHERE bank_id = %s", [bank_id]) if bank_id else ("", [])
        async with self.pool.connection() as conn:
            await conn.execute(SNAPSHOT)
            try:
                progress = await (await conn.execute(READ_PROGRESS + where, params)).fetchall()
                wrong = await (await conn.execute(READ_WRONG + where, params)).fetchall()
                days = await (
                    await conn.execute(READ_DAYS.format(where=where), params)
                ).fetchall()
            finally:
                await conn.execute("COMMIT")
        return progress, wrong, days
