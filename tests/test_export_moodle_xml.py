"""Moodle XML: parsed back as XML, every question, choice and key is where Moodle reads it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from lessonquiz import render
from lessonquiz.bank.loader import load_bank
from lessonquiz.export import moodle_xml
from tests.conftest import FIXTURES

BANK = load_bank(FIXTURES / "banks" / "good-every-type.yaml")


def exported() -> tuple[ET.Element, list]:
    result = moodle_xml.write(BANK)
    return ET.fromstring(result.files["fixture.xml"]), result.warnings


def by_name(root: ET.Element) -> dict[str, ET.Element]:
    return {
        q.findtext("name/text"): q for q in root.findall("question") if q.get("type") != "category"
    }


def answers(question: ET.Element) -> list[tuple[str, str]]:
    return [(a.findtext("text"), a.get("fraction")) for a in question.findall("answer")]


def test_every_question_once_with_its_type_text_and_explanation() -> None:
    root, _ = exported()
    assert root.tag == "quiz"
    assert root.find("question[@type='category']/category/text").text.endswith("/fixture")
    questions = by_name(root)
    assert list(questions) == [q.id for q in BANK.questions]
    for question in BANK.questions:
        element = questions[question.id]
        assert element.get("type") == moodle_xml.QTYPES[type(question)]
        assert render.markdown(question.prompt) in element.findtext("questiontext/text")
        assert element.findtext("generalfeedback/text") == render.markdown(question.explanation)
        assert [h.findtext("text") for h in element.findall("hint")] == [
            render.markdown(h) for h in question.hint
        ]


def test_choice_keys_and_feedback() -> None:
    questions = by_name(exported()[0])
    single = questions["q1"]
    assert single.findtext("single") == "true"
    assert answers(single) == [("First", "100"), ("Second", "0"), ("Third option", "0")]
    assert single.findall("answer")[1].findtext("feedback/text") == render.markdown(
        "Not this one; see ¶10."
    )
    multiple = questions["q-multiple"]
    assert multiple.findtext("single") == "false"
    assert answers(multiple) == [("Right one", "50"), ("Wrong one", "-100"), ("Right two", "50")]


def test_typed_answers_and_their_wrong_feedback() -> None:
    questions = by_name(exported()[0])
    tf = questions["q-tf"]
    assert answers(tf) == [("true", "100"), ("false", "0")]
    assert tf.findall("answer")[1].findtext("feedback/text") == render.markdown(
        "Compare the two figures."
    )
    numeric = questions["q-numeric"]
    assert answers(numeric) == [("5.5", "100"), ("*", "0")]
    assert numeric.find("answer").findtext("tolerance") == "0.1"
    assert "billion USD" in numeric.findtext("questiontext/text")
    text = questions["q-text"]
    assert text.findtext("usecase") == "0"
    assert answers(text) == [("Peskov", "100"), ("Dmitry Peskov", "100"), ("*", "0")]
    assert text.findall("answer")[2].findtext("feedback/text") == render.markdown("See ¶21.")


def test_match_and_order() -> None:
    root, warnings = exported()
    questions = by_name(root)
    pairs = [
        (s.findtext("text"), s.findtext("answer/text"))
        for s in questions["q-match"].findall("subquestion")
    ]
    assert pairs == [(p.left, p.right) for p in BANK.question("q-match").pairs]
    order = questions["q-order"]
    assert [a.findtext("text") for a in order.findall("answer")] == [
        "Claim",
        "Reasons",
        "Conclusion",
    ]
    warned = {(w.question_id, w.message.split()[0]) for w in warnings}
    assert ("q-order", "Moodle") in warned and ("q-match", "pair") in warned
    older = moodle_xml.write(BANK, moodle=(4, 3)).warnings
    assert any(w.question_id == "q-order" and "add-on" in w.message for w in older)
    assert any("4.4" in w.message for w in older if w.question_id == "q-order")


def test_special_characters_survive_as_xml() -> None:
    from tests.test_export_gift import SPECIAL_BANK

    root = ET.fromstring(moodle_xml.write(SPECIAL_BANK).files["b.xml"])
    question = by_name(root)["special"]
    assert [a for a, _ in answers(question)] == [
        render.inline(c.text) for c in SPECIAL_BANK.questions[0].choices
    ]
