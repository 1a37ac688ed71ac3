"""The response part of each QTI item: choices, typed answers, matching rows (Canvas's reading).

``qti`` builds the package and each item's frame; these fill in the ``presentation`` (what
the student answers) and the ``resprocessing`` (how it is scored, which feedback shows).
Identifiers and feedback follow the rules in ``qti``'s docstring.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from lessonquiz import render
from lessonquiz.bank.model import (
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    Pair,
    SingleQuestion,
    TextQuestion,
    TrueFalseQuestion,
)
from lessonquiz.export import Export, fixed_shuffle
from lessonquiz.export.gift_text import number
from lessonquiz.export.textsafe import plain


def add_material(parent: ET.Element, html: str) -> ET.Element:
    material = ET.SubElement(parent, "material")
    ET.SubElement(material, "mattext", texttype="text/html").text = html
    return material


def add_condition(
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


def equal(respident: str, value: str) -> ET.Element:
    element = ET.Element("varequal", respident=respident)
    element.text = value
    return element


def choice_item(
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
        notes = {f"c{n}": c.feedback for n, c in enumerate(question.choices, 1)}
    for ident, text, _ in choices:
        label = ET.SubElement(render_choice, "response_label", ident=ident)
        add_material(label, render.inline(text))
        if notes.get(ident):
            feedback[f"{ident}_fb"] = notes[ident]  # type: ignore[assignment]
            add_condition(processing, equal("response1", ident), display=f"{ident}_fb")
    if many:
        test = ET.Element("and")
        for ident, _, right in choices:
            if right:
                test.append(equal("response1", ident))
            else:
                ET.SubElement(test, "not").append(equal("response1", ident))
    else:
        test = equal("response1", next(ident for ident, _, right in choices if right))
    add_condition(processing, test, score="100", stop=True)


def fib_item(
    question: NumericQuestion | TextQuestion, presentation: ET.Element, processing: ET.Element
) -> None:
    numeric = isinstance(question, NumericQuestion)
    response = ET.SubElement(presentation, "response_str", ident="response1", rcardinality="Single")
    fib = ET.SubElement(response, "render_fib", fibtype="Decimal" if numeric else "String")
    ET.SubElement(fib, "response_label", ident="answer1", rshuffle="No")
    if isinstance(question, NumericQuestion):
        test = ET.Element("or")
        test.append(equal("response1", number(question.answer)))
        band = ET.SubElement(test, "and")
        low = ET.SubElement(band, "vargte", respident="response1")
        low.text = number(question.answer - question.tolerance)
        high = ET.SubElement(band, "varlte", respident="response1")
        high.text = number(question.answer + question.tolerance)
        add_condition(processing, test, score="100", stop=True)
        return
    condition = ET.SubElement(processing, "respcondition", {"continue": "No"})
    var = ET.SubElement(condition, "conditionvar")
    for accepted in question.accept:
        var.append(equal("response1", accepted))
    ET.SubElement(condition, "setvar", action="Set", varname="SCORE").text = "100"


def match_item(
    question: MatchQuestion | OrderQuestion,
    presentation: ET.Element,
    processing: ET.Element,
    result: Export,
    feedback: dict[str, str],
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
        as_text = {right: right for right in rights}
    else:
        pairs = list(question.pairs)
        rights = sorted(question.right_options, key=str.casefold)
        as_text = {right: plain(right) for right in rights}
        changed = [r for r in rights if as_text[r] != " ".join(r.split())]
        if changed:
            result.warn(
                question.id,
                f"matching option '{changed[0]}' sent as plain text '{as_text[changed[0]]}' "
                "(Canvas shows matching options as plain text)",
            )
    ident_of = {right: f"r{n}" for n, right in enumerate(rights, start=1)}
    share = number(round(100 / len(pairs), 4))
    for n, pair in enumerate(pairs, start=1):
        respident = f"response_{n}"
        lid = ET.SubElement(presentation, "response_lid", ident=respident)
        add_material(lid, render.inline(pair.left))
        render_choice = ET.SubElement(lid, "render_choice")
        for right in rights:
            label = ET.SubElement(render_choice, "response_label", ident=ident_of[right])
            material = ET.SubElement(label, "material")
            ET.SubElement(material, "mattext", texttype="text/plain").text = as_text[right]
        right_answer = equal(respident, ident_of[pair.right])
        add_condition(processing, right_answer, score=share, action="Add")
        if pair.feedback:  # after the scoring condition: Canvas keeps the last one's feedback
            feedback[f"p{n}_fb"] = pair.feedback
            wrong = ET.Element("not")
            wrong.append(equal(respident, ident_of[pair.right]))
            add_condition(processing, wrong, display=f"p{n}_fb")
