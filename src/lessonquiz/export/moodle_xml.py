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
lessonquiz does); ``match`` -> ``matching`` (no per-pair feedback in Moodle: warned; the
answers are plain text there); ``order`` -> ``ordering``, the Ordering question type, a
standard plugin since Moodle 4.4 (an add-on before: ``--moodle`` older than 4.4 warns). Its
grading, "relative to all the previous and next items" (``gift_write.GRADING``: the nearest
of Moodle's nine to lessonquiz's), still differs: the export ends with a note naming them.
``written`` -> ``essay`` (teacher-graded; rubric and model answer as information for graders
and as the general feedback students see after submitting).

Text holding ``<``, ``>`` or ``&`` is written in CDATA, as Moodle's own exporter does:
Moodle's ``xmlize()`` drops a whitespace-only run of character data, so ``</strong>
<em>`` written with entities would lose its space. Control characters XML cannot hold are
removed (warned), and the file is parsed once before it is handed over.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

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
from lessonquiz.export import MOODLE_LTS, MOODLE_ORDERING, TEXT_NOTE, Export
from lessonquiz.export.gift_text import number, weight
from lessonquiz.export.gift_write import GRADING, ORDER_NOTE
from lessonquiz.export.textsafe import check_well_formed, clean_text, plain, writable

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


def write(bank: Bank, moodle: tuple[int, int] = MOODLE_LTS) -> Export:
    """The bank as one ``<bank-id>.xml`` Moodle XML file (a category, then every question)."""
    result = Export()
    cdata: list[str] = []
    ctx = _Context(result, cdata, moodle)
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", type="category")
    _text(ET.SubElement(category, "category"), f"$course$/top/lessonquiz/{bank.id}", cdata)
    info = ET.SubElement(category, "info", format="html")
    _text(info, render.escape(clean_text(bank.title)), cdata)
    for question in writable(bank.questions, QTYPES, result, "Moodle XML"):
        quiz.append(_question(question, ctx))
    ET.indent(quiz)
    body = ET.tostring(quiz, encoding="unicode")
    body = _CDATA_MARK.sub(lambda m: _as_cdata(cdata[int(m.group(1))]), body)
    name = f"{bank.id}.xml"
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")
    check_well_formed(name, data)
    result.files[name] = data
    return result


_CDATA_MARK = re.compile("\x01(\\d+)\x01")
"""Where a CDATA section goes: \x01 never survives ``xml_safe``, so it cannot be bank text."""


def _as_cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _text(parent: ET.Element, value: str, cdata: list[str]) -> ET.Element:
    """A ``<text>`` child; in CDATA when it holds markup characters, as Moodle writes it."""
    if any(ch in value for ch in "<>&"):
        cdata.append(value)
        value = f"\x01{len(cdata) - 1}\x01"
    ET.SubElement(parent, "text").text = value
    return parent


@dataclass
class _Context:
    """What every part of one export shares: its warnings, its CDATA texts, the Moodle."""

    result: Export
    cdata: list[str]
    moodle: tuple[int, int]

    def text(self, parent: ET.Element, value: str) -> ET.Element:
        return _text(parent, value, self.cdata)

    def html(self, parent: ET.Element, tag: str, markdown: str) -> ET.Element:
        return self.text(ET.SubElement(parent, tag, format="html"), render.markdown(markdown))

    def answer(
        self, parent: ET.Element, fraction: str, text: str, feedback: str | None, fmt: str = "html"
    ) -> ET.Element:
        answer = ET.SubElement(parent, "answer", fraction=fraction, format=fmt)
        self.text(answer, text)
        self.html(answer, "feedback", feedback or "")
        return answer


def _question(question: AnyQuestion, ctx: _Context) -> ET.Element:
    element = ET.Element("question", type=QTYPES[type(question)])
    ctx.text(ET.SubElement(element, "name"), question.id)
    prompt = question.prompt
    if isinstance(question, NumericQuestion) and question.unit:
        prompt += f"\n\n(Answer in {question.unit}.)"
        ctx.result.warn(question.id, f"unit shown in the prompt: '(Answer in {question.unit}.)'")
    ctx.html(element, "questiontext", prompt)
    general = question.explanation or ""
    if isinstance(question, WrittenQuestion):  # students see rubric and model after submitting
        general = reveal_markdown(question)
    ctx.html(element, "generalfeedback", general)
    ET.SubElement(element, "defaultgrade").text = f"{question.points:g}"
    ET.SubElement(element, "penalty").text = "0.3333333"
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "idnumber").text = question.id
    _BODIES[type(question)](element, question, ctx)
    for hint in question.hint:
        ctx.html(element, "hint", hint)
    if question.tags:
        tags = ET.SubElement(element, "tags")
        for tag in question.tags:
            ctx.text(ET.SubElement(tags, "tag"), tag)
    return element


def _choices(
    element: ET.Element, question: SingleQuestion | MultipleQuestion, ctx: _Context
) -> None:
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
        ctx.answer(element, fraction, render.inline(choice.text), choice.feedback)


def _true_false(element: ET.Element, question: TrueFalseQuestion, ctx: _Context) -> None:
    for value in (True, False):
        right = value is question.answer
        ctx.answer(
            element,
            "100" if right else "0",
            "true" if value else "false",
            None if right else question.feedback,
        )


def _numeric(element: ET.Element, question: NumericQuestion, ctx: _Context) -> None:
    answer = ctx.answer(element, "100", number(question.answer), None)
    ET.SubElement(answer, "tolerance").text = number(question.tolerance)
    ctx.answer(element, "0", "*", question.feedback)
    ET.SubElement(element, "unitgradingtype").text = "0"
    ET.SubElement(element, "showunits").text = "3"


def _short(element: ET.Element, question: TextQuestion, ctx: _Context) -> None:
    """Accepted answers are compared as typed: plain text, ``*`` escaped (Moodle's wildcard)."""
    ET.SubElement(element, "usecase").text = "0"
    ctx.result.note(question.id, f"Moodle: {TEXT_NOTE}")
    for accepted in question.accept:
        ctx.answer(element, "100", accepted.replace("*", "\\*"), None, fmt="plain_text")
    ctx.answer(element, "0", "*", question.feedback)


def _match(element: ET.Element, question: MatchQuestion, ctx: _Context) -> None:
    """Moodle shows a matching answer as plain text in a menu: it gets the text a reader sees."""
    ET.SubElement(element, "shuffleanswers").text = "true"
    for pair in question.pairs:
        sub = ctx.text(
            ET.SubElement(element, "subquestion", format="html"), render.inline(pair.left)
        )
        right = plain(pair.right)
        if right != " ".join(pair.right.split()):
            ctx.result.warn(question.id, f"right side '{pair.right}' sent as plain text '{right}'")
        ctx.text(ET.SubElement(sub, "answer", format="plain_text"), right)
    if any(pair.feedback for pair in question.pairs):
        ctx.result.warn(question.id, "pair feedback not exported (Moodle matching has none)")
    if len(question.pairs) < 2 or len(question.right_options) < 3:
        ctx.result.note(
            question.id,
            "Moodle's editor asks for at least 2 items and 3 distinct answers (import works, "
            "editing in Moodle may complain)",
        )


def _order(element: ET.Element, question: OrderQuestion, ctx: _Context) -> None:
    if ctx.moodle < MOODLE_ORDERING:
        ctx.result.warn(
            question.id,
            "written as an 'ordering' question: an add-on before Moodle 4.4 (core since); "
            "a Moodle without it skips the question on import",
        )
    ctx.result.note(question.id, ORDER_NOTE)
    ET.SubElement(element, "layouttype").text = "VERTICAL"
    ET.SubElement(element, "selecttype").text = "ALL"
    ET.SubElement(element, "selectcount").text = "0"
    ET.SubElement(element, "gradingtype").text = GRADING
    ET.SubElement(element, "showgrading").text = "SHOW"
    ET.SubElement(element, "numberingstyle").text = "none"
    ctx.html(element, "incorrectfeedback", question.feedback or "")
    ctx.html(element, "partiallycorrectfeedback", question.feedback or "")
    for item in question.items:
        ctx.answer(element, "1", render.inline(item), None)


def _essay(element: ET.Element, question: WrittenQuestion, ctx: _Context) -> None:
    """A ``written`` question as Moodle's essay (issue 15): graded by the teacher, who sees
    the rubric and the model answer as information for graders. ``min_words`` is Moodle's
    ``minwordlimit`` (Moodle 3.10 and later)."""
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
    ctx.html(element, "graderinfo", grader)
    ctx.html(element, "responsetemplate", "")


_BODIES: dict[type, Any] = {
    SingleQuestion: _choices,
    MultipleQuestion: _choices,
    TrueFalseQuestion: _true_false,
    NumericQuestion: _numeric,
    TextQuestion: _short,
    MatchQuestion: _match,
    OrderQuestion: _order,
    WrittenQuestion: _essay,
}
