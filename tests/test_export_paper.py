"""The paper layout: versions differ and each key is right; paper wording; no raw HTML out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from lessonquiz.bank.loader import load_bank
from lessonquiz.bank.model import (
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    SingleQuestion,
    TextQuestion,
    TrueFalseQuestion,
    WrittenQuestion,
)
from lessonquiz.export import markdown, printable
from lessonquiz.export.paper import WRITTEN_KEY, Printed, letter, on_paper, printed
from lessonquiz.grading import grade
from tests.simclass import QUIZZES

BANKS = [load_bank(p) for p in sorted(QUIZZES.glob("*.yaml"))]


def response_from_key(q: Printed) -> object:
    """What a student who wrote exactly the printed key would have answered."""
    question, key = q.question, q.short_key
    if isinstance(question, SingleQuestion | MultipleQuestion):
        texts = {lt: text for lt, text, _, _ in q.choices}
        picked = [texts[lt] for lt in key.split(", ")]
        return picked[0] if isinstance(question, SingleQuestion) else picked
    if isinstance(question, TrueFalseQuestion):
        return key == "True"
    if isinstance(question, NumericQuestion):
        return float(key.split(" ")[0])
    if isinstance(question, TextQuestion):
        return key.split(" / ")[0]
    if isinstance(question, OrderQuestion):
        numbers = [int(n) for n in key.split()]
        return [item for _, item in sorted(zip(numbers, q.items, strict=True))]
    assert isinstance(question, MatchQuestion)
    letters = {letter(i): o for i, o in enumerate(q.options)}
    return {left: letters[lt] for left, lt in zip(q.items, key.split(), strict=True)}


@pytest.mark.parametrize("bank", BANKS, ids=lambda b: b.id)
@pytest.mark.parametrize("version", ["A", "B"])
def test_every_printed_key_is_the_right_answer(bank, version: str) -> None:
    for q in printed(bank, version):
        if isinstance(q.question, WrittenQuestion):  # marked by hand against the rubric
            assert q.short_key == WRITTEN_KEY
            continue
        assert grade(q.question, response_from_key(q)).correct, (bank.id, version, q.question.id)


@pytest.mark.parametrize("bank", BANKS, ids=lambda b: b.id)
def test_version_b_is_shuffled_differently_with_its_own_key(bank) -> None:
    a, b = printed(bank, "A"), printed(bank, "B")
    assert [q.question.id for q in a] == [q.id for q in bank.questions]
    assert [q.question.id for q in b] != [q.question.id for q in a]
    assert [q.short_key for q in b] != [q.short_key for q in a]
    assert printed(bank, "B")[0].short_key == b[0].short_key  # the same label, the same sheet
    for q in b:  # options never printed key-first in written order
        if isinstance(q.question, OrderQuestion):
            assert q.items != list(q.question.items)


def test_paper_wording() -> None:
    assert on_paper("Which are right? Tick all that apply.") == "Which are right?"
    assert (
        on_paper("What is missing? Type the missing word.")
        == "What is missing? Write the missing word."
    )
    for bank in BANKS:
        for q in printed(bank):
            assert not re.search(r"\b(Type|Tick all that apply|Click)\b", q.prompt), q.prompt
    sheet = markdown.write(BANKS[0]).files[f"{BANKS[0].id}-student.md"].decode()
    assert "Tick all that apply" not in sheet and "Type " not in sheet
    assert "Name:" in sheet and "Class:" in sheet and "Date:" in sheet and "points" in sheet


PAYLOADS = [
    "<script>document.title='PWNED-1'</script>",
    "<img src=x onerror=\"document.title='PWNED-2'\">",
    "[click](javascript:alert(3))",
    "[click](javascript&#58;alert(4))",
    "<svg onload=alert(5)>",
    "<https://example.invalid>",
]


def test_no_raw_html_from_the_bank_reaches_a_markdown_or_printable_page(tmp_path: Path) -> None:
    text = (QUIZZES / "00-orientation.yaml").read_text(encoding="utf-8")
    evil = " ".join(PAYLOADS).replace('"', '\\"')
    text = re.sub(
        r"(?m)^(\s+)explanation: >-\n",
        lambda m: f"{m.group(0)}{m.group(1)}  {evil}\n",
        text,
        count=1,
    )
    text = re.sub(r'(?m)^(\s+prompt: )"', lambda m: f'{m.group(1)}"{evil} ', text, count=1)
    path = tmp_path / "evil.yaml"
    path.write_text(text, encoding="utf-8")
    bank = load_bank(path)
    render = MarkdownIt("commonmark", {"html": True})
    shown = [render.render(f.decode()) for f in markdown.write(bank).files.values()]
    assert all("PWNED-1" in page and "&lt;script" in page for page in shown)  # as text
    pages = shown + [f.decode() for f in printable.write(bank).files.values()]  # sanitized
    assert len(pages) == 4
    for page in pages:
        assert not re.search(r"<(script|img|svg)\b", page)
        assert not re.search(r"""href=["']?\s*(javascript|vbscript|data)""", page, re.I)
        assert not re.search(r"<[^>]*\bon(error|load)=", page)


WITH_WRITTEN = [b for b in BANKS if any(isinstance(q, WrittenQuestion) for q in b.questions)]


def test_the_course_has_written_questions_to_print() -> None:
    assert WITH_WRITTEN, "no shipped bank has a written question"


@pytest.mark.parametrize("bank", WITH_WRITTEN, ids=lambda b: b.id)
def test_a_written_question_prints_lines_on_the_sheet_and_its_rubric_on_the_key(bank) -> None:
    """Issue 15: ruled lines to write on (more for a longer min_words); the key gives the rubric
    and the model answer, the grid "written: see rubric"; neither leaks onto the sheet."""
    written = [q for q in printed(bank) if isinstance(q.question, WrittenQuestion)]
    assert written, f"{bank.id} has no written question"
    md, html = markdown.write(bank).files, printable.write(bank).files
    md_sheet, md_key = md[f"{bank.id}-student.md"].decode(), md[f"{bank.id}-key.md"].decode()
    html_sheet = html[f"{bank.id}-A-student.html"].decode()
    html_key = html[f"{bank.id}-A-key.html"].decode()
    for q in written:
        question = q.question
        assert isinstance(question, WrittenQuestion)
        lines = 3 if not question.min_words else max(3, min(6, -(-question.min_words // 12)))
        sheet_part = md_sheet.split(f"## Question {q.number} ")[1].split("## Question")[0]
        assert sheet_part.count(markdown.WRITING_LINE) == lines
        assert html_sheet.count('class="writing-line"') >= lines
        assert ("overleaf" in sheet_part) == ((question.min_words or 0) > 6 * 12)
        assert f"| {q.number} | written: see rubric |" in md_key
        assert "<td>written: see rubric</td>" in html_key
        key_part = md_key.split(f"## Question {q.number} ")[1].split("## Question")[0]
        for point in question.rubric:
            assert markdown.safe(point) in key_part
            assert markdown.safe(point) not in md_sheet
        assert markdown.safe(question.model_answer) in key_part
        assert markdown.safe(question.model_answer) not in md_sheet
        assert "Model answer" in html_key and "Model answer" not in html_sheet
