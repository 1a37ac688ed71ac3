"""Where the report's attempts come from, behind one small interface, and several combined.

A *source* yields its attempts as ``Row`` tuples, oldest first, or their tally (a source may
read running summaries instead of every row). ``SqliteSource`` reads a progress store file; a
PostgreSQL store can be another class with the same four methods. ``combined_tally`` joins
several: an attempt present in two sources (a store collected twice, a copy of a copy) counts
once, and a student's attempts from several sources merge into one history in time order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

from lessonquiz.report.compute import Row, tally_rows
from lessonquiz.report.model import Tally, Window


class Source(Protocol):
    """What the report needs from a store; every method raises ``ReportError`` naming it."""

    name: str

    def tally(self, bank_id: str | None, window: Window, days: bool) -> Tally:
        """The tally of the attempts (of ``bank_id``, in ``window``); ``days`` fills its days."""
        ...

    def rows(self, bank_id: str | None, window: Window) -> Iterator[Row]:
        """The attempts themselves, oldest first."""
        ...

    def hints(
        self, bank_id: str | None, window: Window
    ) -> dict[tuple[str, str], dict[str, int]] | None:
        """Most hints each student opened, as ``Tally.hints`` (None: hint use not recorded)."""
        ...

    def banks(self) -> list[str]:
        """The bank ids with attempts."""
        ...

    def close(self) -> None: ...


def identity(row: Row) -> tuple[str, str, str, str, str]:
    """What makes two rows the same attempt: student, bank, question, time and response.

    A store's row id is not part of it: the same attempt has different ids in two copies.
    """
    return (row[0], row[1], row[2], row[6], row[3])


def combined_tally(
    sources: Sequence[Source], bank_id: str | None, window: Window, days: bool = False
) -> Tally:
    """One tally of every source's attempts; a single source is read its fast way."""
    if len(sources) == 1:
        return sources[0].tally(bank_id, window, days)
    result = tally_rows(sorted(distinct_rows(sources, bank_id, window), key=lambda row: row[6]))
    result.hints = combined_hints(source.hints(bank_id, window) for source in sources)
    return result


def combined_hints(
    each: Iterable[dict[tuple[str, str], dict[str, int]] | None],
) -> dict[tuple[str, str], dict[str, int]] | None:
    """The sources' hint use joined: the most a student opened in any source (an attempt held
    twice counts the same once or twice, so duplicates need no sorting out); None only when no
    source recorded hint use, as for one store."""
    result: dict[tuple[str, str], dict[str, int]] | None = None
    for hints in each:
        if hints is None:
            continue
        result = {} if result is None else result
        for key, students in hints.items():
            opened = result.setdefault(key, {})
            for student, count in students.items():
                opened[student] = max(opened.get(student, 0), count)
    return result


def distinct_rows(sources: Iterable[Source], bank_id: str | None, window: Window) -> Iterator[Row]:
    """Every source's rows, each attempt once (the first source that has it gives it)."""
    seen: set[tuple[str, str, str, str, str]] = set()
    for source in sources:
        for row in source.rows(bank_id, window):
            key = identity(row)
            if key not in seen:
                seen.add(key)
                yield row
