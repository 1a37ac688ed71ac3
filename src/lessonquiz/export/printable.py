"""The printable quiz as HTML with print CSS (A4): a student sheet, and a key that opens with a
one-page answer grid for marking and goes on with every answer explained.

What the PDF export prints (``lessonquiz.export.pdf``); any browser prints it the same way.
Bank text is Markdown, rendered and sanitized by ``lessonquiz.render`` (no script, no raw HTML
from the bank reaches the page); the style is ``print.css`` beside this module.
"""

from __future__ import annotations

from importlib.resources import files

from lessonquiz.bank.model import (
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
from lessonquiz.export import Export, source_label
from lessonquiz.export.paper import (
    DEFAULT_VERSION,
    Printed,
    letter,
    needs_overleaf,
    printed,
    total_points,
    writing_lines,
)
from lessonquiz.render import escape, inline, markdown

LONG_OPTION = 38
"""Options longer than this (characters) are listed one per line instead of in two columns."""


def write(bank: Bank, version: str = DEFAULT_VERSION) -> Export:
    """``<bank>-<version>-student.html`` and ``<bank>-<version>-key.html``."""
    questions = printed(bank, version)
    result = Export()
    stem = f"{bank.id}-{version}"
    result.files[f"{stem}-student.html"] = sheet(bank, questions, version).encode("utf-8")
    result.files[f"{stem}-key.html"] = key(bank, questions, version).encode("utf-8")
    return result


def _page(title: str, body: str) -> str:
    css = files("lessonquiz.export").joinpath("print.css").read_text(encoding="utf-8")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>{css}</style></head><body>{body}</body></html>\n"
    )


def _points(value: float) -> str:
    shown = f"{value:g}"
    return f"{shown} point" if value == 1 else f"{shown} points"


def sheet(bank: Bank, questions: list[Printed], version: str) -> str:
    """The student sheet: header to fill in, instructions with the points, every question."""
    total = total_points(questions)
    head = (
        f'<span class="version">Version {escape(version)}</span>'
        f"<h1>{inline(bank.title)}</h1>"
        '<div class="fields"><span>Name</span><span>Class</span><span>Course</span>'
        "<span>Date</span></div>"
        '<div class="instructions">'
        f"<p>Answer all {len(questions)} questions. {_points(total)} in all; each question "
        "shows its points. Write clearly in pen.</p>"
        "<p>▢ Tick a box; where a question has several right answers, tick every right "
        "answer (a wrong tick costs marks). Write a number or a word on the line.</p>"
        "</div>"
    )
    items = "".join(_question(q) for q in questions)
    return _page(f"{bank.title}: version {version}", f'{head}<ol class="questions">{items}</ol>')


def _question(q: Printed) -> str:
    head = (
        f'<div class="q-head"><span class="n">{q.number}.</span>'
        f'<span class="prompt">{inline(q.prompt)}</span>'
        f'<span class="pts">({_points(q.points)})</span></div>'
        f'<p class="instruction">{escape(q.instruction)}</p>'
    )
    written = ' class="written"' if isinstance(q.question, WrittenQuestion) else ""
    return f"<li{written}>{head}{_answer_space(q)}</li>"


def _answer_space(q: Printed) -> str:
    question = q.question
    if isinstance(question, SingleQuestion | MultipleQuestion):
        mark = "circle" if isinstance(question, SingleQuestion) else "box"
        long = any(len(text) > LONG_OPTION for _, text, _, _ in q.choices)
        rows = "".join(
            f'<li><span class="{mark}"></span><span><b>{lt}.</b> {inline(text)}</span></li>'
            for lt, text, _, _ in q.choices
        )
        return f'<ul class="opts{" long" if long else ""}">{rows}</ul>'
    if isinstance(question, TrueFalseQuestion):
        return '<p class="tf"><span>True</span><span>False</span></p>'
    if isinstance(question, NumericQuestion | TextQuestion):
        unit = getattr(question, "unit", None)
        return '<div class="answer-line"></div>' + (
            f'<p class="instruction">Unit: {inline(unit)}</p>' if unit else ""
        )
    if isinstance(question, WrittenQuestion):
        words = (
            f'<p class="instruction">At least {question.min_words} words.'
            + (" Go on overleaf if you need more room." if needs_overleaf(question) else "")
            + "</p>"
            if question.min_words
            else ""
        )
        ruled = '<div class="writing-line"></div>' * writing_lines(question)
        return f'{words}<div class="writing">{ruled}</div>'
    if isinstance(question, OrderQuestion | MatchQuestion):
        long = any(len(i) > LONG_OPTION for i in q.items)
        rows = "".join(
            f'<li><span class="blank"></span><span>{inline(i)}</span></li>' for i in q.items
        )
        listed = f'<ul class="opts{" long" if long else ""}">{rows}</ul>'
        if isinstance(question, MatchQuestion):
            options = "; ".join(f"<b>{letter(i)}.</b> {inline(o)}" for i, o in enumerate(q.options))
            listed += f'<p class="options">Options: {options}</p>'
        return listed
    raise TypeError(f"no sheet for {type(question).__name__}")  # pragma: no cover


def key(bank: Bank, questions: list[Printed], version: str) -> str:
    """The key: a one-page grid to mark with, then each answer with its explanation."""
    rows = "".join(
        f"<tr><td>{q.number}</td><td>{escape(q.short_key)}</td><td>{q.points:g}</td>"
        '<td class="mark"></td></tr>'
        for q in questions
    )
    grid = (
        f"<h1>{inline(bank.title)}: answer key, version {escape(version)}</h1>"
        f"<p>{len(questions)} questions, {_points(total_points(questions))}. Order items: the "
        "number each printed item should get, top to bottom. Match: the letter for each item, "
        "top to bottom.</p>"
        '<table class="grid"><thead><tr><th>Question</th><th>Answer</th><th>Points</th>'
        f"<th>Mark</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    full = "".join(_explained(bank, q) for q in questions)
    return _page(
        f"{bank.title}: key, version {version}",
        f'{grid}<section class="full"><h1>Every answer, explained</h1><ol>{full}</ol></section>',
    )


def _explained(bank: Bank, q: Printed) -> str:
    question = q.question
    parts = [
        f"<p><b>{q.number}.</b> {inline(q.prompt)}</p>",
        f'<p class="right">Answer: {escape(q.short_key)}</p>',
    ]
    if q.choices:
        parts.append(
            "<ul>"
            + "".join(
                f"<li><b>{lt}.</b> {inline(text)} ({'right' if right else 'wrong'})"
                + (f": {inline(feedback)}" if feedback else "")
                + "</li>"
                for lt, text, right, feedback in q.choices
            )
            + "</ul>"
        )
    if isinstance(question, MatchQuestion):
        parts.append(
            "<ul>"
            + "".join(
                f"<li>{inline(p.left)} → {inline(p.right)}"
                + (f": {inline(p.feedback)}" if p.feedback else "")
                + "</li>"
                for p in question.pairs
            )
            + "</ul>"
        )
    if isinstance(question, OrderQuestion):
        parts.append("<p>In order: " + " → ".join(inline(i) for i in question.items) + "</p>")
    if isinstance(question, WrittenQuestion):
        parts.append(
            "<p>Rubric (what a good answer does):</p><ul>"
            + "".join(f"<li>{inline(point)}</li>" for point in question.rubric)
            + "</ul><p>Model answer:</p>"
            + markdown(question.model_answer)
        )
    feedback = getattr(question, "feedback", None)
    if feedback:
        parts.append(f"<p>Feedback on a wrong answer: {inline(feedback)}</p>")
    if question.explanation:
        parts.append(markdown(question.explanation))
    objective = bank.objective(question.objective)
    parts.append(
        f"<p><i>Objective:</i> {inline(objective.text)} "
        f"<i>Source:</i> {escape(source_label(question.source))}</p>"
    )
    return f"<li>{''.join(parts)}</li>"
