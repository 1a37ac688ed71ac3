"""Every question view, headless: set a response as a student would, check, read the feedback."""

from __future__ import annotations

import pytest

from lessonquiz import Quiz
from lessonquiz.widgets.match import PLACEHOLDER
from lessonquiz.widgets.order import shuffled_items
from tests.widgets.conftest import RIGHT, WRONG, WRONG_FEEDBACK, bank_from_text, html_values

IDS = list(RIGHT)


@pytest.mark.parametrize("question_id", IDS)
def test_right_answer_scores_full(bank, question_id: str) -> None:
    quiz = Quiz(bank, seed=1)
    view = quiz.view(question_id)
    view.response = RIGHT[question_id]
    result = view.check()
    assert (result.score, result.correct) == (1.0, True)
    assert "lq-correct" in view.feedback.value and "✓ Correct" in view.feedback.value
    assert "1 attempt · ✓ correct" in view.status.value
    assert "Explanation:" in view.explanation.value
    assert quiz.score == (1.0, 7)


@pytest.mark.parametrize("question_id", IDS)
def test_wrong_answer_shows_words_and_feedback(bank, question_id: str) -> None:
    quiz = Quiz(bank, seed=1)
    view = quiz.view(question_id)
    view.response = WRONG[question_id]
    view.check_button.click()
    assert view.result is not None and view.result.score == 0.0
    assert "✗ Not yet" in view.feedback.value and "lq-wrong" in view.feedback.value
    assert WRONG_FEEDBACK[question_id].replace("¶", "") in view.feedback.value.replace("¶", "")
    assert view.explanation.value == ""  # only after 2 wrong attempts
    assert quiz.score == (0.0, 7)


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
        assert "Expected" in view.feedback.value
    assert quiz.view("q1").response is None
    assert quiz.view("q-multiple").response == set()
    assert quiz.view("q-numeric").response is None  # empty box is "no answer", not 0
    assert quiz.answered == 0 and quiz.score == (0.0, 7)


def test_numeric_text_and_unit(bank) -> None:
    view = Quiz(bank, seed=1).view("q-numeric")
    view.box.value = "5.45"
    assert view.response == 5.45 and view.check().correct
    view.box.value = "five"
    assert view.check().malformed
    assert any(getattr(w, "value", None) == "billion USD" for w in view.input.children)
    view.response = 26
    assert view.box.value == "26"


def test_multiple_partial_credit(bank) -> None:
    quiz = Quiz(bank, seed=1)
    view = quiz.view("q-multiple")
    view.response = {"Right one"}
    result = view.check()
    assert result.score == 0.5
    assert "lq-partial" in view.feedback.value and "Partly right (50%)" in view.feedback.value
    assert "partly right (50%)" in view.status.value
    assert quiz.score == (0.5, 7)


def test_explanation_after_two_wrong_attempts(bank) -> None:
    view = Quiz(bank, seed=1).view("q1")
    view.response = "Second"
    view.check()
    assert view.explanation.value == ""
    view.response = "Third option"
    view.check()
    assert "Because ¶10 says so." in view.explanation.value
    assert "2 attempts" in view.status.value


def test_explanation_threshold_from_bank(tmp_path) -> None:
    from tests.widgets.conftest import EVERY_TYPE

    text = EVERY_TYPE.read_text(encoding="utf-8").replace(
        "title: Fixture bank\n", "title: Fixture bank\nshow_explanation_after: 1\n"
    )
    view = Quiz(bank_from_text(tmp_path, text), seed=1).view("q1")
    view.response = "Second"
    view.check()
    assert "Because ¶10 says so." in view.explanation.value


def test_hints_revealed_one_by_one(tmp_path) -> None:
    from tests.conftest import FIXTURES

    bank = bank_from_text(
        tmp_path, (FIXTURES / "banks" / "good-hint-list.yaml").read_text(encoding="utf-8")
    )
    view = Quiz(bank, seed=1).view("hints")
    assert view.hints.value == "" and not view.hint_button.disabled
    view.hint_button.click()
    assert "¶10" in view.hints.value and "surpasses" not in view.hints.value
    view.hint_button.click()
    assert "surpasses" in view.hints.value
    assert view.hint_button.disabled
    view.reset()
    assert view.hints.value == "" and not view.hint_button.disabled


def test_no_hint_hides_button(bank) -> None:
    view = Quiz(bank, seed=1).view("q-multiple")
    assert view.hint_button.disabled and view.hint_button.layout.display == "none"


def test_reset_clears_answer_keeps_attempts(bank) -> None:
    quiz = Quiz(bank, seed=1)
    view = quiz.view("q1")
    view.response = "First"
    view.check()
    view.reset_button.click()
    assert view.response is None and view.feedback.value == ""
    assert view.attempts == 1 and quiz.score == (1.0, 7)


def test_order_moves_items_and_never_starts_right(bank) -> None:
    view = Quiz(bank, seed=1).view("q-order")
    items = ["Claim", "Reasons", "Conclusion"]
    assert view.response != items and sorted(view.response) == sorted(items)
    start = view.response
    assert view.order_list.order == start and view.order_list.description
    view.move(0, +1)
    assert view.response == [start[1], start[0], start[2]]
    view.move(1, -1)
    assert view.response == start
    view.move(0, -1)  # nothing above the first item
    view.move(2, +1)  # nothing below the last
    assert view.response == start
    view.response = items
    assert view.order_list.order == items
    assert view.check().correct
    view.reset()
    assert view.response == start


@pytest.mark.parametrize("seed", range(30))
def test_shuffled_items_never_correct(seed: int) -> None:
    import random

    assert shuffled_items(["a", "b"], random.Random(seed)) == ["b", "a"]
    assert shuffled_items(list("abcd"), random.Random(seed)) != list("abcd")


def test_match_selects(bank) -> None:
    view = Quiz(bank, seed=1).view("q-match")
    lefts = ["Trade was 31.5 bn", "They want to counter Russia"]
    selects = view.selects
    assert selects.rows == lefts and selects.placeholder == PLACEHOLDER
    assert sorted(selects.options) == ["checkable fact", "opinion"]
    assert selects.choices == [None, None] and view.response == dict.fromkeys(lefts)
    view.response = {lefts[0]: "checkable fact"}
    result = view.check()
    assert result.malformed and view.attempts == 0
    view.response = {lefts[0]: "checkable fact", lefts[1]: "checkable fact"}
    result = view.check()
    assert result.score == 0.5 and "A claim about motives." in view.feedback.value
    view.reset()
    assert selects.choices == [None, None]


CONTROLS = ("Button", "Checkbox", "RadioGroup", "SelectRows", "OrderList", "Text", "IntProgress")


def test_every_control_labelled(bank) -> None:
    from tests.widgets.conftest import walk

    quiz = Quiz(bank, seed=1)
    for widget in walk(quiz):
        kind = type(widget).__name__
        if kind in CONTROLS:
            visible = widget.layout.display != "none"
            assert widget.description or not visible, kind
            assert widget.tooltip, kind
    assert "lq-quiz" in quiz._dom_classes
    assert all("lq-question" in view._dom_classes for view in quiz.views)


def test_unknown_id_names_the_ids(bank) -> None:
    with pytest.raises(KeyError, match="q-match"):
        Quiz(bank, seed=1).view("nope")


def test_summary_says_what_is_left(bank) -> None:
    quiz = Quiz(bank, seed=1)
    assert "0 of 7 answered" in quiz.summary.value and "questions 1, 2" in quiz.summary.value
    quiz.view("q1").response = "Second"
    quiz.view("q1").check()
    number = quiz.view("q1").number
    assert f"not yet right: question {number}" in quiz.summary.value
    assert quiz.progress.value == 1 and quiz.progress.max == 7
    for question_id, response in RIGHT.items():
        quiz.view(question_id).response = response
        quiz.view(question_id).check()
    assert "all done ✓" in quiz.summary.value and quiz.score == (7.0, 7)
    assert "score 7 / 7" in html_values(quiz)
