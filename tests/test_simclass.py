"""The simulated class answers through the quiz (issue #13, item 7), so the report tests check
the report against what the Python face really saved; and the benchmark's fast path gives the
same attempts.

Each test here fails if ``tests/simclass.py`` built its attempts by hand: the Checks and saves
are counted on the quiz's own methods, the quiz's refusals are counted from what it showed, and
the saved encoding is the one ``identity.record`` gives.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from lessonquiz.bank import identity
from lessonquiz.bank.model import SingleQuestion
from lessonquiz.report import build_report
from lessonquiz.store import Attempt
from lessonquiz.widgets.question import ALREADY, KEEP_ORDER, QuestionView
from lessonquiz.widgets.quiz import Quiz
from tests.simclass import (
    DAYS,
    START,
    SimulatedClass,
    record,
    run_class,
    shipped_banks,
    simulate,
    simulate_fast,
    simulated_class,
)

BANKS = shipped_banks()
SMALL = 8


@pytest.fixture(scope="module")
def watched(tmp_path_factory: pytest.TempPathFactory) -> tuple[SimulatedClass, Any, Any]:
    """A small class run with the quiz's Check and its attempt hook counted."""
    db = tmp_path_factory.mktemp("sim") / "class.sqlite"
    with (
        mock.patch.object(
            QuestionView, "check", autospec=True, side_effect=QuestionView.check
        ) as checks,
        mock.patch.object(
            Quiz, "_attempted", autospec=True, side_effect=Quiz._attempted
        ) as attempted,
    ):
        done = run_class(BANKS, db, students=SMALL)
    return done, checks, attempted


def test_every_check_is_pressed_on_the_quiz_and_every_attempt_is_its_save(
    watched: tuple[SimulatedClass, Any, Any],
) -> None:
    done, checks, attempted = watched
    assert checks.call_count == done.presses > len(done.attempts) > 500
    assert attempted.call_count == len(done.attempts)  # one saved attempt per counted Check
    assert done.refused[ALREADY] > 0, "some students check the same wrong answer again"
    assert done.refused[KEEP_ORDER] > 0, "some press Check on an order they did not touch"
    assert set(done.refused) == {ALREADY, KEEP_ORDER}
    assert done.presses == len(done.attempts) + sum(done.refused.values())


def test_the_store_holds_what_the_quiz_saves(watched: tuple[SimulatedClass, Any, Any]) -> None:
    done, _, _ = watched
    end = START + timedelta(days=DAYS)
    previous: dict[tuple[str, str, str], Any] = {}
    for a in done.attempts:
        question = BANKS[a.bank_id].question(a.question_id)
        shown = identity.from_stored(question, a.response)
        assert (a.question_hash, a.response) == identity.record(question, shown)
        assert a.question_hash == identity.answer_key(question) != question.content_hash
        assert a.hints_used == 0  # the quiz records hint use; a hand-made Attempt has None
        assert START.isoformat() <= a.created_at < end.isoformat()  # the simulated clock
        key = (a.student, a.bank_id, a.question_id)
        assert previous.get(key) != a.response, "the same answer twice in a row counts once"
        previous[key] = a.response
    assert [a.created_at for a in done.attempts] == sorted(a.created_at for a in done.attempts)


def test_the_score_each_quiz_showed_is_the_reports(
    watched: tuple[SimulatedClass, Any, Any], tmp_path: Path
) -> None:
    done, _, _ = watched
    report = build_report(record(tmp_path / "p.sqlite", done.attempts), banks=BANKS)
    shown = {key: points for key, (points, _) in done.scores.items()}
    got = {(s.student, s.bank): s.points for s in report.students}
    assert got == pytest.approx(shown, abs=0.0051)  # the quiz shows points to 2 decimals
    assert {(s.student, s.bank): s.out_of for s in report.students} == {
        key: out_of for key, (_, out_of) in done.scores.items()
    }


def test_the_benchmarks_fast_path_gives_the_attempts_the_quiz_saves(
    watched: tuple[SimulatedClass, Any, Any],
) -> None:
    done, _, _ = watched
    fast: list[Attempt] = simulate_fast(BANKS, students=SMALL)
    assert fast == done.attempts


def test_the_class_of_30_still_has_what_a_report_looks_for() -> None:
    attempts = simulate(BANKS)
    done = simulated_class(BANKS)
    assert done.refused[ALREADY] and done.refused[KEEP_ORDER]
    assert len({a.student for a in attempts}) == 30
    assert len({a.created_at[:10] for a in attempts}) == DAYS
    sittings = {(a.student, a.bank_id) for a in attempts}
    assert len(sittings) < 30 * len(BANKS), "some students skip a lesson"
    wrong = [a for a in attempts if not a.correct]
    assert 0.2 < len(wrong) / len(attempts) < 0.6
    tries = Counter((a.student, a.bank_id, a.question_id) for a in attempts)
    assert sum(n > 1 for n in tries.values()) > 100, "wrong students try again"
    # the misconception (a single question's first wrong choice) is its most chosen wrong one
    chosen: dict[str, Counter[str]] = defaultdict(Counter)
    for a in wrong:
        question = BANKS[a.bank_id].question(a.question_id)
        if isinstance(question, SingleQuestion):
            chosen[f"{a.bank_id}/{a.question_id}"][a.response] += 1
    misled = 0
    for name, counter in chosen.items():
        bank_id, question_id = name.split("/")
        question = BANKS[bank_id].question(question_id)
        first_wrong = next(c.text for c in question.choices if not c.correct)
        misled += counter.most_common(1)[0][0] == first_wrong
    assert misled > 0.8 * len(chosen)
