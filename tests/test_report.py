"""Report figures against a fixture computed by hand, the SQL path against the pure one."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessonquiz.bank.loader import load_bank
from lessonquiz.bank.model import Bank
from lessonquiz.grading import grade
from lessonquiz.report import (
    DISCRIMINATION,
    ReportError,
    SqliteSource,
    Window,
    add_figures,
    as_csv,
    as_json,
    as_table,
    build_report,
    compact,
    csv_cell,
    one_line,
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
                hints_used=0,
            )
        )
    return attempts


def store_with(path: Path, attempts: list[Attempt]) -> Path:
    with ProgressStore(path) as store:
        for attempt in attempts:
            store.record(attempt)
    return path


def edit_store(path: Path, *statements: str) -> None:
    """Change a store behind lessonquiz's back (old schemas, damaged rows), in one transaction."""
    conn = sqlite3.connect(path)
    with conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()


def check_against_expected(report, named: bool = True) -> None:
    """``named``: the report had the bank file, so wrong answers name the misleading option."""
    by_id = {q.question: q for q in report.questions}
    for question_id, want in EXPECTED["questions"].items():
        got = by_id[question_id]
        assert got.attempts == want["attempts"]
        assert got.students == want["students"]
        assert got.facility == pytest.approx(want["facility"], abs=1e-6)
        assert got.discrimination == pytest.approx(want["discrimination"], abs=1e-6)
        assert got.median_attempts_to_right == want["median"]
        wrong = "named" if named else "wrong"
        assert got.most_chosen_wrong == want[wrong]
        assert got.most_chosen_wrong_count == want[f"{wrong}_count"]
    scores = {s.student: s for s in report.students}
    assert set(scores) == set(EXPECTED["students"])
    for student, want in EXPECTED["students"].items():
        assert scores[student].points == pytest.approx(want["points"])
        assert scores[student].score == pytest.approx(want["score"], abs=1e-6)
        assert scores[student].answered == want["answered"]
        assert scores[student].out_of == 3


def check_against_expected_students(report) -> None:
    scores = {s.student: s for s in report.students}
    for student, want in EXPECTED["students"].items():
        assert scores[student].points == pytest.approx(want["points"])
        assert scores[student].score == pytest.approx(want["score"], abs=1e-6)
        assert scores[student].answered == want["answered"]
        assert scores[student].out_of == 3


def test_pure_report_matches_hand_computation() -> None:
    data = tally(fixture_attempts())
    report = summarize(data, {BANK.id: BANK})
    check_against_expected(report, named=False)
    add_figures(report, data, {BANK.id: BANK}, 0.6)
    check_against_expected(report)
    assert [q.question for q in report.questions] == ["pick", "tick", "pair"]  # bank order


def test_options_and_mastery_match_hand_computation(tmp_path: Path) -> None:
    path = store_with(tmp_path / "p.sqlite", fixture_attempts())
    report = build_report(path, banks={BANK.id: BANK}, threshold=0.6)
    got = [[o.question, o.slot, o.option, o.count, o.key] for o in report.options]
    assert got == EXPECTED["options"]
    mastery = {m.student: m.mastery for m in report.mastery}
    assert mastery == pytest.approx(EXPECTED["mastery"], abs=1e-6)
    (objective,) = report.objectives
    for name, want in EXPECTED["objective"].items():
        assert getattr(objective, name) == pytest.approx(want, abs=1e-6)
    assert {h.student: list(h.questions) for h in report.help} == EXPECTED["help"]
    assert [(b.low, b.students) for b in report.distribution if b.students] == [
        (0.5, 1),  # d .5
        (0.6, 1),  # c .666667
        (0.8, 1),  # b .833333
        (0.9, 1),  # a 1.0, in the last bin
    ]


def test_sql_report_matches_hand_computation(tmp_path: Path) -> None:
    path = store_with(tmp_path / "p.sqlite", fixture_attempts())
    check_against_expected(build_report(path, banks={BANK.id: BANK}))
    check_against_expected(build_report(path, "fx"), named=False)


def test_a_store_without_summaries_is_reported_from_its_history(tmp_path: Path) -> None:
    """A schema-2 store (no summary tables) opened read-only: the report computes them."""
    path = store_with(tmp_path / "p.sqlite", fixture_attempts())
    edit_store(
        path,
        "DROP TABLE question_progress",
        "DROP TABLE wrong_responses",
        "PRAGMA user_version = 2",
    )
    check_against_expected(build_report(path, banks={BANK.id: BANK}))
    check_against_expected(build_report(path, "fx"), named=False)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2  # read, never upgraded
    conn.close()


def test_a_damaged_stored_answer_is_shown_as_text(tmp_path: Path) -> None:
    path = store_with(tmp_path / "p.sqlite", fixture_attempts())
    edit_store(
        path,
        "DELETE FROM wrong_responses WHERE question_id = 'pick'",
        "INSERT INTO wrong_responses VALUES ('fx', 'pick', '{damaged', 9)",
    )
    pick = next(q for q in build_report(path).questions if q.question == "pick")
    assert pick.most_chosen_wrong == "{damaged"


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
    questions = as_csv(report).splitlines()
    assert questions[1].startswith("fx,pick,7,4,0.25,0.87,2,Wrong A,3,true")
    assert len(questions) == 4
    data = yaml.safe_load(as_json(report))
    assert data["discrimination_method"] == DISCRIMINATION
    assert data["questions"][2]["most_chosen_wrong"] == {"L1": "Y", "L2": "Y"}


def test_csv_is_one_table_per_output() -> None:
    """Two tables in one file break every generic CSV reader; each is its own output."""
    report = summarize(tally(fixture_attempts()), {BANK.id: BANK})
    questions = list(csv.reader(io.StringIO(as_csv(report))))
    assert questions[0][:2] == ["bank", "question"]
    assert all(len(row) == len(questions[0]) for row in questions)
    students = list(csv.reader(io.StringIO(as_csv(report, "students"))))
    assert students[0] == ["student", "bank", "points", "out_of", "score", "answered"]
    assert [row[0] for row in students[1:]] == ["a", "b", "c", "d"]
    assert "students" not in yaml.safe_load(as_json(report, "questions"))
    assert "Questions (" not in as_table(report, "students")


def test_csv_cells_cannot_run_as_formulas_and_undefined_figures_are_empty() -> None:
    typed = '=HYPERLINK("http://x","y")'  # as a typed wrong answer would be stored
    attempts = [
        attempt("@SUM(1)", "pick", "Wrong B"),
        attempt("+cmd", "pick", "Right"),
        Attempt("-1", "fx", "pick", "h", typed, 0.0, False, "2024"),
    ]
    report = summarize(tally(attempts), {BANK.id: BANK})
    rows = list(csv.reader(io.StringIO(as_csv(report))))
    assert rows[1][4:9] == ["0.33", "", "1", "'" + typed, "1"]  # no discrimination: empty
    assert rows[2][4:8] == ["", "", "", ""]  # tick: nobody tried it
    students = [row[0] for row in csv.reader(io.StringIO(as_csv(report, "students")))]
    assert sorted(students[1:]) == sorted(["'+cmd", "-1", "'@SUM(1)"])  # -1 is a number
    assert csv_cell("-0.25") == "-0.25" and csv_cell("-1+2") == "'-1+2"
    assert csv_cell("=1") == "'=1" and csv_cell("a=b") == "a=b" and csv_cell(None) == ""
    assert "n/a" in as_table(report)  # the plain table still says it in words


def test_a_typed_newline_does_not_break_the_table_row() -> None:
    attempts = [attempt(s, "pair", {"L1": "Y\nZ", "L2": "Y"}) for s in "ab"]
    table = as_table(summarize(tally(attempts), {BANK.id: BANK}))
    row = next(line for line in table.splitlines() if line.startswith("fx    pair"))
    assert "{L1: Y⏎Z, L2: Y} (2)" in row
    assert one_line("a\r\nb\tc") == "a⏎b\\x09c"


def attempt(student: str, question_id: str, response: object, bank: Bank = BANK) -> Attempt:
    """An attempt graded against ``bank`` (a question it lacks counts as right)."""
    try:
        result = grade(bank.question(question_id), response)
        score, correct = result.score, result.correct
    except KeyError:
        score, correct = 1.0, True
    return Attempt(
        student, bank.id, question_id, "h", response, score, correct, "2024", hints_used=0
    )


def test_questions_no_longer_in_the_bank_are_listed_but_not_scored(tmp_path: Path) -> None:
    """A renamed question's attempts used to add points over a denominator without it."""
    stale = [attempt("a", "old-pick", "x"), attempt("e", "old-pick", "x")]
    for report in (
        summarize(tally(fixture_attempts() + stale), {BANK.id: BANK}),
        build_report(
            store_with(tmp_path / "p.sqlite", fixture_attempts() + stale), None, {BANK.id: BANK}
        ),
    ):
        check_against_expected_students(report)  # a still 3 of 3, not 4 of 3
        old = next(q for q in report.questions if q.question == "old-pick")
        assert (old.scored, old.attempts) == (False, 2)
        assert report.unscored() == {"fx": ["old-pick"]}
        e = next(s for s in report.students if s.student == "e")
        assert (e.points, e.out_of, e.answered) == (0, 3, 0)
        by_id = {q.question: q for q in report.questions}
        for question_id, want in EXPECTED["questions"].items():  # rest scores unchanged
            assert by_id[question_id].discrimination == pytest.approx(want["discrimination"])
    table = as_table(report)
    assert "old-pick *" in table and "listed, not scored" in table
    assert as_csv(report).splitlines()[-1].endswith(",false,0.00,true")


def test_a_bank_without_its_file_is_named_and_scored_on_what_was_attempted() -> None:
    attempts = [a for a in fixture_attempts() if a.question_id != "pair"]
    report = summarize(tally(attempts), {})
    assert report.banks_without_file == ["fx"]
    assert {s.out_of for s in report.students} == {2}
    assert summarize(tally(attempts), {BANK.id: BANK}).banks_without_file == []


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
    pure = tally(attempts)
    conn = sqlite3.connect(path)
    try:
        from_summaries = read_tally(conn)
        assert (from_summaries.cells, from_summaries.wrong) == (pure.cells, pure.wrong)
    finally:
        conn.close()
    source = SqliteSource(path)
    try:
        assert source.tally(None, Window(), days=True) == pure
        assert source.tally(None, Window(since="2024-01-01"), days=False) == pure  # from rows
    finally:
        source.close()


def _read_only_runner(folder: Path) -> list[str]:
    """A command prefix under which ``folder`` cannot be written to (skips where impossible).

    Not root: the folder's write bits are taken away. Root ignores those, so the folder is
    bind-mounted read-only in a mount namespace of its own (``unshare``), where available.
    """
    if os.name != "posix":
        pytest.skip("read-only folders are made the POSIX way here")
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return []
    unshare = shutil.which("unshare")
    probe = [unshare or "unshare", "-m", "sh", "-c", 'mount --bind -o ro "$0" "$0"', str(folder)]
    if unshare is None or subprocess.run(probe, capture_output=True).returncode != 0:
        pytest.skip("running as root without unshare/mount: cannot make a read-only folder")
    return [*probe[:4], 'mount --bind -o ro "$0" "$0" && exec "$@"', str(folder)]


def _report_students(prefix: list[str], db: Path) -> dict[str, float]:
    """The scores ``lessonquiz report`` prints for the store at ``db``, run under ``prefix``."""
    import lessonquiz

    env = {**os.environ, "PYTHONPATH": str(Path(lessonquiz.__file__).parents[1])}
    command = [sys.executable, "-m", "lessonquiz.cli", "report", "--db", str(db)]
    done = subprocess.run(
        [*prefix, *command, "--banks", str(HERE), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return {s["student"]: s["score"] for s in json.loads(done.stdout)["students"]}


def test_a_wal_store_in_a_read_only_folder_is_read(tmp_path: Path) -> None:
    """SQLite must create the -shm file even to read a WAL store: a read-only copy failed."""
    want = {s: v["score"] for s, v in EXPECTED["students"].items()}
    copied = tmp_path / "copied"
    copied.mkdir()
    store_with(copied / "p.sqlite", fixture_attempts())  # closed: everything in p.sqlite
    assert not (copied / "p.sqlite-wal").exists()
    live = tmp_path / "live"
    live.mkdir()
    with ProgressStore(live / "p.sqlite") as store:  # copied while open: the answers are
        store.record_many(fixture_attempts())  # still in the -wal file, without a -shm
        for name in ("p.sqlite", "p.sqlite-wal"):
            shutil.copyfile(live / name, copied / f"w{name}")
    assert (copied / "wp.sqlite-wal").stat().st_size > 0
    try:
        prefix = _read_only_runner(copied)
        for name in ("p.sqlite", "wp.sqlite"):
            assert _report_students(prefix, copied / name) == pytest.approx(want, abs=1e-6)
    finally:
        copied.chmod(0o755)
    assert sorted(p.name for p in copied.iterdir()) == ["p.sqlite", "wp.sqlite", "wp.sqlite-wal"]


def test_a_store_sqlite_cannot_lock_is_read_without_locking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same fallbacks where no read-only folder can be made: SQLite's error is faked."""
    want = {s: v["score"] for s, v in EXPECTED["students"].items()}
    store_with(tmp_path / "p.sqlite", fixture_attempts())
    real_connect = sqlite3.connect
    opened: list[str] = []

    def connect(target: str, **kwargs: object) -> sqlite3.Connection:
        opened.append(str(target))
        if str(target).endswith("?mode=ro") and "lessonquiz-report-" not in str(target):
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return real_connect(target, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    report = build_report(tmp_path / "p.sqlite", banks={BANK.id: BANK})
    assert {s.student: s.score for s in report.students} == pytest.approx(want, abs=1e-6)
    assert opened[-1].endswith("?mode=ro&immutable=1")
    (tmp_path / "p.sqlite-wal").write_bytes(b"")  # an empty -wal holds nothing: immutable
    build_report(tmp_path / "p.sqlite")
    assert opened[-1].endswith("?mode=ro&immutable=1")
    opened.clear()
    monkeypatch.setattr(sqlite3, "connect", real_connect)
    with ProgressStore(tmp_path / "live.sqlite") as store:  # answers still in the -wal
        store.record_many(fixture_attempts())
        for name in ("live.sqlite", "live.sqlite-wal"):
            shutil.copyfile(tmp_path / name, tmp_path / f"w{name}")
    monkeypatch.setattr(sqlite3, "connect", connect)
    report = build_report(tmp_path / "wlive.sqlite", banks={BANK.id: BANK})
    assert {s.student: s.score for s in report.students} == pytest.approx(want, abs=1e-6)
    assert "lessonquiz-report-" in opened[-2] and opened[-1] == ":memory:"
