"""The ``written`` question type (issue 15): saved, never graded, rubric then model answer."""

from __future__ import annotations

import csv
import io
import json
import random
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from lessonquiz.bank.loader import load_bank
from lessonquiz.bank.model import WrittenQuestion
from lessonquiz.bank.public import public_view
from lessonquiz.bank.written import is_graded
from lessonquiz.cli import main
from lessonquiz.export import gift, moodle_xml, qti
from lessonquiz.grading import grade
from lessonquiz.preview import page as render_preview
from lessonquiz.report import build_report
from lessonquiz.store import Attempt, ProgressStore, utc_now
from tests.conftest import FIXTURES

BANK_PATH = FIXTURES / "banks" / "good-written.yaml"
BANK = load_bank(BANK_PATH)
VERDICT = BANK.question("final-verdict")
MODEL = "rests on one spokesman's words"


def test_an_answer_is_saved_ungraded_with_the_rubric_then_the_model_answer() -> None:
    assert isinstance(VERDICT, WrittenQuestion) and not is_graded(VERDICT)
    result = grade(VERDICT, "China leads on trade; the welcome rests on one remark.")
    assert (result.graded, result.malformed, result.correct) == (False, False, False)
    assert result.rubric == tuple(VERDICT.rubric) and len(result.rubric) == 3
    assert MODEL in result.model_answer
    assert is_graded(BANK.question("city")) and grade(BANK.question("city"), "Astana").graded


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("", "a written answer"),
        ("   ", "a written answer"),
        (["a"], "a written answer"),
        ("Too short here", "at least 5 words (this has 3)"),
    ],
)
def test_an_empty_or_too_short_answer_is_not_saved_yet(response: object, expected: str) -> None:
    result = grade(VERDICT, response)
    assert result.malformed and expected in result.feedback
    assert result.rubric == () and result.model_answer == ""


def test_the_public_view_keeps_rubric_and_model_answer_back() -> None:
    view = public_view(VERDICT, 1, random.Random(1)).to_json()
    assert (view["type"], view["min_words"], view["hints"]) == ("written", 5, 1)
    assert "In a paragraph" in view["prompt_html"]
    dumped = json.dumps(view)
    assert MODEL not in dumped and VERDICT.rubric[0] not in dumped


def test_editing_the_rubric_or_model_answer_keeps_the_students_answers() -> None:
    edited = VERDICT.model_copy(update={"rubric": ["Other."], "model_answer": "Other."})
    assert edited.content_hash == VERDICT.content_hash
    reworded = VERDICT.model_copy(update={"prompt": "Another question?"})
    assert reworded.content_hash != VERDICT.content_hash


def test_gift_writes_an_essay_its_own_reader_recognises() -> None:
    text = gift.write(BANK).files["written-fixture.gift"].decode()
    block = next(b for b in text.split("\n\n") if "::final-verdict::" in b)
    assert "[markdown]In a paragraph" in block and block.endswith("}")
    assert "{\n####**Check your answer against the rubric\\:**" in block
    assert "// min_words: 5" in block
    read = gift.read(text)
    assert any("final-verdict" in w and "essay" in w for w in read.warnings)


def test_moodle_xml_writes_an_essay_with_word_limit_and_grader_information() -> None:
    root = ET.fromstring(moodle_xml.write(BANK).files["written-fixture.xml"])
    essay = root.find("question[@type='essay']")
    assert essay is not None and essay.findtext("name/text") == "final-verdict"
    assert essay.findtext("minwordlimit") == "5"
    assert MODEL in (essay.findtext("graderinfo/text") or "")
    general = essay.findtext("generalfeedback/text") or ""
    assert general.index("rubric") < general.index(MODEL)
    assert essay.find("answer") is None


def test_canvas_gets_an_essay_question_without_scoring() -> None:
    package = qti.write(BANK).files["written-fixture-qti.zip"]
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        xml = archive.read("written-fixture/written-fixture.xml")
    ns = {"q": qti.QTI_NS}
    item = ET.fromstring(xml).find(".//q:item[@ident='final-verdict']", ns)
    assert item is not None
    fields = {
        f.findtext("q:fieldlabel", namespaces=ns): f.findtext("q:fieldentry", namespaces=ns)
        for f in item.iterfind(".//q:qtimetadatafield", ns)
    }
    assert fields["question_type"] == "essay_question"
    assert item.find(".//q:response_str/q:render_fib", ns) is not None
    assert item.find(".//q:setvar", ns) is None
    feedback = item.find("q:itemfeedback[@ident='general_fb']", ns)
    assert feedback is not None and MODEL in "".join(feedback.itertext())


def test_preview_shows_rubric_then_model_answer() -> None:
    page = render_preview(BANK)
    assert page.index(VERDICT.rubric[0]) < page.index(MODEL)
    assert "saved, not graded, at least 5 words" in page


def _attempt(student: str, question: str, response: object, correct: bool = False) -> Attempt:
    stamp = BANK.question(question).content_hash
    return Attempt(student, BANK.id, question, stamp, response, float(correct), correct, utc_now())


def _store(tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    ProgressStore(path).record_many(
        [
            _attempt("ana", "final-verdict", "First draft of my verdict here."),
            _attempt("ana", "final-verdict", "My verdict:\nthe trade part holds; the rest not."),
            _attempt("bo", "final-verdict", "=HYPERLINK(x) is what I think, truly."),
            _attempt("ana", "city", "Astana", correct=True),
            _attempt("bo", "city", "Almaty"),
        ]
    )
    return path


def test_written_answers_count_neither_right_nor_wrong_in_the_report(tmp_path: Path) -> None:
    report = build_report(_store(tmp_path), banks={BANK.id: BANK})
    written = next(q for q in report.questions if q.question == "final-verdict")
    assert (written.graded, written.facility, written.most_chosen_wrong) == (False, None, None)
    assert (written.students, written.attempts) == (2, 3)
    scores = {s.student: (s.points, s.out_of) for s in report.students}
    assert scores == {"ana": (1.0, 1), "bo": (0.0, 1)}
    assert report.unscored() == {}  # not "no longer in the bank file"


def test_report_answers_lists_each_students_latest_answer(tmp_path: Path) -> None:
    db = _store(tmp_path)
    runner = CliRunner()
    out = runner.invoke(main, ["report", "--db", str(db), "--answers", "final-verdict"])
    assert out.exit_code == 0, out.output
    assert "First draft" not in out.output
    assert "ana (written-fixture, saved " in out.output and "9 words)" in out.output
    assert "    My verdict:\n    the trade part holds" in out.output
    table = runner.invoke(main, ["report", "--db", str(db), "--banks", str(BANK_PATH.parent)])
    assert "written, not graded: report --answers final-verdict" in table.output
    as_csv = runner.invoke(
        main, ["report", "--db", str(db), "--answers", "final-verdict", "--format", "csv"]
    )
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert [(r["student"], r["words"]) for r in rows] == [("ana", "9"), ("bo", "6")]
    assert rows[1]["answer"].startswith("'=HYPERLINK")
    missing = runner.invoke(main, ["report", "--db", str(db), "--answers", "nope"])
    assert missing.exit_code == 1 and "no answers to question 'nope'" in missing.output
