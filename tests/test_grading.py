"""Grading: one function per type, partial credit as documented, never an exception at a student."""

from __future__ import annotations

import pytest

from lessonquiz.bank.loader import load_bank
from lessonquiz.bank.model import Bank
from lessonquiz.grading import CORRECT, NOT_YET, grade, normalize_text
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(FIXTURES / "banks" / "good-every-type.yaml")


@pytest.mark.parametrize(
    ("question_id", "response", "score"),
    [
        ("q1", "First", 1.0),
        ("q1", "Second", 0.0),
        ("q-multiple", {"Right one", "Right two"}, 1.0),
        ("q-multiple", ["Right one"], 0.5),
        ("q-multiple", {"Right one", "Wrong one"}, 0.0),
        ("q-multiple", {"Right one", "Right two", "Wrong one"}, 0.0),
        ("q-tf", True, 1.0),
        ("q-tf", False, 0.0),
        ("q-numeric", 5.5, 1.0),
        ("q-numeric", 5.59, 1.0),
        ("q-numeric", 5.7, 0.0),
        ("q-numeric", "5.5", 1.0),
        ("q-text", "  dmitry PESKOV. ", 1.0),
        ("q-text", "Peskov!", 1.0),
        ("q-text", "Putin", 0.0),
        ("q-order", ["Claim", "Reasons", "Conclusion"], 1.0),
        ("q-order", ["Reasons", "Conclusion", "Claim"], 0.5),
        ("q-order", ["Conclusion", "Reasons", "Claim"], 0.0),
        (
            "q-match",
            {"Trade was 31.5 bn": "checkable fact", "They want to counter Russia": "opinion"},
            1.0,
        ),
        (
            "q-match",
            {"Trade was 31.5 bn": "opinion", "They want to counter Russia": "opinion"},
            0.5,
        ),
    ],
)
def test_scores(bank: Bank, question_id: str, response: object, score: float) -> None:
    result = grade(bank.question(question_id), response)
    assert result.score == pytest.approx(score)
    assert result.correct is (score == 1.0)
    assert result.feedback.startswith(CORRECT if score == 1.0 else NOT_YET)
    assert not result.malformed


def test_chosen_choice_feedback_is_shown(bank: Bank) -> None:
    assert "Not this one; see ¶10." in grade(bank.question("q1"), "Second").feedback


def test_wrong_answer_shows_question_feedback_and_right_answer_does_not(bank: Bank) -> None:
    assert "Subtract." in grade(bank.question("q-numeric"), 7).feedback
    assert "Subtract." not in grade(bank.question("q-numeric"), 5.5).feedback


def test_match_feedback_names_the_wrong_item(bank: Bank) -> None:
    result = grade(
        bank.question("q-match"),
        {"Trade was 31.5 bn": "opinion", "They want to counter Russia": "opinion"},
    )
    assert "**Trade was 31.5 bn**: A figure with a year can be checked." in result.feedback
    assert "A claim about motives" not in result.feedback


def test_ticking_every_choice_never_scores_full(bank: Bank) -> None:
    question = bank.question("q-multiple")
    assert grade(question, {c.text for c in question.choices}).score < 1


@pytest.mark.parametrize(
    ("question_id", "response", "expected"),
    [
        ("q1", "Fourth", "one of the question's choices"),
        ("q1", 3, "one of the question's choices"),
        ("q1", None, "one of the question's choices"),
        ("q-multiple", "Right one", "a set of the ticked choices' texts"),
        ("q-multiple", {"Nope"}, "only texts of the question's choices"),
        ("q-multiple", set(), "at least one ticked choice"),
        ("q-multiple", [], "at least one ticked choice"),
        ("q-tf", "true", "True or False"),
        ("q-numeric", "five", "a number (in billion USD)"),
        ("q-numeric", True, "a number"),
        ("q-numeric", float("nan"), "a number"),
        ("q-numeric", "5,5", "a number without commas, with a point for decimals (5.5, 1250)"),
        ("q-numeric", "0,125", "a number without commas"),
        ("q-numeric", "1,250", "a number without commas"),
        ("q-text", 42, "a short text answer"),
        ("q-text", "   ", "a short text answer"),
        ("q-order", ["Claim", "Reasons"], "a list of all 3 items, each once"),
        ("q-order", ["Claim", "Claim", "Reasons"], "a list of all 3 items, each once"),
        ("q-order", "Claim", "a list of all 3 items, each once"),
        ("q-match", ["opinion"], "a mapping from each left item"),
        ("q-match", {"Trade was 31.5 bn": "opinion"}, "a choice for every item (1 left open)"),
        (
            "q-match",
            {"Trade was 31.5 bn": "maybe", "They want to counter Russia": "opinion"},
            "one of the offered right sides",
        ),
        (
            "q-match",
            {
                "Trade was 31.5 bn": "opinion",
                "They want to counter Russia": "opinion",
                "Extra": "opinion",
            },
            "only the question's left items",
        ),
    ],
)
def test_malformed_responses_score_zero_with_a_message(
    bank: Bank, question_id: str, response: object, expected: str
) -> None:
    result = grade(bank.question(question_id), response)
    assert (result.score, result.correct, result.malformed) == (0.0, False, True)
    assert f"Expected {expected}" in result.feedback


def test_normalize_text_ignores_case_space_and_punctuation() -> None:
    assert normalize_text("  De-Russification!  ") == normalize_text("derussification")
    assert normalize_text("C5+1") == "c5+1"


def test_grade_rejects_a_non_question() -> None:
    with pytest.raises(TypeError, match="no grader"):
        grade(object(), "x")  # type: ignore[arg-type]


def test_core_does_not_import_widgets() -> None:
    import subprocess
    import sys

    code = (
        "import sys, lessonquiz; from lessonquiz import load_bank, grade; "
        "import lessonquiz.cli, lessonquiz.bank.lint; "
        "print(sorted(m for m in ('ipywidgets', 'pandas', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
