"""A simulated class: seeded students answering the shipped banks through the quiz itself.

Used by the report tests (every figure against a pure-Python reference) and the report
benchmark. Each student has an ability; each question a difficulty and one *misconception*
(its first wrong option, or a typical slip), which a student who gets it wrong picks more often
than the other wrong answers, so the option counts and the misleading option have something
real to find. A wrong student often tries again (up to ``TRIES`` times), more likely right
each time. Some students skip some banks; attempts are spread over ``DAYS`` days; now and
then a student presses Check on an order question before moving anything.

The students answer through the Python face (issue #13, item 7): one ``Quiz`` per (student,
bank) on one store, ``view(id).response = ...`` then ``view(id).check()``, as a test or a
notebook would. So the class is whatever the quiz really saved, read back from the store: the
answer encoding and fingerprint of ``identity.record``, the hints count, and the quiz's
refusals (the same answer checked twice in a row counts once; an untouched order is no
answer). The attempt times come from the simulated ``Clock``, put in place of the
``utc_now`` that ``lessonquiz.widgets.quiz`` stamps attempts with (``unittest.mock.patch``,
for the run only; the quiz itself is unchanged).

Going through the widget costs about 1 ms a Check (its state sync and one SQLite transaction
per attempt): 2.5 s here for the class of 30 (2,710 Checks), so ``simulate`` keeps each class
it made for the rest of the process. The benchmark's class of 100,000 attempts would take minutes:
``simulate_fast`` is its documented fast path, the same decisions graded directly with the
quiz's two refusals applied by hand; ``tests/test_simclass.py`` checks that it gives exactly
the attempts the quiz saves.
"""

from __future__ import annotations

import random
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest import mock

from lessonquiz.bank import identity
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
from lessonquiz.grading import Result, grade
from lessonquiz.store import Attempt, ProgressStore
from lessonquiz.widgets import quiz as quiz_module
from lessonquiz.widgets.question import KEEP_ORDER

QUIZZES = Path(__file__).resolve().parents[1] / "quizzes"
TRIES = 3
DAYS = 5
START = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
UNTOUCHED_SHARE = 0.2
"""How often a student presses Check on an order question before moving an item."""

UNTOUCHED = object()
"""The "response" of a Check pressed on an order question left as it was drawn."""

Check = Callable[[AnyQuestion, Any], Result]
"""One press of Check on a question with a response (or ``UNTOUCHED``): the verdict shown."""
Sitting = Callable[[str, Bank], AbstractContextManager[Check]]
"""One student working through one bank: yields the ``Check`` they press."""


def shipped_banks() -> dict[str, Bank]:
    """The shipped banks by id."""
    banks = [load_bank(path) for path in sorted(QUIZZES.glob("*.yaml"))]
    return {bank.id: bank for bank in banks}


@dataclass
class Clock:
    """The simulated time; called, it is the ``created_at`` text ``store.utc_now`` gives."""

    now: datetime = START

    def __call__(self) -> str:
        return self.now.isoformat(timespec="microseconds")


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


def _decide(banks: dict[str, Bank], students: int, seed: int, clock: Clock, sit: Sitting) -> None:
    """The seeded class: who answers what, when, and when they give up. The decisions read
    only the verdict each Check shows, so any ``sit`` that shows the quiz's verdicts gives the
    same class."""
    rng = random.Random(seed)
    fidget = random.Random(f"{seed}-untouched")  # its own stream: the answers stay as before
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
    for s in range(students):
        name = f"student-{s + 1:02d}"
        ability = rng.uniform(0.25, 0.95)
        for day, bank in enumerate(banks.values()):
            if rng.random() < 0.08:  # this student skipped this lesson
                continue
            clock.now = START + timedelta(days=day % DAYS, minutes=rng.randrange(600))
            with sit(name, bank) as check:
                for question in graded[bank.id]:
                    if isinstance(question, OrderQuestion) and fidget.random() < UNTOUCHED_SHARE:
                        clock.now += timedelta(seconds=5)
                        check(question, UNTOUCHED)  # "Move an item first ...": no attempt
                    chance = min(0.97, max(0.03, ability - difficulty[(bank.id, question.id)]))
                    for attempt in range(TRIES):
                        right = rng.random() < chance + 0.2 * attempt
                        usual = rng.random() < 0.7
                        response = _right(question) if right else _wrong(question, rng, usual)
                        clock.now += timedelta(seconds=rng.randrange(20, 90))
                        if check(question, response).correct or rng.random() < 0.35:
                            break  # right, or gives up


@dataclass
class SimulatedClass:
    """What the class did through the quiz: the attempts saved (read back from the store,
    oldest first), every press of Check, the presses the quiz did not count (by the first
    line of what it showed), and the score each quiz showed at the end (``quiz.score``)."""

    attempts: list[Attempt] = field(default_factory=list)
    presses: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    scores: dict[tuple[str, str], tuple[float, int]] = field(default_factory=dict)


def run_class(
    banks: dict[str, Bank], db: Path, students: int = 30, seed: int = 13
) -> SimulatedClass:
    """The class answering through one ``Quiz`` per (student, bank), saved in the store ``db``."""
    done = SimulatedClass()
    clock = Clock()

    @contextmanager
    def sit(student: str, bank: Bank) -> Iterator[Check]:
        quiz = quiz_module.Quiz(bank, student=student, db=db)

        def check(question: AnyQuestion, response: Any) -> Result:
            view = quiz.view(question.id)
            if response is not UNTOUCHED:
                view.response = response  # as a student sets it (an order: moved)
            before = view.attempts
            result = view.check()
            done.presses += 1
            if view.attempts == before:
                done.refused[view.feedback.split("\n", 1)[0]] += 1
            if quiz.warning:  # a save that failed would lose attempts without a word
                raise RuntimeError(quiz.warning)
            return result

        try:
            yield check
            done.scores[(student, bank.id)] = quiz.score
        finally:
            if quiz.store is not None:
                quiz.store.close()
            quiz.close()

    with mock.patch.object(quiz_module, "utc_now", clock):
        _decide(banks, students, seed, clock, sit)
    with ProgressStore(db) as store:
        done.attempts = store.attempts()
        assert not store.unreadable
    return done


_CLASSES: dict[tuple[object, ...], SimulatedClass] = {}


def simulated_class(banks: dict[str, Bank], students: int = 30, seed: int = 13) -> SimulatedClass:
    """``run_class`` in a throwaway store, made once per process for the same banks and seed
    (several report test modules share the class of 30)."""
    key = (
        tuple((b.id, tuple(q.content_hash for q in b.questions)) for b in banks.values()),
        students,
        seed,
    )
    if key not in _CLASSES:
        with tempfile.TemporaryDirectory() as folder:
            _CLASSES[key] = run_class(banks, Path(folder) / "class.sqlite", students, seed)
    return _CLASSES[key]


def simulate(banks: dict[str, Bank], students: int = 30, seed: int = 13) -> list[Attempt]:
    """Every attempt of the simulated class as the quiz saved it, oldest first (a new list)."""
    return list(simulated_class(banks, students, seed).attempts)


def simulate_fast(banks: dict[str, Bank], students: int = 30, seed: int = 13) -> list[Attempt]:
    """The benchmark's fast path (0.04 s against 2.5 s for the class of 30): the same
    decisions graded with ``grade`` and saved as ``identity.record`` gives, the quiz's refusals
    applied here (an untouched order, the answer last counted checked again). Only for the
    benchmark's big class; tests use ``simulate``; ``tests/test_simclass.py`` checks the two
    agree."""
    attempts: list[Attempt] = []
    clock = Clock()

    @contextmanager
    def sit(student: str, bank: Bank) -> Iterator[Check]:
        last: dict[str, tuple[Any, Result]] = {}  # question id -> last counted answer

        def check(question: AnyQuestion, response: Any) -> Result:
            if response is UNTOUCHED:
                return Result(score=0.0, correct=False, feedback=KEEP_ORDER, malformed=True)
            if question.id in last and last[question.id][0] == response:
                return last[question.id][1]
            result = grade(question, response)
            last[question.id] = (response, result)
            question_hash, stored = identity.record(question, response)
            attempts.append(
                Attempt(
                    student,
                    bank.id,
                    question.id,
                    question_hash,
                    stored,
                    result.score,
                    result.correct,
                    clock(),
                    hints_used=0,
                )
            )
            return result

        yield check

    _decide(banks, students, seed, clock, sit)
    attempts.sort(key=lambda a: a.created_at)  # stable: the store's ORDER BY created_at, id
    return attempts


def record(path: Path, attempts: Iterable[Attempt]) -> Path:
    """A store at ``path`` holding ``attempts`` (through the store's own insert and trigger)."""
    with ProgressStore(path) as store:
        store.record_many(list(attempts))
    return path
