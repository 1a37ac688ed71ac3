"""A bank laid out for paper, one *version* at a time: what the printed sheet and key show.

Shared by the Markdown export and the printable HTML/PDF, so both number, letter and word a
question the same way and their keys agree. A version is a label (``A``, ``B``, ...): ``A``
keeps the bank's question order; every other label shuffles the questions and every option
list with a seed made of the bank id, the label and the question id, so two versions differ
and the same label always prints the same sheet and key. Options are never printed in the
written (key-first) order.

Screen wording in prompts becomes paper wording ("Type the word" → "Write the word"; "Tick all
that apply." is dropped because the sheet says "Tick every right answer.").
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field

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
from lessonquiz.export import fixed_shuffle
from lessonquiz.export.gift import number

DEFAULT_VERSION = "A"
INSTRUCTIONS = {
    "single": "Tick one answer.",
    "multiple": "Tick every right answer.",
    "true_false": "Circle True or False.",
    "numeric": "Write the number.",
    "text": "Write your answer.",
    "order": "Number the items in order (1 = first).",
    "match": "Write the letter of the matching option beside each item.",
    "written": "Write your answer on the lines.",
}
WRITTEN_KEY = "written: see rubric"
"""The grid's entry for a written question: it is marked against its rubric, not at a glance."""
WRITTEN_LINES = 3
"""Ruled lines a written question gets on the sheet when it sets no ``min_words``."""
WORDS_PER_LINE = 12
"""Handwritten words that fit on one ruled line, to turn ``min_words`` into lines."""
MAX_WRITTEN_LINES = 6
"""At most this many lines, so a 13-question bank still prints on two pages (issue 13); a
longer answer goes on overleaf, and the sheet says so (``needs_overleaf``)."""

_SCREEN = [
    (re.compile(r"\s*\bTick all that apply\.?", re.I), ""),
    (re.compile(r"\s*\b(Choose|Select|Pick) one\.?$", re.I), ""),
    (re.compile(r"\bType\b"), "Write"),
    (re.compile(r"\btype\b(?= (the|a|an|your|in)\b)"), "write"),
    (re.compile(r"\b(Click|Select) (the|an?) "), r"Tick \2 "),
]


def on_paper(prompt: str) -> str:
    """``prompt`` in paper wording (see the module docstring)."""
    for pattern, replacement in _SCREEN:
        prompt = pattern.sub(replacement, prompt)
    return prompt.strip()


def letter(n: int) -> str:
    """A, B, ... Z, AA, AB, ... for the n-th option (0-based)."""
    letters = string.ascii_uppercase
    return letters[n] if n < 26 else letter(n // 26 - 1) + letters[n % 26]


@dataclass
class Printed:
    """One question as printed: its number, paper prompt and options in printed order."""

    number: int
    question: AnyQuestion
    prompt: str
    instruction: str
    choices: list[tuple[str, str, bool, str | None]] = field(default_factory=list)
    """(letter, text, right, feedback) for single and multiple."""
    items: list[str] = field(default_factory=list)
    """Order items in printed order, or match items (left sides) in printed order."""
    options: list[str] = field(default_factory=list)
    """Match options (right sides), lettered in this order."""
    points: float = 1.0

    @property
    def short_key(self) -> str:
        """The answer as a marker checks it at a glance (the answer-key grid)."""
        q = self.question
        if isinstance(q, SingleQuestion | MultipleQuestion):
            return ", ".join(lt for lt, _, right, _ in self.choices if right)
        if isinstance(q, TrueFalseQuestion):
            return "True" if q.answer else "False"
        if isinstance(q, NumericQuestion):
            spread = f" ± {number(q.tolerance)}" if q.tolerance else ""
            return f"{number(q.answer)}{spread}" + (f" {q.unit}" if q.unit else "")
        if isinstance(q, TextQuestion):
            return " / ".join(q.accept)
        if isinstance(q, WrittenQuestion):
            return WRITTEN_KEY
        if isinstance(q, OrderQuestion):  # the number each printed item gets
            return " ".join(str(q.items.index(item) + 1) for item in self.items)
        assert isinstance(q, MatchQuestion)
        right = {p.left: p.right for p in q.pairs}
        return " ".join(letter(self.options.index(right[left])) for left in self.items)


def writing_lines(question: WrittenQuestion) -> int:
    """How many ruled lines the sheet gives a written answer: a few, more for a longer
    ``min_words`` (a line per ``WORDS_PER_LINE`` words; a long answer may go on the back),
    never more than a page holds."""
    if not question.min_words:
        return WRITTEN_LINES
    wanted = -(-question.min_words // WORDS_PER_LINE)  # rounded up
    return max(WRITTEN_LINES, min(MAX_WRITTEN_LINES, wanted))


def needs_overleaf(question: WrittenQuestion) -> bool:
    """Whether ``min_words`` asks for more than the ruled lines hold (the sheet then says to
    go on overleaf)."""
    return bool(question.min_words) and question.min_words > MAX_WRITTEN_LINES * WORDS_PER_LINE


def _shuffled(items: list[str], seed: str) -> list[str]:
    return fixed_shuffle(items, seed)


def printed(bank: Bank, version: str = DEFAULT_VERSION) -> list[Printed]:
    """The bank's questions as version ``version`` prints them, numbered from 1."""
    questions = list(bank.questions)
    if version != DEFAULT_VERSION:
        random.Random(f"{bank.id}:{version}").shuffle(questions)
    out = []
    for n, q in enumerate(questions, start=1):
        seed = q.id if version == DEFAULT_VERSION else f"{bank.id}:{version}:{q.id}"
        entry = Printed(
            n,
            q,
            on_paper(q.prompt),
            INSTRUCTIONS[q.type],
            points=float(getattr(q, "points", 1) or 1),
        )
        if isinstance(q, SingleQuestion | MultipleQuestion):
            texts = [c.text for c in q.choices]
            shown = _shuffled(texts, seed) if (q.shuffle or version != DEFAULT_VERSION) else texts
            for i, text in enumerate(shown):
                choice = q.choice(text)
                assert choice is not None
                entry.choices.append((letter(i), text, choice.correct, choice.feedback))
        elif isinstance(q, OrderQuestion):
            entry.items = _shuffled(list(q.items), seed)
        elif isinstance(q, MatchQuestion):
            lefts = [p.left for p in q.pairs]
            entry.items = lefts if version == DEFAULT_VERSION else _shuffled(lefts, seed)
            entry.options = sorted(q.right_options, key=str.casefold)
            if version != DEFAULT_VERSION:
                entry.options = _shuffled(entry.options, seed + ":options")
        out.append(entry)
    return out


def total_points(questions: list[Printed]) -> float:
    return sum(q.points for q in questions)
