"""Advice on banks that load but teach less well than they could (warnings, not errors).

Each rule here comes from item-writing practice: feedback on every distractor, an explanation
on every question, every objective assessed, no "all of the above", and no give-away pattern
in where or how long the key is (cues.py plays the test-wise strategies on the order students
see; the written-position rule here stays for exports such as GIFT, where the LMS decides
whether to shuffle and may show the written order). ``lessonquiz validate --strict`` turns
these into errors.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from lessonquiz.bank import cues
from lessonquiz.bank.errors import Problem, Severity
from lessonquiz.bank.giveaways import giveaways
from lessonquiz.bank.loader import CheckedBank
from lessonquiz.bank.model import (
    AnyQuestion,
    Bank,
    MatchQuestion,
    MultipleQuestion,
    OrderQuestion,
    SingleQuestion,
    WrittenQuestion,
)

_ABOVE = re.compile(r"\b(all|none|both|neither)\s+of\s+the\s+(above|previous)\b", re.IGNORECASE)
MIN_PATTERN_QUESTIONS = 4
"""Questions with choices a bank needs before key position/length patterns are judged."""

Warn = Callable[[tuple[object, ...], str], None]


def lint(checked: CheckedBank) -> list[Problem]:
    """All warnings for a bank that loaded (an empty list for one that did not)."""
    bank, document = checked.bank, checked.document
    if bank is None or document is None:
        return []
    pending: list[tuple[tuple[object, ...], str]] = []
    ids = {i: q.id for i, q in enumerate(bank.questions)}

    def warn(loc: tuple[object, ...], message: str) -> None:
        pending.append((loc, message))

    for index, question in enumerate(bank.questions):
        _question_rules(("questions", index), question, warn)
    _bank_rules(bank, warn)
    places = document.locate_all([(loc, False) for loc, _ in pending])  # type: ignore[misc]
    found: list[Problem] = []
    for (loc, message), (line, col) in zip(pending, places, strict=True):
        qid = ids.get(loc[1]) if len(loc) > 1 and loc[0] == "questions" else None  # type: ignore[arg-type]
        found.append(Problem(str(checked.path), line, col, message, qid, Severity.WARNING))
    return found


def _question_rules(at: tuple[object, ...], question: AnyQuestion, warn: Warn) -> None:
    if isinstance(question, WrittenQuestion):  # no key: the model answer is its explanation
        _written_rules(at, question, warn)
        return
    if question.explanation is None:
        warn(at, "no explanation: students see why an answer is right only through one")
    for where, message in giveaways(question):
        warn((*at, *where), message)
    if isinstance(question, SingleQuestion | MultipleQuestion):
        for i, choice in enumerate(question.choices):
            if not choice.correct and choice.feedback is None:
                warn((*at, "choices", i), f"wrong choice '{choice.text}' has no feedback")
            if _ABOVE.search(choice.text):
                warn(
                    (*at, "choices", i),
                    f"'{choice.text}': avoid 'all/none of the above'; "
                    "it tests reading the options, not the idea",
                )
    elif isinstance(question, MatchQuestion):
        for i, pair in enumerate(question.pairs):
            if pair.feedback is None:
                warn((*at, "pairs", i), f"pair '{pair.left}' has no feedback for a wrong match")
    elif question.feedback is None:
        warn(at, f"no feedback: a {question.type} question should say what a wrong answer missed")
    if isinstance(question, OrderQuestion) and len(question.items) == 2:
        warn(
            (*at, "items"),
            "only 2 items: a shuffled start never shows the right order, so it always shows "
            "the reverse and gives the answer away; use 3 or more",
        )


def _written_rules(at: tuple[object, ...], question: WrittenQuestion, warn: Warn) -> None:
    words = len(question.model_answer.split())
    if question.min_words and words < question.min_words:
        warn(
            (*at, "model_answer"),
            f"the model answer has {words} words, fewer than the {question.min_words} "
            "min_words asks of students",
        )


def _bank_rules(bank: Bank, warn: Warn) -> None:
    assessed = {q.objective for q in bank.questions}
    for i, objective in enumerate(bank.objectives):
        if objective.id not in assessed:
            warn(("objectives", i), f"objective '{objective.id}' is not assessed by any question")
    labelled = [(q.id, q) for q in bank.questions]
    for cue in cues.cues(labelled):
        warn(("questions",), cue.describe())
    keyed = list(_single_keys(bank))
    if len(keyed) < MIN_PATTERN_QUESTIONS:
        return
    if len(keyed) < cues.MIN_QUESTIONS and all(longest for _, _, longest in keyed):
        # From MIN_QUESTIONS questions on, the cue check's "pick the longest option" says it.
        warn(
            ("questions",),
            f"in all {len(keyed)} single-answer questions the correct choice "
            "is the longest; students learn to pick the longest",
        )
    positions = Counter(position for _, position, _ in keyed)
    position, count = positions.most_common(1)[0]
    if count > len(keyed) / 2:
        warn(
            ("questions",),
            f"the correct choice is written at position {position + 1} in "
            f"{count} of {len(keyed)} single-answer questions; vary it",
        )


def _single_keys(bank: Bank) -> Iterator[tuple[int, int, bool]]:
    """(question index, key position, key strictly longest) for each single question."""
    for index, question in enumerate(bank.questions):
        if isinstance(question, SingleQuestion):
            position = next(i for i, c in enumerate(question.choices) if c.correct)
            key_length = len(question.choices[position].text)
            longest = all(
                key_length > len(c.text) for i, c in enumerate(question.choices) if i != position
            )
            yield index, position, longest


def lint_course(checked: list[CheckedBank]) -> list[Problem]:
    """Cue warnings over every question of the banks that loaded, taken as one course.

    A habit spread thin (one true/false item per bank, each false) only shows across the
    course. The warning is located at the banks' common folder, line 0 (no one line is at
    fault), and names each question as ``bank-id/question-id``. Fewer than two banks: none.
    """
    banks = [(item.path, item.bank) for item in checked if item.bank is not None]
    if len(banks) < 2:
        return []
    labelled = [(f"{bank.id}/{q.id}", q) for _, bank in banks for q in bank.questions]
    folder = _common_folder([path for path, _ in banks])
    return [
        Problem(
            folder, 0, 0, f"course ({len(banks)} banks): {cue.describe()}", None, Severity.WARNING
        )
        for cue in cues.cues(labelled)
    ]


def _common_folder(paths: list[Path]) -> str:
    try:
        return os.path.commonpath([str(path.parent) for path in paths]) or "."
    except ValueError:  # absolute and relative paths mixed, or on different drives
        return "."
