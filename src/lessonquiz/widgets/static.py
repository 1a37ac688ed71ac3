"""The key-free text a quiz leaves in a notebook's outputs, and the quiz's stylesheet.

Why: a notebook opened without a kernel (GitHub, nbviewer, a dead kernel) shows a widget's
``text/plain``/``text/html`` instead of the widget, so those list the questions readably.
nbval compares both on every run, so they are deterministic (no ids, no addresses, no
progress), and since outputs are committed and published they never carry the key: no
``correct`` flags, feedback, explanations, accepted answers, numbers or the right order.
"""

from __future__ import annotations

from collections.abc import Sequence

from lessonquiz import render
from lessonquiz.widgets.base import QuestionView

RUN_NOTE = "Run this notebook in Jupyter to answer the questions and check your answers."

STYLE = """<style>
.lq-quiz { background: #ffffff; color: #1a1a1a; border: 1px solid #767676;
  border-radius: 6px; padding: 8px 12px; }
.lq-quiz .widget-html-content, .lq-quiz .widget-label, .lq-quiz .widget-label-basic,
.lq-quiz label, .lq-quiz .widget-radio-box label { color: #1a1a1a; }
.lq-radio { display: flex; gap: 0.6em; align-items: flex-start; margin: 0.2em 0; }
.lq-radio [role=radiogroup] label { display: block; padding: 0.15em 0; cursor: pointer; }
.lq-radio input[type=radio] { margin-right: 0.45em; }
.lq-quiz .widget-checkbox { height: auto; min-height: 28px; line-height: 1.4; }
.lq-quiz .widget-checkbox .widget-label-basic { display: flex; align-items: flex-start;
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: anywhere;
  line-height: 1.4; padding: 0.2em 0; }
.lq-quiz .widget-checkbox input[type=checkbox] { flex: 0 0 auto; align-self: flex-start;
  margin-top: 0.15em; }
.lq-selects { display: flex; flex-direction: column; gap: 0.5em; margin: 0.2em 0; }
.lq-select-row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.2em 0.8em; }
.lq-select-row label { flex: 1 1 16em; max-width: 34em; min-width: 0; white-space: normal;
  overflow-wrap: anywhere; line-height: 1.4; }
.lq-select-row select { flex: 0 1 auto; min-width: 12em; max-width: 100%; font: inherit;
  color: #1a1a1a; background: #ffffff; border: 1px solid #767676; border-radius: 3px;
  padding: 0.15em 0.3em; }
.lq-order-list ol { list-style: decimal; margin: 0.3em 0; padding-left: 2.2em; }
.lq-order-row { padding: 0.15em 0; line-height: 1.4; }
.lq-order-item { white-space: normal; overflow-wrap: anywhere; }
.lq-order-move { font: inherit; color: #1a1a1a; background: #f2f2f2; border: 1px solid #767676;
  border-radius: 3px; padding: 0.05em 0.5em; margin-right: 0.35em; cursor: pointer; }
.lq-order-move[aria-disabled=true] { color: #595959; background: #ffffff; border-style: dashed;
  cursor: default; }
.lq-order-status { color: #333333; min-height: 1.4em; }
.lq-quiz select:focus-visible, .lq-order-move:focus-visible { outline: 2px solid #0645ad;
  outline-offset: 1px; }
.lq-selects-caption, .lq-order-caption { display: block; margin: 0.1em 0 0.2em 0; }
.lq-quiz .widget-html-content { line-height: 1.4; white-space: normal; }
.lq-question { border-top: 1px solid #b0b0b0; padding: 8px 0 4px 0; }
.lq-number { font-weight: bold; }
.lq-title { margin: 0 0 4px 0; color: #1a1a1a; }
.lq-feedback, .lq-hints, .lq-explanation, .lq-warning, .lq-error {
  padding: 4px 10px; border-left: 4px solid; border-radius: 3px; margin: 4px 0; }
.lq-correct { background: #e7f4ea; color: #0b4f1c; border-color: #0b4f1c; }
.lq-wrong, .lq-malformed { background: #fdecea; color: #7a1414; border-color: #7a1414; }
.lq-partial, .lq-warning, .lq-error { background: #fff4de; color: #5c3b00; border-color: #5c3b00; }
.lq-hints { background: #eef3fb; color: #1a2a4a; border-color: #1a2a4a; }
.lq-explanation { background: #f3f0fa; color: #2b1f4a; border-color: #2b1f4a; }
.lq-status, .lq-summary, .lq-input-hint { color: #333333; }
.lq-quiz a { color: #0645ad; }
</style>"""
"""Explicit dark-on-light colours (all pairs above 7:1, WCAG AA needs 4.5:1); state is
always also said in words (✓/✗), so no meaning rests on colour alone."""


def static_text(title: str, views: Sequence[QuestionView]) -> str:
    """Plain text: the title, then each question's prompt and key-free input description."""
    lines = [f"Quiz: {title} ({len(views)} question{'s' if len(views) != 1 else ''})", ""]
    for view in views:
        lines.append(f"{view.number}. {' '.join(view.question.prompt.split())}")
        lines.extend(f"   {line}" for line in view.static_lines())
        lines.append("")
    lines.append(RUN_NOTE)
    return "\n".join(lines)


def static_html(title: str, views: Sequence[QuestionView]) -> str:
    """The same as HTML, for renderers that show ``text/html`` (GitHub, nbviewer)."""
    items = []
    for view in views:
        extra = "".join(f"<li>{render.escape(line)}</li>" for line in view.static_lines())
        extra_html = f'<ul class="lq-static-input">{extra}</ul>' if extra else ""
        items.append(f"<li>{render.markdown(view.question.prompt)}{extra_html}</li>")
    return (
        '<div class="lq-static">'
        f"<p><strong>Quiz: {render.inline(title)}</strong></p>"
        f"<ol>{''.join(items)}</ol>"
        f"<p><em>{render.escape(RUN_NOTE)}</em></p></div>"
    )
