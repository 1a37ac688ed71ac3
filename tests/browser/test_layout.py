"""Long answer texts wrap instead of being cut off, and selects keep a usable width.

ipywidgets styles checkbox and dropdown labels ``white-space: nowrap; text-overflow:
ellipsis`` and lets a dropdown's select shrink to nothing; the lesson banks have ``multiple``
choices of up to 115 characters and match items of up to 91. In a narrow JupyterLab window
every answer text of a lesson's quiz must be shown in full (no hidden overflow, inside the
quiz box), the longest checkbox text on more than one line, and every select at least 150 px
wide and inside the quiz box.
"""

from __future__ import annotations

import pytest

from .lab import bank_for

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

LESSON = "00-orientation"  # multiple (104 characters), match (62), order (73)
TEXTS = ".lq-choice-text, .lq-select-row label, .lq-order-item, .lq-prompt"
MEASURE_JS = """(quiz, selector) => {
  const box = quiz.getBoundingClientRect();
  const texts = [...quiz.querySelectorAll(selector)].map((e) => {
    const r = e.getBoundingClientRect();
    return {text: e.textContent.trim(), scroll: e.scrollWidth, client: e.clientWidth,
            right: r.right, height: r.height,
            line: parseFloat(getComputedStyle(e).lineHeight) || 20};
  });
  const selects = [...quiz.querySelectorAll('select')].map((s) => {
    const r = s.getBoundingClientRect();
    return {label: s.labels.length ? s.labels[0].textContent : '', width: r.width,
            right: r.right};
  });
  return {right: box.right, texts, selects};
}"""


def test_long_texts_wrap_and_selects_stay_usable(lab):
    bank = bank_for(LESSON)
    longest = max(
        (c.text for q in bank.questions if q.type == "multiple" for c in q.choices), key=len
    )
    assert len(longest) > 90, "the lesson no longer has a long multiple choice to look at"
    lab.page.set_viewport_size({"width": 800, "height": 1000})
    lab.open(LESSON)
    lab.run_all()
    quiz = lab.quiz()
    quiz.scroll_into_view_if_needed()
    m = quiz.evaluate(MEASURE_JS, TEXTS)
    assert m["texts"] and m["selects"], "no answer texts or selects found in the quiz"

    clipped = [t for t in m["texts"] if t["scroll"] > t["client"] + 1]
    assert not clipped, f"texts cut off: {clipped}"
    outside = [t for t in m["texts"] if t["right"] > m["right"] + 1]
    assert not outside, f"texts reaching past the quiz box: {outside}"
    long_ones = [t for t in m["texts"] if t["text"] == longest]
    assert long_ones and all(t["height"] > 1.5 * t["line"] for t in long_ones), long_ones

    narrow = [s for s in m["selects"] if s["width"] < 150 or s["right"] > m["right"] + 1]
    assert not narrow, f"selects too narrow or outside the quiz box: {narrow}"
