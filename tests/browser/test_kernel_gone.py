"""The kernel goes away under a quiz the student is looking at (issue #10, item 3).

Two tabs on the same notebook share one kernel. The student answers in tab B; the kernel is
restarted from tab A (where B's page gets no dialog and no click of its own). Tab B's quiz
must then say in words that it is not connected and how to reconnect, Check must be disabled,
and a Check pressed anyway must leave the answer on screen with no verdict (nothing dropped
silently, nothing "checking…" forever). B's page gets no event for A's restart (its comm
just stops answering), so the quiz pings the kernel when the student comes back to it: the
test's first action in B after the restart is the student's own click on a choice.
Kernel ▸ Shut Down (one tab): the same message, the same disabled Check.
Tab A restarts, then tab B runs the quiz cell again: B's new quiz grades and stores (the
answer from before the restart restored), while A's old quiz says it is not connected.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, expect

from .conftest import EVERY_TYPE_NOTEBOOK
from .lab import Lab, stored
from .test_quiz_behaviour import PROMPTS, settled, status

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]


def single(lab: Lab) -> Locator:
    return lab.quiz().locator(".lq-question").filter(has_text=PROMPTS["single"])


def assert_offline_and_nothing_lost(lab: Lab) -> None:
    """The student comes back to the quiz and picks another answer: the quiz says it is
    offline and how to reconnect; a Check keeps the answer and gives no verdict."""
    box = single(lab)
    check = box.get_by_role("button", name="Check", exact=True)
    before = status(box).text_content()
    box.get_by_role("radio", name="Third option", exact=True).click()
    offline = lab.quiz().locator(".lq-offline")
    expect(offline).to_contain_text("Not connected to the kernel")
    expect(offline).to_contain_text("run this cell again")
    expect(check).to_have_attribute("aria-disabled", "true")
    check.click(force=True)  # disabled in name only: the click lands, nothing may be sent
    expect(box.get_by_role("radio", name="Third option", exact=True)).to_be_checked()
    expect(status(box)).not_to_have_text("checking…")
    expect(box.locator(".lq-feedback")).not_to_contain_text("✗")
    expect(box.locator(".lq-feedback")).not_to_contain_text("✓")
    assert status(box).text_content() in (before, before.replace(
        before.split(" · ", 1)[-1], "changed — press Check")), status(box).text_content()
    expect(check).to_have_attribute("aria-disabled", "true")


def second_tab(lab: Lab) -> Lab:
    """Tab B on the notebook tab A has open: another page, the same kernel."""
    tab_b = Lab(lab.page.context.new_page(), lab.server)
    tab_b.page.set_default_timeout(60_000)
    tab_b.page.on("console", lambda m: print(f"[tab B {m.type}] {m.text}"))  # in a failure's log
    tab_b.open(EVERY_TYPE_NOTEBOOK)
    sessions = lab.server.api("/api/sessions")
    name = f"{EVERY_TYPE_NOTEBOOK}.ipynb"
    kernels = {s["kernel"]["id"] for s in sessions if s["path"].endswith(name)}
    assert len(kernels) == 1, sessions  # one kernel for both tabs
    return tab_b


def answer_wrong(tab: Lab) -> None:
    """Run the notebook in ``tab`` and answer the single question wrong (one attempt)."""
    tab.run_all()
    box = single(tab)
    box.get_by_role("radio", name="Second", exact=True).check()
    box.get_by_role("button", name="Check", exact=True).click()
    settled(box)
    expect(box.locator(".lq-feedback")).to_contain_text("✗ Not yet.")
    expect(tab.quiz().locator(".lq-offline")).to_be_hidden()


def test_other_tabs_restart_then_shutdown_leave_the_quiz_saying_so(lab):
    lab.open(EVERY_TYPE_NOTEBOOK)  # tab A: the kernel is started here
    tab_b = second_tab(lab)
    answer_wrong(tab_b)

    lab.restart_kernel()  # from tab A: tab B sees no dialog
    assert_offline_and_nothing_lost(tab_b)


def test_kernel_shutdown_leaves_the_quiz_saying_so(lab):
    lab.open(EVERY_TYPE_NOTEBOOK)
    lab.run_all()
    box = single(lab)
    box.get_by_role("radio", name="First", exact=True).check()
    box.get_by_role("button", name="Check", exact=True).click()
    expect(box.locator(".lq-feedback")).to_contain_text("✓ Correct.")
    expect(lab.quiz().locator(".lq-offline")).to_be_hidden()
    lab.shutdown_kernel()
    assert_offline_and_nothing_lost(lab)


def test_other_tabs_restart_then_running_the_cell_again_gives_a_working_quiz(lab):
    """Tab B runs the cell at once, without waiting for its kernel connection to settle.
    B's console then shows "Comm not found for comm id …": after the restart tab A's widget
    manager opens a ``jupyter.widget.control`` comm, the kernel refuses it with a comm_close
    on iopub (that target is ipywidgets', which the quiz never imports), and every tab receives
    that broadcast; B never opened that comm. Noise from JupyterLab and ipykernel, not a fault
    of the quiz: B's new quiz grades and stores."""
    lab.open(EVERY_TYPE_NOTEBOOK)  # tab A shows the quiz, then restarts the kernel
    lab.run_all()
    expect(single(lab)).to_be_visible()
    tab_b = second_tab(lab)
    answer_wrong(tab_b)

    lab.restart_kernel()  # from tab A
    tab_b.mark_stale()
    tab_b.run_all()  # the student in tab B runs the quiz cell again
    tab_b.assert_no_errors()
    box = single(tab_b)
    expect(status(box)).to_have_text("1 attempt · ✗ not yet right")  # restored from the store
    expect(box.get_by_role("radio", name="Second", exact=True)).to_be_checked()
    box.get_by_role("radio", name="First", exact=True).check()
    box.get_by_role("button", name="Check", exact=True).click()
    settled(box)
    expect(box.locator(".lq-feedback")).to_contain_text("✓ Correct.")
    expect(status(box)).to_have_text("2 attempts · ✓ correct")
    expect(tab_b.quiz().locator(".lq-offline")).to_be_hidden()
    assert stored(tab_b.server, "fixture", "q1") == [False, True]

    assert_offline_and_nothing_lost(lab)  # tab A's quiz is the old kernel's
    assert stored(lab.server, "fixture", "q1") == [False, True]  # A's Check sent nothing
