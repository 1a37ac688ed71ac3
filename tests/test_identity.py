"""Edits that keep progress: what a saved answer refers to survives rewording, reordering and
renaming; a change of what is right starts the question fresh; quiz and report agree; and
`validate --db` says before class how many answers an edit would reset."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lessonquiz import Quiz
from lessonquiz.bank.identity import answer_key, from_stored, record, to_stored
from lessonquiz.bank.loader import load_bank
from lessonquiz.cli import main
from lessonquiz.report import build_report
from tests.conftest import FIXTURES

EVERY_TYPE = FIXTURES / "banks" / "good-every-type.yaml"
RIGHT = {
    "q1": "First",
    "q-multiple": {"Right one", "Right two"},
    "q-tf": True,
    "q-numeric": 5.5,
}


def bank_from(tmp_path: Path, text: str, name: str = "bank.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_bank(path), path


def edited(*pairs: tuple[str, str]) -> str:
    text = EVERY_TYPE.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


WORDING = (
    ("prompt: Which one?", "prompt: Which one is it?"),
    ("hint: Look at ¶10.", "hint: Look closely at ¶10."),
    ("feedback: Not this one; see ¶10.", "feedback: Not this one, see ¶10."),
    ("      - text: Second\n", "      - text: second.\n"),
)
KEY_CHANGES = [
    (
        "single key",
        "q1",
        (
            "        correct: true\n      - text: Second\n",
            "\n      - text: Second\n        correct: true\n",
        ),
    ),
    ("true/false answer", "q-tf", ("answer: true", "answer: false")),
]


def test_wording_and_order_leave_the_key_alone() -> None:
    bank = load_bank(EVERY_TYPE)
    before = {q.id: answer_key(q) for q in bank.questions}
    text = edited(*WORDING)
    after = load_bank_text(text)
    assert {q.id: answer_key(q) for q in after.questions} == before


def load_bank_text(text: str):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return bank_from(Path(folder), text)[0]


@pytest.mark.parametrize(("what", "qid", "change"), KEY_CHANGES, ids=[k[0] for k in KEY_CHANGES])
def test_a_new_key_is_a_new_fingerprint(what: str, qid: str, change: tuple[str, str]) -> None:
    bank = load_bank(EVERY_TYPE)
    after = load_bank_text(edited(change))
    assert answer_key(after.question(qid)) != answer_key(bank.question(qid)), what


def test_choice_ids_are_saved_and_survive_any_rewording(tmp_path: Path) -> None:
    text = edited(("      - text: First\n", "      - id: first\n        text: First\n"))
    bank, _ = bank_from(tmp_path, text)
    question = bank.question("q1")
    assert to_stored(question, "First") == "first"
    reworded, _ = bank_from(tmp_path, text.replace("text: First\n", "text: The first one\n"))
    assert from_stored(reworded.question("q1"), "first") == "The first one"
    assert answer_key(reworded.question("q1")) == answer_key(question)


def test_a_removed_choice_no_longer_maps() -> None:
    bank = load_bank(EVERY_TYPE)
    assert from_stored(bank.question("q1"), "Fourth") is None
    assert from_stored(bank.question("q-multiple"), ["Right one", "Gone"]) is None


def student_answers(db: Path, bank, student: str = "ana") -> Quiz:
    quiz = Quiz(bank, student=student, db=db)
    for qid, response in RIGHT.items():
        quiz.view(qid).response = response
        quiz.view(qid).check()
    return quiz


def report_points(db: Path, bank, student: str = "ana") -> float:
    report = build_report(db, bank.id, {bank.id: bank})
    (row,) = [s for s in report.students if s.student == student]
    return row.points


def test_quiz_and_report_agree_through_a_typo_fix_a_rename_and_a_key_change(
    tmp_path: Path,
) -> None:
    db = tmp_path / "progress.sqlite"
    bank = load_bank(EVERY_TYPE)
    student_answers(db, bank)
    wrong = Quiz(bank, student="ben", db=db)
    wrong.view("q1").response = "Second"
    wrong.view("q1").check()
    text = edited(
        *WORDING,
        ("  - id: q-numeric\n", "  - id: numeric-renamed\n    renamed_from: q-numeric\n"),
        ("answer: true", "answer: false"),
    )
    new_bank, _ = bank_from(tmp_path, text)
    quiz = Quiz(new_bank, student="ana", db=db)
    assert quiz.view("q1").response == "First" and quiz.view("q1").attempts == 1
    assert quiz.view("numeric-renamed").attempts == 1
    assert quiz.view("q-tf").attempts == 0  # its key changed: fresh
    assert quiz.score[0] == report_points(db, new_bank) == 3.0
    ben = Quiz(new_bank, student="ben", db=db)
    assert ben.view("q1").response == "second."  # the reworded wrong choice, still his
    assert ben.score[0] == report_points(db, new_bank, "ben") == 0.0


def run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_validate_db_counts_the_answers_an_edit_resets(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite"
    bank = load_bank(EVERY_TYPE)
    for student in ("ana", "ben", "cy"):
        student_answers(db, bank, student)
    _, path = bank_from(tmp_path, EVERY_TYPE.read_text(encoding="utf-8"))
    code, output = run("validate", path, "--db", db)
    assert code == 0 and f"{db}: 0 saved answers would start fresh, in 0 questions\n" in output
    _, path = bank_from(tmp_path, edited(*WORDING, ("answer: true", "answer: false")))
    code, output = run("validate", path, "--db", db)
    assert code == 0, output
    (line,) = [ln for ln in output.splitlines() if "note:" in ln]
    assert (
        line.startswith(f"{path}:") and "[q-tf] note: 3 students' answers would start fresh" in line
    )
    assert "what counts as right changed" in line
    assert f"{db}: 3 saved answers would start fresh, in 1 question\n" in output


def test_record_is_what_the_quiz_saves() -> None:
    question = load_bank(EVERY_TYPE).question("q-multiple")
    assert record(question, {"Right two", "Right one"}) == (
        answer_key(question),
        ["Right one", "Right two"],
    )
