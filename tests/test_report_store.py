"""The report on damaged and newer stores (review D15), several stores combined, and dates."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from lessonquiz.cli import main
from lessonquiz.report import ReportError, Window, build_report, summarize, tally
from lessonquiz.store import SCHEMA_VERSION, Attempt
from tests.test_report import BANK, fixture_attempts, store_with

PAGE = 4096
PICK = BANK.question("pick").content_hash
"""Attempts at the question as it is, so the report counts them (issue #12)."""


def _store(tmp_path: Path, name: str = "p.sqlite") -> Path:
    return store_with(tmp_path / name, fixture_attempts())


def _root_page(path: Path, name: str) -> int:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        return int(row[0])
    finally:
        conn.close()


def _garble(path: Path, page: int) -> None:
    """Overwrite one page (1-based) with bytes SQLite cannot read as a b-tree page."""
    with path.open("r+b") as handle:
        handle.seek((page - 1) * PAGE)
        handle.write(bytes([0x55]) * PAGE)


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["report", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_a_newer_store_is_refused_with_exit_2(tmp_path: Path) -> None:
    path = _store(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ReportError, match="upgrade lessonquiz") as info:
        build_report(path)
    assert info.value.exit_code == 2
    code, output = _cli("--db", str(path))
    assert code == 2
    assert f"schema {SCHEMA_VERSION + 1}" in output and str(path) in output


@pytest.mark.parametrize("table", ["question_progress", "wrong_responses"])
def test_a_garbled_summary_page_names_the_file(tmp_path: Path, table: str) -> None:
    path = _store(tmp_path)
    _garble(path, _root_page(path, table))
    code, output = _cli("--db", str(path))
    assert code == 1
    assert f"{path} is damaged" in output and "Traceback" not in output


@pytest.mark.parametrize("where", ["index", "last"])
def test_a_garbled_page_the_report_does_not_read_is_still_found(tmp_path: Path, where: str) -> None:
    """Before the integrity check these exited 0 without a word."""
    path = _store(tmp_path)
    if where == "index":
        page = _root_page(path, "attempts_by_student_question")
    else:
        page = path.stat().st_size // PAGE
    _garble(path, page)
    with pytest.raises(ReportError, match="is damaged"):
        build_report(path)


def test_a_renamed_column_or_changed_type_is_a_message(tmp_path: Path) -> None:
    renamed = _store(tmp_path, "renamed.sqlite")
    conn = sqlite3.connect(renamed)
    conn.execute("ALTER TABLE question_progress RENAME COLUMN best_score TO best")
    conn.close()
    code, output = _cli("--db", str(renamed))
    assert code == 1 and str(renamed) in output and "no such column" in output
    retyped = _store(tmp_path, "retyped.sqlite")
    conn = sqlite3.connect(retyped)
    with conn:
        conn.execute("DROP TRIGGER attempts_keep_summaries")
        conn.execute("UPDATE question_progress SET best_score = 'high'")
    conn.close()
    code, output = _cli("--db", str(retyped))
    assert code == 1 and f"{retyped} is damaged" in output


def _split(attempts: list[Attempt], into: int) -> list[list[Attempt]]:
    return [attempts[i::into] for i in range(into)]


def test_combined_stores_equal_one_store_with_the_same_attempts(tmp_path: Path) -> None:
    attempts = fixture_attempts()
    one = store_with(tmp_path / "one.sqlite", attempts)
    parts = _split(attempts, 3)
    paths = [store_with(tmp_path / f"part{i}.sqlite", part) for i, part in enumerate(parts)]
    copy = tmp_path / "copy.sqlite"  # the same laptop's store collected twice
    shutil.copyfile(paths[0], copy)
    banks = {BANK.id: BANK}
    merged = build_report([*paths, copy], banks=banks, days=True)
    single = build_report(one, banks=banks, days=True)
    assert merged.questions == single.questions
    assert merged.students == single.students
    assert merged.options == single.options and merged.mastery == single.mastery
    assert merged.days == single.days
    assert sum(d.attempts for d in merged.days) == len(attempts)


def test_one_students_attempts_from_two_stores_merge_in_time_order(tmp_path: Path) -> None:
    first = Attempt("s", "fx", "pick", PICK, "Wrong A", 0.0, False, "2024-01-02T10:00:00+00:00")
    second = Attempt("s", "fx", "pick", PICK, "Right", 1.0, True, "2024-01-02T11:00:00+00:00")
    later = store_with(tmp_path / "later.sqlite", [second])
    earlier = store_with(tmp_path / "earlier.sqlite", [first])
    (stats,) = [q for q in build_report([later, earlier]).questions if q.question == "pick"]
    assert stats.attempts == 2 and stats.facility == 0.0 and stats.median_attempts_to_right == 2


def test_since_and_until_limit_the_attempts(tmp_path: Path) -> None:
    attempts = [
        Attempt("a", "fx", "pick", PICK, "Wrong A", 0.0, False, "2024-01-01T23:59:59+00:00"),
        Attempt("a", "fx", "pick", PICK, "Right", 1.0, True, "2024-01-02T00:00:00+00:00"),
        Attempt("b", "fx", "pick", PICK, "Right", 1.0, True, "2024-01-03T08:00:00+00:00"),
    ]
    path = store_with(tmp_path / "p.sqlite", attempts)
    window = Window(since="2024-01-02", until="2024-01-03")
    got = build_report(path, banks={BANK.id: BANK}, window=window)
    want = summarize(tally(attempts[1:2]), {BANK.id: BANK})
    assert got.questions[0] == want.questions[0]
    assert [(s.student, s.score) for s in got.students] == [("a", pytest.approx(1 / 3))]
    code, output = _cli(
        "--db", str(path), "--since", "2024-01-02", "--until", "2024-01-02", "--format", "csv"
    )
    assert code == 0 and "fx,pick,1,1,1.00," in output
    code, output = _cli("--db", str(path), "--since", "2025-01-01")
    assert code == 1 and "no attempts recorded" in output


def test_the_cli_combines_stores_given_several_times(tmp_path: Path) -> None:
    attempts = fixture_attempts()
    one = store_with(tmp_path / "one.sqlite", attempts)
    a = store_with(tmp_path / "a.sqlite", attempts[:9])
    b = store_with(tmp_path / "b.sqlite", attempts[5:])  # four attempts in both
    args = ["--format", "csv", "--table", "students"]
    code, merged = _cli("--db", str(a), "--db", str(b), *args)
    assert code == 0
    assert merged == _cli("--db", str(one), *args)[1]
    assert merged != _cli("--db", str(a), *args)[1]
