"""The class database's schema (PostgreSQL): numbered migrations, and the roles' grants.

Apart from ``store.postgres`` (reading and writing) because ``lessonquiz-service --setup``
is the only writer of the schema and runs as its owner: migrations are applied in one
transaction under one advisory lock, so two services started at once do not both apply
them, and each version's row in ``schema_version`` is written with its statements.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from lessonquiz.store.schema import HINTS_COLUMN, POSTGRES, TABLES

MAX_HINTS_USED = 1_000
"""The database refuses a larger ``hints_used`` (the service checks it against the bank)."""

MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        *(POSTGRES.sql(statement) for statement in TABLES),
        # a retried post (same attempt id from the same student) is stored once; keyed with the
        # student, so nobody can take another student's attempt id first
        "CREATE UNIQUE INDEX IF NOT EXISTS attempts_by_uid ON attempts (student, attempt_uid)",
        *POSTGRES.trigger(),
    ),
    # issue 15: hint use goes with each attempt, as in the SQLite store's schema 5; the rows
    # already there keep NULL (not recorded). Adding a NULL column rewrites no row.
    2: (
        f"ALTER TABLE attempts ADD COLUMN IF NOT EXISTS {HINTS_COLUMN} INTEGER"
        f" CONSTRAINT attempts_hints_used_range"
        f" CHECK ({HINTS_COLUMN} BETWEEN 0 AND {MAX_HINTS_USED})",
    ),
}
"""Schema version -> the statements that bring the previous version to it."""

SCHEMA_VERSION = max(MIGRATIONS)
HINTS_SINCE = 2
"""The first schema version whose attempts have ``hints_used``."""
_MIGRATION_LOCK = 7_311_846_257  # any constant: one key for "the schema is being changed"
_TABLES = ("attempts", "question_progress", "wrong_responses", "schema_version")

VERSION = "SELECT MAX(version) FROM schema_version"


class SchemaError(Exception):
    """The database's schema is newer than this lessonquiz, or not set up yet."""


def migrate(conn: psycopg.Connection[Any]) -> int:
    """Bring the schema to ``SCHEMA_VERSION`` (as the database owner); the version it was at
    (0: none yet). Each version's statements and its ``schema_version`` row are applied in
    one transaction with the rest: a failed migration leaves the database as it was."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = conn.execute(VERSION).fetchone()
        current = (row[0] if row else None) or 0
        if current > SCHEMA_VERSION:
            raise SchemaError(
                f"database schema {current} is newer than this lessonquiz ({SCHEMA_VERSION})"
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))
    return current


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



def checked_version(version: int | None) -> int:
    """``version`` (0 when the table is empty); ``SchemaError`` when newer than this code."""
    version = version or 0
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"database schema {version} is newer than this lessonquiz ({SCHEMA_VERSION}); "
            "upgrade lessonquiz"
        )
    return version
