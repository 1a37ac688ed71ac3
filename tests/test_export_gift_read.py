"""GIFT reading: bank -> GIFT -> bank round trips, hand-written GIFT and Moodle's own export."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from lessonquiz.bank.loader import load_bank
from lessonquiz.bank.model import Bank
from lessonquiz.export import gift
from lessonquiz.export.textsafe import plain
from tests.conftest import FIXTURES
from tests.test_export_gift import EVERY_TYPE, GIFT_TYPES, gift_text, make_bank

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
