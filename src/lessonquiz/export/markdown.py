"""Markdown for print: a student sheet without the key, and a separate answer key.

The sheet shows each question as a student would answer it on paper (choices lettered, a
line to write on, order items and match options shuffled in a fixed order so the written
order never gives the key away). The key repeats the numbering and adds, per question, the
answer, every feedback, the hints, the explanation, the objective and the source.
Both files are plain CommonMark, so any Markdown viewer, pandoc or a browser can print them.
"""

from __future__ import annotations

import string

from lessonquiz.bank.model import (
    AnyQuestion,
    Bank,
    Choice,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    SingleQuestion,
    TextQuestion,
    TrueFalseQuestion,
    WrittenQuestion,
)
from lessonquiz.bank.written import reveal_markdown
from lessonquiz.export import Export, fixed_shuffle, source_label
from lessonquiz.export.gift import number

LINE = "\\_" * 20
"""A blank to write on (escaped underscores, so Markdown keeps them)."""


def write(bank: Bank) -> Export:
    """``<bank-id>-student.md`` (no key, no feedback) and ``<bank-id>-key.md``."""
    result = Export()
    student = [f"# {bank.title}: questions", "", f"Name: {LINE}", ""]
    key = [
        f"# {bank.title}: answer key",
        "",
        f"Bank `{bank.id}`, {len(bank.questions)} questions.",
        "",
    ]
    for n, question in enumerate(bank.questions, start=1):
        student += [f"## Question {n}", "", question.prompt, "", *_sheet(question), ""]
        key += [
            f"## Question {n} (`{question.id}`, {question.type})",
            "",
            *_key(bank, question),
            "",
        ]
    result.files[f"{bank.id}-student.md"] = "\n".join(student).rstrip().encode("utf-8") + b"\n"
    result.files[f"{bank.id}-key.md"] = "\n".join(key).rstrip().encode("utf-8") + b"\n"
    return result


def letter(n: int) -> str:
    """A, B, ... Z, AA, AB, ... for the n-th option (0-based)."""
    letters = string.ascii_uppercase
    return letters[n] if n < 26 else letter(n // 26 - 1) + letters[n % 26]


def shown_choices(question: SingleQuestion | MultipleQuestion) -> list[Choice]:
    """The choices in the printed order: shuffled (fixed) when the question shuffles."""
    if not question.shuffle:
        return list(question.choices)
    order = fixed_shuffle([c.text for c in question.choices], question.id)
    return [question.choice(text) for text in order]  # type: ignore[misc]


def match_options(question: MatchQuestion) -> list[str]:
    """The distinct right sides, alphabetical, so their order does not follow the items."""
    return sorted(question.right_options, key=str.casefold)


def _sheet(question: AnyQuestion) -> list[str]:
    if isinstance(question, SingleQuestion | MultipleQuestion):
        single = isinstance(question, SingleQuestion)
        box = "( )" if single else "\\[ \\]"
        head = "Choose one." if single else "Tick every right answer."
        return [
            head,
            "",
            *(f"- {box} **{letter(i)}.** {c.text}" for i, c in enumerate(shown_choices(question))),
        ]
    if isinstance(question, TrueFalseQuestion):
        return ["Circle one: **True** / **False**"]
    if isinstance(question, NumericQuestion):
        unit = f" {question.unit}" if question.unit else ""
        return [f"Answer: {LINE}{unit}"]
    if isinstance(question, TextQuestion):
        return [f"Answer: {LINE}"]
    if isinstance(question, OrderQuestion):
        shown = fixed_shuffle(list(question.items), question.id)
        return ["Number the items in order (1 = first).", "", *(f"- \\_\\_\\_ {i}" for i in shown)]
    if isinstance(question, MatchQuestion):
        options = match_options(question)
        return [
            "Write the letter of the matching option beside each item.",
            "",
            *(f"- \\_\\_\\_ {p.left}" for p in question.pairs),
            "",
            "Options: " + "; ".join(f"**{letter(i)}.** {o}" for i, o in enumerate(options)),
        ]
    if isinstance(question, WrittenQuestion):
        return _written_sheet(question)
    raise TypeError(f"no sheet for {type(question).__name__}")  # pragma: no cover


def _written_sheet(question: WrittenQuestion) -> list[str]:
    """Room to write: lines to fill, and the word count asked for (no rubric, no model)."""
    ask = f"Write at least {question.min_words} words." if question.min_words else "Write here."
    return [ask, "", *([LINE * 3 + "  "] * 8)]


def _key(bank: Bank, question: AnyQuestion) -> list[str]:
    lines = [f"**Answer:** {_answer(question)}", ""]
    if isinstance(question, SingleQuestion | MultipleQuestion):
        for i, choice in enumerate(shown_choices(question)):
            mark = "✓ right" if choice.correct else "✗ wrong"
            note = f": {choice.feedback}" if choice.feedback else ""
            lines.append(f"- **{letter(i)}.** {choice.text} ({mark}){note}")
        lines.append("")
    if isinstance(question, MatchQuestion) and any(p.feedback for p in question.pairs):
        lines += [f"- {p.left} → {p.right}: {p.feedback}" for p in question.pairs if p.feedback]
        lines.append("")
    feedback = getattr(question, "feedback", None)
    if feedback:
        lines += [f"**Feedback on a wrong answer:** {feedback}", ""]
    for n, hint in enumerate(question.hint, start=1):
        lines += [f"**Hint {n}:** {hint}", ""]
    if question.explanation:
        lines += [f"**Explanation:** {question.explanation}", ""]
    objective = bank.objective(question.objective)
    lines += [
        f"*Objective* `{objective.id}`: {objective.text}  ",
        f"*Source*: {source_label(question.source)}",
    ]
    return lines


def _answer(question: AnyQuestion) -> str:
    if isinstance(question, SingleQuestion | MultipleQuestion):
        shown = shown_choices(question)
        return ", ".join(f"**{letter(i)}** ({c.text})" for i, c in enumerate(shown) if c.correct)
    if isinstance(question, TrueFalseQuestion):
        return "True" if question.answer else "False"
    if isinstance(question, NumericQuestion):
        unit = f" {question.unit}" if question.unit else ""
        spread = f" ± {number(question.tolerance)}" if question.tolerance else ""
        return f"{number(question.answer)}{spread}{unit}"
    if isinstance(question, TextQuestion):
        return " or ".join(f"“{a}”" for a in question.accept) + " (case and punctuation ignored)"
    if isinstance(question, OrderQuestion):
        return " → ".join(f"{n}. {item}" for n, item in enumerate(question.items, start=1))
    if isinstance(question, MatchQuestion):
        options = match_options(question)
        return "; ".join(
            f"{p.left} → **{letter(options.index(p.right))}** ({p.right})" for p in question.pairs
        )
    if isinstance(question, WrittenQuestion):  # not graded: the key gives what to look for
        reveal = reveal_markdown(question, explanation=False)
        return f"not graded automatically; mark it with the rubric.\n\n{reveal}"
    raise TypeError(f"no key for {type(question).__name__}")  # pragma: no cover
