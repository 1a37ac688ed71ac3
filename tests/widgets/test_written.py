"""A ``written`` question in the quiz: submitted, saved, never graded; rubric and model answer
only after a submission; restored with the rubric; left out of the score."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import lessonquiz.widgets.quiz as quiz_module
from lessonquiz import Quiz, load_bank
from lessonquiz.bank.model import Bank
from lessonquiz.store import ProgressStore
from tests.conftest import FIXTURES
from tests.widgets.conftest import press, state

WRITTEN = FIXTURES / "banks" / "good-written.yaml"
ANSWER = "The economic reason holds on the figures,\nbut the welcome rests on one spokesman."
RUBRIC_WORDS = "Names at least one claim the record contradicts."
MODEL_WORDS = "rests on one spokesman"


@pytest.fixture
def written_bank() -> Bank:
    return load_bank(WRITTEN)


def _submit(quiz: Quiz, text: object) -> None:
    press(quiz, "final-verdict", "check", response=text, touched=True)


def test_empty_and_too_short_are_not_counted(tmp_path: Path, written_bank: Bank) -> None:
    quiz = Quiz(written_bank, student="ana", db=tmp_path / "p.db")
    _submit(quiz, "   \n ")
    shown = state(quiz, "final-verdict")
    assert "Write your answer first." in shown["feedback"]
    assert shown["status"] == "0 submissions · not submitted yet"
    _submit(quiz, "Too short here")  # 3 words, min_words is 5
    shown = state(quiz, "final-verdict")
    assert "at least 5 words (this has 3)" in shown["feedback"]
    assert quiz.view("final-verdict").attempts == 0
    assert quiz.answered == 0
    assert quiz.store is not None and quiz.store.attempts(bank_id=written_bank.id) == []
    assert "rubric" not in shown and "model_answer" not in shown


def test_garbage_from_the_page_is_not_graded(written_bank: Bank) -> None:
    quiz = Quiz(written_bank, student="ana", db=":memory:")
    _submit(quiz, [1, 2])
    assert "Not graded: the page sent something that is not typed text" in state(
        quiz, "final-verdict"
    )["feedback"]
    _submit(quiz, "word " * 10_001)  # past MAX_WRITTEN_CHARS
    assert "longer than 20,000 characters" in state(quiz, "final-verdict")["feedback"]
    assert quiz.answered == 0


def test_a_real_answer_is_saved_ungraded_and_not_scored(tmp_path: Path, written_bank: Bank) -> None:
    quiz = Quiz(written_bank, student="ana", db=tmp_path / "p.db")
    before = quiz.score
    _submit(quiz, ANSWER)
    shown = state(quiz, "final-verdict")
    assert shown["status"] == "1 submission · Saved — not graded automatically"
    assert "Saved — not graded automatically" in shown["feedback"]
    assert "✗" not in shown["feedback"] and "✓" not in shown["feedback"]
    assert quiz.score == before == (0, 1)  # only the text question counts
    assert quiz.view("final-verdict").wrong_attempts == 0
    assert "still to answer: question 2" in quiz.summary  # written counts as answered
    assert "not yet right" not in quiz.summary
    assert quiz.store is not None
    saved = quiz.store.attempts(bank_id=written_bank.id, student="ana")
    assert [(a.question_id, a.response, a.score) for a in saved] == [
        ("final-verdict", ANSWER, 0.0)
    ]
    press(quiz, "city", "check", response="Astana", touched=True)
    assert quiz.score == (1, 1)
    assert quiz.summary.endswith("all done ✓")


def test_rubric_and_model_answer_only_after_submission(written_bank: Bank) -> None:
    quiz = Quiz(written_bank, student="ana", db=":memory:")
    press(quiz, "final-verdict", "hint")
    unsubmitted = json.dumps([quiz.questions, quiz.states], ensure_ascii=False)
    assert RUBRIC_WORDS not in unsubmitted and MODEL_WORDS not in unsubmitted
    assert quiz.questions[0]["min_words"] == 5
    _submit(quiz, ANSWER)
    shown = state(quiz, "final-verdict")
    assert len(shown["rubric"]) == 3 and RUBRIC_WORDS in shown["rubric"]
    assert MODEL_WORDS in shown["model_answer"]
    press(quiz, "final-verdict", "reset")  # the screen is cleared, the submission stays
    assert "rubric" not in state(quiz, "final-verdict")
    assert quiz.answered == 1


def test_restored_in_a_new_quiz_with_the_rubric(tmp_path: Path, written_bank: Bank) -> None:
    db = tmp_path / "p.db"
    first = Quiz(written_bank, student="ana", db=db)
    _submit(first, ANSWER)
    again = Quiz(written_bank, student="ana", db=db)
    shown = state(again, "final-verdict")
    assert shown["response"] == ANSWER
    assert shown["status"] == "1 submission · Saved — not graded automatically"
    assert RUBRIC_WORDS in shown["rubric"] and MODEL_WORDS in shown["model_answer"]
    assert again.score == (0, 1) and again.answered == 1
    other = Quiz(written_bank, student="bo", db=db)
    assert "rubric" not in state(other, "final-verdict")


def test_static_fallback_describes_the_box(written_bank: Bank) -> None:
    quiz = Quiz(written_bank, student="ana", db=":memory:")
    assert "a written answer of at least 5 words" in quiz.view("final-verdict").static_lines()[0]


class _OutboxLike(ProgressStore):
    """A local store with the hub outbox's two extras: a pending line and ``on_sent``."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.waiting_text = "1 answer waits to be sent"
        self.on_sent = None

    def pending_message(self) -> str:
        return self.waiting_text


def test_the_pending_line_goes_when_the_sender_has_sent(
    tmp_path: Path, written_bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _OutboxLike(tmp_path / "p.db")
    monkeypatch.setattr(quiz_module, "open_progress_store", lambda db: store)
    quiz = Quiz(written_bank, student="ana", db=tmp_path / "p.db")
    _submit(quiz, ANSWER)
    assert "1 answer waits to be sent" in quiz.warning
    store.waiting_text = ""
    assert store.on_sent is not None
    store.on_sent()  # what the outbox's sender thread calls after sending
    assert quiz.warning == ""


def test_a_plain_store_has_no_sender_hook(tmp_path: Path, written_bank: Bank) -> None:
    quiz = Quiz(written_bank, student="ana", db=tmp_path / "p.db")
    assert not hasattr(quiz.store, "on_sent")
    _submit(quiz, ANSWER)
    assert quiz.warning == ""
