"""The key-free text a quiz leaves in a notebook's outputs.

Why: a notebook opened without a kernel (GitHub, nbviewer, a dead kernel) shows a widget's
``text/plain``/``text/html`` instead of the widget, so those list the questions readably.
nbval compares both on every run, so they are deterministic (no ids, no addresses, no
progress), and since outputs are committed and published they never carry the key: no
``correct`` flags, feedback, explanations, accepted answers, numbers or the right order.
"""

from __future__ import annotations

from collections.abc import Sequence

from lessonquiz import render
from lessonquiz.widgets.question import QuestionView

RUN_NOTE = "Run this notebook in Jupyter to answer the questions and check your answers."

STYLE = """<style>
.lq-error { padding: 4px 10px; border-left: 4px solid; border-radius: 3px; margin: 4px 0;
  color: var(--jp-ui-font-color1, #1a1a1a); background: var(--jp-layout-color1, #ffffff);
  border-color: var(--jp-warn-color0, #5c3b00); }
</style>"""
"""For the error message ``show`` draws in place of a quiz that cannot load (the quiz itself
is styled by ``quiz.css``)."""


def static_text(title: str, views: Sequence[QuestionView]) -> str:
    """Plain text: the title, then each question's prompt and key-free input description."""
    lines = [f"Quiz: {title} ({len(views)} question{'s' if len(views) != 1 else ''})", ""]
    for view in views:
        lines.append(f"{view.number}. {' '.join(view.prompt.split())}")
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
        items.append(f"<li>{view.public.prompt_html}{extra_html}</li>")
    return (
        '<div class="lq-static">'
        f"<p><strong>Quiz: {render.inline(title)}</strong></p>"
        f"<ol>{''.join(items)}</ol>"
        f"<p><em>{render.escape(RUN_NOTE)}</em></p></div>"
    )
