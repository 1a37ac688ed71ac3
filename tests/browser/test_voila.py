"""Voilà: a lesson served as an app (as `make app` does), without code, answered by clicking.

The kernel goes away two ways: killed (Voilà's restarter tells the page) and shut down through
the server's REST API (the page's socket stays open and nothing tells it; the quiz has to find
out from its own unanswered messages).
"""

from __future__ import annotations

import os
import secrets
import signal
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import VOILA_LESSON, Server
from .lab import bank_for, feedback, question_box, single_questions, stored

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


def kernel_pids(server_pid: int) -> list[int]:
    """The kernels Voilà started for our page: children of the server we started."""
    kids = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    return [
        int(pid) for pid in kids
        if b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]


def test_voila_behaviour_a_student_can_trust(voila, page):
    """Issue #10, item 3, in the app: an empty Check is neutral; a double-click is one attempt;
    a changed answer clears the verdict; the keyboard race (arrow, Tab, Enter at once) five
    times, each verdict that of the choice on screen; the kernel killed under the page: the
    quiz says it is not connected and how to reconnect (in an app: reload the page), Check
    disabled, the answer kept."""
    pick = single_questions(LESSON)[0]
    page.goto(voila.base)
    quiz = page.locator(".lq-quiz").first
    expect(quiz).to_be_visible(timeout=90_000)
    box = question_box(quiz, pick)
    check = box.get_by_role("button", name="Check", exact=True)
    status = box.locator(".lq-status")

    check.click()
    expect(feedback(box)).to_have_text("Choose an answer first.")
    expect(status).to_have_text("0 attempts · not answered yet")

    box.get_by_role("radio", name=pick.wrong, exact=True).check()
    check.dblclick()
    expect(feedback(box)).to_contain_text("✗ Not yet.")
    expect(check).to_have_attribute("aria-disabled", "false")
    expect(status).to_have_text("1 attempt · ✗ not yet right")
    box.get_by_role("radio", name=pick.right, exact=True).check()
    expect(status).to_have_text("1 attempt · changed — press Check")
    expect(feedback(box)).to_be_hidden()

    radios = box.get_by_role("radio")
    labels = [radios.nth(i).evaluate("r => r.parentElement.textContent.trim()")
              for i in range(radios.count())]
    box.get_by_role("radio", name=pick.right, exact=True).focus()
    start = labels.index(pick.right)
    for attempt in range(5):
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(check).to_have_attribute("aria-disabled", "false")
        expect(status).not_to_have_text("checking…")
        chosen = box.locator("input[type=radio]:checked").evaluate(
            "r => r.parentElement.textContent.trim()"
        )
        assert chosen == labels[(start + attempt + 1) % len(labels)]
        words = "✓ Correct." if chosen == pick.right else "✗ Not yet."
        expect(feedback(box)).to_contain_text(words)
        page.keyboard.press("Shift+Tab")

    pids = kernel_pids(voila.proc.pid)
    assert len(pids) == 1, pids  # this page's kernel
    os.kill(pids[0], signal.SIGKILL)  # the kernel dies under the page (Voilà restarts one)
    box.get_by_role("radio", name=pick.wrong, exact=True).click()  # the student carries on
    offline = quiz.locator(".lq-offline")
    expect(offline).to_contain_text("Not connected to the kernel")
    expect(offline).to_contain_text("reload the page")  # the app has no cell to run
    expect(check).to_have_attribute("aria-disabled", "true")
    check.click(force=True)
    expect(box.get_by_role("radio", name=pick.wrong, exact=True)).to_be_checked()
    expect(status).not_to_have_text("checking…")


def shut_down_kernel(voila: Server, page: Page) -> None:
    """DELETE /api/kernels/<id> through the Jupyter server REST API Voilà exposes: the kernel
    is gone for good, unlike a killed one that Voilà's restarter may bring back. Voilà runs
    without a token, so the server wants an XSRF cookie and the same value in a header."""
    config = page.evaluate(
        "() => JSON.parse(document.getElementById('jupyter-config-data').textContent)"
    )
    xsrf = secrets.token_hex(8)
    request = urllib.request.Request(
        f"{voila.base}/api/kernels/{config['kernelId']}",
        method="DELETE",
        headers={"Cookie": f"_xsrf={xsrf}", "X-XSRFToken": xsrf},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 204
    assert not kernel_pids(voila.proc.pid), "the kernel process is still running"


def carries(kind: str) -> Callable[[str | bytes], bool]:
    """Does a websocket frame carry a quiz message of this kind (JSON or Jupyter's binary
    framing; either way the message's JSON is in it)?"""

    def test(payload: str | bytes) -> bool:
        raw = payload.encode() if isinstance(payload, str) else payload
        return f'"kind": "{kind}"'.encode() in raw or f'"kind":"{kind}"'.encode() in raw

    return test


def test_voila_decimal_comma_then_kernel_shut_down_then_reload(voila, page):
    """A number typed with a decimal comma is asked again in words and never graded (nothing
    stored). With the kernel shut down while the quiz is quiet, a Check by keys alone goes
    out unanswered: the quiz then says it is not connected and that reloading the page
    reconnects, lets that Check go ("not checked", not "checking…" for ever), disables Check
    and sends nothing more; the answer stays on screen. After the reload the quiz restores
    the last graded answer and grades again."""
    bank = bank_for(LESSON)
    asked = next(q for q in bank.questions if q.type == "numeric")
    right, wrong = f"{asked.answer:g}", f"{asked.answer + asked.tolerance + 1:g}"
    with page.expect_websocket(lambda ws: "/api/kernels/" in ws.url) as opened:
        page.goto(voila.base)
    channels = opened.value  # the page's kernel connection
    quiz = page.locator(".lq-quiz").first
    expect(quiz).to_be_visible(timeout=90_000)
    box = quiz.locator(".lq-type-numeric").first
    number = box.get_by_role("textbox")
    check = box.get_by_role("button", name="Check", exact=True)
    status = box.locator(".lq-status")

    number.fill("5,5")
    check.click()
    expect(feedback(box)).to_contain_text("Not graded")
    expect(feedback(box)).to_contain_text("without commas")
    expect(feedback(box)).not_to_contain_text("✗")
    expect(status).to_have_text("0 attempts · not answered yet")
    expect(number).to_have_value("5,5")
    assert stored(voila, bank.id, asked.id) == []  # the reply came after the kernel's save

    number.fill(wrong)
    number.press("Enter")
    expect(feedback(box)).to_contain_text("✗ Not yet.")
    expect(status).to_have_text("1 attempt · ✗ not yet right")
    assert stored(voila, bank.id, asked.id) == [False]

    # The quiz goes quiet: the ping a click asks for is answered, and no other is due. The
    # kernel then goes away while the student reads: nothing the quiz sends finds it out.
    with channels.expect_event("framereceived", predicate=carries("pong")):
        number.click()
    shut_down_kernel(voila, page)
    checks: list[str | bytes] = []  # Checks the page sends from now on
    channels.on("framesent", lambda p: checks.append(p) if carries("check")(p) else None)
    # The server keeps the page's socket open, so nothing tells the page: the student, the
    # focus still in the box, types the right answer and presses Enter. That Check goes out
    # into nothing; the quiz must find out, say so, and let the Check go (not "checking…"
    # for ever), the answer on screen and unsaved.
    page.keyboard.press("Control+A")
    page.keyboard.type(right)
    page.keyboard.press("Enter")
    offline = quiz.locator(".lq-offline")
    expect(offline).to_contain_text("Not connected to the kernel")
    expect(offline).to_contain_text("reload the page")
    expect(status).to_have_text("1 attempt · not checked: not connected")
    expect(check).to_have_attribute("aria-disabled", "true")
    check.click(force=True)  # disabled in name only: the click lands, nothing may be sent
    number.press("Enter")
    expect(number).to_have_value(right)
    expect(status).not_to_have_text("checking…")
    expect(feedback(box)).not_to_contain_text("✓")
    expect(check).to_have_attribute("aria-disabled", "true")
    assert stored(voila, bank.id, asked.id) == [False]
    assert len(checks) == 1, checks  # the Enter before the quiz knew; none once it said so

    page.reload()  # what the message says: a new kernel, the saved answers restored
    quiz = page.locator(".lq-quiz").first
    expect(quiz).to_be_visible(timeout=90_000)
    box = quiz.locator(".lq-type-numeric").first
    expect(box.locator(".lq-status")).to_have_text("1 attempt · ✗ not yet right")
    expect(box.get_by_role("textbox")).to_have_value(wrong)
    expect(quiz.locator(".lq-offline")).to_be_empty()
    box.get_by_role("textbox").fill(right)
    box.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(box)).to_contain_text("✓ Correct.")
    assert stored(voila, bank.id, asked.id) == [False, True]
