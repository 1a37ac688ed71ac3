"""Each student gets their own shuffle of a shipped bank, and the key's place is spread.

Why: lessons used to call ``show(bank, seed=1)``, so the whole class saw one order; in it the
single-choice key stood in one place more often than chance, a cue a student can learn from a
classmate and that the cue check (which treats shuffled questions as chance) cannot see. The
lessons now call ``show(bank)`` and the order comes from (student, bank id). These tests drive
that call as a lesson does (the student named by ``LESSONQUIZ_STUDENT``), on the real banks.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from lessonquiz import Quiz, load_banks, show
from lessonquiz.bank.model import Bank, SingleQuestion
from tests.conftest import ROOT

BANKS: list[Bank] = load_banks(ROOT / "quizzes")
STUDENTS = [f"student-{i:02d}" for i in range(40)]


def _orders(quiz: Quiz) -> list[tuple[str, list[str]]]:
    """Every question's id with its choices (or items, or options) as this student sees them."""
    return [
        (view.question.id, [*view.public.choices, *view.public.items, *view.public.options])
        for view in quiz.views
    ]


def _key_places(quiz: Quiz) -> dict[str, int]:
    """Single-choice question id -> where its key stands on this student's screen (0 = top)."""
    places = {}
    for view in quiz.views:
        if isinstance(view.question, SingleQuestion):
            key = next(c.text for c in view.question.choices if c.correct)
            places[view.question.id] = view.choices.index(key)
    return places


@pytest.fixture
def lesson_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from lessons/ as a kernel does, with a throwaway store and no hub in the way."""
    monkeypatch.chdir(ROOT / "lessons")
    monkeypatch.setenv("LESSONQUIZ_DB", str(tmp_path / "progress.sqlite"))
    monkeypatch.delenv("LESSONQUIZ_URL", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    return tmp_path


def _as(student: str, bank_id: str, monkeypatch: pytest.MonkeyPatch) -> Quiz:
    monkeypatch.setenv("LESSONQUIZ_STUDENT", student)
    quiz = show(bank_id)  # exactly the lesson's Quiz cell
    assert isinstance(quiz, Quiz), quiz
    return quiz


@pytest.mark.parametrize("bank", BANKS, ids=lambda b: b.id)
def test_two_students_differ_and_one_student_is_stable(bank, lesson_dir, monkeypatch) -> None:
    ana, bo = _as("ana", bank.id, monkeypatch), _as("bo", bank.id, monkeypatch)
    assert _orders(ana) != _orders(bo), f"{bank.id}: ana and bo see the same order"
    assert _orders(_as("ana", bank.id, monkeypatch)) == _orders(ana), "ana's order moved"


def test_a_restored_answer_stays_where_the_student_left_it(lesson_dir, monkeypatch) -> None:
    quiz = _as("ana", "economics", monkeypatch)
    view = next(v for v in quiz.views if isinstance(v.question, SingleQuestion))
    picked = view.choices[-1]
    view.response = picked
    view.check()
    again = _as("ana", "economics", monkeypatch).view(view.question.id)
    assert again.choices == view.choices
    assert again.response == picked


def test_the_keys_place_is_spread_over_the_class(lesson_dir) -> None:
    """Over 40 students, every single-choice key moves about: no item keeps its key in one
    place for most of the class, and over all items each place holds about its share."""
    per_item: dict[str, Counter[int]] = {}
    overall: Counter[tuple[int, int]] = Counter()  # (choices, place of the key)
    widths: set[int] = set()
    for student in STUDENTS:
        for bank in BANKS:
            quiz = Quiz(bank, student=student)  # show() minus loading the bank 240 times
            width = {v.question.id: len(v.choices) for v in quiz.views}
            for qid, place in _key_places(quiz).items():
                per_item.setdefault(f"{bank.id}/{qid}", Counter())[place] += 1
                overall[(width[qid], place)] += 1
                widths.add(width[qid])
    assert len(per_item) >= 19, "the shipped banks hold at least 19 single-choice items"
    stuck = {
        item: dict(places)
        for item, places in per_item.items()
        if len(places) < 3 or max(places.values()) > len(STUDENTS) // 2
    }
    assert not stuck, f"keys that stay put across students: {stuck}"
    # over all items of the commonest number of choices (4 in the shipped banks; an
    # instructor may add a 3-choice item), each place holds about its share
    common = max(widths, key=lambda w: sum(n for (k, _), n in overall.items() if k == w))
    total = sum(n for (k, _), n in overall.items() if k == common)
    shares = [overall[(common, p)] / total for p in range(common)]
    assert all(abs(share - 1 / common) < 0.05 for share in shares), (common, shares)


def test_a_fixed_seed_still_gives_everyone_one_order(lesson_dir, monkeypatch) -> None:
    """The other side of the test above: what ``seed=`` is kept for (tests, scripts)."""
    bank = BANKS[0]
    orders = {str(_orders(Quiz(bank, student=s, seed=1))) for s in STUDENTS[:5]}
    assert len(orders) == 1
