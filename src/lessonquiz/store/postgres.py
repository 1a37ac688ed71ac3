"""The class's history in PostgreSQL: the shared schema in its PostgreSQL dialect (psycopg 3).

Only the hub service and ``lessonquiz report --db postgresql://...`` import this module; a
kernel never does. psycopg 3 rather than SQLAlchemy: the queries are already plain SQL shared
with SQLite (``store.schema``), so a query builder would add a layer and no safety; psycopg's
native asyncio connections and ``psycopg_pool.AsyncConnectionPool`` fit the service's tornado
loop without threads.

What PostgreSQL needs beyond the dialect:

- migrations numbered in ``pg_schema.MIGRATIONS``, recorded in ``schema_version``, applied
  under one transaction-level advisory lock so two services starting at once do not both
  apply them (``lessonquiz-service --setup``, with the roles' grants);
- a per-student advisory lock (``pg_advisory_xact_lock(hashtext(student))``) taken before a
  student's attempts are inserted: without SQLite's ``BEGIN IMMEDIATE`` two kernels of one
  student made the summaries drift from the history (0-3 of 1,000 pairs, measured);
- the report's reads in one ``REPEATABLE READ READ ONLY`` snapshot (under ``READ COMMITTED``
  the second read saw another writer's commit);
- roles (``pg_schema.grant``): the service may INSERT and SELECT the history and nothing else (no
  UPDATE, DELETE, TRUNCATE: it is append-only); the summaries are written by the trigger
  function, which runs as the owner (``SECURITY DEFINER``); the report role only reads.

Readers (``Snapshot`` for ``report --db postgresql://`` and ``validate --db``, the service's
``ClassHistory``) read databases of any schema up to ``SCHEMA_VERSION``: one still at
schema 1 has no ``hints_used`` and reports hint use as not recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import psycopg
from psycopg_pool import AsyncConnectionPool

from lessonquiz.store.pg_schema import (
    HINTS_SINCE,
    SCHEMA_VERSION,
    VERSION,
    SchemaError,
    checked_version,
)
from lessonquiz.store.schema import (
    COLUMNS,
    HINTS_COLUMN,
    POSTGRES,
    READ_PROGRESS,
    READ_WRONG,
    select_attempts,
    with_hints,
)
from lessonquiz.store.sqlite import Attempt, attempt_from_row

INSERT = POSTGRES.sql(
    f"INSERT INTO attempts ({COLUMNS}, attempt_uid, claimed_score, {HINTS_COLUMN})"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (student, attempt_uid) DO NOTHING RETURNING attempt_uid"
)
"""One attempt: ``COLUMNS``, then the attempt id, the claimed score and ``hints_used``."""
UID_INDEX = 8
"""Where the attempt id sits in an ``INSERT`` row."""
LOCK_STUDENT = "SELECT pg_advisory_xact_lock(hashtext(%s))"
SNAPSHOT = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"


READ_DAYS = (
    "SELECT bank_id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), COUNT(*) "
    "FROM attempts{where} GROUP BY 1, 2"
)
"""Attempts per bank and UTC day, counted as the SQLite report counts them."""

HINTS_RECORDED = f"SELECT EXISTS (SELECT 1 FROM attempts WHERE {HINTS_COLUMN} IS NOT NULL{{and_}})"
READ_HINTS = (
    f"SELECT bank_id, question_id, student, MAX({HINTS_COLUMN}) FROM attempts"
    f" WHERE {HINTS_COLUMN} > 0{{and_}} GROUP BY bank_id, question_id, student"
)
"""Most hints each student opened per question, as the SQLite report reads them."""


class TallyRows(NamedTuple):
    """The report's input from one snapshot: ``question_progress`` and ``wrong_responses``
    rows, attempts per (bank, UTC day), and (bank, question, student, most hints opened)
    rows, None when no attempt recorded hint use."""

    progress: list[Any]
    wrong: list[Any]
    days: list[Any]
    hints: list[Any] | None


def tally_queries(bank_id: str | None, version: int) -> list[tuple[str, list[str]]]:
    """The queries ``TallyRows`` is read with, in its order (hints: recorded?, then rows)."""
    where, params = (" WHERE bank_id = %s", [bank_id]) if bank_id else ("", [])
    and_ = " AND bank_id = %s" if bank_id else ""
    queries = [
        (READ_PROGRESS + where, params),
        (READ_WRONG + where, params),
        (READ_DAYS.format(where=where), params),
    ]
    if version >= HINTS_SINCE:
        queries.append((HINTS_RECORDED.format(and_=and_), params))
        queries.append((READ_HINTS.format(and_=and_), params))
    return queries


def tally_from_results(results: list[list[Any]]) -> TallyRows:
    """``TallyRows`` from the results of ``tally_queries``, in that order."""
    progress, wrong, days, *hints = results
    recorded = bool(hints) and bool(hints[0][0][0])
    return TallyRows(progress, wrong, days, hints[1] if recorded else None)


def history_query(
    bank_id: str | None, student: str | None, version: int
) -> tuple[str, list[str]]:
    """The history (``COLUMNS``, then ``hints_used`` from schema 2), oldest first."""
    query, params = select_attempts(bank_id, student)
    if version >= HINTS_SINCE:
        query = with_hints(query)
    return POSTGRES.sql(query), params


def history_row(row: Sequence[Any]) -> tuple[Any, ...]:
    """A history row with ``created_at`` as ISO 8601 text (and ``hints_used``, None if absent)."""
    stamp = row[7].isoformat(timespec="microseconds")
    return (*row[:7], stamp, row[8] if len(row) > 8 else None)


class Snapshot:
    """One ``REPEATABLE READ READ ONLY`` snapshot of a class database, for the report and
    ``validate --db``: the summaries and the history it reads agree with each other. A
    read-only role is enough. Raises ``psycopg.Error`` or ``SchemaError``."""

    def __init__(self, url: str) -> None:
        self.conn = psycopg.connect(url, autocommit=True)
        try:
            self.conn.execute(SNAPSHOT)
            try:
                row = self.conn.execute(VERSION).fetchone()
            except psycopg.errors.UndefinedTable:
                raise SchemaError(
                    "no lessonquiz schema in this database: run lessonquiz-service --setup"
                ) from None
            self.version = checked_version(row[0] if row else None)
        except BaseException:
            self.conn.close()
            raise

    def tally_rows(self, bank_id: str | None = None) -> TallyRows:
        return tally_from_results(
            [self.conn.execute(q, p).fetchall() for q, p in tally_queries(bank_id, self.version)]
        )

    def attempts(self, bank_id: str | None = None) -> list[Attempt]:
        """Every student's attempts (at ``bank_id``), oldest first; a row whose response is
        not JSON is skipped (it cannot be matched to a question)."""
        query, params = history_query(bank_id, None, self.version)
        found = []
        for row in self.conn.execute(query, params):
            try:
                found.append(attempt_from_row(history_row(row)))
            except ValueError:
                continue
        return found

    def banks(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT DISTINCT bank_id FROM attempts ORDER BY 1")]

    def close(self) -> None:
        try:
            if not self.conn.closed:
                self.conn.execute("COMMIT")
        finally:
            self.conn.close()


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
        """The schema version; ``SchemaError`` if it is missing or not this code's (a service
        must not write to a schema it does not know; ``--setup`` migrates it)."""
        async with self.pool.connection() as conn:
            try:
                cur = await conn.execute(VERSION)
            except psycopg.errors.UndefinedTable:
                raise SchemaError(
                    "no lessonquiz schema in this database: run lessonquiz-service --setup"
                ) from None
            row = await cur.fetchone()
        version = (row[0] if row else None) or 0
        if version != SCHEMA_VERSION:
            raise SchemaError(
                f"database schema {version}, this lessonquiz needs {SCHEMA_VERSION}: run "
                "lessonquiz-service --setup as the database owner"
                if version < SCHEMA_VERSION
                else f"database schema {version} is newer than this lessonquiz ({SCHEMA_VERSION})"
            )
        return version

    async def close(self) -> None:
        await self.pool.close()

    async def record(self, student: str, rows: Iterable[Sequence[Any]]) -> list[str]:
        """Insert one student's graded attempts in one transaction; the ids newly stored
        (an id already there is a retry and is skipped). Each row is ``COLUMNS`` without
        the student, then the attempt id, the claimed score and ``hints_used``."""
        rows = list(rows)
        async with self.pool.connection() as conn:
            # one round trip: BEGIN, the lock, the inserts and COMMIT sent together
            async with conn.pipeline(), conn.transaction():
                await conn.execute(LOCK_STUDENT, (student,))
                cursors = [await conn.execute(INSERT, (student, *row)) for row in rows]
            return [
                row[UID_INDEX - 1]
                for row, cur in zip(rows, cursors, strict=True)
                if await cur.fetchone() is not None
            ]

    async def attempts(
        self, *, bank_id: str | None = None, student: str | None = None
    ) -> list[tuple[Any, ...]]:
        """History rows (``COLUMNS`` and ``hints_used``), oldest first; ``created_at`` as
        ISO 8601 text."""
        query, params = history_query(bank_id, student, SCHEMA_VERSION)
        async with self.pool.connection() as conn:
            cur = await conn.execute(query, params)
            rows = await cur.fetchall()
        return [history_row(row) for row in rows]

    async def tally_rows(self, bank_id: str | None = None) -> TallyRows:
        """The summaries, attempts per day and hint use, read from one ``REPEATABLE READ
        READ ONLY`` snapshot."""
        async with self.pool.connection() as conn:
            await conn.execute(SNAPSHOT)
            try:
                results = [
                    await (await conn.execute(query, params)).fetchall()
                    for query, params in tally_queries(bank_id, SCHEMA_VERSION)
                ]
            finally:
                await conn.execute("COMMIT")
        return tally_from_results(results)
