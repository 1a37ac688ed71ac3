"""`lessonquiz grades`: the CSV parsed back equals the report's scores, in each LMS's layout."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from lessonquiz.cli import main
from lessonquiz.report import build_report
from lessonquiz.report.grades import CANVAS_IDENTITY, POINTS_POSSIBLE
from lessonquiz.store import Attempt
from tests.simclass import QUIZZES, record, shipped_banks, simulate

BANKS = shipped_banks()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return record(tmp_path_factory.mktemp("g") / "p.sqlite", simulate(BANKS))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["grades", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def expected(store: Path) -> dict[tuple[str, str], float]:
    """(student, bank title) -> points, from the report itself."""
    report = build_report(store, banks=BANKS)
    return {(s.student, BANKS[s.bank].title): s.points for s in report.students}


def test_moodle_csv_parses_back_to_the_reports_scores(store: Path) -> None:
    code, out, _ = run("--db", str(store), "--banks", str(QUIZZES), "--lms", "moodle", "-o", "-")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    titles = sorted(b.title for b in BANKS.values())
    columns = list(rows[0])
    assert columns[0] == "username" and sorted(columns[1:]) == titles
    got = {
        (r["username"], t): float(v) for r in rows for t, v in r.items() if t != "username" and v
    }
    assert got == pytest.approx(expected(store), abs=1e-4)
    skipped = [r for r in rows if any(v == "" for v in r.values())]
    assert skipped, "the simulated class skips some banks: those cells stay empty, not 0"


def test_canvas_csv_has_its_header_and_points_possible_row(store: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "student,Student,ID,SIS User ID,SIS Login ID,Section\n"
        + "".join(
            f'student-{i:02d},"Last{i}, First",{1000 + i},S{i},login{i},A\n' for i in range(1, 29)
        ),
        encoding="utf-8",
    )
    out_file = tmp_path / "grades.csv"
    code, _, err = run(
        "--db",
        str(store),
        "--banks",
        str(QUIZZES),
        "--lms",
        "canvas",
        "--roster",
        str(roster),
        "-o",
        str(out_file),
    )
    assert code == 1  # two students with attempts are not on the roster
    assert "2 students with attempts are not in" in err
    assert "student-29" in err and "student-30" in err
    rows = list(csv.reader(io.StringIO(out_file.read_text(encoding="utf-8"))))
    header, points, body = rows[0], rows[1], rows[2:]
    assert tuple(header[:5]) == CANVAS_IDENTITY
    assert points[0] == POINTS_POSSIBLE and points[1:5] == ["", "", "", ""]
    by_title = {b.title: b for b in BANKS.values()}
    graded = {t: [q for q in by_title[t].questions if q.type != "written"] for t in header[5:]}
    assert [int(p) for p in points[5:]] == [len(graded[t]) for t in header[5:]]
    want = {k: v for k, v in expected(store).items() if k[0] not in ("student-29", "student-30")}
    assert len(body) == 28
    got = {}
    for row in body:
        name = f"student-{int(row[1]) - 1000:02d}"
        assert row[0] == f"Last{int(row[1]) - 1000}, First" and row[4] == "A"
        got.update({(name, t): float(v) for t, v in zip(header[5:], row[5:], strict=True) if v})
    assert got == pytest.approx(want, abs=1e-4)


def test_roster_errors_and_unsafe_names(tmp_path: Path) -> None:
    bank = BANKS["orientation"]
    q = next(q for q in bank.questions if q.type == "text")
    path = record(
        tmp_path / "p.sqlite",
        [
            Attempt(
                "=HYPERLINK(1)",
                bank.id,
                q.id,
                q.content_hash,
                "x",
                0.0,
                False,
                "2026-11-02T09:00:00+00:00",
            )
        ],
    )
    code, out, _ = run("--db", str(path), "--banks", str(QUIZZES), "--lms", "moodle", "-o", "-")
    assert code == 0 and "'=HYPERLINK(1),0" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("name,email\nx,y\n", encoding="utf-8")
    code, _, err = run("--db", str(path), "--lms", "moodle", "--roster", str(bad), "-o", "-")
    assert code == 1 and f"{bad}:1: the roster needs a 'student' column" in err
    bad.write_text("student,email\na,1\na,2\n", encoding="utf-8")
    code, _, err = run("--db", str(path), "--lms", "moodle", "--roster", str(bad), "-o", "-")
    assert code == 1 and f"{bad}:3: student 'a' is listed twice" in err
