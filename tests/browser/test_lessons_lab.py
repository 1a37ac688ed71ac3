"""Every lesson in JupyterLab: runs clean, answers by clicking, remembers after a restart.

Per lesson: open it, Run All, no error output; click the right choice of one ``single``
question and a wrong choice of another, press Check, read ✓/✗ from the page; then Kernel ▸
Restart Kernel and Run All Cells…, and the re-rendered quiz shows both answers checked and
their feedback again (restored from the progress store).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .lab import feedback, question_box, single_questions, site_lessons

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]


def answer(quiz, pick, label):
    box = question_box(quiz, pick)
    box.get_by_role("radio", name=label, exact=True).click()
    box.get_by_role("button", name="Check", exact=True).click()
    return box


@pytest.mark.parametrize("lesson", site_lessons())
def test_lesson_runs_answers_and_restores(lab, lesson):
    picks = single_questions(lesson)
    right = picks[0]
    wrong = picks[1] if len(picks) > 1 else None  # one single question: answer it wrong only

    lab.open(lesson)
    lab.step("open + kernel ready")
    lab.run_all()
    lab.assert_no_errors()
    lab.step("run all")

    quiz = lab.quiz()
    if wrong is not None:
        box = answer(quiz, right, right.right)
        expect(feedback(box)).to_contain_text("✓ Correct.")
    box = answer(quiz, wrong or right, (wrong or right).wrong)
    expect(feedback(box)).to_contain_text("✗ Not yet.")
    lab.step("answer right + wrong")

    lab.restart_run_all()
    lab.assert_no_errors()
    lab.step("restart + run all")

    quiz = lab.quiz()
    if wrong is not None:
        box = question_box(quiz, right)
        expect(box.get_by_role("radio", name=right.right, exact=True)).to_be_checked()
        expect(feedback(box)).to_contain_text("✓ Correct.")
    pick = wrong or right
    box = question_box(quiz, pick)
    expect(box.get_by_role("radio", name=pick.wrong, exact=True)).to_be_checked()
    expect(feedback(box)).to_contain_text("✗ Not yet.")
    lab.step("restored")
