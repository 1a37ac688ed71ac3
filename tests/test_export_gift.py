"""GIFT: escaping, what each type becomes, an independent parser's reading, and round trips."""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

with warnings.catch_warnings():  # pygiftparser calls the deprecated locale.getdefaultlocale
    warnings.simplefilter("ignore", DeprecationWarning)
    from pygiftparser import parser as giftparser
    from pygiftparser.utils import transformSpecials

from lessonquiz.bank.loader import load_bank
from lessonquiz.bank.model import Bank
from lessonquiz.export import gift
from lessonquiz.export.textsafe import plain
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


# ------------------------------------------------------------------------- round trip

# A safe alphabet: letters, digits, spaces, GIFT's special characters, '%' (weights) and a
# non-ASCII letter.
# '>' is left out: "->" inside a text is GIFT's pair separator and cannot be escaped.
ALPHABET = "abcXYZ019 ~=#{}:\\.,¶\n%"
texts = st.text(ALPHABET, min_size=1, max_size=12).map(str.strip).filter(bool)


def unique_texts(min_size: int, max_size: int):
    return st.lists(
        texts,
        min_size=min_size,
        max_size=max_size,
        unique_by=lambda t: " ".join(t.casefold().split()),
    )


@st.composite
def question_data(draw, qid: str) -> dict:
    kind = draw(st.sampled_from(GIFT_TYPES))
    data = {"id": qid, "type": kind, "prompt": draw(texts)}
    if draw(st.booleans()):
        data["explanation"] = draw(texts)
    if draw(st.booleans()):
        data["hint"] = draw(st.lists(texts, min_size=1, max_size=2))
    feedback = st.one_of(st.none(), texts)
    if kind in ("single", "multiple"):
        choice_texts = draw(unique_texts(2, 5))
        if kind == "single":
            right = {draw(st.integers(0, len(choice_texts) - 1))}
        else:
            right = set(draw(st.sets(st.integers(0, len(choice_texts) - 1), min_size=1)))
            if len(right) == len(choice_texts):
                right.discard(0)
        data["choices"] = [
            {"text": t, "correct": i in right, "feedback": draw(feedback)}
            for i, t in enumerate(choice_texts)
        ]
    elif kind == "true_false":
        data["answer"] = draw(st.booleans())
        data["feedback"] = draw(feedback)
    elif kind == "numeric":
        data["answer"] = draw(st.floats(allow_nan=False, allow_infinity=False, width=64))
        data["tolerance"] = draw(st.floats(0, 1e6, allow_nan=False))
        data["unit"] = draw(feedback)
        data["feedback"] = draw(feedback)
    elif kind == "text":
        data["accept"] = draw(unique_texts(1, 3))
        data["feedback"] = draw(feedback)
    else:
        lefts = draw(unique_texts(2, 4))  # Moodle's GIFT import needs 2 pairs
        data["pairs"] = [
            {"left": left, "right": draw(texts), "feedback": draw(feedback)} for left in lefts
        ]
    return data


@st.composite
def banks(draw) -> Bank:
    n = draw(st.integers(1, 4))
    return make_bank([draw(question_data(f"q{i}")) for i in range(n)])


def comparable(question, sent: bool = True) -> dict:
    """What GIFT carries of a question (objective, source, tags... are not GIFT's)."""
    data = question.model_dump(exclude={"objective", "source", "level", "tags", "difficulty"})
    data.pop("shuffle", None)
    for pair in data.get("pairs", []) if sent else ():  # sent as plain text (warned)
        pair["right"] = plain(pair["right"])
    return data


@settings(max_examples=150, deadline=None)
@given(banks())
def test_bank_to_gift_to_bank_keeps_every_question(bank: Bank) -> None:
    data, warnings = gift.to_bank(gift_text(bank), "b.gift")
    assert not [w for w in warnings if "skipped" in w], warnings
    back = Bank.model_validate(data)
    assert [comparable(q, sent=False) for q in back.questions] == [
        comparable(q) for q in bank.questions
    ]


def test_imported_bank_loads_with_the_loader(tmp_path: Path) -> None:
    import yaml

    data, _ = gift.to_bank(gift_text(EVERY_TYPE), "My Quiz.gift")
    path = tmp_path / "imported.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    bank = load_bank(path)
    assert bank.id == "my-quiz"
    assert [q.id for q in bank.questions] == [q.id for q in EVERY_TYPE.questions]


HAND_WRITTEN = """\
// A comment, then a category.
$CATEGORY: $course$/imported

::Capital:: What is the capital of France? {=Paris ~London#No, that is England. ~Berlin}

Grant is buried in Grant's tomb.{FALSE#He is entombed, not buried.}

::Pi:: Pi to two decimals? {#3.14:0.005}

::Range::A number between 1 and 3 {#1..3}

Two plus two is {=four =4} in words or figures.

::Pairs::Match. {=cat -> animal =rose -> plant =-> mineral}

This is only a description, no answer.

::Essay::Write about it.{}

::Weights::Tick. {~%50%a ~%50%b ~%-100%c}
"""


def test_reads_common_hand_written_gift() -> None:
    result = gift.read(HAND_WRITTEN)
    by_title = {q["_title"]: q for q in result.questions}
    assert by_title["Capital"]["type"] == "single"
    assert by_title["Capital"]["choices"][1] == {
        "text": "London",
        "feedback": "No, that is England.",
    }
    tf = next(q for q in result.questions if q["type"] == "true_false")
    assert tf == {
        "type": "true_false",
        "answer": False,
        "feedback": "He is entombed, not buried.",
        "prompt": "Grant is buried in Grant's tomb.",
        "_title": "q2",
    }
    assert (by_title["Pi"]["answer"], by_title["Pi"]["tolerance"]) == (3.14, 0.005)
    assert (by_title["Range"]["answer"], by_title["Range"]["tolerance"]) == (2.0, 1.0)
    missing_word = next(q for q in result.questions if q["type"] == "text")
    assert missing_word["prompt"] == "Two plus two is _____ in words or figures."
    assert missing_word["accept"] == ["four", "4"]
    assert [p["left"] for p in by_title["Pairs"]["pairs"]] == ["cat", "rose"]
    assert by_title["Weights"]["type"] == "multiple"
    notes = "\n".join(result.warnings)
    assert "distractor 'mineral' dropped" in notes
    assert "description" in notes and "essay" in notes


def test_broken_gift_is_reported_not_raised() -> None:
    result = gift.read("::T:: Question with no end {=a ~b\n")
    assert not result.questions
    assert "never closed" in result.warnings[0]


def read_one(text: str) -> tuple[dict, str]:
    """The one question read from GIFT ``text``, and every warning as one string."""
    result = gift.read(text)
    (question,) = result.questions
    return question, "\n".join(result.warnings)


def test_partial_credit_beside_a_full_mark_answer_keeps_the_key() -> None:
    """It used to become a multiple question with the partly right answer marked right."""
    question, notes = read_one("::Capital::Capital?{=Astana ~%50%Nur-Sultan ~Almaty}")
    assert question["type"] == "single"
    assert [c["text"] for c in question["choices"] if c.get("correct")] == ["Astana"]
    assert "partial credit on 'Nur-Sultan' (50%) dropped" in notes


def test_several_full_mark_answers_say_the_meaning_changed() -> None:
    """GIFT's {=A =B ~C} means either is right; 'tick both' is a different question."""
    question, notes = read_one("::Either::Either?{=Astana =Nur-Sultan ~Almaty}")
    assert question["type"] == "multiple"
    assert [c.get("correct", False) for c in question["choices"]] == [True, True, False]
    assert "(Either): MEANING CHANGED: in GIFT any one of 'Astana', 'Nur-Sultan'" in notes
    assert "tick every right answer" in notes


def test_a_moodle_export_keeps_numeric_wrong_answer_feedback() -> None:
    """Moodle writes a numeric question's catch-all wrong answer as ~#feedback."""
    text = (FIXTURES / "gift" / "moodle-export.gift").read_text(encoding="utf-8")
    result = gift.read(text)
    by_title = {q["_title"]: q for q in result.questions}
    signatories = by_title["signatories"]
    assert (signatories["answer"], signatories.get("tolerance")) == (6.0, None)
    assert signatories["feedback"] == "<p>China plus the five states: 1 + 5.</p>"
    assert signatories["explanation"] == "<p>Six signed.</p>"
    pi = by_title["pi"]
    assert (pi["answer"], pi["tolerance"], pi["feedback"]) == (
        3.14159,
        0.0001,
        "<p>About 3.14.</p>",
    )
    assert by_title["spokesman"]["accept"] == ["Peskov", "Dmitry Peskov"]
    assert by_title["capital"]["type"] == "single"
    notes = "\n".join(result.warnings)
    assert "(signatories): feedback on the right answer dropped: '<p>Right.</p>'" in notes
    assert "(pi): partial-credit answer '3.14:0.01' (50%) and its feedback dropped" in notes
    assert "(tf): feedback on the right answer dropped: '<p>Yes.</p>'" in notes
    assert "partial credit on '<p>Nur-Sultan</p>' (50%) dropped" in notes
    assert "first full-mark" not in notes


def test_categories_are_named_not_dropped_silently() -> None:
    result = gift.read("$CATEGORY: $course$/top/Week 1\n\n::Q::Q?{T}\n")
    assert len(result.questions) == 1
    assert result.warnings == [
        "line 1: category '$course$/top/Week 1' not kept (a bank has no categories; its id "
        "comes from the file name)"
    ]


def test_a_leading_percent_is_guarded_only_where_moodle_reads_a_weight() -> None:
    """Moodle reads %n% after ~ and in short answers, not after = in choices or in pairs."""
    bank = make_bank(
        [
            {
                "id": "pct",
                "type": "single",
                "prompt": "p",
                "choices": [{"text": "%50% of GDP", "correct": True}, {"text": "%10% of it"}],
            },
            {
                "id": "pairs",
                "type": "match",
                "prompt": "p",
                "pairs": [{"left": "%50% rate", "right": "half"}, {"left": "b", "right": "c"}],
            },
            {"id": "typed", "type": "text", "prompt": "p", "accept": ["%50% rate"]},
        ]
    )
    text = gift_text(bank)
    assert "=%50% of GDP\n~%0%%10% of it" in text
    assert "=%50% rate -> half" in text and "%100%%50% rate ->" not in text
    assert "=%100%%50% rate\n" in text
    data, _ = gift.to_bank(text, "b.gift")
    assert [comparable(q) for q in Bank.model_validate(data).questions] == [
        comparable(q) for q in bank.questions
    ]


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
