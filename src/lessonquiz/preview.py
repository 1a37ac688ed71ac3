"""A bank as one standalone HTML page for review: every question with its key in plain view.

For the instructor, not for students: choices are listed in the order written with the
right ones marked (a ✓ and the word "right", never colour alone), and every feedback, hint,
explanation, objective and source is shown. The page has no external assets (styles are
inline, no scripts), so it can be mailed or opened offline. All bank text goes through
``lessonquiz.render``, which sanitizes it.
"""

from __future__ import annotations

from lessonquiz import render
from lessonquiz.bank.model import (
    AnyQuestion,
    Bank,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    SingleQuestion,
    TextQuestion,
    TrueFalseQuestion,
    WrittenQuestion,
)
from lessonquiz.export import source_label
from lessonquiz.export.gift import number

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1a1a1a; background: #fff; }
header p, .meta { color: #444; }
section.question { border: 1px solid #bbb; border-radius: 6px; padding: 0.5rem 1rem 1rem;
                   margin: 1.5rem 0; }
h2 { font-size: 1.1rem; margin-bottom: 0.25rem; }
h2 code { font-weight: normal; }
.tag { display: inline-block; border: 1px solid #888; border-radius: 3px; padding: 0 0.3rem;
       font-size: 0.85rem; margin-right: 0.3rem; }
ul.choices { list-style: none; padding-left: 0; }
ul.choices li { padding: 0.2rem 0.4rem; margin: 0.2rem 0; border-left: 4px solid #ccc; }
ul.choices li.right { border-left-color: #1b7f3b; background: #eef8f0; font-weight: 600; }
.mark { display: inline-block; min-width: 5.5rem; }
.feedback { font-weight: normal; color: #333; margin-left: 5.9rem; }
.key { background: #eef8f0; border-left: 4px solid #1b7f3b; padding: 0.3rem 0.6rem; }
dl { margin: 0.5rem 0 0; } dt { font-weight: 600; } dd { margin-left: 1rem; }
table { border-collapse: collapse; } td, th { border: 1px solid #bbb; padding: 0.2rem 0.5rem; }
@media print { section.question { break-inside: avoid; } }
"""


def page(bank: Bank) -> str:
    """The whole HTML document for ``bank``."""
    esc = render.escape
    objectives = "".join(
        f"<li><code>{esc(o.id)}</code>: {render.inline(o.text)}</li>" for o in bank.objectives
    )
    lesson = f" for lesson <code>{esc(bank.lesson)}</code>" if bank.lesson else ""
    description = f"<p>{render.inline(bank.description)}</p>" if bank.description else ""
    questions = "\n".join(_question(bank, n, q) for n, q in enumerate(bank.questions, start=1))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(bank.title)}: preview with key</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>{esc(bank.title)}</h1>
<p>Bank <code>{esc(bank.id)}</code>{lesson},
{len(bank.questions)} questions. Review copy: <strong>contains the answer key</strong>.</p>
{description}
<h2>Objectives</h2>
<ul>{objectives}</ul>
</header>
<main>
{questions}
</main>
</body>
</html>
"""


def _question(bank: Bank, n: int, question: AnyQuestion) -> str:
    esc = render.escape
    labels = [question.type, *(x for x in (question.level, question.difficulty) if x)]
    tags = "".join(f'<span class="tag">{esc(label)}</span>' for label in labels)
    tags += "".join(f'<span class="tag">#{esc(tag)}</span>' for tag in question.tags)
    objective = bank.objective(question.objective)
    details = []
    feedback = getattr(question, "feedback", None)
    if feedback:
        details.append(("Feedback on a wrong answer", render.markdown(feedback)))
    for i, hint in enumerate(question.hint, start=1):
        details.append((f"Hint {i}", render.markdown(hint)))
    if question.explanation:
        details.append(("Explanation", render.markdown(question.explanation)))
    details.append(
        ("Objective", f"<code>{esc(objective.id)}</code>: {render.inline(objective.text)}")
    )
    details.append(("Source", esc(source_label(question.source))))
    dl = "".join(f"<dt>{esc(term)}</dt><dd>{body}</dd>" for term, body in details)
    return f"""<section class="question" id="q-{esc(question.id)}">
<h2>{n}. <code>{esc(question.id)}</code> {tags}</h2>
{render.markdown(question.prompt)}
{_body(question)}
<dl>{dl}</dl>
</section>"""


def _choice(right: bool, text_html: str, feedback: str | None) -> str:
    mark = "✓ right" if right else "✗ wrong"
    note = f'<div class="feedback">{render.inline(feedback)}</div>' if feedback else ""
    css = "right" if right else "wrong"
    return f'<li class="{css}"><span class="mark">{mark}</span> {text_html}{note}</li>'


def _body(question: AnyQuestion) -> str:
    esc = render.escape
    if isinstance(question, SingleQuestion | MultipleQuestion):
        shuffle = " (shown shuffled)" if question.shuffle else ""
        how = "Choose one" if isinstance(question, SingleQuestion) else "Tick all that apply"
        items = "".join(
            _choice(c.correct, render.inline(c.text), c.feedback) for c in question.choices
        )
        return f'<p class="meta">{how}{shuffle}:</p><ul class="choices">{items}</ul>'
    if isinstance(question, TrueFalseQuestion):
        items = "".join(
            _choice(value is question.answer, label, None)
            for value, label in ((True, "True"), (False, "False"))
        )
        return f'<ul class="choices">{items}</ul>'
    if isinstance(question, NumericQuestion):
        spread = f" ± {number(question.tolerance)}" if question.tolerance else ""
        unit = f" {esc(question.unit)}" if question.unit else ""
        return f'<p class="key">Key: {number(question.answer)}{spread}{unit}</p>'
    if isinstance(question, TextQuestion):
        accepted = ", ".join(f"<q>{esc(a)}</q>" for a in question.accept)
        return (
            f'<p class="key">Key: {accepted} (case, surrounding space and punctuation ignored)</p>'
        )
    if isinstance(question, OrderQuestion):
        items = "".join(f"<li>{render.inline(item)}</li>" for item in question.items)
        return (
            '<p class="meta">Right order (students see it shuffled):</p>'
            f'<ol class="key">{items}</ol>'
        )
    if isinstance(question, MatchQuestion):
        rows = "".join(
            f"<tr><td>{render.inline(p.left)}</td><td>{render.inline(p.right)}</td>"
            f"<td>{render.inline(p.feedback) if p.feedback else ''}</td></tr>"
            for p in question.pairs
        )
        return (
            '<table class="key"><tr><th>Item</th><th>Right match</th>'
            f"<th>Feedback when placed wrongly</th></tr>{rows}</table>"
        )
    if isinstance(question, WrittenQuestion):
        return _written(question)
    raise TypeError(f"no preview for {type(question).__name__}")  # pragma: no cover


def _written(question: WrittenQuestion) -> str:
    """A written question: not graded; what students see after submitting, in order."""
    words = f", at least {question.min_words} words" if question.min_words else ""
    rubric = "".join(f"<li>{render.inline(c)}</li>" for c in question.rubric)
    return (
        f'<p class="meta">Written answer (saved, not graded{words}). After submitting, students '
        f'see the rubric, then the model answer:</p><ol class="key">{rubric}</ol>'
        f'<div class="key"><strong>Model answer:</strong> '
        f"{render.markdown(question.model_answer)}</div>"
    )
