"""Keyboard only: answer a ``single`` question in JupyterLab with Tab, Space and Enter.

The test only puts the starting point of the keyboard focus on the question box (where a
keyboard user arrives at the question); everything after that is key presses: Tab to the
radios and on to the right choice, Space to select it, Tab to "Check", Enter, and the ✓
feedback is read from the page.

Arrow keys are not used, on purpose: ipywidgets 8 renders RadioButtons as radios without a
shared ``name``, so each radio is its own group (arrows cannot move between choices), and in
JupyterLab's command mode ArrowDown is the notebook's "move cursor down" shortcut, which takes
the focus out of the quiz (checked with Lab 4.6 / ipywidgets 8.1). Lumino skips shortcuts under
an element with ``data-lm-suppress-shortcuts``, which the widget cannot set from Python today.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .lab import feedback, question_box, single_questions

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

LESSON = "00-orientation"
ACTIVE_JS = """(box) => {
  const a = document.activeElement;
  if (!a || !box.contains(a)) return {inside: false, tag: a && a.tagName};
  const radios = [...box.querySelectorAll('input[type=radio]')];
  return {inside: true, tag: a.tagName, type: a.type || null, radio: radios.indexOf(a),
          text: (a.textContent || '').trim()};
}"""


def tab_until(page, box, wanted, limit=15):
    """Press Tab until the focused element in ``box`` satisfies ``wanted``; return its info."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = box.evaluate(ACTIVE_JS)
        if wanted(info):
            return info
    raise AssertionError(f"Tab never reached the wanted element; last focus: {info}")


def test_answer_single_question_by_keyboard(lab):
    pick = single_questions(LESSON)[0]
    lab.open(LESSON)
    lab.run_all()
    page = lab.page
    box = question_box(lab.quiz(), pick)
    expect(box).to_be_visible()
    radios = box.locator("input[type=radio]")
    labels = [
        radios.nth(i).evaluate("r => r.parentElement.textContent.trim()")
        for i in range(radios.count())
    ]
    target = labels.index(pick.right)

    # Starting point of the focus: the question box itself (not a control).
    box.evaluate("b => { b.tabIndex = -1; b.focus(); }")
    info = tab_until(page, box, lambda i: i["inside"] and i["radio"] >= 0)
    # ipywidgets renders the radios without a shared `name`, so each one is its own Tab stop
    # (and arrow keys cannot move between them; in JupyterLab's command mode ArrowDown even
    # moves the cell cursor out of the quiz). Tab on to the right choice.
    if info["radio"] != target:
        tab_until(page, box, lambda i: i["radio"] == target)
    page.keyboard.press("Space")
    expect(box.get_by_role("radio", name=pick.right, exact=True)).to_be_checked()

    tab_until(page, box, lambda i: i["tag"] == "BUTTON" and i["text"] == "Check")
    page.keyboard.press("Enter")
    expect(feedback(box)).to_contain_text("✓ Correct.")
    # Keyboard focus stayed in the quiz: the notebook did not treat the keys as shortcuts.
    assert box.evaluate(ACTIVE_JS)["inside"]
