"""Markdown for print: the student sheet gives nothing away; the key has everything."""

from __future__ import annotations

from lessonquiz.bank.loader import load_bank
from lessonquiz.export import markdown
from tests.conftest import FIXTURES

BANK = load_bank(FIXTURES / "banks" / "good-every-type.yaml")


def sheets() -> tuple[str, str]:
    files = markdown.write(BANK).files
    assert set(files) == {"fixture-student.md", "fixture-key.md"}
    return files["fixture-student.md"].decode(), files["fixture-key.md"].decode()


def secrets() -> list[str]:
    """Every text that belongs in the key only."""
    found = []
    for question in BANK.questions:
        found += [question.explanation or "", *question.hint, getattr(question, "feedback", "")]
        found += [c.feedback or "" for c in getattr(question, "choices", [])]
        found += [p.feedback or "" for p in getattr(question, "pairs", [])]
        found += getattr(question, "accept", [])
    return [s for s in found if s]


def test_student_sheet_has_every_question_and_no_key() -> None:
    student, _ = sheets()
    for question in BANK.questions:
        assert question.prompt in student
    for choice in BANK.question("q1").choices:
        assert choice.text in student
    for secret in secrets():
        assert secret not in student, secret
    assert "✓" not in student and "5.5" not in student and "Peskov" not in student
    order = [
        line.removeprefix("- \\_\\_\\_ ") for line in student.splitlines() if line[2:4] == "\\_"
    ]
    items = [i for i in order if i in BANK.question("q-order").items]
    assert sorted(items) == sorted(BANK.question("q-order").items)
    assert items != BANK.question("q-order").items  # shuffled, so the order is not given away


def test_key_has_answers_feedback_explanations_objectives_and_sources() -> None:
    student, key = sheets()
    for secret in secrets():
        assert secret in key, secret
    assert "**Answer:** 5.5 ± 0.1 billion USD" in key
    assert "1. Claim → 2. Reasons → 3. Conclusion" in key
    assert "Explain the point." in key and "¶13, ¶16" in key
    # the key's letters are the sheet's letters
    first_sheet = next(line for line in student.splitlines() if "First" in line)
    letter = first_sheet.split("**")[1].rstrip(".")
    assert f"**Answer:** **{letter}** (First)" in key


def test_letters_go_past_z() -> None:
    assert [markdown.letter(n) for n in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]
