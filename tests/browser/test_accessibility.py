"""axe-core (pinned in tests/browser/package.json) finds no serious or critical WCAG 2 A/AA
violation inside the quiz widgets of a lesson in JupyterLab, before and after an answer."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from .conftest import ensure_axe
from .lab import feedback, question_box, single_questions

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

LESSON = "02-economics"
AXE_RUN_JS = """async () => {
  const r = await axe.run({include: [['.lq-quiz']]}, {runOnly: ['wcag2a', 'wcag2aa']});
  return {passes: r.passes.length,
    violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))};
}"""


def axe_violations(page):
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(ensure_axe()))
    result = page.evaluate(AXE_RUN_JS)
    assert result["passes"] > 0, "axe checked nothing inside .lq-quiz"
    return result["violations"]


def check(violations, when):
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    for v in violations:
        if v not in bad:
            print(f"[axe] {when}: {v['impact']} {v['id']}: {v['help']} {v['nodes']}")
    assert not bad, f"axe, {when}:\n" + json.dumps(bad, indent=1, ensure_ascii=False)


def test_quiz_has_no_serious_axe_violations(lab):
    pick = single_questions(LESSON)[0]
    lab.open(LESSON)
    lab.run_all()
    quiz = lab.quiz()
    box = question_box(quiz, pick)
    expect(box).to_be_visible()
    check(axe_violations(lab.page), "unanswered")

    box.get_by_role("radio", name=pick.wrong, exact=True).click()
    box.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(box)).to_contain_text("✗ Not yet.")
    box.get_by_role("button", name=re.compile(r"^Hint \(\d+ left\)$")).click()
    check(axe_violations(lab.page), "after a wrong answer and a hint")
