"""The figures beyond the item statistics: options chosen, mastery, who needs help, scores.

All of them need the bank file (its options, keys and objectives) and come from the tally
alone, so they cost no extra read of the store:

- option counts: over every attempt at a question. The tally keeps every wrong response with
  its count; every other attempt was right, and a right attempt at a question with options
  is its key (one response scores full marks), so it counts as choosing the key.
- the misleading option: for ``multiple``, ``match`` and ``order`` the single error made in
  the most wrong attempts (a wrong tick or a right one left out; a row matched wrongly; an
  item in a wrong place), instead of the whole wrong answer.
- mastery of an objective: the share of the objective's questions a student got right on the
  first attempt (unattempted count 0), as facility and discrimination count. Not the best
  score: with feedback after each try, nearly everyone is right in the end, which says little
  about understanding. The class share is the share of the bank's students at or above the
  threshold; the help list names, for each student below it, the questions not right first
  time.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from lessonquiz.bank.model import (
    AnyQuestion,
    Bank,
    MatchQuestion,
    MultipleQuestion,
    OrderQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from lessonquiz.bank.written import is_graded
from lessonquiz.report.model import (
    DayCount,
    HelpNeeded,
    Mastery,
    ObjectiveShare,
    OptionCount,
    Report,
    ScoreBin,
    Tally,
)

BINS = 10
"""Score distribution bins: tenths of the bank's points."""


def add_figures(report: Report, data: Tally, banks: Mapping[str, Bank], threshold: float) -> None:
    """Fill ``report``'s option counts, mastery, help list, distribution and days."""
    report.threshold = threshold
    for stats_index, stats in enumerate(report.questions):
        bank = banks.get(stats.bank)
        question = _question(bank, stats.question)
        if question is None:
            continue
        key = (stats.bank, stats.question)
        cells = data.cells.get(key, {})
        wrong = _decoded(data.wrong.get(key, Counter()))
        right = sum(c.attempts for c in cells.values()) - sum(
            wrong_count for _, wrong_count in wrong
        )
        report.options.extend(option_counts(stats.bank, question, wrong, right))
        named = misleading(question, wrong)
        if named is not None:
            report.questions[stats_index] = replace(
                stats, most_chosen_wrong=named[0], most_chosen_wrong_count=named[1]
            )
    for bank_id in sorted({q.bank for q in report.questions}):
        bank = banks.get(bank_id)
        if bank is not None:
            report.titles[bank_id] = bank.title
            _add_mastery(report, data, bank, threshold)
    report.distribution = distribution(report)
    report.days = [DayCount(day, bank, n) for (bank, day), n in sorted(data.days.items())]


def _question(bank: Bank | None, question_id: str) -> AnyQuestion | None:
    if bank is None:
        return None
    return next((q for q in bank.questions if q.id == question_id), None)


def _decoded(counter: Counter[str]) -> list[tuple[Any, int]]:
    """Wrong responses decoded; a damaged one (not JSON) is left out of option counts."""
    out = []
    for text, count in counter.items():
        try:
            out.append((json.loads(text), count))
        except ValueError:
            continue
    return out


def key_response(question: AnyQuestion) -> Any:
    """The one response that scores full marks on a question with options (else None)."""
    if isinstance(question, SingleQuestion):
        return question.correct_texts[0]
    if isinstance(question, MultipleQuestion):
        return list(question.correct_texts)
    if isinstance(question, TrueFalseQuestion):
        return question.answer
    if isinstance(question, MatchQuestion):
        return {pair.left: pair.right for pair in question.pairs}
    if isinstance(question, OrderQuestion):
        return list(question.items)
    return None


def _slots(question: AnyQuestion) -> list[tuple[str, list[str], Any]]:
    """(slot, options, key) for each row of the question's option table."""
    if isinstance(question, SingleQuestion | MultipleQuestion):
        return [("", [c.text for c in question.choices], set(question.correct_texts))]
    if isinstance(question, TrueFalseQuestion):
        return [("", ["true", "false"], {"true" if question.answer else "false"})]
    if isinstance(question, MatchQuestion):
        options = list(question.right_options)
        return [(pair.left, options, {pair.right}) for pair in question.pairs]
    if isinstance(question, OrderQuestion):
        return [
            (f"place {i}", list(question.items), {item})
            for i, item in enumerate(question.items, start=1)
        ]
    return []


def _chosen(question: AnyQuestion, response: Any, slot_index: int, slot: str) -> set[str]:
    """The options a response chose in one slot (empty for a response of another shape)."""
    if isinstance(question, TrueFalseQuestion):
        return {"true" if response else "false"} if isinstance(response, bool) else set()
    if isinstance(question, SingleQuestion):
        return {response} if isinstance(response, str) else set()
    if isinstance(question, MultipleQuestion):
        return {str(r) for r in response} if isinstance(response, list) else set()
    if isinstance(question, MatchQuestion):
        return {str(response.get(slot))} if isinstance(response, dict) else set()
    if isinstance(response, list) and slot_index < len(response):
        return {str(response[slot_index])}
    return set()


def option_counts(
    bank_id: str, question: AnyQuestion, wrong: list[tuple[Any, int]], right: int
) -> list[OptionCount]:
    """How often each option was chosen (see the module docstring); [] without options."""
    responses = [*wrong, (key_response(question), right)]
    out = []
    for index, (slot, options, keys) in enumerate(_slots(question)):
        counts: Counter[str] = Counter()
        for response, times in responses:
            for option in _chosen(question, response, index, slot):
                counts[option] += times
        out.extend(
            OptionCount(bank_id, question.id, slot, option, counts[option], option in keys)
            for option in options
        )
    return out


def misleading(question: AnyQuestion, wrong: list[tuple[Any, int]]) -> tuple[str, int] | None:
    """The error made in most wrong attempts, in words, and in how many; None if not named."""
    errors: Counter[str] = Counter()
    for response, times in wrong:
        for error in _errors(question, response):
            errors[error] += times
    if not errors:
        return None
    return min(errors.items(), key=lambda item: (-item[1], item[0]))


def _errors(question: AnyQuestion, response: Any) -> set[str]:
    if isinstance(question, MultipleQuestion) and isinstance(response, list):
        keys, ticked = set(question.correct_texts), {str(r) for r in response}
        return {f"ticked: {t}" for t in ticked - keys} | {f"left out: {t}" for t in keys - ticked}
    if isinstance(question, MatchQuestion) and isinstance(response, dict):
        return {
            f"{pair.left} → {response.get(pair.left)}"
            for pair in question.pairs
            if response.get(pair.left) != pair.right
        }
    if isinstance(question, OrderQuestion) and isinstance(response, list):
        return {
            f"{item} in place {i}"
            for i, (item, want) in enumerate(zip(response, question.items, strict=False), 1)
            if item != want
        }
    return set()


def _add_mastery(report: Report, data: Tally, bank: Bank, threshold: float) -> None:
    """One pass over each objective's cells (a big class has many): counts, then rows."""
    cells = {q.id: data.cells.get((bank.id, q.id), {}) for q in bank.questions}
    students = sorted({s for by_student in cells.values() for s in by_student})
    for objective in bank.objectives:
        # a written answer is read by the instructor, never scored: it cannot show mastery
        ids = [q.id for q in bank.questions if q.objective == objective.id and is_graded(q)]
        if not ids:
            continue
        right: dict[str, list[str]] = {s: [] for s in students}
        for question_id in ids:
            for student, cell in cells[question_id].items():
                if cell.first_right:
                    right[student].append(question_id)
        n, mastered, total = len(ids), 0, 0.0
        for student in students:
            got = right[student]
            share = round(len(got) / n, 6)
            total += share
            report.mastery.append(Mastery(student, bank.id, objective.id, len(got), n, share))
            if share < threshold:
                behind = tuple(q for q in ids if q not in got)
                report.help.append(HelpNeeded(student, bank.id, objective.id, share, behind))
            else:
                mastered += 1
        count = len(students)
        report.objectives.append(
            ObjectiveShare(
                bank=bank.id,
                objective=objective.id,
                text=objective.text,
                questions=n,
                students=count,
                mean=round(total / count, 6) if count else 0.0,
                mastered=mastered,
                share=round(mastered / count, 6) if count else 0.0,
            )
        )


def distribution(report: Report) -> list[ScoreBin]:
    """Students per tenth of the score, per bank (a score of 1.0 falls in the last bin)."""
    by_bank: dict[str, Counter[int]] = {}
    for score in report.students:
        index = min(int(score.score * BINS + 1e-9), BINS - 1)
        by_bank.setdefault(score.bank, Counter())[index] += 1
    return [
        ScoreBin(bank, i / BINS, (i + 1) / BINS, counts[i])
        for bank, counts in sorted(by_bank.items())
        for i in range(BINS)
    ]


def banks_in(report: Report) -> Iterable[str]:
    """The report's bank ids, in order."""
    return sorted({q.bank for q in report.questions})
