"""Markdown for print: a student sheet without the key, and a separate answer key.

The sheet shows each question as it is answered on paper (``lessonquiz.export.paper``: paper
wording, choices lettered, order items and match options in a shuffled order so the written
order never gives the key away), under a header to fill in (name, class, course, date) with
the instructions and points. The key opens with a grid to mark with, then repeats the
numbering with, per question, the answer, every feedback, the hints, the explanation, the
objective and the source. ``version`` gives another shuffled version with its own key.

Both files are plain CommonMark, so any Markdown viewer, pandoc or a browser can print them.
No raw HTML from the bank passes through (review D19): ``<`` and ``&`` are backslash-escaped,
so a renderer with HTML switched on shows them as text, and a link whose target is not
http(s) or mailto is shown as text, not made a link.
"""

from __future__ import annotations

import re

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

__all__ = ["LINE", "letter", "safe", "write"]

LINE = "\\_" * 20
"""A blank to write on (escaped underscores, so Markdown keeps them)."""
WRITING_LINE = "\\_" * 40
"""One ruled line of a written answer (a full line, where ``LINE`` is a short blank)."""

_RAW = re.compile(r"[<&]")
_LINK_TARGET = re.compile(r"\]\(\s*<?\s*([A-Za-z][A-Za-z0-9+.\-]*)(:|&|%3a)", re.I)
"""A link target that starts like a scheme (``javascript:``, or ``javascript&#58;``)."""
_SAFE_SCHEMES = {"http", "https", "mailto"}


def safe(text: str) -> str:
    """Bank Markdown with no way to raw HTML or to a script link (see the module docstring)."""
    text = _LINK_TARGET.sub(
        lambda m: (
            m.group()
            if m.group(1).lower() in _SAFE_SCHEMES and m.group(2) == ":"
            else "\\" + m.group()
        ),
        text,
    )
    return _RAW.sub(lambda m: "\\" + m.group(), text)


def write(bank: Bank, version: str = DEFAULT_VERSION) -> Export:
    """``<bank-id>-student.md`` (no key, no feedback) and ``<bank-id>-key.md``.

    A version other than A is named in the files: ``<bank-id>-<version>-student.md``.
    """
    questions = printed(bank, version)
    total = total_points(questions)
    student = [
        f"# {safe(bank.title)}: questions (version {safe(version)})",
        "",
        f"Name: {LINE}  ",
        f"Class: {LINE}  ",
        f"Course: {LINE}  ",
        f"Date: {LINE}",
        "",
        f"Answer all {len(questions)} questions ({total:g} points; each question shows its "
        "points). Tick a box, or write on the line; where a question has several right "
        "answers, tick every right answer.",
        "",
    ]
    key = [
        f"# {safe(bank.title)}: answer key (version {safe(version)})",
        "",
        f"Bank `{bank.id}`, {len(questions)} questions, {total:g} points.",
        "",
        "| Question | Answer | Points |",
        "| ---: | --- | ---: |",
        *(f"| {q.number} | {_cell(q.short_key)} | {q.points:g} |" for q in questions),
        "",
    ]
    for q in questions:
        student += [
            f"## Question {q.number} ({q.points:g} {'point' if q.points == 1 else 'points'})",
            "",
            safe(q.prompt),
            "",
            *_sheet(q),
            "",
        ]
        key += [
            f"## Question {q.number} (`{q.question.id}`, {q.question.type})",
            "",
            *_key(bank, q),
            "",
        ]
    stem = bank.id if version == DEFAULT_VERSION else f"{bank.id}-{version}"
    result = Export()
    result.files[f"{stem}-student.md"] = "\n".join(student).rstrip().encode("utf-8") + b"\n"
    result.files[f"{stem}-key.md"] = "\n".join(key).rstrip().encode("utf-8") + b"\n"
    return result


def _cell(text: str) -> str:
    return safe(text).replace("|", "\\|")


def _sheet(q: Printed) -> list[str]:
    question = q.question
    if isinstance(question, SingleQuestion | MultipleQuestion):
        box = "( )" if isinstance(question, SingleQuestion) else "\\[ \\]"
        return [
            q.instruction,
            "",
            *(f"- {box} **{lt}.** {safe(text)}" for lt, text, _, _ in q.choices),
        ]
    if isinstance(question, TrueFalseQuestion):
        return ["Circle one: **True** / **False**"]
    if isinstance(question, NumericQuestion):
        unit = f" {safe(question.unit)}" if question.unit else ""
        return [f"{q.instruction} {LINE}{unit}"]
    if isinstance(question, TextQuestion):
        return [f"{q.instruction} {LINE}"]
    if isinstance(question, WrittenQuestion):
        words = f" (at least {question.min_words} words)" if question.min_words else ""
        overleaf = " Go on overleaf if you need more room." if needs_overleaf(question) else ""
        instruction = q.instruction.removesuffix(".") + words + "." + overleaf
        ruled = [f"{WRITING_LINE}  " for _ in range(writing_lines(question))]
        ruled[-1] = WRITING_LINE
        return [instruction, "", *ruled]
    if isinstance(question, OrderQuestion):
        return [q.instruction, "", *(f"- \\_\\_\\_ {safe(i)}" for i in q.items)]
    if isinstance(question, MatchQuestion):
        return [
            q.instruction,
            "",
            *(f"- \\_\\_\\_ {safe(left)}" for left in q.items),
            "",
            "Options: " + "; ".join(f"**{letter(i)}.** {safe(o)}" for i, o in enumerate(q.options)),
        ]
    raise TypeError(f"no sheet for {type(question).__name__}")  # pragma: no cover


def _key(bank: Bank, q: Printed) -> list[str]:
    question = q.question
    lines = [f"**Answer:** {_answer(q)}", ""]
    for lt, text, right, feedback in q.choices:
        note = f": {safe(feedback)}" if feedback else ""
        lines.append(f"- **{lt}.** {safe(text)} ({'✓ right' if right else '✗ wrong'}){note}")
    if q.choices:
        lines.append("")
    if isinstance(question, MatchQuestion) and any(p.feedback for p in question.pairs):
        lines += [
            f"- {safe(p.left)} → {safe(p.right)}: {safe(p.feedback)}"
            for p in question.pairs
            if p.feedback
        ]
        lines.append("")
    if isinstance(question, WrittenQuestion):
        lines += ["**Rubric** (what a good answer does):", ""]
        lines += [f"- {safe(point)}" for point in question.rubric]
        lines += ["", f"**Model answer:** {safe(question.model_answer)}", ""]
    feedback = getattr(question, "feedback", None)
    if feedback:
        lines += [f"**Feedback on a wrong answer:** {safe(feedback)}", ""]
    for n, hint in enumerate(question.hint, start=1):
        lines += [f"**Hint {n}:** {safe(hint)}", ""]
    if question.explanation:
        lines += [f"**Explanation:** {safe(question.explanation)}", ""]
    objective = bank.objective(question.objective)
    lines += [
        f"*Objective* `{objective.id}`: {safe(objective.text)}  ",
        f"*Source*: {source_label(question.source)}",
    ]
    return lines


def _answer(q: Printed) -> str:
    question: AnyQuestion = q.question
    if isinstance(question, SingleQuestion | MultipleQuestion):
        return ", ".join(f"**{lt}** ({safe(text)})" for lt, text, right, _ in q.choices if right)
    if isinstance(question, TextQuestion):
        accepted = " or ".join(f"“{safe(a)}”" for a in question.accept)
        return accepted + " (case and punctuation ignored)"
    if isinstance(question, OrderQuestion):
        return " → ".join(f"{n}. {safe(item)}" for n, item in enumerate(question.items, start=1))
    if isinstance(question, WrittenQuestion):
        words = f", at least {question.min_words} words" if question.min_words else ""
        return f"written (not graded automatically{words}): mark it against the rubric below"
    if isinstance(question, MatchQuestion):
        return "; ".join(
            f"{safe(p.left)} → **{letter(q.options.index(p.right))}** ({safe(p.right)})"
            for p in question.pairs
        )
    return safe(q.short_key)
