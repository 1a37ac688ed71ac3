"""QTI for Canvas: an IMS QTI 1.2 assessment inside an IMS Content Package (a .zip).

Why QTI 1.2 and not QTI 2.1/3.0: Canvas's "Import Course Content -> QTI .zip file" reads
QTI 1.2, the version Canvas itself exports, and its question types ride in QTI 1.2's
``qtimetadata`` (``question_type = multiple_choice_question`` ...). Canvas does not read
QTI 2.x item types for Classic Quizzes, and New Quizzes imports the same 1.2 packages.
Moodle, Blackboard and D2L read QTI 1.2 too.

The package: ``imsmanifest.xml`` (one resource of type ``imsqti_xmlv1p2``) and
``<bank-id>/<bank-id>.xml`` (``questestinterop`` > ``assessment`` > ``section`` > ``item``).

Types: ``single`` -> ``multiple_choice_question``; ``true_false`` -> ``true_false_question``
(Canvas's own True/False type; its QTI is a two-choice ``response_lid``, the same shape as
multiple choice); ``multiple`` -> ``multiple_answers_question`` (Canvas grades it with its
own partial credit, close to lessonquiz's); ``numeric`` -> ``numerical_question`` (exact
answer with margin); ``text`` -> ``short_answer_question``; ``match`` ->
``matching_question``. Canvas has no ordering type in QTI 1.2: an ``order`` question is
*converted* to a matching question (each item, shown shuffled, is matched to its position),
with a warning, because its partial credit then counts items in the right place.
``written`` -> ``essay_question`` (teacher-graded; rubric and model answer as its general
feedback).

Feedback: the explanation is Canvas's general feedback (``general_fb``, shown after any
answer), a question's wrong-answer feedback is ``general_incorrect_fb``, a choice's is its
own ``<ident>_fb``, a matching pair's is shown when that pair is answered wrongly. Canvas has
no hints: they are warned about and not exported.

Identifiers are generated, never built from a question id, because Canvas's importer reads
meaning into them (``gems/plugins/qti_exporter/lib/qti``): a matching option's match id is
the first run of digits in its identifier (``identifier[/(\\d+)/]``), and a feedback whose
identifier holds ``correct``, ``wrong``, ``incorrect``, ``general_`` or ``_all`` is filed as
the question's own comment. So choices are ``c1, c2 ...``, matching rows ``response_1 ...``,
options ``r1 ...`` (one digit run: the match id) and per-row feedback ``p1_fb ...``. Canvas
shows a matching option as plain text: options are sent as the text a reader sees
(``text/plain``), with a warning when that drops formatting.

Partial credit: Canvas scores ``multiple_answers_question`` as
max(0, (right ticks - wrong ticks) / number of right choices); lessonquiz subtracts wrong
ticks as a share of the wrong choices. The two agree only when a question has as many wrong
choices as right ones; for the others the export ends with a note naming them.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile

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
from lessonquiz.bank.written import reveal_markdown
from lessonquiz.export import TEXT_NOTE, Export
from lessonquiz.export import qti_responses as responses
from lessonquiz.export.textsafe import check_well_formed, clean_text, plain, writable

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"

CANVAS_TYPES = {
    SingleQuestion: "multiple_choice_question",
    TrueFalseQuestion: "true_false_question",
    MultipleQuestion: "multiple_answers_question",
    NumericQuestion: "numerical_question",
    TextQuestion: "short_answer_question",
    MatchQuestion: "matching_question",
    OrderQuestion: "matching_question",
    WrittenQuestion: "essay_question",
}
"""The Canvas question type written for each of ours (order: converted, see above)."""

_FIXED_TIME = (2024, 1, 1, 0, 0, 0)  # zip entries carry a fixed time: same bank, same bytes


def write(bank: Bank) -> Export:
    """The bank as ``<bank-id>-qti.zip``, a QTI 1.2 package Canvas imports."""
    result = Export()
    assessment = _assessment(bank, result)
    href = f"{bank.id}/{bank.id}.xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, element in (("imsmanifest.xml", _manifest(bank, href)), (href, assessment)):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            data = _xml(element)
            check_well_formed(name, data)
            archive.writestr(info, data)
    result.files[f"{bank.id}-qti.zip"] = buffer.getvalue()
    return result


def _xml(element: ET.Element) -> bytes:
    ET.indent(element)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(element, encoding="utf-8")


def _manifest(bank: Bank, href: str) -> ET.Element:
    manifest = ET.Element("manifest", identifier=f"lessonquiz-{bank.id}", xmlns=CP_NS)
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    resource = ET.SubElement(
        resources, "resource", identifier=f"res-{bank.id}", type="imsqti_xmlv1p2", href=href
    )
    ET.SubElement(resource, "file", href=href)
    return manifest


def _assessment(bank: Bank, result: Export) -> ET.Element:
    root = ET.Element("questestinterop", xmlns=QTI_NS)
    title = plain(clean_text(bank.title))
    assessment = ET.SubElement(root, "assessment", ident=bank.id, title=title)
    _metadata(assessment, {"cc_maxattempts": "1"})
    section = ET.SubElement(assessment, "section", ident="root_section")
    for question in writable(bank.questions, CANVAS_TYPES, result, "QTI"):
        section.append(_item(question, result))
        _partial_credit_note(question, result)
    return root


def _partial_credit_note(question: AnyQuestion, result: Export) -> None:
    if isinstance(question, TextQuestion):
        result.note(question.id, f"Canvas: {TEXT_NOTE}")
    if isinstance(question, MultipleQuestion):
        n_right = len(question.correct_texts)
        if n_right != len(question.choices) - n_right:
            result.note(
                question.id,
                "Canvas scores tick-all-that-apply as max(0, (right - wrong ticks) / "
                "right choices), lessonquiz as right/right choices - wrong/wrong choices: "
                "partial scores differ",
            )


def _metadata(parent: ET.Element, fields: dict[str, str]) -> None:
    meta = ET.SubElement(parent, "qtimetadata")
    for label, entry in fields.items():
        field = ET.SubElement(meta, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry


def _item(question: AnyQuestion, result: Export) -> ET.Element:
    item = ET.Element("item", ident=question.id, title=question.id)
    if question.hint:
        result.warn(question.id, "hints not exported (Canvas quizzes have no hints)")
    choices = _choices_of(question, result)
    _metadata(
        ET.SubElement(item, "itemmetadata"),
        {
            "question_type": CANVAS_TYPES[type(question)],
            "points_possible": f"{float(question.points)}",
            "original_answer_ids": ",".join(ident for ident, _, _ in choices),
        },
    )
    presentation = ET.SubElement(item, "presentation")
    prompt = question.prompt
    if isinstance(question, NumericQuestion) and question.unit:
        prompt += f"\n\n(Answer in {question.unit}.)"
        result.warn(question.id, f"unit shown in the prompt: '(Answer in {question.unit}.)'")
    if isinstance(question, OrderQuestion):
        prompt += "\n\n(Give each item its position, 1 for the first.)"
    responses.add_material(presentation, render.markdown(prompt))
    processing = ET.SubElement(item, "resprocessing")
    outcomes = ET.SubElement(processing, "outcomes")
    ET.SubElement(
        outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal"
    )
    feedback: dict[str, str] = {}
    general = question.explanation
    if isinstance(question, WrittenQuestion):
        general = reveal_markdown(question)
    if general:
        feedback["general_fb"] = general
        responses.add_condition(processing, None, display="general_fb")
    if isinstance(question, WrittenQuestion):
        _essay_body(question, presentation, result)
    elif isinstance(question, SingleQuestion | MultipleQuestion | TrueFalseQuestion):
        responses.choice_item(question, presentation, processing, choices, feedback)
    elif isinstance(question, NumericQuestion | TextQuestion):
        responses.fib_item(question, presentation, processing)
    else:
        responses.match_item(question, presentation, processing, result, feedback)
    wrong = getattr(question, "feedback", None)
    if wrong:
        feedback["general_incorrect_fb"] = wrong
        responses.add_condition(processing, None, display="general_incorrect_fb")
    for ident, text in feedback.items():
        box = ET.SubElement(item, "itemfeedback", ident=ident)
        html = render.markdown(text)
        responses.add_material(ET.SubElement(box, "flow_mat"), html)
        if not ident.startswith("general_") and len(_BLOCK.findall(html)) > 1:
            result.warn(
                question.id,
                "Canvas keeps only the first paragraph of a choice's or pair's feedback",
            )
    return item


def _essay_body(question: WrittenQuestion, presentation: ET.Element, result: Export) -> None:
    """A ``written`` question's text box, Canvas's ``essay_question`` (issue 15): no scoring
    (the teacher grades it in SpeedGrader); its general feedback is the rubric and model
    answer. Canvas essays have no word limit: ``min_words`` is said under the prompt."""
    if question.min_words:
        html = render.markdown(f"(Write at least {question.min_words} words.)")
        responses.add_material(presentation, html)
        result.warn(question.id, "min_words written under the prompt (Canvas essays have no limit)")
    response = ET.SubElement(presentation, "response_str", ident="response1", rcardinality="Single")
    ET.SubElement(ET.SubElement(response, "render_fib"), "response_label", ident="answer1")


_BLOCK = re.compile(r"<(?:p|ul|ol|pre|blockquote)>")
"""Block elements: Canvas files an answer's comment from its first ``<p>`` (or ``<div>``) only
(``attach_feedback_values`` in its qti_exporter), so a second block is lost."""


def _choices_of(question: AnyQuestion, result: Export) -> list[tuple[str, str, bool]]:
    """(ident, text, correct) of each offered choice; empty for typed answers and matches."""
    if isinstance(question, SingleQuestion | MultipleQuestion):
        return [
            (f"c{n}", choice.text, choice.correct)
            for n, choice in enumerate(question.choices, start=1)
        ]
    if isinstance(question, TrueFalseQuestion):
        return [("c1", "True", question.answer), ("c2", "False", not question.answer)]
    return []
