"""Voilà: a lesson served as an app (as `make app` does), without code, answered by clicking."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import VOILA_LESSON
from .lab import feedback, question_box, single_questions

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

LESSON = VOILA_LESSON


def test_voila_app_hides_code_and_answers(voila, page):
    pick = single_questions(LESSON)[0]
    page.goto(voila.base)  # Voilà executes the notebook for this request
    quiz = page.locator(".lq-quiz").first
    expect(quiz).to_be_visible(timeout=90_000)

    # No code: --strip_sources=True leaves no code input areas (or only hidden ones).
    # (Rendered Markdown cells use .jp-InputArea too, so only code cells are looked at.)
    inputs = page.locator(".jp-CodeCell .jp-InputArea, .jp-InputArea-editor, .cm-editor")
    for i in range(inputs.count()):
        expect(inputs.nth(i)).to_be_hidden()
    assert "lessonquiz.show(" not in page.content()

    # No error output from any cell.
    expect(page.locator(".jp-OutputArea-output[data-mime-type*='stderr']")).to_have_count(0)
    expect(page.get_by_text("Error displaying widget")).to_have_count(0)

    box = question_box(quiz, pick)
    box.get_by_role("radio", name=pick.wrong, exact=True).click()
    box.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(box)).to_contain_text("✗ Not yet.")
    box.get_by_role("radio", name=pick.right, exact=True).click()
    box.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(box)).to_contain_text("✓ Correct.")
