"""Keyboard only: answer ``single``, ``match`` and ``order`` questions with Tab, arrows, Enter.

The quiz's radio group is a native one (one Tab stop, arrows move the choice) marked
``data-lm-suppress-shortcuts``, so JupyterLab does not treat the arrows as notebook shortcuts.
The match selects and the order list's buttons keep their keys the same way: in JupyterLab 4
a focused ``<select>`` or ``<button>`` otherwise hands ArrowDown ("select the cell below") and
"d d" ("delete the cell") to the notebook.

- Voilà (the student app): from page load, keys only: Tab into the question's radio group,
  arrow keys to the right choice, Tab to "Check", Enter; the ✓ feedback is read from the page.
- JupyterLab: the focus starts on the question box (set by the test, as a reader arrives at
  the question); then the same keys, and the focus must stay inside the quiz (the notebook did
  not take ArrowDown as "select the cell below"). Then, on the focused Check button and on a
  ``multiple`` checkbox (ipywidgets controls, kept by the quiz box's own key guard), ArrowDown
  and "d d" do nothing to the notebook.
- JupyterLab, match: on a focused select ArrowDown changes its value and not the notebook's
  active cell, "d d" deletes no cell; then every select is answered with arrows and checked.
- JupyterLab, order: Enter twice on "Move ‘first item’ down" takes that item to position 3,
  the focus staying on its button; the live region says so; then the mouse sorts the list.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import VOILA_LESSON
from .lab import bank_for, feedback, question_box, single_questions
from .test_accessibility import axe_violations, check

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

LESSON = "00-orientation"
FOCUS_JS = """(box) => {
  const a = document.activeElement;
  if (!a || !box.contains(a)) return {inside: false, tag: a && a.tagName};
  const radios = [...box.querySelectorAll('input[type=radio]')];
  return {inside: true, tag: a.tagName, radio: radios.indexOf(a),
          text: (a.textContent || '').trim()};
}"""
NOTEBOOK_JS = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const a = document.activeElement;
  return {active: nb.activeCellIndex, cells: nb.widgets.length, mode: nb.mode,
          focus: a ? (a.getAttribute('aria-label') || a.id || a.tagName) : null};
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


def answer_with_keys(page: Page, box: Locator, right: str, tabs: int, chosen=None) -> None:
    """From wherever the focus is: Tab into the group, arrows to ``right``, Tab, Enter
    (``chosen()`` runs once the right radio is checked and focused)."""
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
    if chosen is not None:
        chosen()
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
    # The match and order anywidgets render in Voilà too.
    expect(quiz.locator(".lq-selects select").first).to_be_visible()
    expect(quiz.locator(".lq-order-list li").first).to_be_visible()


def test_keyboard_in_jupyterlab(lab):
    pick = single_questions(LESSON)[0]
    lab.open(LESSON)
    lab.run_all()
    box = question_box(lab.quiz(), pick)
    expect(box).to_be_visible()
    box.evaluate("b => { b.tabIndex = -1; b.focus(); }")  # where a reader reaches the question
    before = lab.page.evaluate(NOTEBOOK_JS)

    def no_cell_deleted() -> None:
        lab.page.keyboard.press("d")
        lab.page.keyboard.press("d")
        lab.page.wait_for_timeout(500)  # a deleted cell would be gone by now
        after = lab.page.evaluate(NOTEBOOK_JS)
        assert after["cells"] == before["cells"], f"'d d' deleted a cell: {before} -> {after}"
        assert box.evaluate(FOCUS_JS)["radio"] >= 0, "the focus stayed on the radio"

    answer_with_keys(lab.page, box, pick.right, tabs=15, chosen=no_cell_deleted)

    # The focus is now on "Check", an ipywidgets button: the quiz box keeps its keys too.
    assert box.evaluate(FOCUS_JS)["text"] == "Check"
    lab.page.keyboard.press("ArrowDown")
    assert lab.page.evaluate(NOTEBOOK_JS)["active"] == before["active"], "ArrowDown left the quiz"
    lab.page.keyboard.press("d")
    lab.page.keyboard.press("d")
    lab.page.wait_for_timeout(500)
    assert lab.page.evaluate(NOTEBOOK_JS)["cells"] == before["cells"], "'d d' on Check"
    # And so does a ``multiple`` question's checkbox (an ipywidgets checkbox).
    ticked = first_question(LESSON, "multiple")
    multiple = lab.quiz().locator(".lq-question").filter(has_text=ticked.choices[0].text)
    checkbox = multiple.get_by_role("checkbox").first
    focus_box(multiple)
    tab_to(lab.page, checkbox, 10)
    lab.page.keyboard.press("d")
    lab.page.keyboard.press("d")
    lab.page.wait_for_timeout(500)
    assert lab.page.evaluate(NOTEBOOK_JS)["cells"] == before["cells"], "'d d' on a checkbox"
    assert checkbox.evaluate("e => e === document.activeElement")


# ---------------------------------------------------------------- match and order (JupyterLab)


def first_question(lesson: str, kind: str):
    return next(q for q in bank_for(lesson).questions if q.type == kind)


def focus_box(box: Locator) -> None:
    """Put the focus on the question box, where a reader arrives at the question."""
    box.evaluate("b => { b.tabIndex = -1; b.focus(); }")


def tab_to(page: Page, target: Locator, limit: int) -> None:
    """Press Tab until ``target`` has the focus (keys only: no click, no element.focus())."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("e => e === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}; focus: {page.evaluate(NOTEBOOK_JS)}")


def arrow_to(page: Page, select: Locator, text: str) -> None:
    """Move a focused closed select to the option ``text`` with ArrowUp/ArrowDown."""
    options = select.locator("option").all_text_contents()
    steps = options.index(text) - select.evaluate("s => s.selectedIndex")
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
    expect(select.locator("option:checked")).to_have_text(text)


def test_match_selects_keep_their_keys_in_jupyterlab(lab):
    question = first_question(LESSON, "match")
    lefts = [pair.left for pair in question.pairs]
    lab.open(LESSON)
    lab.run_all()
    page = lab.page
    box = lab.quiz().locator(".lq-question").filter(has=page.get_by_label(lefts[0], exact=True))
    expect(box).to_have_count(1)
    first = box.get_by_label(lefts[0], exact=True)
    expect(first).to_have_js_property("tagName", "SELECT")
    expect(first.locator("option").first).to_have_text(re.compile("choose"))
    start = first.evaluate("s => s.selectedIndex")
    assert start <= 0, "nothing is preselected"

    focus_box(box)
    tab_to(page, first, limit=5)
    before = page.evaluate(NOTEBOOK_JS)
    page.keyboard.press("ArrowDown")
    after = page.evaluate(NOTEBOOK_JS)
    assert after["active"] == before["active"], f"ArrowDown moved the notebook: {after}"
    assert first.evaluate("e => e === document.activeElement"), after
    options = first.locator("option").all_text_contents()
    expect(first.locator("option:checked")).to_have_text(options[start + 1])

    page.keyboard.press("d")
    page.keyboard.press("d")
    page.wait_for_timeout(500)  # a deleted cell would be gone by now
    after = page.evaluate(NOTEBOOK_JS)
    assert after["cells"] == before["cells"], f"'d d' deleted a cell: {before} -> {after}"
    assert after["active"] == before["active"], after
    expect(box).to_be_visible()
    assert first.evaluate("e => e === document.activeElement"), after

    # Answer every row with the keyboard; Check then grades what the kernel received.
    for i, pair in enumerate(question.pairs):
        select = box.get_by_label(pair.left, exact=True)
        if i:
            tab_to(page, select, limit=2)
        arrow_to(page, select, pair.right)
    assert page.evaluate(NOTEBOOK_JS)["active"] == before["active"]
    tab_to(page, box.get_by_role("button", name="Check", exact=True), limit=2)
    page.keyboard.press("Enter")
    expect(feedback(box)).to_contain_text("✓ Correct.")


def test_order_buttons_follow_the_item_in_jupyterlab(lab):
    question = first_question(LESSON, "order")
    lab.open(LESSON)
    lab.run_all()
    page = lab.page
    box = lab.quiz().locator(".lq-question").filter(has_text=question.items[0])
    expect(box).to_have_count(1)
    rows = box.locator("ol > li")
    expect(rows).to_have_count(len(question.items))
    shown = rows.locator(".lq-order-item").all_text_contents()
    item = shown[0]
    down = box.get_by_role("button", name=f"Move ‘{item}’ down", exact=True)
    up = box.get_by_role("button", name=f"Move ‘{item}’ up", exact=True)
    expect(up).to_have_attribute("aria-disabled", "true")  # first: says so, stays focusable

    focus_box(box)
    tab_to(page, down, limit=3)
    before = page.evaluate(NOTEBOOK_JS)
    page.keyboard.press("Enter")
    expect(rows.nth(1).locator(".lq-order-item")).to_have_text(item)
    page.keyboard.press("Enter")
    expect(rows.nth(2).locator(".lq-order-item")).to_have_text(item)
    assert down.evaluate("e => e === document.activeElement"), page.evaluate(NOTEBOOK_JS)
    expect(box.get_by_role("status").filter(has_text="moved")).to_have_text(
        f"‘{item}’ moved to position 3 of {len(shown)}."
    )
    expect(up).to_have_attribute("aria-disabled", "false")
    assert page.evaluate(NOTEBOOK_JS)["active"] == before["active"]

    # At the bottom the button stays focused and disabled only in name.
    for _ in range(len(shown) - 3 + 1):
        page.keyboard.press("Enter")
    expect(rows.last.locator(".lq-order-item")).to_have_text(item)
    expect(down).to_have_attribute("aria-disabled", "true")
    assert down.evaluate("e => e === document.activeElement"), page.evaluate(NOTEBOOK_JS)
    page.keyboard.press("d")
    page.keyboard.press("d")
    page.wait_for_timeout(500)
    assert page.evaluate(NOTEBOOK_JS)["cells"] == before["cells"], "'d d' deleted a cell"

    # The mouse works too: sort the list by clicking "Move … up", then Check.
    for position, wanted in enumerate(question.items):
        button = box.get_by_role("button", name=f"Move ‘{wanted}’ up", exact=True)
        while rows.locator(".lq-order-item").all_text_contents().index(wanted) > position:
            button.click()
    expect(rows.locator(".lq-order-item")).to_have_text(list(question.items))
    box.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(box)).to_contain_text("✓ Correct.")
    # axe-core, with a moved item announced and buttons disabled in name only.
    check(axe_violations(page), "after moving order items")
