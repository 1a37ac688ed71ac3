"""The preview page: standalone, complete (every key and note), and sanitized."""

from __future__ import annotations

import re

from lessonquiz import render
from lessonquiz.bank.loader import load_bank
from lessonquiz.bank.model import Bank
from lessonquiz.preview import page
from tests.conftest import FIXTURES

BANK = load_bank(FIXTURES / "banks" / "good-every-type.yaml")


def test_page_shows_every_question_with_its_key_and_notes() -> None:
    html = page(BANK)
    assert html.startswith("<!DOCTYPE html>")
    for question in BANK.questions:
        assert f'id="q-{question.id}"' in html
        assert render.markdown(question.prompt) in html
        assert render.markdown(question.explanation) in html
        for hint in question.hint:
            assert render.markdown(hint) in html
        feedback = getattr(question, "feedback", None)
        if feedback:
            assert render.markdown(feedback) in html
    assert html.count("✓ right") == 1 + 2 + 1  # single, multiple, true/false
    assert '<li class="right"><span class="mark">✓ right</span> First' in html
    assert "Not this one; see ¶10." in html
    assert "5.5 ± 0.1 billion USD" in html and "<q>Dmitry Peskov</q>" in html
    assert "<li>Claim</li><li>Reasons</li><li>Conclusion</li>" in html
    assert "<td>Trade was 31.5 bn</td><td>checkable fact</td>" in html
    assert "Explain the point." in html and "¶13, ¶16" in html and "¶1, ¶7, ¶22" in html


def test_page_needs_nothing_from_the_network() -> None:
    html = page(BANK)
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert "http://" not in html and "https://" not in html and "@import" not in html


def test_bank_text_is_sanitized() -> None:
    data = BANK.model_dump(exclude_defaults=True)
    data["questions"][0]["prompt"] = 'Look <script>alert(1)</script><a href="javascript:x">here</a>'
    html = page(Bank.model_validate(data))
    assert "<script" not in html and "javascript:" not in html
