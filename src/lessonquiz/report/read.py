"""Reading a progress store into a tally: the summary tables, or the history on older stores."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections import Counter
from pathlib import Path

from lessonquiz.report.model import Cell, ReportError, Tally
from lessonquiz.store import (
    HINTS_SINCE,
    PROGRESS_COLUMNS,
    PROGRESS_FROM_ATTEMPTS,
    SUMMARIES_SINCE,
    WRONG_FROM_ATTEMPTS,
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
        return _probed(sqlite3.connect(f"{uri}?mode=ro", uri=True))
    except sqlite3.Error as exc:
        if not _needs_write_access(exc):
            raise ReportError(f"{path} is not a lessonquiz progress store ({exc})") from None
        error = exc
    try:
        wal = path.with_name(path.name + "-wal")
        if wal.is_file() and wal.stat().st_size > 0:
            return _probed(_snapshot(path, wal))
        return _probed(sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True))
    except (sqlite3.Error, OSError) as exc:
        raise ReportError(f"cannot read {path} ({error}; read without locking: {exc})") from None


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
