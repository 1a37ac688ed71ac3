"""Where attempts are kept: one schema, a dialect per engine, and the kernel's outbox to a hub.

- ``sqlite``: the embedded default (a laptop, the lessons, the tests): ``ProgressStore``.
- ``outbox``: on JupyterHub (``LESSONQUIZ_URL`` set), ``HubStore``: the same local store, whose
  attempts are also queued and posted to the lessonquiz service (standard library only).
- ``postgres``: the service's engine (psycopg), and the report's reader of a class database;
  ``pg_schema``: its migrations and roles. Never imported by a kernel or the core.

A quiz opens its store with ``open_progress_store(db)``, which picks one of the first two.
"""

from __future__ import annotations

import os

from lessonquiz.store.schema import (
    PROGRESS_COLUMNS,
    PROGRESS_FROM_ATTEMPTS,
    WRONG_FROM_ATTEMPTS,
)
from lessonquiz.store.sqlite import (
    BUSY_TIMEOUT_MS,
    HINTS_SINCE,
    SCHEMA_VERSION,
    SUMMARIES_SINCE,
    Attempt,
    ProgressStore,
    current_student,
    default_db_path,
    encode_response,
    utc_now,
)

__all__ = [
    "BUSY_TIMEOUT_MS",
    "HINTS_SINCE",
    "PROGRESS_COLUMNS",
    "PROGRESS_FROM_ATTEMPTS",
    "SCHEMA_VERSION",
    "SUMMARIES_SINCE",
    "WRONG_FROM_ATTEMPTS",
    "Attempt",
    "ProgressStore",
    "current_student",
    "default_db_path",
    "encode_response",
    "open_progress_store",
    "utc_now",
]


def open_progress_store(db: str | os.PathLike[str] | None = None) -> ProgressStore:
    """The store a quiz writes to: a ``HubStore`` where ``LESSONQUIZ_URL`` names the hub
    service, else the plain local ``ProgressStore``. Both take the same calls
    (``record``, ``record_many``, ``latest``, ``attempts``, ``close``); both have
    ``student`` (who the answers belong to; on a hub, the Hub's name for this server) and
    ``pending_message()`` ("" or the words to show while answers wait to be sent)."""
    if os.environ.get("LESSONQUIZ_URL", "").strip():
        from lessonquiz.store.outbox import HubStore

        return HubStore(db)
    return ProgressStore(db)
