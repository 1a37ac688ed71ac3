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
``written`` -> ``essay_question`` (graded by the teacher; rubric and model answer as its
general feedback).

Feedback: the explanation is Canvas's general feedback (``general_fb``, shown after any
answer), a question's wrong-answer feedback is ``general_incorrect_fb``, a choice's is its
own ``<ident>_fb``. Canvas has no hints: they are warned about and not exported.

One module past 300 lines because every item shares one skeleton (metadata, prompt,
``resprocessing``, feedback idents) that the per-type bodies fill in; split by type, each
part would import the skeleton's private helpers back.
"""

from __future__ import annotations

import io
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
    Pair,
    SingleQuestion,
    TextQuestion,
    TrueFalseQuestion,
    WrittenQuestion,
)
from lessonquiz.bank.written import reveal_markdown
from lessonquiz.export import Export, fixed_shuffle
from lessonquiz.export.gift import number

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
            archive.writestr(info, _xml(element))
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
    assessment = ET.SubElement(root, "assessment", ident=bank.id, title=bank.title)
    _metadata(assessment, {"cc_maxattempts": "1"})
    section = ET.SubElement(assessment, "section", ident="root_section")
    for question in bank.questions:
        section.append(_item(question, result))
    return root


def _metadata(parent: ET.Element, fields: dict[str, str]) -> None:
    meta = ET.SubElement(parent, "qtimetadata")
    for label, entry in fields.items():
        field = ET.SubElement(meta, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry


def _material(parent: ET.Element, html: str) -> ET.Element:
    material = ET.SubElement(parent, "material")
    ET.SubElement(material, "mattext", texttype="text/html").text = html
    return material


def _item(question: AnyQuestion, result: Export) -> ET.Element:
    if question.hint:
        result.warn(question.id, "hints not exported (Canvas quizzes have no hints)")
    item = ET.Element("item", ident=question.id, title=question.id)
    choices = _choices_of(question, result)
    _metadata(
        ET.SubElement(item, "itemmetadata"),
        {
            "question_type": CANVAS_TYPES[type(question)],
            "points_possible": "1.0",
            "original_answer_ids": ",".join(ident for ident, _, _ in choices),
        },
    )
    presentation = ET.SubElement(item, "presentation")
    prompt = question.prompt
    if isinstance(question, NumericQuestion) and question.unit:
        prompt += f"\n\n(Answer in {question.unit}.)"
    if isinstance(question, OrderQuestion):
        prompt += "\n\n(Give each item its position, 1 for the first.)"
    _material(presentation, render.markdown(prompt))
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
        _condition(processing, None, display="general_fb")
    if isinstance(question, WrittenQuestion):
        _essay_body(question, presentation, result)
    elif isinstance(question, SingleQuestion | MultipleQuestion | TrueFalseQuestion):
        _choice_item(question, presentation, processing, choices, feedback)
    elif isinstance(question, NumericQuestion | TextQuestion):
        _fib_item(question, presentation, processing)
    else:
        _match_item(question, presentation, processing, result)
    wrong = getattr(question, "feedback", None)
    if wrong:
        feedback["general_incorrect_fb"] = wrong
        _condition(processing, None, display="general_incorrect_fb")
    for ident, text in feedback.items():
        box = ET.SubElement(item, "itemfeedback", ident=ident)
        _material(ET.SubElement(box, "flow_mat"), render.markdown(text))
    return item


def _essay_body(question: WrittenQuestion, presentation: ET.Element, result: Export) -> None:
    """A ``written`` question's text box, Canvas's ``essay_question``: no scoring (the teacher
    grades it in SpeedGrader); its general feedback is the rubric and model answer. Canvas
    essays have no word limit, so ``min_words`` is said under the prompt and warned about."""
    if question.min_words:
        _material(presentation, render.markdown(f"(Write at least {question.min_words} words.)"))
        result.warn(question.id, "min_words written under the prompt (Canvas essays have no limit)")
    response = ET.SubElement(presentation, "response_str", ident="response1", rcardinality="Single")
    ET.SubElement(ET.SubElement(response, "render_fib"), "response_label", ident="answer1")


def _choices_of(question: AnyQuestion, result: Export) -> list[tuple[str, str, bool]]:
    """(ident, text, correct) of each offered choice; empty for typed answers and matches."""
    if isinstance(question, SingleQuestion | MultipleQuestion):
        return [
            (f"{question.id}-{n}", choice.text, choice.correct)
            for n, choice in enumerate(question.choices, start=1)
        ]
    if isinstance(question, TrueFalseQuestion):
        return [
            (f"{question.id}-true", "True", question.answer),
            (f"{question.id}-false", "False", not question.answer),
        ]
    return []


def _condition(
    processing: ET.Element,
    test: ET.Element | None,
    *,
    score: str | None = None,
    action: str = "Set",
    display: str | None = None,
    stop: bool = False,
) -> None:
    condition = ET.SubElement(processing, "respcondition", {"continue": "No" if stop else "Yes"})
    var = ET.SubElement(condition, "conditionvar")
    var.append(test if test is not None else ET.Element("other"))
    if score is not None:
        ET.SubElement(condition, "setvar", action=action, varname="SCORE").text = score
    if display:
        ET.SubElement(condition, "displayfeedback", feedbacktype="Response", linkrefid=display)


def _equal(respident: str, value: str) -> ET.Element:
    element = ET.Element("varequal", respident=respident)
    element.text = value
    return element


def _choice_item(
    question: SingleQuestion | MultipleQuestion | TrueFalseQuestion,
    presentation: ET.Element,
    processing: ET.Element,
    choices: list[tuple[str, str, bool]],
    feedback: dict[str, str],
) -> None:
    many = isinstance(question, MultipleQuestion)
    lid = ET.SubElement(
        presentation,
        "response_lid",
        ident="response1",
        rcardinality="Multiple" if many else "Single",
    )
    shuffle = getattr(question, "shuffle", False)
    render_choice = ET.SubElement(lid, "render_choice", shuffle="Yes" if shuffle else "No")
    notes = {}
    if not isinstance(question, TrueFalseQuestion):
        notes = {f"{question.id}-{n}": c.feedback for n, c in enumerate(question.choices, 1)}
    for ident, text, _ in choices:
        label = ET.SubElement(render_choice, "response_label", ident=ident)
        _material(label, render.inline(text))
        if notes.get(ident):
            feedback[f"{ident}_fb"] = notes[ident]  # type: ignore[assignment]
            _condition(processing, _equal("response1", ident), display=f"{ident}_fb")
    if many:
        test = ET.Element("and")
        for ident, _, right in choices:
            if right:
                test.append(_equal("response1", ident))
            else:
                ET.SubElement(test, "not").append(_equal("response1", ident))
    else:
        test = _equal("response1", next(ident for ident, _, right in choices if right))
    _condition(processing, test, score="100", stop=True)


def _fib_item(
    question: NumericQuestion | TextQuestion, presentation: ET.Element, processing: ET.Element
) -> None:
    numeric = isinstance(question, NumericQuestion)
    response = ET.SubElement(presentation, "response_str", ident="response1", rcardinality="Single")
    fib = ET.SubElement(response, "render_fib", fibtype="Decimal" if numeric else "String")
    ET.SubElement(fib, "response_label", ident="answer1", rshuffle="No")
    if isinstance(question, NumericQuestion):
        test = ET.Element("or")
        test.append(_equal("response1", number(question.answer)))
        band = ET.SubElement(test, "and")
        low = ET.SubElement(band, "vargte", respident="response1")
        low.text = number(question.answer - question.tolerance)
        high = ET.SubElement(band, "varlte", respident="response1")
        high.text = number(question.answer + question.tolerance)
        _condition(processing, test, score="100", stop=True)
        return
    condition = ET.SubElement(processing, "respcondition", {"continue": "No"})
    var = ET.SubElement(condition, "conditionvar")
    for accepted in question.accept:
        var.append(_equal("response1", accepted))
    ET.SubElement(condition, "setvar", action="Set", varname="SCORE").text = "100"


def _match_item(
    question: MatchQuestion | OrderQuestion,
    presentation: ET.Element,
    processing: ET.Element,
    result: Export,
) -> None:
    if isinstance(question, OrderQuestion):
        result.warn(
            question.id,
            "converted to a matching question (item -> position): Canvas has no ordering "
            "type; partial credit now counts items in the right position",
        )
        items = list(question.items)
        shown = fixed_shuffle(items, question.id)
        pairs = [Pair(left=item, right=str(items.index(item) + 1)) for item in shown]
        rights = [str(n) for n in range(1, len(items) + 1)]
    else:
        if any(pair.feedback for pair in question.pairs):
            result.warn(question.id, "pair feedback not exported (Canvas matching has none)")
        pairs = list(question.pairs)
        rights = sorted(question.right_options, key=str.casefold)
    ident_of = {right: f"{question.id}-r{n}" for n, right in enumerate(rights, start=1)}
    share = number(round(100 / len(pairs), 4))
    for n, pair in enumerate(pairs, start=1):
        respident = f"response_{question.id}-l{n}"
        lid = ET.SubElement(presentation, "response_lid", ident=respident)
        _material(lid, render.inline(pair.left))
        render_choice = ET.SubElement(lid, "render_choice")
        for right in rights:
            label = ET.SubElement(render_choice, "response_label", ident=ident_of[right])
            _material(label, render.inline(right))
        _condition(processing, _equal(respident, ident_of[pair.right]), score=share, action="Add")
