"""Report figures against a fixture computed by hand, the SQL path against the pure one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessonquiz.bank.loader import load_bank
from lessonquiz.grading import grade
from lessonquiz.report import (
    DISCRIMINATION,
    ReportError,
    as_csv,
    as_json,
    as_table,
    build_report,
    compact,
    point_biserial,
    read_tally,
    summarize,
    tally,
)
from lessonquiz.store import Attempt, ProgressStore
from tests.conftest import FIXTURES

HERE = FIXTURES / "report"
BANK = load_bank(HERE / "fx.yaml")
EXPECTED = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))


def fixture_attempts() -> list[Attempt]:
    rows = yaml.safe_load((HERE / "attempts.yaml").read_text(encoding="utf-8"))
    attempts = []
    for n, (student, question_id, response) in enumerate(rows):
        question = BANK.question(question_id)
        result = grade(question, response)
        assert not result.malformed
        attempts.append(
            Attempt(
                student=student,
                bank_id=BANK.id,
                question_id=question_id,
                question_hash=question.content_hash,
                response=response,
                score=result.score,
                correct=result.correct,
                created_at=f"2024-01-01T00:00:{n:02d}+00:00",
            )
        )
    return attempts


def store_with(path: Path, attempts: list[Attempt]) -> Path:
    with ProgressStore(path) as store:
        for attempt in attempts:
            store.record(attempt)
    return path


def check_against_expected(report) -> None:
    by_id = {q.question: q for q in report.questions}
    for question_id, want in EXPECTED["questions"].items():
        got = by_id[question_id]
        assert got.attempts == want["attempts"]
        assert got.students == want["students"]
        assert got.facility == pytest.approx(want["facility"], abs=1e-6)
        assert got.discrimination == pytest.approx(want["discrimination"], abs=1e-6)
        assert got.median_attempts_to_right == want["median"]
        assert got.most_chosen_wrong == want["wrong"]
        assert got.most_chosen_wrong_count == want["wrong_count"]
    scores = {s.student: s for s in report.students}
    assert set(scores) == set(EXPECTED["students"])
    for student, want in EXPECTED["students"].items():
        assert scores[student].points == pytest.approx(want["points"])
        assert scores[student].score == pytest.approx(want["score"], abs=1e-6)
        assert scores[student].answered == want["answered"]
        assert scores[student].out_of == 3


def test_pure_report_matches_hand_computation() -> None:
    report = summarize(tally(fixture_attempts()), {BANK.id: BANK})
    check_against_expected(report)
    assert [q.question for q in report.questions] == ["pick", "tick", "pair"]  # bank order


def test_sql_report_matches_hand_computation(tmp_path: Path) -> None:
    path = store_with(tmp_path / "p.sqlite", fixture_attempts())
    check_against_expected(build_report(path, banks={BANK.id: BANK}))
    check_against_expected(build_report(path, "fx"))


def test_a_store_without_summaries_is_reported_from_its_history(tmp_path: Path) -> None:
    """A schema-2 store (no summary tables) opened read-only: the report computes them."""
    path = store_with(tmp_path / "p.sqlite", fixture_attempts())
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TABLE question_progress")
        conn.execute("DROP TABLE wrong_responses")
        conn.execute("PRAGMA user_version = 2")
    conn.close()
    check_against_expected(build_report(path, banks={BANK.id: BANK}))
    check_against_expected(build_report(path, "fx"))
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2  # read, never upgraded
    conn.close()


def test_without_the_bank_file_questions_come_by_id(tmp_path: Path) -> None:
    path = store_with(tmp_path / "p.sqlite", fixture_attempts())
    report = build_report(path)
    assert [q.question for q in report.questions] == ["pair", "pick", "tick"]


def test_unattempted_questions_of_a_known_bank_are_listed(tmp_path: Path) -> None:
    attempts = [a for a in fixture_attempts() if a.question_id == "pick"]
    report = summarize(tally(attempts), {BANK.id: BANK})
    tick = next(q for q in report.questions if q.question == "tick")
    assert (tick.attempts, tick.students, tick.facility) == (0, 0, None)
    assert report.students[0].out_of == 3


def test_point_biserial_undefined_cases() -> None:
    assert point_biserial([1, 0], [1, 0]) is None  # fewer than 3 students
    assert point_biserial([1, 1, 1], [0, 1, 2]) is None  # the item does not vary
    assert point_biserial([1, 0, 1], [2, 2, 2]) is None  # the rest does not vary
    assert point_biserial([1, 0, 0], [2, 0, 0]) == pytest.approx(1.0)


def test_compact_renders_responses_on_one_line() -> None:
    assert compact(["a", "b"]) == "[a, b]"
    assert compact({"L1": "X", "L2": ["Y"]}) == "{L1: X, L2: [Y]}"
    assert compact(True) == "true"
    assert compact(5.5) == "5.5"
    assert compact(None) == ""


def test_formats_carry_every_question_and_the_method(tmp_path: Path) -> None:
    report = summarize(tally(fixture_attempts()), {BANK.id: BANK})
    table = as_table(report)
    assert "point-biserial" in table and "Wrong A (3)" in table
    assert "n/a" not in table.split("facility:")[0]  # every figure is defined here
    csv_text = as_csv(report)
    questions, students = csv_text.split("\n\n")
    assert questions.splitlines()[1].startswith("fx,pick,7,4,0.25,0.87,2,Wrong A,3")
    assert len(students.splitlines()) == 5
    data = yaml.safe_load(as_json(report))
    assert data["discrimination_method"] == DISCRIMINATION
    assert data["questions"][2]["most_chosen_wrong"] == {"L1": "Y", "L2": "Y"}


def test_store_errors_are_report_errors(tmp_path: Path) -> None:
    with pytest.raises(ReportError) as missing:
        build_report(tmp_path / "none.sqlite")
    assert missing.value.exit_code == 2
    ProgressStore(tmp_path / "empty.sqlite").attempts()  # creates the table, no rows
    with pytest.raises(ReportError, match="no attempts recorded in"):
        build_report(tmp_path / "empty.sqlite")
    (tmp_path / "junk.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.raises(ReportError, match="not a lessonquiz progress store"):
        build_report(tmp_path / "junk.sqlite")
    path = store_with(tmp_path / "p.sqlite", fixture_attempts())
    with pytest.raises(ReportError, match="banks with attempts: fx"):
        build_report(path, "nope")


_RESPONSES = {
    "pick": st.sampled_from(["Right", "Wrong A", "Wrong B"]),
    "tick": st.lists(st.sampled_from(["R1", "R2", "W1"]), min_size=1, unique=True).map(sorted),
    "pair": st.fixed_dictionaries(
        {"L1": st.sampled_from(["X", "Y"]), "L2": st.sampled_from(["X", "Y"])}
    ),
}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from("abcde"), st.sampled_from(sorted(_RESPONSES))).flatmap(
            lambda sq: st.tuples(st.just(sq[0]), st.just(sq[1]), _RESPONSES[sq[1]])
        ),
        min_size=1,
        max_size=40,
    )
)
def test_sql_tally_equals_pure_tally(tmp_path_factory: pytest.TempPathFactory, rows) -> None:
    attempts = []
    for n, (student, question_id, response) in enumerate(rows):
        result = grade(BANK.question(question_id), response)
        attempts.append(
            Attempt(
                student,
                "fx",
                question_id,
                "h",
                response,
                result.score,
                result.correct,
                f"2024-01-01T00:00:{n:02d}+00:00",
            )
        )
    path = store_with(tmp_path_factory.mktemp("s") / "p.sqlite", attempts)
    conn = sqlite3.connect(path)
    try:
        assert read_tally(conn) == tally(attempts)
    finally:
        conn.close()
