"""What a student can trust, in a real JupyterLab (the fixture bank: one question per type).

One notebook run per test keeps the suite short; each test walks through several behaviours:

- an empty Check is a neutral "Choose an answer first" and no attempt; "5,5" typed in the
  number box and Enter is asked again, never graded; an untouched order is no answer;
- a double-click on Check is one attempt; the first wrong answer shows no answer and no
  explanation; a changed answer clears the verdict ("changed — press Check"); Reset clears
  verdict, feedback and explanation; Enter in a text box checks;
- the keyboard race (arrow to a choice, Tab, Enter at once) 20 times: every verdict is that of
  the choice on screen;
- Kernel ▸ Restart without re-running: the quiz says it is not connected and how to reconnect,
  Check is disabled, and the answer on screen stays;
- JupyterLab Dark and Light, in JupyterLab and in Notebook 7: every quiz text and control
  reaches WCAG AA contrast (computed colours);
- 370 px of width: nothing clipped, the progress bar keeps its width, choice texts keep a
  hanging indent;
- a bank that cannot load: a message in words, styled, with no traceback and no error output.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, expect

from .conftest import EVERY_TYPE_NOTEBOOK
from .contrast import THEMES, assert_readable

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

PROMPTS = {
    "single": "Which one?",
    "multiple": "Tick the right ones.",
    "true_false": "China was already ahead in 2023.",
    "numeric": "The gap?",
    "text": "Who spoke for the Kremlin?",
    "order": "Order the steps.",
    "match": "Fact or opinion?",
}


def question(lab, kind: str) -> Locator:
    return lab.quiz().locator(".lq-question").filter(has_text=PROMPTS[kind])


def status(box: Locator) -> Locator:
    return box.locator(".lq-status")


def settled(box: Locator) -> None:
    """The Check in flight has its reply (the button is enabled again)."""
    expect(box.locator(".lq-check")).to_have_attribute("aria-disabled", "false")
    expect(status(box)).not_to_have_text("checking…")


def open_quiz(lab) -> None:
    lab.open(f"{EVERY_TYPE_NOTEBOOK}")
    lab.run_all()
    expect(lab.quiz().locator(".lq-question")).to_have_count(7)


def test_answers_are_graded_as_shown_in_jupyterlab(lab):
    open_quiz(lab)
    single = question(lab, "single")
    check = single.get_by_role("button", name="Check", exact=True)

    check.click()
    expect(single.locator(".lq-feedback")).to_have_text("Choose an answer first.")
    expect(single.locator(".lq-feedback")).not_to_contain_text("✗")
    expect(status(single)).to_have_text("0 attempts · not answered yet")

    single.get_by_role("radio", name="Second", exact=True).check()
    check.dblclick()
    settled(single)
    expect(single.locator(".lq-feedback")).to_contain_text("✗ Not yet.")
    expect(status(single)).to_have_text("1 attempt · ✗ not yet right")  # one attempt
    expect(single.locator(".lq-explanation")).to_be_hidden()

    single.get_by_role("radio", name="First", exact=True).check()
    expect(status(single)).to_have_text("1 attempt · changed — press Check")
    expect(single.locator(".lq-feedback")).to_be_hidden()
    check.click()
    settled(single)
    expect(single.locator(".lq-feedback")).to_contain_text("✓ Correct.")
    expect(single.locator(".lq-explanation")).to_contain_text("Because ¶10 says so.")
    check.click()  # the same answer again: not a third attempt
    settled(single)
    expect(status(single)).to_have_text("2 attempts · ✓ correct")

    single.get_by_role("button", name="Reset", exact=True).click()
    expect(single.locator(".lq-feedback")).to_be_hidden()
    expect(single.locator(".lq-explanation")).to_be_hidden()
    expect(single.get_by_role("radio", name="First", exact=True)).not_to_be_checked()

    numeric = question(lab, "numeric")
    box = numeric.get_by_role("textbox")
    box.fill("5,5")
    box.press("Enter")
    expect(numeric.locator(".lq-feedback")).to_contain_text("Not graded")
    expect(numeric.locator(".lq-feedback")).to_contain_text("without commas")
    expect(status(numeric)).to_have_text("0 attempts · not answered yet")
    expect(box).to_have_value("5,5")
    box.fill("6")
    box.press("Enter")
    settled(numeric)
    expect(numeric.locator(".lq-feedback")).to_contain_text("✗ Not yet.")
    expect(numeric.locator(".lq-feedback")).not_to_contain_text("Subtract")  # key held back
    expect(numeric).not_to_contain_text("5.5")
    box.fill("5.5")
    box.press("Enter")
    expect(numeric.locator(".lq-feedback")).to_contain_text("✓ Correct.")

    text = question(lab, "text")
    text.get_by_role("textbox").fill("peskov")
    text.get_by_role("textbox").press("Enter")
    expect(text.locator(".lq-feedback")).to_contain_text("✓ Correct.")

    order = question(lab, "order")
    order.get_by_role("button", name="Check", exact=True).click()
    expect(order.locator(".lq-feedback")).to_contain_text("Keep this order")
    expect(status(order)).to_have_text("0 attempts · not answered yet")

    hinted = question(lab, "single")
    expect(hinted.get_by_role("button", name="Hint (1 left)", exact=True)).to_be_visible()
    hinted.get_by_role("button", name="Hint (1 left)", exact=True).click()
    expect(hinted.locator(".lq-hints")).to_contain_text("Look at ¶10.")
    expect(hinted.get_by_role("button", name="No hints left", exact=True)).to_be_visible()

    # Kernel ▸ Restart, without running the cell again.
    lab.restart_kernel()
    offline = lab.quiz().locator(".lq-offline")
    expect(offline).to_contain_text("Not connected to the kernel")
    expect(offline).to_contain_text("run this cell again")
    expect(check).to_have_attribute("aria-disabled", "true")
    single.get_by_role("radio", name="Third option", exact=True).check()
    check.click(force=True)  # disabled (in name): nothing is sent, nothing is lost
    lab.page.wait_for_timeout(300)
    expect(single.get_by_role("radio", name="Third option", exact=True)).to_be_checked()
    expect(single.locator(".lq-feedback")).not_to_contain_text("✗")


def test_keyboard_race_twenty_times(lab):
    open_quiz(lab)
    single = question(lab, "single")
    radios = single.get_by_role("radio")
    labels = [radios.nth(i).evaluate("r => r.parentElement.textContent.trim()") for i in range(3)]
    radios.first.focus()
    lab.page.keyboard.press("Space")
    for attempt in range(20):
        # Move to the next choice, Tab to Check and press Enter at once: the verdict must be
        # that of the choice on screen.
        lab.page.keyboard.press("ArrowDown")
        lab.page.keyboard.press("Tab")
        lab.page.keyboard.press("Enter")
        settled(single)
        chosen = single.locator("input[type=radio]:checked").evaluate(
            "r => r.parentElement.textContent.trim()"
        )
        words = "✓ Correct." if chosen == "First" else "✗ Not yet."
        expect(single.locator(".lq-feedback")).to_contain_text(words)
        assert chosen == labels[(attempt + 1) % 3]
        lab.page.keyboard.press("Shift+Tab")


@pytest.mark.parametrize("front_end", ["JupyterLab", "Notebook 7"])
def test_every_text_and_control_is_readable_in_both_themes(lab, front_end):
    """Notebook 7 is built from JupyterLab's theme plugin (Settings ▸ Theme, the same
    ``apputils:change-theme`` and ``--jp-*`` variables) but lays the notebook out on its own
    backgrounds, so the quiz is measured in both front-ends."""
    if front_end == "Notebook 7":
        lab.open_notebook7(EVERY_TYPE_NOTEBOOK)
        lab.run_all()
        expect(lab.quiz().locator(".lq-question")).to_have_count(7)
    else:
        open_quiz(lab)
    question(lab, "single").get_by_role("radio", name="Second", exact=True).check()
    question(lab, "single").get_by_role("button", name="Check", exact=True).click()
    expect(question(lab, "single").locator(".lq-feedback")).to_contain_text("✗ Not yet.")
    for theme in THEMES:  # Dark, then Light (the default for the tests after this one)
        lab.set_theme(theme)
        controls = assert_readable(lab.quiz(), theme, at_least=40)
        tags = {f["tag"] for f in controls}
        assert {"SELECT", "INPUT", "BUTTON"} <= tags, tags


LAYOUT_JS = """(quiz) => {
  const box = quiz.getBoundingClientRect();
  const clipped = [...quiz.querySelectorAll('*')].filter((e) => {
    const s = getComputedStyle(e);
    if (s.display === 'none' || e.tagName === 'OPTION') return false;  // options: no box
    const r = e.getBoundingClientRect();
    return e.scrollWidth > e.clientWidth + 1 && s.overflowX !== 'visible'
      || r.right > box.right + 1 || r.left < box.left - 1;
  }).map((e) => `${e.tagName}.${e.className}: ${(e.textContent || '').trim().slice(0, 30)}`);
  const indents = [...quiz.querySelectorAll('.lq-choice')].map((c) => {
    const input = c.querySelector('input').getBoundingClientRect();
    const text = c.querySelector('.lq-choice-text').getBoundingClientRect();
    return {left: text.left, inputRight: input.right, height: text.height};
  });
  const unit = quiz.querySelector('.lq-unit').getBoundingClientRect();
  return {width: box.width, clipped, indents,
          progress: quiz.querySelector('.lq-progress').getBoundingClientRect().width,
          unitInside: unit.right <= box.right + 1 && unit.width > 20};
}"""


def test_at_370_px_nothing_is_clipped(lab):
    open_quiz(lab)
    lab.quiz().evaluate("q => { q.parentElement.style.width = '370px'; }")
    measured = lab.quiz().evaluate(LAYOUT_JS)
    assert 300 < measured["width"] <= 372, measured["width"]
    assert not measured["clipped"], measured["clipped"]
    assert measured["progress"] >= 80, measured
    assert measured["unitInside"], measured
    assert all(i["left"] >= i["inputRight"] for i in measured["indents"]), measured["indents"]


def test_keys_stay_in_the_quiz_in_notebook_7(lab):
    """Notebook 7 takes keys in the capture phase: ArrowDown and "d d" on every kind of
    control leave the notebook's cells alone, and ArrowDown still moves the radio."""
    lab.open_notebook7(EVERY_TYPE_NOTEBOOK)
    lab.run_all()
    page = lab.page
    quiz = lab.quiz()
    expect(quiz.locator(".lq-question")).to_have_count(7)
    cells = page.locator(".jp-Notebook .jp-Cell")
    before = cells.count()
    active = page.evaluate(ACTIVE_CELL_JS)
    controls = [
        question(lab, "single").get_by_role("radio").first,
        question(lab, "multiple").get_by_role("checkbox").first,
        question(lab, "match").locator("select").first,
        question(lab, "order").locator(".lq-order-move").first,
        question(lab, "single").get_by_role("button", name="Check", exact=True),
    ]
    for key in ("ArrowDown", "d d"):
        for control in controls:
            control.focus()
            for part in key.split():
                page.keyboard.press(part)
            page.wait_for_timeout(200)
            assert cells.count() == before, f"{key} on {control} changed the cells"
            assert page.evaluate(ACTIVE_CELL_JS) == active, f"{key} on {control} moved the notebook"
            assert quiz.evaluate("q => q.contains(document.activeElement)"), f"{key} left the quiz"
        if key == "ArrowDown":  # the key did its own job: the next choice is selected
            expect(question(lab, "single").get_by_role("radio").nth(1)).to_be_checked()


ACTIVE_CELL_JS = """() => {
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell')];
  return cells.findIndex((c) => c.classList.contains('jp-mod-active'));
}"""


def test_a_bank_that_cannot_load_shows_a_readable_message(lab, site) -> None:
    """``show`` of a missing bank: plain HTML output in words (no widget, no traceback), with
    the quiz's own error styling, and no error output in the notebook."""
    import nbformat

    cell = 'import lessonquiz\nlessonquiz.show("no-such-bank")'
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(nb, site / "lessons" / "missing-bank.ipynb")
    lab.open("missing-bank")
    lab.run_all()
    lab.assert_no_errors()
    message = lab.page.locator(".lq-error[role=alert]")
    expect(message).to_contain_text("This quiz cannot be shown.")
    expect(message).to_contain_text("no bank with id 'no-such-bank'")
    assert message.evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"
    expect(lab.page.locator(".jp-OutputArea-output", has_text="Traceback")).to_have_count(0)
