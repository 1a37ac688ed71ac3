"""Every question type, headless: set a response as a student would, check, read what shows."""

from __future__ import annotations

import random

import pytest

from lessonquiz import Quiz
from lessonquiz.bank.model import Bank
from lessonquiz.bank.public import shuffled_items
from lessonquiz.widgets.question import CHOOSE_FIRST
from tests.widgets.conftest import (
    RIGHT,
    WRONG,
    WRONG_FEEDBACK,
    bank_from_text,
    html_values,
    press,
    state,
)

IDS = list(RIGHT)
HELD = {"q-tf", "q-numeric", "q-text", "q-order"}
"""Questions whose wrong-answer feedback is question-level (it may state the key)."""


@pytest.mark.parametrize("question_id", IDS)
def test_right_answer_scores_full(bank, question_id: str) -> None:
    quiz = Quiz(bank, seed=1)
    view = quiz.view(question_id)
    view.response = RIGHT[question_id]
    result = view.check()
    assert (result.score, result.correct) == (1.0, True)
    shown = state(quiz, question_id)
    assert shown["tone"] == "correct" and "✓ Correct" in shown["feedback"]
    assert shown["status"] == "1 attempt · ✓ correct"
    assert shown["explanation"] and view.explanation
    assert quiz.score == (1.0, 7)


@pytest.mark.parametrize("question_id", IDS)
def test_wrong_answer_shows_words_and_feedback(bank, question_id: str) -> None:
    quiz = Quiz(bank, seed=1)
    view = quiz.view(question_id)
    view.response = WRONG[question_id]
    view.check()
    assert view.result is not None and view.result.score == 0.0
    shown = state(quiz, question_id)
    assert "✗ Not yet" in shown["feedback"] and shown["tone"] == "wrong"
    note = WRONG_FEEDBACK[question_id].replace("¶", "")
    if question_id in HELD:  # the first wrong attempt never shows the answer
        assert note not in shown["feedback"].replace("¶", "")
    else:
        assert note in shown["feedback"].replace("¶", "")
    assert shown["explanation"] == ""  # only after 2 wrong attempts
    assert quiz.score == (0.0, 7)


@pytest.mark.parametrize("question_id", sorted(HELD))
def test_question_feedback_waits_for_the_explanation(bank, question_id: str) -> None:
    quiz = Quiz(bank, seed=1)
    view = quiz.view(question_id)
    view.response = WRONG[question_id]
    view.check()
    assert WRONG_FEEDBACK[question_id] not in view.feedback
    view.reset()
    view.response = WRONG[question_id]
    assert view.check().feedback == view.result.feedback
    # The same answer again is not a second attempt...
    assert view.attempts == 1 and WRONG_FEEDBACK[question_id] not in view.feedback
    other = {
        "q-tf": None,
        "q-numeric": 7,
        "q-text": "Lavrov Sergei",
        "q-order": ["Reasons", "Conclusion", "Claim"],
    }[question_id]
    if other is None:  # true/false has one wrong answer only: lower the rule instead
        view.explanation_after = 1
    else:
        view.response = other
        view.check()
    assert WRONG_FEEDBACK[question_id] in view.feedback and view.explanation


@pytest.mark.parametrize("question_id", IDS)
def test_response_round_trips(bank, question_id: str) -> None:
    view = Quiz(bank, seed=3).view(question_id)
    view.response = RIGHT[question_id]
    assert view.response == RIGHT[question_id]


def test_nothing_preselected_and_empty_is_not_an_attempt(bank) -> None:
    quiz = Quiz(bank, seed=1)
    for question_id in ["q1", "q-multiple", "q-tf", "q-numeric", "q-text", "q-match"]:
        view = quiz.view(question_id)
        result = view.check()
        assert result.malformed, question_id
        assert view.attempts == 0 and view.result is None
        assert view.feedback == CHOOSE_FIRST and "✗" not in view.feedback
        assert state(quiz, question_id)["tone"] == "notice"
    assert quiz.view("q1").response is None
    assert quiz.view("q-multiple").response == set()
    assert quiz.view("q-numeric").response is None  # empty box is "no answer", not 0
    assert quiz.answered == 0 and quiz.score == (0.0, 7)


def test_numeric_takes_the_text_as_typed(bank) -> None:
    quiz = Quiz(bank, seed=1)
    view = quiz.view("q-numeric")
    view.response = "5.45"
    assert view.response == 5.45 and view.check().correct
    view.response = "five"
    assert view.check().malformed and view.attempts == 1
    view.response = 26
    assert state(quiz, "q-numeric")["response"] == "26"
    assert quiz.view("q-numeric").public.unit == "billion USD"


def test_decimal_comma_from_the_page_is_asked_again(bank) -> None:
    quiz = Quiz(bank, seed=1)
    press(quiz, "q-numeric", "check", response="5,5")
    view = quiz.view("q-numeric")
    assert view.attempts == 0 and view.result is None
    assert view.response == "5,5"  # never turned into 55 or 5.5 behind the student's back
    assert "Not graded" in view.feedback and "without commas" in view.feedback
    press(quiz, "q-numeric", "check", response="5.5")
    assert view.attempts == 1 and view.result.correct


def test_multiple_partial_credit(bank) -> None:
    quiz = Quiz(bank, seed=1)
    view = quiz.view("q-multiple")
    view.response = {"Right one"}
    result = view.check()
    assert result.score == 0.5
    assert state(quiz, "q-multiple")["tone"] == "partial"
    assert "Partly right (50%)" in view.feedback and "partly right (50%)" in view.status
    assert quiz.score == (0.5, 7)


def test_explanation_after_two_wrong_attempts(bank) -> None:
    view = Quiz(bank, seed=1).view("q1")
    view.response = "Second"
    view.check()
    assert view.explanation == ""
    view.response = "Third option"
    view.check()
    assert "Because ¶10 says so." in view.explanation
    assert "2 attempts" in view.status


def test_explanation_threshold_from_bank(tmp_path) -> None:
    from tests.widgets.conftest import EVERY_TYPE

    text = EVERY_TYPE.read_text(encoding="utf-8").replace(
        "title: Fixture bank\n", "title: Fixture bank\nshow_explanation_after: 1\n"
    )
    view = Quiz(bank_from_text(tmp_path, text), seed=1).view("q1")
    view.response = "Second"
    view.check()
    assert "Because ¶10 says so." in view.explanation


def test_hints_revealed_one_by_one(tmp_path) -> None:
    from tests.conftest import FIXTURES

    bank = bank_from_text(
        tmp_path, (FIXTURES / "banks" / "good-hint-list.yaml").read_text(encoding="utf-8")
    )
    quiz = Quiz(bank, seed=1)
    assert quiz.view("hints").public.hints == 2
    assert state(quiz, "hints")["hints"] == [] and "surpasses" not in str(quiz.states)
    press(quiz, "hints", "hint")
    shown = " ".join(state(quiz, "hints")["hints"])
    assert "¶10" in shown and "surpasses" not in shown
    press(quiz, "hints", "hint")
    press(quiz, "hints", "hint")  # no third hint: nothing breaks
    assert len(state(quiz, "hints")["hints"]) == 2 and "surpasses" in str(quiz.states)
    press(quiz, "hints", "reset")
    assert state(quiz, "hints")["hints"] == []


def test_reset_clears_answer_and_verdict_keeps_attempts(bank) -> None:
    quiz = Quiz(bank, seed=1)
    view = quiz.view("q1")
    view.response = "First"
    view.check()
    press(quiz, "q1", "reset")
    shown = state(quiz, "q1")
    assert view.response is None and shown["response"] is None
    assert shown["feedback"] == "" and shown["explanation"] == "" and shown["tone"] == ""
    assert "✓" not in shown["status"]
    assert view.attempts == 1 and quiz.score == (1.0, 7)


def test_a_changed_answer_clears_the_verdict(bank) -> None:
    quiz = Quiz(bank, seed=1)
    view = quiz.view("q1")
    view.response = "First"
    view.check()
    view.response = "Second"
    shown = state(quiz, "q1")
    assert shown["status"] == "1 attempt · changed — press Check"
    assert shown["feedback"] == "" and shown["explanation"] == ""
    view.response = "First"  # back to the checked answer: Check shows its verdict, once
    assert "changed" in state(quiz, "q1")["status"]
    view.check()
    assert "✓ correct" in state(quiz, "q1")["status"] and view.attempts == 1


def test_the_same_answer_counts_once(bank, tmp_path) -> None:
    from lessonquiz.store import ProgressStore

    quiz = Quiz(bank, seed=1, db=tmp_path / "p.sqlite")
    view = quiz.view("q1")
    view.response = "Second"
    view.check()
    view.check()
    press(quiz, "q1", "check", response=view.choices.index("Second"))
    assert view.attempts == 1 and view.wrong_attempts == 1
    assert "Already checked" in view.feedback and view.explanation == ""
    assert len(ProgressStore(tmp_path / "p.sqlite").attempts()) == 1


def test_order_is_no_answer_until_moved_or_confirmed(bank) -> None:
    quiz = Quiz(bank, seed=1)
    view = quiz.view("q-order")
    items = ["Claim", "Reasons", "Conclusion"]
    assert view.response != items and sorted(view.response) == sorted(items)
    assert view.check().malformed and view.attempts == 0
    assert "Keep this order" in view.feedback
    press(quiz, "q-order", "check", response=[0, 1, 2], touched=False)
    assert view.attempts == 0
    press(quiz, "q-order", "keep-order")
    assert view.check().score < 1 and view.attempts == 1
    start = view.start_order
    press(quiz, "q-order", "check", response=[start.index(i) for i in items], touched=True)
    assert view.result.correct and view.response == items
    press(quiz, "q-order", "reset")
    assert view.response == start and not view.touched


@pytest.mark.parametrize("seed", range(30))
def test_shuffled_items_never_correct(seed: int) -> None:
    assert shuffled_items(["a", "b"], random.Random(seed)) == ["b", "a"]
    assert shuffled_items(list("abcd"), random.Random(seed)) != list("abcd")


def test_match_rows(bank) -> None:
    quiz = Quiz(bank, seed=1)
    view = quiz.view("q-match")
    lefts = ["Trade was 31.5 bn", "They want to counter Russia"]
    assert view.public.lefts == lefts
    assert sorted(view.options) == ["checkable fact", "opinion"]
    assert view.response == dict.fromkeys(lefts)
    view.response = {lefts[0]: "checkable fact"}
    result = view.check()
    assert result.malformed and view.attempts == 0 and "left open" in view.feedback
    view.response = {lefts[0]: "checkable fact", lefts[1]: "checkable fact"}
    result = view.check()
    assert result.score == 0.5 and "A claim about motives." in view.feedback
    view.reset()
    assert view.response == dict.fromkeys(lefts)


def test_unknown_id_names_the_ids(bank) -> None:
    with pytest.raises(KeyError, match="q-match"):
        Quiz(bank, seed=1).view("nope")


def test_summary_says_what_is_left(bank) -> None:
    quiz = Quiz(bank, seed=1)
    assert "0 of 7 answered" in quiz.summary and "questions 1, 2" in quiz.summary
    quiz.view("q1").response = "Second"
    quiz.view("q1").check()
    number = quiz.view("q1").number
    assert f"not yet right: question {number}" in quiz.summary
    assert quiz.progress["answered"] == 1 and quiz.progress["total"] == 7
    for question_id, response in RIGHT.items():
        quiz.view(question_id).response = response
        quiz.view(question_id).check()
    assert "all done ✓" in quiz.summary and quiz.score == (7.0, 7)
    assert "score 7 / 7" in quiz.summary and "✓ Correct" in html_values(quiz)


VALID = {("q-numeric", "'0'"), ("q-text", "'0'"), ("q-multiple", "[0, 0]"), ("q-match", "[0, 0]")}
JUNK = [99, -1, 2**40, True, "0", None, [0, 0], [99], {"a": 1}, "x" * 3000, [None], 1.5]


GARBAGE = [
    pytest.param(question_id, junk, id=f"{question_id}-{junk!r:.40}")
    for junk in JUNK
    for question_id in IDS
    if (question_id, repr(junk)) not in VALID  # these four are real answers to the question
]


@pytest.mark.parametrize(("question_id", "junk"), GARBAGE)
def test_garbage_from_the_page_is_not_graded_and_says_why(bank, question_id, junk) -> None:
    """Review D11: whatever a page sends, Check answers in words and never raises."""
    quiz = Quiz(bank, seed=1)
    press(quiz, question_id, "check", response=junk, touched=True)
    view = quiz.view(question_id)
    assert view.attempts == 0 and view.result is None, view.feedback
    assert view.feedback.startswith(("Not graded", "Choose an answer first")), view.feedback
    assert state(quiz, question_id)["tone"] == "notice"


def test_messages_for_no_question_are_ignored(bank) -> None:
    quiz = Quiz(bank, seed=1)
    for message in (
        {"kind": "check", "index": 99},
        {"kind": "check", "index": -1},
        {"kind": "check", "index": True},
        "not a dict",
        {"kind": "nope", "index": 0},
    ):
        quiz._on_page_message(quiz, message, [])
    assert quiz.answered == 0


def test_a_ping_is_answered_and_changes_nothing(bank, monkeypatch) -> None:
    """The page pings when the student comes back to a quiz (another tab may have restarted
    the kernel); this kernel answers with a pong, and no question's state moves."""
    quiz = Quiz(bank, seed=1)
    sent: list[object] = []
    monkeypatch.setattr(quiz, "send", lambda content, buffers=None: sent.append(content))
    states = [dict(s) for s in quiz.states]
    quiz._on_page_message(quiz, {"kind": "ping"}, [])
    assert sent == [{"kind": "pong"}]
    assert quiz.states == states and quiz.answered == 0


def test_a_lazy_bank_loads_at_the_first_ping_or_check_and_once(bank: Bank, monkeypatch) -> None:
    """A quiz drawn from the bank cache has only the key-free part until the student comes to
    it: the page's ping (focus, click) loads the model so the first Check does not wait, and
    a Check that comes first loads it too, once either way."""
    from lessonquiz.bank.public import LazyBank, public_bank

    loads: list[int] = []

    def load() -> Bank:
        loads.append(1)
        return bank

    lazy = LazyBank(public_bank(bank), load)
    drawn = Quiz(lazy, seed=1)
    assert loads == [] and drawn.questions == Quiz(bank, seed=1).questions
    monkeypatch.setattr(drawn, "send", lambda content, buffers=None: None)
    drawn._on_page_message(drawn, {"kind": "ping"}, [])
    drawn._on_page_message(drawn, {"kind": "ping"}, [])
    assert loads == [1]
    checked = Quiz(LazyBank(public_bank(bank), load), seed=1)
    checked.view("q1").response = RIGHT["q1"]
    assert checked.view("q1").check().correct and loads == [1, 1]
    assert checked.score[0] == 1
