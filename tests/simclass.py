"""A simulated class: seeded students answering the shipped banks, graded by ``grade``.

Used by the report tests (every figure against a pure-Python reference) and the report
benchmark. Each student has an ability; each question a difficulty and one *misconception*
(its first wrong option, or a typical slip), which a student who gets it wrong picks more often
than the other wrong answers, so the option counts and the misleading option have something
real to find. A wrong student often tries again (up to ``TRIES`` times), more likely right
each time. Some students skip some banks; attempts are spread over ``DAYS`` days.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from lessonquiz.bank.loader import load_bank
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
from lessonquiz.grading import grade
from lessonquiz.store import Attempt, ProgressStore

QUIZZES = Path(__file__).resolve().parents[1] / "quizzes"
TRIES = 3
DAYS = 5
START = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def shipped_banks() -> dict[str, Bank]:
    """The shipped banks by id."""
    banks = [load_bank(path) for path in sorted(QUIZZES.glob("*.yaml"))]
    return {bank.id: bank for bank in banks}


def _right(question: AnyQuestion) -> Any:
    if isinstance(question, SingleQuestion):
        return question.correct_texts[0]
    if isinstance(question, MultipleQuestion):
        return sorted(question.correct_texts)
    if isinstance(question, TrueFalseQuestion):
        return question.answer
    if isinstance(question, NumericQuestion):
        return question.answer
    if isinstance(question, TextQuestion):
        return question.accept[0]
    if isinstance(question, OrderQuestion):
        return list(question.items)
    assert isinstance(question, MatchQuestion)
    return {pair.left: pair.right for pair in question.pairs}


def _wrong(question: AnyQuestion, rng: random.Random, usual: bool) -> Any:
    """A wrong response: the misconception when ``usual``, else another slip."""
    if isinstance(question, SingleQuestion):
        wrong = [c.text for c in question.choices if not c.correct]
        return wrong[0] if usual else rng.choice(wrong)
    if isinstance(question, MultipleQuestion):
        right = list(question.correct_texts)
        wrong = [c.text for c in question.choices if not c.correct]
        if usual:  # the tempting distractor ticked as well
            return sorted([*right, wrong[0]])
        return sorted(right[1:] or [rng.choice(wrong)])  # a right one left out
    if isinstance(question, TrueFalseQuestion):
        return not question.answer
    if isinstance(question, NumericQuestion):
        return question.answer * 10 + 1 if usual else question.answer + 1000
    if isinstance(question, TextQuestion):
        return "no idea" if usual else rng.choice(["not sure", "the other one"])
    if isinstance(question, OrderQuestion):
        items = list(question.items)
        i = 0 if usual else rng.randrange(len(items) - 1)
        items[i], items[i + 1] = items[i + 1], items[i]
        return items
    assert isinstance(question, MatchQuestion)
    answer = {pair.left: pair.right for pair in question.pairs}
    lefts = [pair.left for pair in question.pairs]
    a, b = (lefts[0], lefts[1]) if usual else rng.sample(lefts, 2)
    answer[a], answer[b] = answer[b], answer[a]
    return answer


def simulate(banks: dict[str, Bank], students: int = 30, seed: int = 13) -> list[Attempt]:
    """Every attempt of the simulated class, oldest first."""
    rng = random.Random(seed)
    graded = {
        bank.id: [q for q in bank.questions if not isinstance(q, WrittenQuestion)]
        for bank in banks.values()
    }
    # written questions are never graded (the report shows their answers, tested on their own):
    # the simulated class leaves them out, so the graded class is the same as before issue 15
    difficulty = {
        (bank.id, q.id): rng.uniform(-0.25, 0.25)
        for bank in banks.values()
        for q in graded[bank.id]
    }
    attempts: list[tuple[datetime, Attempt]] = []
    for s in range(students):
        name = f"student-{s + 1:02d}"
        ability = rng.uniform(0.25, 0.95)
        for day, bank in enumerate(banks.values()):
            if rng.random() < 0.08:  # this student skipped this lesson
                continue
            when = START + timedelta(days=day % DAYS, minutes=rng.randrange(600))
            for question in graded[bank.id]:
                chance = min(0.97, max(0.03, ability - difficulty[(bank.id, question.id)]))
                for attempt in range(TRIES):
                    right = rng.random() < chance + 0.2 * attempt
                    usual = rng.random() < 0.7
                    response = _right(question) if right else _wrong(question, rng, usual)
                    result = grade(question, response)
                    when += timedelta(seconds=rng.randrange(20, 90))
                    attempts.append(
                        (
                            when,
                            Attempt(
                                name,
                                bank.id,
                                question.id,
                                question.content_hash,
                                response,
                                result.score,
                                result.correct,
                                when.isoformat(timespec="microseconds"),
                            ),
                        )
                    )
                    if result.correct or rng.random() < 0.35:  # right, or gives up
                        break
    attempts.sort(key=lambda pair: pair[0])
    return [attempt for _, attempt in attempts]


def record(path: Path, attempts: Iterable[Attempt]) -> Path:
    """A store at ``path`` holding ``attempts`` (through the store's own insert and trigger)."""
    with ProgressStore(path) as store:
        store.record_many(list(attempts))
    return path
