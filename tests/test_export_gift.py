"""GIFT writing: escaping, what each type becomes, pygiftparser's reading, Moodle's Ordering.

Reading GIFT back (round trips, hand-written and Moodle-exported GIFT) is in
test_export_gift_read.py; gift-pegjs's reading in test_export_gift_pegjs.py.
"""

from __future__ import annotations

import io
import re
import warnings

import pytest

with warnings.catch_warnings():  # pygiftparser calls the deprecated locale.getdefaultlocale
    warnings.simplefilter("ignore", DeprecationWarning)
    from pygiftparser import parser as giftparser
    from pygiftparser.utils import transformSpecials

from lessonquiz.bank.loader import load_bank
from lessonquiz.bank.model import Bank
from lessonquiz.export import gift
from tests.conftest import FIXTURES

EVERY_TYPE = load_bank(FIXTURES / "banks" / "good-every-type.yaml")
NO_ORDER = EVERY_TYPE.model_copy(
    update={
        "questions": [
            q.model_copy(update={"feedback": None}) if q.type in ("numeric", "text") else q
            for q in EVERY_TYPE.questions
            if q.type != "order"
        ]
    }
)  # pygiftparser 1.1 reads no ordering, no numeric '~#fb' and no '=%0%*#fb' (Moodle does)
GIFT_TYPES = ("single", "multiple", "true_false", "numeric", "text", "match")


def gift_text(bank: Bank) -> str:
    (content,) = gift.write(bank).files.values()
    return content.decode("utf-8")


def make_bank(questions: list[dict]) -> Bank:
    common = {"objective": "o", "source": {"paragraph": 1}}
    return Bank.model_validate(
        {
            "schema_version": 1,
            "id": "b",
            "title": "T",
            "objectives": [{"id": "o", "text": "Do it."}],
            "questions": [{**common, **q} for q in questions],
        }
    )


# pygiftparser 1.1 ends the answer part at the first '}' even when escaped ('\}'), against
# the GIFT spec that Moodle follows; so the independent check keeps '}' out of answers (our
# own reader and the round trip below cover it).
SPECIAL_BANK = make_bank(
    [
        {
            "id": "special",
            "type": "single",
            "prompt": "Is 1 = 1 ~ {x}: #1?",
            "explanation": "a = b # c",
            "choices": [
                {"text": "yes: = ~ #", "correct": True},
                {"text": "no {really", "feedback": "see ¶1: x = y"},
            ],
        }
    ]
)


@pytest.mark.parametrize(
    "text", ["plain", "~ = # { } :", "back\\slash", "two\nlines", "a\\nb", "\\{", "::x::"]
)
def test_escape_round_trips(text: str) -> None:
    escaped = gift.escape(text)
    assert "\n" not in escaped
    assert gift.unescape(escaped) == text
    for ch in "~=#{}:":
        assert all(escaped[i - 1] == "\\" for i, c in enumerate(escaped) if c == ch)


def test_every_type_maps_and_order_needs_moodle_4_4() -> None:
    result = gift.write(EVERY_TYPE)
    text = result.files["fixture.gift"].decode()
    for question in EVERY_TYPE.questions:
        assert f"::{question.id}::[markdown]" in text
    order = "{>3 ALL VERTICAL RELATIVE_ALL_PREVIOUS_AND_NEXT SHOW\nClaim\nReasons\nConclusion\n}"
    assert order in text
    older = gift.write(EVERY_TYPE, moodle=(4, 3))
    assert "::q-order::" not in older.files["fixture.gift"].decode()
    assert older.ids("skipped") == ["q-order"]
    assert "~%50%Right one" in text and "~%-100%Wrong one#No." in text
    assert "T#Compare the two figures." in text
    assert "#=5.5:0.1 ~#Subtract." in text
    assert "=Peskov\n=Dmitry Peskov\n=%0%*#See ¶21." in text
    assert "// [id:q1]" in text
    assert "=Trade was 31.5 bn -> checkable fact" in text
    assert "####Because ¶10 says so." in text
    assert {w.question_id for w in result.warnings} >= {"q1", "q-numeric", "q-match"}
    assert "q-text" not in result.ids("changed")  # its feedback is carried
    assert "q-text" in result.ids("note")  # Moodle does not ignore punctuation


def test_multiple_weights_follow_the_partial_credit_rule() -> None:
    bank = make_bank(
        [
            {
                "id": "m",
                "type": "multiple",
                "prompt": "p",
                "choices": [
                    {"text": "a", "correct": True},
                    {"text": "b", "correct": True},
                    {"text": "c", "correct": True},
                    {"text": "d"},
                    {"text": "e"},
                ],
            }
        ]
    )
    text = gift_text(bank)
    assert text.count("~%33.33333%") == 3 and text.count("~%-50%") == 2


def parse_independently(text: str) -> dict:
    return {q.title: q for q in giftparser.parseFile(io.StringIO(text))}


def test_pygiftparser_reads_every_question_and_key() -> None:
    parsed = parse_independently(gift_text(NO_ORDER))
    assert set(parsed) == {q.id for q in NO_ORDER.questions}
    assert all(q.valid for q in parsed.values())
    kinds = {title: type(q.answers).__name__ for title, q in parsed.items()}
    assert kinds == {
        "q1": "SelectSet",
        "q-multiple": "MultipleChoicesSet",
        "q-tf": "TrueFalseSet",
        "q-numeric": "NumericAnswerSet",
        "q-text": "ShortSet",
        "q-match": "MatchingSet",
    }
    for question in NO_ORDER.questions:
        theirs = parsed[question.id]
        assert theirs.text == question.prompt
        assert transformSpecials(theirs.generalFeedback) == question.explanation
        answers = getattr(theirs.answers, "answers", None)
        if question.type in ("single", "multiple"):
            assert [a.answer for a in answers] == [c.text for c in question.choices]
            assert [a.fraction > 0 for a in answers] == [c.correct for c in question.choices]
            assert [a.feedback or None for a in answers] == [c.feedback for c in question.choices]
        elif question.type == "true_false":
            assert theirs.answers.answer is question.answer
            assert theirs.answers.feedbackWrong == question.feedback
        elif question.type == "numeric":
            assert (answers[0].value, answers[0].tolerance) == (
                question.answer,
                question.tolerance,
            )
        elif question.type == "text":
            assert [a.answer for a in answers][: len(question.accept)] == question.accept
        elif question.type == "match":
            assert [(a.question.strip(), a.answer.strip()) for a in answers] == [
                (p.left, p.right) for p in question.pairs
            ]


def test_pygiftparser_reads_escaped_special_characters() -> None:
    (theirs,) = parse_independently(gift_text(SPECIAL_BANK)).values()
    question = SPECIAL_BANK.questions[0]
    assert transformSpecials(theirs.text) == question.prompt
    assert transformSpecials(theirs.generalFeedback) == question.explanation
    answers = theirs.answers.answers
    assert [transformSpecials(a.answer) for a in answers] == [c.text for c in question.choices]
    assert transformSpecials(answers[1].feedback) == question.choices[1].feedback


# Moodle's Ordering type reads GIFT with this expression (question/type/ordering/
# questiontype.php, import_from_gift, Moodle 4.4+), tried on the whole question's lines.
# "RELLONGEST_ORDERED_SUBSET" is Moodle's own (a missing "|" there).
MOODLE_ORDERING = re.compile(
    r"^([^{]*)\s*\{>\s*(\d+)\s*((?:ALL|EXACT|RANDOM|REL|CONTIGUOUS|CONTIG)?)\s*"
    r"((?:HORIZONTAL|HORI|H|1|VERTICAL|VERT|V|0)?)\s*"
    r"((?:ALL_OR_NOTHING|ABSOLUTE_POSITION|ABSOLUTE|ABS|RELATIVE_NEXT_EXCLUDE_LAST|"
    r"RELATIVE_NEXT_INCLUDE_LAST|RELATIVE_ONE_PREVIOUS_AND_NEXT|RELATIVE_ALL_PREVIOUS_AND_NEXT|"
    r"RELATIVE_TO_CORRECT|RELATIVE|RELLONGEST_ORDERED_SUBSET|LONGEST_CONTIGUOUS_SUBSET)?)\s*"
    r"((?:SHOW|TRUE|YES|1|HIDE|FALSE|NO|0)?)\s*(.*?)\s*\}\s*$",
    re.S,
)


def test_order_questions_match_moodles_ordering_import() -> None:
    bank = make_bank(
        [
            {
                "id": "o",
                "type": "order",
                "prompt": "Order: a = b?",
                "items": ["**first** {x}", "A & B", "third: c"],
                "explanation": "why",
            }
        ]
    )
    text = gift_text(bank)
    block = text.split("\n\n")[-1]
    lines = [" " if line.startswith("//") else line for line in block.strip().split("\n")]
    found = MOODLE_ORDERING.match("\n".join(lines))
    assert found, block
    assert found.group(2, 3, 4, 5, 6) == (
        "3",
        "ALL",
        "VERTICAL",
        "RELATIVE_ALL_PREVIOUS_AND_NEXT",
        "SHOW",
    )
    items = [line.strip() for line in found.group(7).split("\n") if line.strip()]
    assert items == [
        "<strong>first</strong> &#123;x&#125;",
        "A &amp; B",
        "third: c",
    ]  # Moodle keeps items as HTML (FORMAT_MOODLE)
    assert "####" not in block  # would become an item
    (back,) = gift.to_bank(text, "b.gift")[0]["questions"]
    assert back["items"] == ["<strong>first</strong> {x}", "A & B", "third: c"]
    assert back["explanation"] == "why"
