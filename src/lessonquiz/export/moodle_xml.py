"""Moodle XML: the richest format Moodle imports (Question bank -> Import -> Moodle XML format).

Unlike GIFT it carries hints (Moodle shows them one per try in "interactive with multiple
tries" mode), per-answer feedback on every type and a catch-all wrong answer (``*``), so
only a few things are lost. Text is written as HTML rendered from the bank's Markdown with
``lessonquiz.render`` (sanitized), so Moodle shows what the notebook shows.

Types: ``single``/``multiple`` -> ``multichoice`` (multiple: each right choice
``100/n_right`` %, each wrong one ``-100/n_wrong`` %, lessonquiz's own partial-credit rule;
Moodle floors the total at 0); ``true_false`` -> ``truefalse``; ``numeric`` -> ``numerical``
(the unit is added to the question text, and ``*`` carries the wrong-answer feedback);
``text`` -> ``shortanswer`` (case-insensitive; Moodle does not ignore punctuation as
lessonquiz does); ``match`` -> ``matching`` (no per-pair feedback in Moodle: warned);
``order`` -> ``ordering``, the Ordering question type, which is a standard plugin only since
Moodle 4.4 (an add-on before), so each order question is warned about. Its grading
"relative to the next item" is close to, not the same as, lessonquiz's neighbouring pairs.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from lessonquiz import render
from lessonquiz.bank.model import (
    AnyQuestion,
    Bank,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    SingleQuestion,
    TextQuestion,
    TrueFalseQuestion,
    WrittenQuestion,
)
from lessonquiz.bank.written import reveal_markdown, rubric_markdown
from lessonquiz.export import Export
from lessonquiz.export.gift import number, weight

QTYPES = {
    SingleQuestion: "multichoice",
    MultipleQuestion: "multichoice",
    TrueFalseQuestion: "truefalse",
    NumericQuestion: "numerical",
    TextQuestion: "shortanswer",
    MatchQuestion: "matching",
    OrderQuestion: "ordering",
    WrittenQuestion: "essay",
}
"""The Moodle question type written for each of ours."""


def write(bank: Bank) -> Export:
    """The bank as one ``<bank-id>.xml`` Moodle XML file (a category, then every question)."""
    result = Export()
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", type="category")
    _text(ET.SubElement(category, "category"), f"$course$/top/lessonquiz/{bank.id}")
    _text(ET.SubElement(category, "info", format="html"), render.escape(bank.title))
    for question in bank.questions:
        quiz.append(_question(question, result))
    ET.indent(quiz)
    body = ET.tostring(quiz, encoding="unicode")
    result.files[f"{bank.id}.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
    ).encode("utf-8")
    return result


def _text(parent: ET.Element, value: str) -> ET.Element:
    ET.SubElement(parent, "text").text = value
    return parent


def _html(parent: ET.Element, tag: str, markdown: str, **attrs: str) -> ET.Element:
    return _text(ET.SubElement(parent, tag, format="html", **attrs), render.markdown(markdown))


def _question(question: AnyQuestion, result: Export) -> ET.Element:
    element = ET.Element("question", type=QTYPES[type(question)])
    _text(ET.SubElement(element, "name"), question.id)
    prompt = question.prompt
    if isinstance(question, NumericQuestion) and question.unit:
        prompt += f"\n\n(Answer in {question.unit}.)"
    _html(element, "questiontext", prompt)
    _html(element, "generalfeedback", question.explanation or "")
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "penalty").text = "0.3333333"
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "idnumber").text = question.id
    _BODIES[type(question)](element, question, result)
    for hint in question.hint:
        _html(element, "hint", hint)
    if question.tags:
        tags = ET.SubElement(element, "tags")
        for tag in question.tags:
            _text(ET.SubElement(tags, "tag"), tag)
    return element


def _answer(parent: ET.Element, fraction: str, text: str, feedback: str | None) -> ET.Element:
    answer = ET.SubElement(parent, "answer", fraction=fraction, format="html")
    _text(answer, text)
    _html(answer, "feedback", feedback or "")
    return answer


def _choices(element: ET.Element, question: SingleQuestion | MultipleQuestion, _: Export) -> None:
    single = isinstance(question, SingleQuestion)
    ET.SubElement(element, "single").text = "true" if single else "false"
    ET.SubElement(element, "shuffleanswers").text = "true" if question.shuffle else "false"
    ET.SubElement(element, "answernumbering").text = "abc"
    n_right = len(question.correct_texts)
    n_wrong = len(question.choices) - n_right
    for choice in question.choices:
        if single:
            fraction = "100" if choice.correct else "0"
        else:
            fraction = weight(100 / n_right if choice.correct else -100 / n_wrong)
        _answer(element, fraction, render.inline(choice.text), choice.feedback)


def _true_false(element: ET.Element, question: TrueFalseQuestion, _: Export) -> None:
    for value in (True, False):
        right = value is question.answer
        _answer(
            element,
            "100" if right else "0",
            "true" if value else "false",
            None if right else question.feedback,
        )


def _numeric(element: ET.Element, question: NumericQuestion, _: Export) -> None:
    answer = _answer(element, "100", number(question.answer), None)
    ET.SubElement(answer, "tolerance").text = number(question.tolerance)
    _answer(element, "0", "*", question.feedback)
    ET.SubElement(element, "unitgradingtype").text = "0"
    ET.SubElement(element, "showunits").text = "3"


def _short(element: ET.Element, question: TextQuestion, _: Export) -> None:
    ET.SubElement(element, "usecase").text = "0"
    for accepted in question.accept:
        _answer(element, "100", accepted.replace("*", "\\*"), None)  # * is Moodle's wildcard
    _answer(element, "0", "*", question.feedback)


def _match(element: ET.Element, question: MatchQuestion, result: Export) -> None:
    ET.SubElement(element, "shuffleanswers").text = "true"
    for pair in question.pairs:
        sub = _text(ET.SubElement(element, "subquestion", format="html"), render.inline(pair.left))
        _text(ET.SubElement(sub, "answer"), pair.right)
    if any(pair.feedback for pair in question.pairs):
        result.warn(question.id, "pair feedback not exported (Moodle matching has none)")
    if len(question.pairs) < 2 or len(question.right_options) < 3:
        result.warn(
            question.id,
            "Moodle's editor asks for at least 2 items and 3 distinct answers; this has "
            f"{len(question.pairs)} and {len(question.right_options)} (import works, "
            "editing in Moodle may complain)",
        )


def _order(element: ET.Element, question: OrderQuestion, result: Export) -> None:
    result.warn(
        question.id,
        "written as an 'ordering' question: a standard Moodle plugin since 4.4, an add-on "
        "before; older Moodles skip it on import",
    )
    ET.SubElement(element, "layouttype").text = "VERTICAL"
    ET.SubElement(element, "selecttype").text = "ALL"
    ET.SubElement(element, "selectcount").text = "0"
    ET.SubElement(element, "gradingtype").text = "RELATIVE_NEXT_EXCLUDE_LAST"
    ET.SubElement(element, "showgrading").text = "SHOW"
    ET.SubElement(element, "numberingstyle").text = "none"
    _html(element, "incorrectfeedback", question.feedback or "")
    _html(element, "partiallycorrectfeedback", question.feedback or "")
    for item in question.items:
        _answer(element, "1", render.inline(item), None)


def _essay(element: ET.Element, question: WrittenQuestion, _: Export) -> None:
    """A ``written`` question as Moodle's essay: graded by the teacher, who sees the rubric
    and the model answer as information for graders; students see both as the general
    feedback once they have submitted (as in the notebook). ``min_words`` is Moodle's
    ``minwordlimit`` (Moodle 3.10 and later)."""
    general = element.find("generalfeedback/text")
    if general is not None:
        general.text = render.markdown(reveal_markdown(question))
    ET.SubElement(element, "responseformat").text = "editor"
    ET.SubElement(element, "responserequired").text = "1"
    ET.SubElement(element, "responsefieldlines").text = "10"
    ET.SubElement(element, "minwordlimit").text = str(question.min_words or "")
    ET.SubElement(element, "maxwordlimit").text = ""
    ET.SubElement(element, "attachments").text = "0"
    ET.SubElement(element, "attachmentsrequired").text = "0"
    ET.SubElement(element, "maxbytes").text = "0"
    ET.SubElement(element, "filetypeslist").text = ""
    grader = f"{rubric_markdown(question.rubric)}\n\n**Model answer:**\n\n{question.model_answer}"
    _html(element, "graderinfo", grader)
    _html(element, "responsetemplate", "")


_BODIES = {
    SingleQuestion: _choices,
    MultipleQuestion: _choices,
    TrueFalseQuestion: _true_false,
    NumericQuestion: _numeric,
    TextQuestion: _short,
    MatchQuestion: _match,
    OrderQuestion: _order,
    WrittenQuestion: _essay,
}
