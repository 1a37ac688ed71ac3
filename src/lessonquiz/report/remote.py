"""The class report from the hub service (``--url``) or from PostgreSQL (``--db postgresql://``).

Each gives what a SQLite store gives the report: the rows of the two summary tables, attempts
per day and hint use (``tally``), and the history of a bank (``attempts``), so the report can
match every attempt to the bank as it is now (issue #12: renamed questions, reworded or
reordered choices, changed keys), as it does for a store file and as the quiz does.
``tally_from_rows`` makes the same ``Tally`` the SQLite reader makes, so every source goes
through the one ``summarize()``. The service's rows carry the service's own grades, never a
kernel's claim.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from lessonquiz.report.model import Cell, ReportError, Tally
from lessonquiz.store import Attempt


def is_postgres_url(text: str) -> bool:
    return text.startswith(("postgresql://", "postgres://"))


def tally_from_rows(
    progress: Iterable[Sequence[Any]],
    wrong: Iterable[Sequence[Any]],
    days: Iterable[Sequence[Any]] = (),
    hints: Iterable[Sequence[Any]] | None = None,
) -> Tally:
    """A tally from ``question_progress``, ``wrong_responses``, (bank, day, attempts) and
    (bank, question, student, most hints opened) rows; ``hints`` None: not recorded."""
    result = Tally()
    for student, bank, question, n, first_right, tries, best in progress:
        cells = result.cells.setdefault((bank, question), {})
        cells[student] = Cell(int(n), bool(first_right), tries, float(best))
    for bank, question, response, count in wrong:
        result.wrong.setdefault((bank, question), Counter())[response] = int(count)
    for bank, day, count in days:
        result.days[(bank, day)] = int(count)
    if hints is not None:
        result.hints = {}
        for bank, question, student, opened in hints:
            result.hints.setdefault((bank, question), {})[student] = int(opened)
    return result


class ServiceSource:
    """The lessonquiz service at ``url`` (the token needs the report scope)."""

    def __init__(self, url: str, token: str | None = None) -> None:
        from lessonquiz.store.client import ServiceClient

        self.name = url
        self.client = ServiceClient(url, token, timeout=60)

    def _call(self, method: str, *args: Any) -> Any:
        from lessonquiz.store.client import ServiceError

        try:
            return getattr(self.client, method)(*args)
        except ServiceError as exc:
            hint = (
                " (set JUPYTERHUB_API_TOKEN to an instructor's token)"
                if exc.status in (401, 403)
                else ""
            )
            raise ReportError(f"{exc}{hint}") from None

    def tally(self, bank_id: str | None = None) -> Tally:
        answer = self._call("tally", bank_id)
        return tally_from_rows(
            answer["progress"], answer["wrong"], answer.get("days", ()), answer.get("hints")
        )

    def attempts(self, bank_id: str) -> list[Attempt]:
        """Every student's attempts at ``bank_id``, oldest first, as the service graded them."""
        from lessonquiz.store.outbox import attempt_from_service

        return [attempt_from_service(item) for item in self._call("attempts", bank_id, "*")]

    def close(self) -> None:
        """Nothing held open: every call is one request."""


class PostgresSource:
    """A class database read in one snapshot (a read-only role is enough)."""

    def __init__(self, url: str) -> None:
        try:
            import psycopg

            from lessonquiz.store.postgres import SchemaError, Snapshot
        except ImportError:
            raise ReportError(
                "reading PostgreSQL needs psycopg: pip install 'lessonquiz[hub]'"
            ) from None
        self._errors = (psycopg.Error, SchemaError)
        self.name = without_password(url)
        try:
            self.snapshot = Snapshot(url)
        except self._errors as exc:
            raise self._error(exc) from None

    def _error(self, exc: Exception) -> ReportError:
        return ReportError(f"cannot read the class database {self.name}: {exc}".strip())

    def tally(self, bank_id: str | None = None) -> Tally:
        try:
            return tally_from_rows(*self.snapshot.tally_rows(bank_id))
        except self._errors as exc:
            raise self._error(exc) from None

    def attempts(self, bank_id: str) -> list[Attempt]:
        try:
            return self.snapshot.attempts(bank_id)
        except self._errors as exc:
            raise self._error(exc) from None

    def close(self) -> None:
        # nothing was written: a failed COMMIT of a read-only snapshot loses nothing
        with contextlib.suppress(*self._errors):
            self.snapshot.close()


def class_source(source: str, service: bool) -> ServiceSource | PostgresSource:
    """The service at ``source`` (``service``) or the PostgreSQL database at it."""
    return ServiceSource(source) if service else PostgresSource(source)


def without_password(url: str) -> str:
    """``url`` with its password, if any, shown as ``***`` (it is printed in reports)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))
