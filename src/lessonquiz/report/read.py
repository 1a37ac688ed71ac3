"""Reading a SQLite progress store: its summary tables, or its history on older stores.

``SqliteSource`` is the report's source for one file (see ``lessonquiz.report.sources``).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from lessonquiz.report.compute import Row, tally_rows
from lessonquiz.report.model import Cell, ReportError, Tally, Window
from lessonquiz.store import (
    HINTS_SINCE,
    PROGRESS_COLUMNS,
    PROGRESS_FROM_ATTEMPTS,
    SCHEMA_VERSION,
    SUMMARIES_SINCE,
    WRONG_FROM_ATTEMPTS,
    Attempt,
)

_PROBE = "SELECT id, student, bank_id, question_id, response, score, correct FROM attempts LIMIT 1"


def open_store(path: Path) -> sqlite3.Connection:
    """A read-only connection to the progress store at ``path``; ``ReportError`` if unusable.

    A store in WAL mode needs its ``-shm`` file, which SQLite creates beside it even to read;
    in a folder the instructor may only read (a copy, a shared class folder) that fails with
    "attempt to write a readonly database". Then the store is read without SQLite's locking:
    as ``immutable`` when nothing waits in its ``-wal`` file, else from a snapshot copy.
    """
    if not path.is_file():
        raise ReportError(
            f"no progress store at {path} (pass --db PATH or set LESSONQUIZ_DB)", exit_code=2
        )
    uri = path.resolve().as_uri()
    try:
        return _checked(path, _probed(sqlite3.connect(f"{uri}?mode=ro", uri=True)))
    except sqlite3.Error as exc:
        if not _needs_write_access(exc):
            raise ReportError(f"{path} is not a lessonquiz progress store ({exc})") from None
        error = exc
    try:
        wal = path.with_name(path.name + "-wal")
        if wal.is_file() and wal.stat().st_size > 0:
            conn = _probed(_snapshot(path, wal))
        else:
            conn = _probed(sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True))
    except (sqlite3.Error, OSError) as exc:
        raise ReportError(f"cannot read {path} ({error}; read without locking: {exc})") from None
    return _checked(path, conn)


def _checked(path: Path, conn: sqlite3.Connection) -> sqlite3.Connection:
    """``conn`` once its schema is one this lessonquiz knows and SQLite finds it undamaged.

    A newer schema may have renamed or retyped what the report reads: read anyway, it would
    give wrong figures or a traceback. A damaged page may sit where the report's queries
    never look (an index, the last page of the history) and go unnoticed; ``quick_check``
    reads every page once (about 35 ms for 100,000 attempts here).
    """
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ReportError(
                f"{path} has progress store schema {version}, newer than this lessonquiz "
                f"reads ({SCHEMA_VERSION}); upgrade lessonquiz to report on it",
                exit_code=2,
            )
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
    except ReportError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise damaged(path, exc) from None
    if problems != ["ok"]:
        conn.close()
        raise damaged(path, "; ".join(problems))
    return conn


def damaged(path: Path | str, detail: object) -> ReportError:
    """The error for a store SQLite cannot read whole: it names the file and what to do."""
    return ReportError(
        f"{path} is damaged and cannot be reported on ({detail}); report on a backup copy, "
        f"or recover what is left with: sqlite3 {path} .recover | sqlite3 recovered.sqlite"
    )


def _probed(conn: sqlite3.Connection) -> sqlite3.Connection:
    """``conn`` once it has answered a query on the attempts table (closed if it did not)."""
    try:
        conn.execute(_PROBE).fetchall()
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def _needs_write_access(exc: sqlite3.Error) -> bool:
    """Whether SQLite failed because it could not create a file beside the store (-shm)."""
    name = getattr(exc, "sqlite_errorname", "")  # Python 3.11+
    if name:
        return name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN"))
    text = str(exc)
    return "readonly database" in text or "unable to open database file" in text


def _snapshot(path: Path, wal: Path) -> sqlite3.Connection:
    """An in-memory copy of the store and its ``-wal``, read where SQLite may write its -shm.

    ``immutable`` would ignore the -wal file, and so the latest answers, without a word.
    """
    with tempfile.TemporaryDirectory(prefix="lessonquiz-report-") as folder:
        copy = Path(folder) / "store.sqlite"
        shutil.copyfile(path, copy)
        shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        source = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)
        try:
            memory = sqlite3.connect(":memory:")
            source.backup(memory)
        finally:
            source.close()
    return memory


def read_tally(conn: sqlite3.Connection, bank_id: str | None = None) -> Tally:
    """The tally of every attempt in the store (of one bank when ``bank_id`` is given)."""
    if conn.execute("PRAGMA user_version").fetchone()[0] >= SUMMARIES_SINCE:
        progress = f"SELECT {PROGRESS_COLUMNS} FROM question_progress"
        wrong = "SELECT bank_id, question_id, response, times FROM wrong_responses"
    else:  # an older store, opened read-only: compute the summaries from the history
        progress, wrong = PROGRESS_FROM_ATTEMPTS, WRONG_FROM_ATTEMPTS
    params = [bank_id] if bank_id else []
    where = " WHERE bank_id = ?" if bank_id else ""
    result = Tally()
    cells = result.cells
    conn.execute("BEGIN")  # one snapshot for both reads, while students keep answering
    try:
        rows = conn.execute(f"SELECT * FROM ({progress}) AS p{where}", params)
        for student, bank, question, n, first_right, tries, best in rows:
            group = cells.get((bank, question))
            if group is None:
                group = cells[(bank, question)] = {}
            group[student] = Cell(n, bool(first_right), tries, best)
        for bank, question, response, count in conn.execute(
            f"SELECT * FROM ({wrong}) AS w{where}", params
        ):
            result.wrong.setdefault((bank, question), Counter())[response] = count
        if conn.execute("PRAGMA user_version").fetchone()[0] >= HINTS_SINCE:
            _read_hints(conn, result, where, params)
    finally:
        conn.execute("COMMIT")
    return result


def _read_hints(conn: sqlite3.Connection, result: Tally, where: str, params: list[str]) -> None:
    """Most hints opened per student and question (issue 15), left None (not recorded) when
    no attempt here recorded hint use. It scans the attempts, not a summary table: fold it
    into ``question_progress`` when those change."""
    condition = f"{where} AND" if where else " WHERE"
    recorded = f"SELECT 1 FROM attempts{condition} hints_used IS NOT NULL LIMIT 1"
    if conn.execute(recorded, params).fetchone() is None:
        return
    rows = conn.execute(
        f"""SELECT bank_id, question_id, student, MAX(hints_used) FROM attempts
            {condition} hints_used > 0 GROUP BY bank_id, question_id, student""",
        params,
    )
    result.hints = {}
    for bank, question, student, opened in rows:
        result.hints.setdefault((bank, question), {})[student] = opened


def known_banks(conn: sqlite3.Connection) -> list[str]:
    """The bank ids that have attempts in the store."""
    return [row[0] for row in conn.execute("SELECT DISTINCT bank_id FROM attempts ORDER BY 1")]


def read_attempts(conn: sqlite3.Connection, bank_id: str) -> list[Attempt]:
    """Every attempt at ``bank_id``, oldest first, for matching them to the bank as it is now
    (issue #12: renamed questions, reworded choices, changed keys); damaged rows skipped."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    hints = "hints_used" if version >= HINTS_SINCE else "NULL"
    rows = conn.execute(
        "SELECT student, bank_id, question_id, question_hash, response, score, correct, "
        f"created_at, {hints} FROM attempts WHERE bank_id = ? ORDER BY id",
        (bank_id,),
    )
    found = []
    for student, bank, question, question_hash, response, score, correct, created, opened in rows:
        try:
            decoded = json.loads(response)
        except ValueError:
            continue
        found.append(
            Attempt(
                student,
                bank,
                question,
                question_hash,
                decoded,
                float(score),
                bool(correct),
                created,
                hints_used=opened,  # the report counts hint use under the ids as they are now
            )
        )
    return found


_ROWS = "SELECT student, bank_id, question_id, response, score, correct, created_at FROM attempts"
_DAYS = "SELECT bank_id, substr(created_at, 1, 10), COUNT(*) FROM attempts{where} GROUP BY 1, 2"


class SqliteSource:
    """A progress store file, opened read-only (see ``open_store``); a ``Source``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        self.conn = open_store(path)

    def tally(self, bank_id: str | None, window: Window, days: bool) -> Tally:
        """The tally: from the summaries for all time, else from the rows in ``window``."""
        try:
            if window:
                result = tally_rows(self.rows(bank_id, window))
                result.hints = self.hints(bank_id, window)
                return result
            result = read_tally(self.conn, bank_id)
            if days:
                where, params = _where(bank_id, window)
                for bank, day, count in self.conn.execute(_DAYS.format(where=where), params):
                    result.days[(bank, day)] = int(count)
            for cells in result.cells.values():  # a retyped column fails here, not later
                for cell in cells.values():
                    float(cell.best) + cell.attempts
            return result
        except (sqlite3.Error, TypeError, ValueError) as exc:
            raise damaged(self.path, exc) from None

    def rows(self, bank_id: str | None, window: Window) -> Iterator[Row]:
        """Every attempt (of ``bank_id``, in ``window``), oldest first."""
        where, params = _where(bank_id, window)
        try:
            for student, bank, question, response, score, correct, stamp in self.conn.execute(
                f"{_ROWS}{where} ORDER BY created_at, id", params
            ):
                yield student, bank, question, str(response), float(score), bool(correct), stamp
        except (sqlite3.Error, TypeError, ValueError) as exc:
            raise damaged(self.path, exc) from None

    def hints(
        self, bank_id: str | None, window: Window
    ) -> dict[tuple[str, str], dict[str, int]] | None:
        """Most hints each student opened, by (bank, question), as ``Tally.hints``; None when
        no attempt (of ``bank_id``, in ``window``) recorded hint use. Rows carry no hint count,
        so a tally built from rows takes its hint use from here."""
        where, params = _where(bank_id, window)
        found = Tally()
        try:
            if self.conn.execute("PRAGMA user_version").fetchone()[0] >= HINTS_SINCE:
                _read_hints(self.conn, found, where, params)
        except (sqlite3.Error, TypeError, ValueError) as exc:
            raise damaged(self.path, exc) from None
        return found.hints

    def banks(self) -> list[str]:
        """The bank ids with attempts."""
        try:
            return known_banks(self.conn)
        except sqlite3.Error as exc:
            raise damaged(self.path, exc) from None

    def close(self) -> None:
        self.conn.close()


def _where(bank_id: str | None, window: Window) -> tuple[str, list[str]]:
    clauses, params = [], []
    for clause, value in (
        ("bank_id = ?", bank_id),
        ("created_at >= ?", window.since),
        ("created_at < ?", window.until),
    ):
        if value is not None:
            clauses.append(clause)
            params.append(value)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params
