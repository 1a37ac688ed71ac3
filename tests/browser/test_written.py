"""A written question in a real JupyterLab (the fixture bank good-written.yaml).

Typing in the answer box: the live word count follows ("2 words; at least 5"); Enter and
Shift+Enter are new lines in the box, never "run the cell" (the notebook keeps one cell);
a too-short Submit is asked again; a real Submit shows "Saved — not graded automatically",
then the rubric as a list; the model answer only after "Show a model answer". In that state
every text and control reaches WCAG AA contrast and axe finds nothing serious, in JupyterLab
Dark and Light; then "d d", arrows and Enter typed in the box stay there (JupyterLab, and
Notebook 7 in a test of its own).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import WRITTEN_NOTEBOOK
from .contrast import THEMES, assert_readable
from .test_accessibility import axe_violations, check

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

CELLS_JS = "() => window.jupyterapp.shell.currentWidget.content.widgets.length"


def test_write_submit_then_rubric_and_model_answer(lab):
    lab.open(WRITTEN_NOTEBOOK)
    lab.run_all()
    box = lab.quiz().locator(".lq-question").filter(has_text="give your verdict")
    expect(box).to_have_count(1)
    submit = box.get_by_role("button", name="Submit", exact=True)
    expect(box.get_by_role("button", name="Check", exact=True)).to_have_count(0)
    area = box.get_by_role("textbox", name="Your answer:")
    count = box.locator(".lq-word-count")
    expect(count).to_have_text("0 words; at least 5")
    cells = lab.page.evaluate(CELLS_JS)

    area.click()
    lab.page.keyboard.type("Partly right.")
    expect(count).to_have_text("2 words; at least 5")
    submit.click()
    expect(box.locator(".lq-feedback")).to_contain_text("at least 5 words (this has 2)")
    expect(box.locator(".lq-rubric")).to_be_hidden()

    area.click()
    lab.page.keyboard.press("End")
    lab.page.keyboard.press("Enter")
    lab.page.keyboard.type("The economic reason holds;")
    lab.page.keyboard.press("Shift+Enter")
    lab.page.keyboard.type("the welcome rests on one voice.")
    expect(count).to_have_text("12 words; at least 5")
    value = area.input_value()
    assert value.count("\n") == 2, value  # both Enters were new lines in the box
    assert lab.page.evaluate(CELLS_JS) == cells  # and never reached the notebook
    expect(box.locator(".lq-status")).to_have_text("0 submissions · not submitted yet")

    submit.click()
    expect(box.locator(".lq-status")).to_have_text(
        "1 submission · Saved — not graded automatically"
    )
    expect(box.locator(".lq-feedback")).to_have_text("Saved — not graded automatically.")
    rubric = box.locator(".lq-rubric li")
    expect(rubric).to_have_count(3)
    expect(rubric.nth(1)).to_have_text("Names at least one claim the record contradicts.")
    model = box.locator(".lq-model-answer")
    expect(model).to_be_hidden()
    box.get_by_role("button", name="Show a model answer").click()
    expect(model).to_be_visible()
    expect(model).to_contain_text("rests on one spokesman")
    expect(area).to_have_value(value)
    lab.assert_no_errors()

    # Submitted, rubric and model answer shown: readable and axe-clean in both themes.
    for theme in THEMES:
        lab.set_theme(theme)
        controls = assert_readable(lab.quiz(), theme, at_least=15)
        assert {"TEXTAREA", "BUTTON", "INPUT"} <= {f["tag"] for f in controls}, controls
        assert_written_parts_measured(lab, theme)
        check(axe_violations(lab.page), f"written, submitted, model answer shown, {theme}")

    # An essay's keys stay in the box: "d d", arrows and Enter never reach the notebook.
    active = lab.page.evaluate(ACTIVE_JS)
    area.click()
    for key in ("End", "Enter", "d", "d", "ArrowUp", "ArrowDown", "Enter", "d", "Space", "d"):
        lab.page.keyboard.press(key)
    expect(area).to_have_value(value + "\ndd\nd d")
    assert lab.page.evaluate(CELLS_JS) == cells, "a key deleted or added a cell"
    assert lab.page.evaluate(ACTIVE_JS) == active, "a key moved the notebook to another cell"
    assert area.evaluate("a => a === document.activeElement"), "the focus left the box"
    expect(box.locator(".lq-status")).to_contain_text("changed — press Submit")


ACTIVE_JS = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"

WRITTEN_PARTS = (".lq-written-box", ".lq-word-count", ".lq-rubric li", ".lq-model-answer",
                 ".lq-show-model", ".lq-feedback")


def assert_written_parts_measured(lab, theme: str) -> None:
    """The contrast walk saw every part of a submitted written answer (none hidden or skipped)."""
    box = lab.quiz().locator(".lq-question").filter(has_text="give your verdict")
    for selector in WRITTEN_PARTS:
        expect(box.locator(selector).first).to_be_visible()
    seen = box.evaluate(
        """(box) => [...box.querySelectorAll('*')].filter((e) =>
             e.matches('textarea') || [...e.childNodes].some(
               (n) => n.nodeType === 3 && n.textContent.trim())).length"""
    )
    assert seen >= len(WRITTEN_PARTS), f"{theme}: only {seen} written parts with text"


def test_written_box_keeps_its_keys_in_notebook_7(lab):
    """Notebook 7 takes keys in the capture phase: typing "d d", arrows and Enter in the
    essay box types there and never deletes, adds or leaves the cell."""
    lab.open_notebook7(WRITTEN_NOTEBOOK)
    lab.run_all()
    page = lab.page
    area = lab.quiz().get_by_role("textbox", name="Your answer:")
    cells = page.locator(".jp-Notebook .jp-Cell")
    before = cells.count()
    active = page.evaluate(NB7_ACTIVE_JS)
    area.click()
    for key in ("d", "d", "Enter", "d", "Space", "d", "ArrowUp", "ArrowDown", "Shift+Enter",
                "x"):
        page.keyboard.press(key)
    expect(area).to_have_value("dd\nd d\nx")
    expect(lab.quiz().locator(".lq-word-count")).to_have_text("4 words; at least 5")
    assert cells.count() == before, "a key deleted or added a cell"
    assert page.evaluate(NB7_ACTIVE_JS) == active, "a key moved the notebook to another cell"
    assert area.evaluate("a => a === document.activeElement"), "the focus left the box"
    expect(lab.quiz().locator(".lq-feedback").first).to_be_hidden()  # Enter did not Submit


NB7_ACTIVE_JS = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]
  .findIndex((c) => c.classList.contains('jp-mod-active'))"""
