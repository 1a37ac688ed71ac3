"""The quiz shell: seeded shuffles, saved progress, a broken store, ``show``."""

from __future__ import annotations

import html
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from IPython.display import HTML

import lessonquiz
from lessonquiz import Quiz, show
from lessonquiz.bank.identity import answer_key
from lessonquiz.store import Attempt, ProgressStore, utc_now
from lessonquiz.widgets.quiz import stable_seed
from tests.conftest import ROOT
from tests.widgets.conftest import EVERY_TYPE, RIGHT, WRONG, bank_from_text, bundle


def _orders(quiz: Quiz) -> tuple[object, ...]:
    return (
        [v.question.id for v in quiz.views],
        quiz.view("q1").choices,
        quiz.view("q-order").response,
        quiz.view("q-match").options,
    )


def test_same_student_same_order(bank) -> None:
    assert _orders(Quiz(bank, student="ana")) == _orders(Quiz(bank, student="ana"))
    assert Quiz(bank, student="ana").seed == stable_seed("ana", "fixture")


def test_students_see_different_orders(bank) -> None:
    orders = {str(_orders(Quiz(bank, student=f"s{i}"))) for i in range(8)}
    assert len(orders) > 1


def test_fixed_seed_overrides_student(bank) -> None:
    assert _orders(Quiz(bank, student="ana", seed=7)) == _orders(Quiz(bank, student="bo", seed=7))


def test_seed_is_stable_across_processes(bank) -> None:
    code = (
        "from lessonquiz import load_bank, Quiz;"
        f"q = Quiz(load_bank({str(EVERY_TYPE)!r}), student='ana');"
        "print(q.view('q1').choices, q.view('q-order').response)"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(salt)},
        ).stdout
        for salt in (1, 2)
    }
    assert len(runs) == 1


def test_no_shuffle_keeps_written_order(tmp_path: Path) -> None:
    text = EVERY_TYPE.read_text(encoding="utf-8").replace(
        "    hint: Look at ¶10.\n", "    hint: Look at ¶10.\n    shuffle: false\n"
    )
    quiz = Quiz(bank_from_text(tmp_path, text), student="ana")
    assert quiz.view("q1").choices == ["First", "Second", "Third option"]


def test_question_order_shuffled_only_when_asked(tmp_path: Path, bank) -> None:
    assert [v.question.id for v in Quiz(bank, seed=1).views] == [q.id for q in bank.questions]
    text = EVERY_TYPE.read_text(encoding="utf-8").replace(
        "title: Fixture bank\n", "title: Fixture bank\nshuffle_questions: true\n"
    )
    shuffled = bank_from_text(tmp_path, text)
    orders = {tuple(v.question.id for v in Quiz(shuffled, seed=s).views) for s in range(5)}
    assert len(orders) > 1
    assert [v.number for v in Quiz(shuffled, seed=1).views] == list(range(1, 8))


_ANSWER_IN_CHILD = textwrap.dedent(
    """
    import sys
    from lessonquiz import load_bank, Quiz
    bank = load_bank(sys.argv[1])
    quiz = Quiz(bank, student="ana", db=sys.argv[2])
    answers = {answers!r}
    wrong = {wrong!r}
    quiz.view("q1").response = wrong["q1"]
    quiz.view("q1").check()
    for question_id, response in answers.items():
        quiz.view(question_id).response = response
        quiz.view(question_id).check()
    print(quiz.score)
    """
)


def test_progress_restored_in_another_process(tmp_path: Path, bank) -> None:
    db = tmp_path / "progress.sqlite"
    answers = {k: v for k, v in RIGHT.items() if k != "q-text"}
    code = _ANSWER_IN_CHILD.format(answers=answers, wrong=WRONG)
    out = subprocess.run(
        [sys.executable, "-c", code, str(EVERY_TYPE), str(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "(6.0, 7)"
    quiz = Quiz(bank, student="ana", db=db)
    assert quiz.score == (6.0, 7) and quiz.answered == 6
    for question_id, response in answers.items():
        view = quiz.view(question_id)
        assert view.response == response, question_id
        assert "✓ Correct" in view.feedback
    assert quiz.view("q1").attempts == 2 and "2 attempts" in quiz.view("q1").status
    assert quiz.view("q-text").response == "" and quiz.view("q-text").result is None
    assert "still to answer: question 5" in quiz.summary
    assert Quiz(bank, student="bo", db=db).score == (0.0, 7)  # another student starts empty


def test_changed_key_starts_fresh_a_reworded_question_keeps_its_answers(
    tmp_path: Path, bank
) -> None:
    db = tmp_path / "progress.sqlite"
    quiz = Quiz(bank, student="ana", db=db)
    for question_id in ("q1", "q-tf", "q-multiple"):
        quiz.view(question_id).response = RIGHT[question_id]
        quiz.view(question_id).check()
    edited = (
        EVERY_TYPE.read_text(encoding="utf-8")
        .replace("prompt: Which one?", "prompt: Which one, really?")  # wording: kept
        .replace("hint: Look at ¶10.", "hint: Look again at ¶10.")
        .replace("      - text: Right one\n", "      - text: right one.\n")  # case, punctuation
        .replace("answer: true", "answer: false")  # the key: fresh
    )
    again = Quiz(bank_from_text(tmp_path, edited), student="ana", db=db)
    assert again.view("q1").response == RIGHT["q1"] and again.view("q1").attempts == 1
    assert again.view("q-multiple").response == {"right one.", "Right two"}
    assert again.view("q-tf").response is None and again.view("q-tf").attempts == 0
    assert again.score == (2.0, 7)


def test_reordered_choices_and_a_rename_keep_the_answers(tmp_path: Path, bank) -> None:
    db = tmp_path / "progress.sqlite"
    quiz = Quiz(bank, student="ana", db=db)
    quiz.view("q1").response = "Second"
    quiz.view("q1").check()
    quiz.view("q1").response = "First"
    quiz.view("q1").check()
    text = EVERY_TYPE.read_text(encoding="utf-8")
    first = "      - text: First\n        correct: true\n"
    assert first in text
    edited = text.replace(first, "").replace(
        "      - text: Third option\n", first + "      - text: Third option\n"
    )
    edited = edited.replace("  - id: q1\n", "  - id: which-one\n    renamed_from: q1\n")
    again = Quiz(bank_from_text(tmp_path, edited), student="ana", db=db)
    view = again.view("which-one")
    assert view.response == "First" and view.attempts == 2
    assert view.result is not None and view.result.correct and again.score == (1.0, 7)


def test_attempts_are_recorded_malformed_are_not(tmp_path: Path, bank) -> None:
    db = tmp_path / "progress.sqlite"
    quiz = Quiz(bank, student="ana", db=db)
    quiz.view("q1").check()  # nothing chosen
    quiz.view("q-multiple").response = {"Right two", "Right one"}
    quiz.view("q-multiple").check()
    [attempt] = ProgressStore(db).attempts()
    assert attempt.question_id == "q-multiple" and attempt.response == ["Right one", "Right two"]
    assert (attempt.student, attempt.bank_id, attempt.score, attempt.correct) == (
        "ana",
        "fixture",
        1.0,
        True,
    )
    assert attempt.question_hash == answer_key(bank.question("q-multiple"))


def test_default_store_and_student_from_env(bank) -> None:
    quiz = Quiz(bank)
    quiz.view("q-tf").response = True
    quiz.view("q-tf").check()
    assert quiz.student == "test-student"
    assert quiz.store is not None and quiz.store.path == Path(os.environ["LESSONQUIZ_DB"])
    assert len(ProgressStore().attempts(student="test-student")) == 1


def test_corrupt_store_warns_and_works_in_memory(tmp_path: Path, bank) -> None:
    db = tmp_path / "progress.sqlite"
    db.write_bytes(b"garbage, not SQLite " * 200)
    quiz = Quiz(bank, db=db)
    assert quiz.store is None
    assert "Progress cannot be saved" in quiz.warning
    assert "kept only until the kernel stops" in quiz.warning
    quiz.view("q1").response = "First"
    assert quiz.view("q1").check().correct and quiz.score == (1.0, 7)


def test_unopenable_store_location_warns(tmp_path: Path, bank) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    quiz = Quiz(bank, db=blocker / "sub" / "progress.sqlite")
    assert "Progress cannot be saved" in quiz.warning
    quiz.view("q-tf").response = True
    assert quiz.view("q-tf").check().correct


def test_store_failing_later_warns(tmp_path: Path, bank) -> None:
    quiz = Quiz(bank, db=tmp_path / "p.sqlite")
    assert quiz.warning == "" and quiz.store is not None
    quiz.store.close()
    quiz.store.path = tmp_path / "file"
    (tmp_path / "file").write_bytes(b"garbage, not SQLite " * 200)
    quiz.view("q-tf").response = True
    assert quiz.view("q-tf").check().correct
    assert "could not be saved just now" in quiz.warning and quiz.score == (1.0, 7)
    assert "1 answer(s) wait" in quiz.warning


def test_answers_saved_under_the_older_fingerprint_are_restored(tmp_path: Path, bank) -> None:
    """Stores written before content_hash left out teaching texts keep their answers."""
    db = tmp_path / "p.sqlite"
    question = bank.question("q1")
    assert question.legacy_content_hash != question.content_hash
    with ProgressStore(db) as store:
        for response, correct in (("Second", False), ("First", True)):
            store.record(
                Attempt(
                    "ana",
                    bank.id,
                    "q1",
                    question.legacy_content_hash,
                    response,
                    float(correct),
                    correct,
                    utc_now(),
                )
            )
    quiz = Quiz(bank, student="ana", db=db, seed=1)
    view = quiz.view("q1")
    assert view.response == "First" and view.attempts == 2 and quiz.answered == 1


def test_an_unreadable_saved_answer_is_skipped_with_a_warning(tmp_path: Path, bank) -> None:
    db = tmp_path / "p.sqlite"
    first = Quiz(bank, student="ana", db=db, seed=1)
    first.view("q1").response = "First"
    first.view("q-tf").response = True
    first.view("q1").check(), first.view("q-tf").check()
    first.store.close()
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE attempts SET response = '{not json' WHERE question_id = 'q1'")
    conn.close()
    again = Quiz(bank, student="ana", db=db, seed=1)
    assert "1 saved answer(s)" in again.warning and "skipped" in again.warning
    assert again.store is not None  # still saving
    assert again.view("q1").response is None and again.view("q-tf").response is True
    again.view("q1").response = "First"
    assert again.view("q1").check().correct
    assert "skipped" in again.warning  # saving again does not hide it
    assert len(ProgressStore(db).attempts(student="ana")) == 2  # 3 rows, the damaged one skipped


def test_a_busy_store_keeps_the_answer_until_the_next_check(tmp_path: Path, bank) -> None:
    db = tmp_path / "p.sqlite"
    quiz = Quiz(bank, student="ana", db=db, seed=1)
    assert quiz.store is not None
    quiz.store._connect().execute("PRAGMA busy_timeout = 50")  # do not wait 10 s in a test
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another kernel holds the write lock
    quiz.view("q1").response = "First"
    assert quiz.view("q1").check().correct
    assert "locked" in quiz.warning and "1 answer(s) wait" in quiz.warning
    assert quiz.store is not None
    other.execute("ROLLBACK")
    other.close()
    quiz.view("q-tf").response = True
    assert quiz.view("q-tf").check().correct
    assert quiz.warning == ""
    saved = ProgressStore(db).attempts(student="ana")
    assert [a.question_id for a in saved] == ["q1", "q-tf"]


def test_show_by_id_from_a_subfolder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "lessons").mkdir()
    (tmp_path / "quizzes" / "07-fixture.yaml").write_text(EVERY_TYPE.read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path / "lessons")
    quiz = lessonquiz.show("fixture", seed=1)
    assert isinstance(quiz, Quiz) and quiz.bank.id == "fixture"
    by_path = show(tmp_path / "quizzes" / "07-fixture.yaml", seed=1)
    assert isinstance(by_path, Quiz)


def test_show_goes_by_the_declared_id_not_the_file_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = EVERY_TYPE.read_text(encoding="utf-8")
    assert "\nid: fixture\n" in text
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "01-economics.yaml").write_text(
        text.replace("\nid: fixture\n", "\nid: econ-old\n"), encoding="utf-8"
    )
    (tmp_path / "quizzes" / "02-trade.yaml").write_text(
        text.replace("\nid: fixture\n", "\nid: economics\n"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    quiz = show("economics", seed=1)
    assert isinstance(quiz, Quiz) and quiz.bank.id == "economics"
    missing = show("old")
    assert "no bank with id 'old'" in html.unescape(missing.data)
    (tmp_path / "quizzes" / "03-old.yaml").write_text(text, encoding="utf-8")
    named_other = show("old")
    assert "quizzes/03-old.yaml has id 'fixture'" in html.unescape(named_other.data)


def test_show_bad_bank_is_a_readable_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import FIXTURES

    (tmp_path / "quizzes").mkdir()
    monkeypatch.chdir(tmp_path)
    missing = show("nope")
    assert isinstance(missing, HTML) and "no quizzes/ folder" not in missing.data
    assert "no bank with id" in missing.data
    bad = (FIXTURES / "banks" / "bad-single-two-correct.yaml").read_text(encoding="utf-8")
    assert "\nid: fixture\n" in bad
    (tmp_path / "quizzes" / "03-broken.yaml").write_text(
        bad.replace("\nid: fixture\n", "\nid: broken\n"), encoding="utf-8"
    )
    by_id = show("broken")
    assert isinstance(by_id, HTML)
    assert "quizzes/03-broken.yaml:" in by_id.data and "correct" in by_id.data
    (tmp_path / "quizzes" / "04-unparsable.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    unparsable = show("unparsable")  # named after the id, cannot say its id: its problem shows
    assert "quizzes/04-unparsable.yaml:" in unparsable.data and "YAML" in unparsable.data
    broken = show(FIXTURES / "banks" / "bad-single-two-correct.yaml")
    assert isinstance(broken, HTML) and "lq-error" in broken.data
    assert "bad-single-two-correct.yaml:" in broken.data and "Traceback" not in broken.data


@pytest.mark.skipif(not (ROOT / "quizzes").is_dir(), reason="no lesson banks")
def test_lesson_banks_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    from lessonquiz.bank.loader import check_bank

    for path in sorted((ROOT / "quizzes").glob("*.yaml")):
        checked = check_bank(path)
        if checked.bank is None:  # another helper may be mid-edit; validate reports it
            continue
        quiz = show(checked.bank.id, seed=1)
        assert isinstance(quiz, Quiz), path
        mine, again = bundle(quiz), bundle(show(checked.bank.id, seed=1))
        for key in ("text/plain", "text/html"):
            assert mine[key] == again[key]


def test_core_does_not_import_ipywidgets() -> None:
    code = (
        "import sys, lessonquiz, lessonquiz.grading, lessonquiz.bank.loader, lessonquiz.store,"
        " lessonquiz.render; sys.exit('ipywidgets' in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_quiz_imports_neither_ipywidgets_nor_anywidget() -> None:
    """The quiz speaks the widget protocol itself (``widgets.model``): importing ipywidgets
    cost a lesson's kernel 40-60 ms at the quiz cell and as much again at exit."""
    code = (
        "import sys\nfrom lessonquiz import Quiz, load_bank\n"
        f"Quiz(load_bank({str(EVERY_TYPE)!r}), seed=1)._repr_mimebundle_()\n"
        "sys.exit(sorted({'ipywidgets', 'anywidget'} & set(sys.modules)) or 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


class _FailingOnce:
    """A store whose next ``record_many`` raises ``error`` (then works again)."""

    def __init__(self, store: ProgressStore, error: BaseException) -> None:
        self.store, self.error = store, error
        self.real = store.record_many
        store.record_many = self  # type: ignore[method-assign]

    def __call__(self, attempts: object) -> None:
        if self.error is not None:
            error, self.error = self.error, None
            try:
                raise sqlite3.OperationalError("cannot rollback - no transaction is active")
            except sqlite3.OperationalError:
                raise error from None
        self.real(attempts)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.OperationalError("database or disk is full"),
        RuntimeError("something unexpected"),
        OSError(28, "No space left on device"),
    ],
    ids=["disk-full", "any-exception", "oserror"],
)
def test_a_failed_save_is_said_and_retried(tmp_path: Path, bank, error: BaseException) -> None:
    db = tmp_path / "p.sqlite"
    quiz = Quiz(bank, student="ana", db=db, seed=1)
    assert quiz.store is not None
    _FailingOnce(quiz.store, error)
    quiz.view("q1").response = "First"
    assert quiz.view("q1").check().correct  # the quiz keeps working
    assert str(error.args[-1]) in quiz.warning and "1 answer(s) wait" in quiz.warning
    assert "cannot rollback" not in quiz.warning  # the real cause, not SQLite's follow-up
    quiz.view("q-tf").response = True
    assert quiz.view("q-tf").check().correct
    assert quiz.warning == ""
    assert [a.question_id for a in ProgressStore(db).attempts()] == ["q1", "q-tf"]


def test_an_answer_that_cannot_be_stored_does_not_poison_the_quiz(tmp_path: Path, bank) -> None:
    """Review D7: a lone surrogate in a text answer is refused in words before it is graded or
    stored (``responses.read_response``), and every other question still saves."""
    db = tmp_path / "p.sqlite"
    quiz = Quiz(bank, student="ana", db=db, seed=1)
    quiz.view("q-text").response = "Peskov\ud800"
    result = quiz.view("q-text").check()
    assert result.malformed and result.feedback.startswith("Not graded")
    assert quiz.view("q-text").attempts == 0
    for question_id in ("q-tf", "q1"):
        quiz.view(question_id).response = RIGHT[question_id]
        assert quiz.view(question_id).check().correct
    assert quiz.warning == ""
    assert [a.question_id for a in ProgressStore(db).attempts()] == ["q-tf", "q1"]


def test_a_student_name_from_a_non_utf8_environment(tmp_path: Path, bank) -> None:
    quiz = Quiz(bank, student="Jos\udce9", db=tmp_path / "p.sqlite")
    quiz.view("q-tf").response = True
    assert quiz.view("q-tf").check().correct and quiz.warning == ""
    assert "\ufffd" in quiz.student


def test_one_widget_model_per_quiz_whatever_its_length(tmp_path: Path, comms) -> None:
    from tests.widgets.conftest import many_questions

    counts = {}
    for copies in (1, 8):
        bank = many_questions(tmp_path, copies)
        before = len(comms)
        quiz = Quiz(bank, seed=1)
        counts[len(quiz.views)] = [made.opened["target_name"] for made in comms[before:]]
    assert counts == {7: ["jupyter.widget"], 56: ["jupyter.widget"]}


def test_a_waiting_answer_that_can_never_be_stored_is_dropped_with_a_word(
    tmp_path: Path, bank
) -> None:
    """Review D7, the save path itself: one unstorable attempt never blocks the others."""
    db = tmp_path / "p.sqlite"
    quiz = Quiz(bank, student="ana", db=db, seed=1)
    quiz._unsaved.append(
        Attempt("ana", bank.id, "q-text", "h", "Peskov\ud800", 0.0, False, utc_now())
    )
    quiz.view("q-tf").response = True
    assert quiz.view("q-tf").check().correct
    assert "1 answer(s) cannot be stored at all" in quiz.warning
    quiz.view("q1").response = "First"
    assert quiz.view("q1").check().correct
    assert quiz.warning == ""
    assert [a.question_id for a in ProgressStore(db).attempts()] == ["q-tf", "q1"]


def test_a_closed_quiz_leaves_the_next_one_working(bank) -> None:
    first = Quiz(bank, seed=1)
    first.close()
    second = Quiz(bank, seed=1)
    assert second.model_id != first.model_id and "text/plain" in bundle(second)
