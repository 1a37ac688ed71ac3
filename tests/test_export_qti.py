"""QTI 1.2 for Canvas: the package's manifest and items parsed as XML, every key checked."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

from lessonquiz import render
from lessonquiz.bank.loader import load_bank
from lessonquiz.export import qti
from tests.conftest import FIXTURES

BANK = load_bank(FIXTURES / "banks" / "good-every-type.yaml")
NS = {"q": qti.QTI_NS, "cp": qti.CP_NS}


def package() -> tuple[ET.Element, ET.Element, list]:
    result = qti.write(BANK)
    archive = zipfile.ZipFile(io.BytesIO(result.files["fixture-qti.zip"]))
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    resource = manifest.find("cp:resources/cp:resource", NS)
    assert resource.get("type") == "imsqti_xmlv1p2"
    href = resource.get("href")
    assert resource.find("cp:file", NS).get("href") == href
    return manifest, ET.fromstring(archive.read(href)), result.warnings


def items() -> dict[str, ET.Element]:
    _, assessment, _ = package()
    found = assessment.findall("q:assessment/q:section/q:item", NS)
    return {item.get("ident"): item for item in found}


def meta(item: ET.Element, label: str) -> str:
    for field in item.iterfind(".//q:qtimetadatafield", NS):
        if field.findtext("q:fieldlabel", namespaces=NS) == label:
            return field.findtext("q:fieldentry", namespaces=NS)
    raise KeyError(label)


def labels(lid: ET.Element) -> dict[str, str]:
    return {
        label.get("ident"): label.findtext("q:material/q:mattext", namespaces=NS)
        for label in lid.iterfind("q:render_choice/q:response_label", NS)
    }


def scoring(item: ET.Element) -> list[tuple[list[str], str]]:
    """(values the condition tests, score set) of each scoring respcondition."""
    found = []
    for condition in item.iterfind("q:resprocessing/q:respcondition", NS):
        score = condition.findtext("q:setvar", namespaces=NS)
        if score is not None:
            values = [v.text for v in condition.iterfind("q:conditionvar//q:varequal", NS)]
            found.append((values, score))
    return found


def test_package_is_deterministic_and_holds_every_question() -> None:
    assert qti.write(BANK).files == qti.write(BANK).files
    found = items()
    assert list(found) == [q.id for q in BANK.questions]
    for question in BANK.questions:
        item = found[question.id]
        assert meta(item, "question_type") == qti.CANVAS_TYPES[type(question)]
        prompt = item.findtext("q:presentation/q:material/q:mattext", namespaces=NS)
        assert render.markdown(question.prompt) in prompt
        feedback = {
            f.get("ident"): f.findtext("q:flow_mat/q:material/q:mattext", namespaces=NS)
            for f in item.iterfind("q:itemfeedback", NS)
        }
        assert feedback["general_fb"] == render.markdown(question.explanation)
        if getattr(question, "feedback", None):
            assert feedback["general_incorrect_fb"] == render.markdown(question.feedback)


def test_choice_keys() -> None:
    found = items()
    for qid in ("q1", "q-multiple"):
        question = BANK.question(qid)
        lid = found[qid].find("q:presentation/q:response_lid", NS)
        shown = labels(lid)
        assert list(shown.values()) == [c.text for c in question.choices]
        ((tested, score),) = scoring(found[qid])
        right = [ident for ident, text in shown.items() if text in question.correct_texts]
        assert score == "100"
        if qid == "q1":
            assert lid.get("rcardinality") == "Single" and tested == right
        else:
            assert lid.get("rcardinality") == "Multiple" and set(tested) == set(shown)
            negated = found[qid].findall(".//q:not/q:varequal", NS)
            assert [v.text for v in negated] == [i for i in shown if i not in right]
    tf = found["q-tf"]
    shown = labels(tf.find("q:presentation/q:response_lid", NS))
    ((tested, _),) = scoring(tf)
    assert shown[tested[0]] == "True"


def test_typed_answer_keys() -> None:
    found = items()
    numeric = found["q-numeric"]
    assert numeric.find(".//q:render_fib", NS).get("fibtype") == "Decimal"
    assert numeric.findtext(".//q:vargte", namespaces=NS) == "5.4"
    assert numeric.findtext(".//q:varlte", namespaces=NS) == "5.6"
    ((tested, _),) = scoring(numeric)
    assert tested == ["5.5"]
    ((tested, _),) = scoring(found["q-text"])
    assert tested == ["Peskov", "Dmitry Peskov"]


def test_match_keys_and_order_converted() -> None:
    found = items()
    match = found["q-match"]
    lids = match.findall("q:presentation/q:response_lid", NS)
    rules = scoring(match)
    assert len(lids) == len(rules) == 2
    for pair, lid, (tested, score) in zip(BANK.question("q-match").pairs, lids, rules, strict=True):
        assert lid.findtext("q:material/q:mattext", namespaces=NS) == pair.left
        assert labels(lid)[tested[0]] == pair.right
        assert score == "50"
    order = found["q-order"]
    key = {}
    for lid, (tested, _) in zip(
        order.findall("q:presentation/q:response_lid", NS), scoring(order), strict=True
    ):
        key[lid.findtext("q:material/q:mattext", namespaces=NS)] = int(labels(lid)[tested[0]])
    assert key == {"Claim": 1, "Reasons": 2, "Conclusion": 3}
    shown = [
        lid.findtext("q:material/q:mattext", namespaces=NS)
        for lid in order.findall("q:presentation/q:response_lid", NS)
    ]
    assert shown != ["Claim", "Reasons", "Conclusion"]  # the shown order does not give it away
    warned = {w.question_id: w.message for w in package()[2]}
    assert "converted to a matching question" in warned["q-order"]
    assert "hints" in warned["q1"]
