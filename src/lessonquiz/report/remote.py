"""The class report from the hub service (``--url``) or from PostgreSQL (``--db postgresql://``).

Both give the rows of the two summary tables, read in one snapshot; ``tally_from_rows`` makes
the same ``Tally`` the SQLite reader makes, so every source goes through the one
``summarize()``. The service's rows carry the service's own grades, never a kernel's claim.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from lessonquiz.report.model import Cell, ReportError, Tally


def is_postgres_url(text: str) -> bool:
    return text.startswith(("postgresql://", "postgres://"))


def tally_from_rows(
    progress: Iterable[Sequence[Any]],
    wrong: Iterable[Sequence[Any]],
    days: Iterable[Sequence[Any]] = (),
) -> Tally:
    """A tally from ``question_progress``, ``wrong_responses`` and (bank, day, attempts) rows."""
    result = Tally()
    for student, bank, question, n, first_right, tries, best in progress:
        cells = result.cells.setdefault((bank, question), {})
        cells[student] = Cell(int(n), bool(first_right), tries, float(best))
    for bank, question, response, count in wrong:
        result.wrong.setdefault((bank, question), Counter())[response] = int(count)
    for bank, day, count in days:
        result.days[(bank, day)] = int(count)
    return result


def tally_from_service(url: str, bank_id: str | None = None, token: str | None = None) -> Tally:
    """The class tally from the lessonquiz service (needs the report scope)."""
    from lessonquiz.store.client import ServiceClient, ServiceError

    try:
        answer = ServiceClient(url, token, timeout=60).tally(bank_id)
    except ServiceError as exc:
        hint = (
            " (set JUPYTERHUB_API_TOKEN to an instructor's token)"
            if exc.status in (401, 403)
            else ""
        )
        raise ReportError(f"{exc}{hint}") from None
    return tally_from_rows(answer["progress"], answer["wrong"], answer.get("days", ()))


def tally_from_postgres(url: str, bank_id: str | None = None) -> Tally:
    """The class tally read from PostgreSQL (a read-only role is enough)."""
    try:
        from lessonquiz.store.postgres import read_tally_rows
    except ImportError:
        raise ReportError(
            "reading PostgreSQL needs psycopg: pip install 'lessonquiz[hub]'"
        ) from None
    import psycopg

    try:
        return tally_from_rows(*read_tally_rows(url, bank_id))
    except psycopg.Error as exc:
        raise ReportError(f"cannot read the class database: {exc}".strip()) from None


def build_class_report(
    source: str, bank_id: str | None = None, banks: Any = None, *, service: bool
) -> Any:
    """The report from the service at ``source`` (``service``) or the database URL."""
    from lessonquiz.report.compute import summarize

    data = tally_from_service(source, bank_id) if service else tally_from_postgres(source, bank_id)
    shown = _without_password(source)
    if not data.cells:
        where = f" at bank '{bank_id}'" if bank_id else ""
        raise ReportError(f"no attempts recorded{where} in {shown}")
    return summarize(data, banks or {}, source=shown)


def _without_password(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))
