"""What counts as a hint or wrong-answer feedback that contains the key."""

from __future__ import annotations

import pytest

from lessonquiz.bank.giveaways import (
    contains_number,
    contains_order,
    contains_text,
    giveaways,
    numbers,
)
from lessonquiz.bank.model import NumericQuestion, SingleQuestion


@pytest.mark.parametrize(
    ("text", "key", "found"),
    [
        ("It is **Kazakhstan**.", "Kazakhstan", True),
        ("the KAZAKHSTAN figures", "kazakhstan", True),
        ("Kazakh statistics", "Kazakhstan", False),  # whole words only
        ("It says: 'China will soon overtake Russia'", "China will soon overtake Russia!", True),
        ("China will overtake Russia", "China will soon overtake Russia", False),
    ],
)
def test_contains_text_is_a_normalized_run_of_whole_words(text: str, key: str, found: bool) -> None:
    assert contains_text(text, key) is found


def test_numbers_skip_paragraphs_and_words_and_read_thousands() -> None:
    assert numbers("¶10 says 31.5bn, C5+1 met, 1,250 people, −3 and 21.2%.") == [
        31.5,
        1250.0,
        -3.0,
        21.2,
    ]


def test_a_number_within_the_tolerance_is_the_answer() -> None:
    assert contains_number("about 5.45 billion", 5.5, 0.1) == 5.45
    assert contains_number("about 5.3 billion", 5.5, 0.1) is None
    assert contains_number("it is 6", 6, 0) == 6


def test_order_needs_every_item_in_order() -> None:
    items = ["Speech", "Summit", "Treaty"]
    assert contains_order("a speech, later a summit, then the treaty", items)
    assert not contains_order("the summit, the speech, the treaty", items)
    assert not contains_order("speech then summit", items)


def _single(**extra: object) -> SingleQuestion:
    return SingleQuestion.model_validate(
        {
            "id": "q",
            "type": "single",
            "objective": "obj",
            "source": {"paragraph": 1},
            "prompt": "Which?",
            "choices": [
                {"text": "Astana", "correct": True, "feedback": "Yes, Astana."},
                {"text": "Almaty", "feedback": extra.pop("wrong_feedback", "Not the capital.")},
            ],
            **extra,
        }
    )


def test_the_correct_choice_may_name_itself() -> None:
    assert list(giveaways(_single())) == []


def test_a_wrong_choice_naming_the_key_and_a_hint_are_flagged_where_they_are() -> None:
    question = _single(hint=["Not Almaty.", "Think Astana"], wrong_feedback="Astana is")
    found = list(giveaways(question))
    assert [where for where, _ in found] == [("hint", 1), ("choices", 1, "feedback")]


def test_numeric_feedback_naming_the_answer() -> None:
    question = NumericQuestion.model_validate(
        {
            "id": "q",
            "type": "numeric",
            "objective": "obj",
            "source": {"paragraph": 6},
            "prompt": "How many?",
            "answer": 6,
            "hint": "Read ¶6.",
            "feedback": "1 + 5 = 6 heads of state.",
        }
    )
    found = list(giveaways(question))
    assert len(found) == 1 and found[0][0] == ("feedback",)
    assert "the answer 6" in found[0][1]
