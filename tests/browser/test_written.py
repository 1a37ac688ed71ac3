"""A written question in a real JupyterLab (the fixture bank good-written.yaml).

Typing in the answer box: the live word count follows ("2 words; at least 5"); Enter and
Shift+Enter are new lines in the box, never "run the cell" (the notebook keeps one cell);
a too-short Submit is asked again; a real Submit shows "Saved — not graded automatically",
then the rubric as a list; the model answer only after "Show a model answer".
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import WRITTEN_NOTEBOOK

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
