"""Keyboard only: answer a ``single`` question with Tab, the arrow keys, Space and Enter.

The quiz's radio group is a native one (one Tab stop, arrows move the choice) marked
``data-lm-suppress-shortcuts``, so JupyterLab does not treat the arrows as notebook shortcuts.

- Voilà (the student app): from page load, keys only: Tab into the question's radio group,
  arrow keys to the right choice, Tab to "Check", Enter; the ✓ feedback is read from the page.
- JupyterLab: the focus starts on the question box (set by the test, as a reader arrives at
  the question); then the same keys, and the focus must stay inside the quiz (the notebook did
  not take ArrowDown as "select the cell below").
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import VOILA_LESSON
from .lab import feedback, question_box, single_questions

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

LESSON = "00-orientation"
FOCUS_JS = """(box) => {
  const a = document.activeElement;
  if (!a || !box.contains(a)) return {inside: false, tag: a && a.tagName};
  const radios = [...box.querySelectorAll('input[type=radio]')];
  return {inside: true, tag: a.tagName, radio: radios.indexOf(a),
          text: (a.textContent || '').trim()};
}"""


def tab_until(page: Page, box: Locator, wanted, limit: int) -> dict:
    """Press Tab until the focused element satisfies ``wanted``; return its description."""
    info: dict = {}
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = box.evaluate(FOCUS_JS)
        if wanted(info):
            return info
    raise AssertionError(f"Tab never reached the wanted element; last focus: {info}")


def answer_with_keys(page: Page, box: Locator, right: str, tabs: int) -> None:
    """From wherever the focus is: Tab into the group, arrows to ``right``, Tab, Enter."""
    radios = box.locator("input[type=radio]")
    labels = [
        radios.nth(i).evaluate("r => r.parentElement.textContent.trim()")
        for i in range(radios.count())
    ]
    target = labels.index(right)
    info = tab_until(page, box, lambda i: i["inside"] and i["radio"] >= 0, tabs)
    assert info["radio"] == 0, "one Tab stop for the group, entering at the first choice"
    if target == 0:
        page.keyboard.press("Space")
    for _ in range(target):
        page.keyboard.press("ArrowDown")  # a native radio group: moves and selects
    expect(box.get_by_role("radio", name=right, exact=True)).to_be_checked()
    assert box.evaluate(FOCUS_JS)["radio"] == target
    tab_until(page, box, lambda i: i["tag"] == "BUTTON" and i["text"] == "Check", 3)
    page.keyboard.press("Enter")
    expect(feedback(box)).to_contain_text("✓ Correct.")
    assert box.evaluate(FOCUS_JS)["inside"], "the keys stayed in the quiz"


def test_keyboard_only_in_voila(voila, page):
    pick = single_questions(VOILA_LESSON)[0]
    page.goto(voila.base)
    quiz = page.locator(".lq-quiz").first
    expect(quiz).to_be_visible(timeout=90_000)
    box = question_box(quiz, pick)
    expect(box).to_be_visible()
    answer_with_keys(page, box, pick.right, tabs=80)


def test_keyboard_in_jupyterlab(lab):
    pick = single_questions(LESSON)[0]
    lab.open(LESSON)
    lab.run_all()
    box = question_box(lab.quiz(), pick)
    expect(box).to_be_visible()
    box.evaluate("b => { b.tabIndex = -1; b.focus(); }")  # where a reader reaches the question
    answer_with_keys(lab.page, box, pick.right, tabs=15)
