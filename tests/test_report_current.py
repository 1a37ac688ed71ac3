"""The report counts each known bank's attempts as the bank is now (issue #12), on a simulated
class: decided once per distinct saved answer, and the store's summaries kept when every
answer counts where it was saved. Both paths are checked against a reference that applies
``counts_for`` to the raw attempts one by one."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from pathlib import Path

import pytest

from lessonquiz.bank.identity import counts_for, history_ids
from lessonquiz.bank.loader import load_bank
from lessonquiz.bank.model import Bank
from lessonquiz.report import Report, Window, build_report
from tests.simclass import QUIZZES, record, shipped_banks, simulate

BANKS = shipped_banks()
ATTEMPTS = simulate(BANKS)  # as the quiz saved them: under the key-only fingerprint


def edited_economics(tmp_path: Path) -> Bank:
    """economics with ``trade-gap`` renamed and the key of ``putin-mind`` turned round."""
    text = (QUIZZES / "02-economics.yaml").read_text(encoding="utf-8")
    for old, new in (
        ("  - id: trade-gap\n", "  - id: trade-gap-2023\n    renamed_from: [trade-gap]\n"),
        ("    answer: true\n", "    answer: false\n"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "02-economics.yaml"
    path.write_text(text, encoding="utf-8")
    return load_bank(path)


ALL_TIME = Window()


def reference(banks: dict[str, Bank], window: Window = ALL_TIME) -> dict[str, object]:
    """Per (bank, question): attempts, students and facility; per (student, bank): points;
    per bank: attempts left out. From the raw attempts, one by one."""
    attempts: dict[tuple[str, str], int] = defaultdict(int)
    first: dict[tuple[str, str], dict[str, bool]] = defaultdict(dict)
    best: dict[tuple[str, str, str], float] = {}
    earlier: dict[str, int] = defaultdict(int)
    for a in ATTEMPTS:
        if a.created_at not in window:
            continue
        bank = banks[a.bank_id]
        owner = next((q for q in bank.questions if a.question_id in history_ids(q)), None)
        if owner is None or not counts_for(owner, a):
            earlier[a.bank_id] += owner is not None
            continue
        key = (a.bank_id, owner.id)
        attempts[key] += 1
        first[key].setdefault(a.student, a.correct)
        best[(a.student, *key)] = max(best.get((a.student, *key), 0.0), a.score)
    points: dict[tuple[str, str], float] = defaultdict(float)
    for (student, bank, _), value in best.items():
        points[(student, bank)] += value
    return {
        "questions": {
            key: (n, len(first[key]), round(sum(first[key].values()) / len(first[key]), 9))
            for key, n in attempts.items()
        },
        "points": {key: round(value, 6) for key, value in points.items()},
        "earlier": {bank: n for bank, n in earlier.items() if n},
    }


def figures(report: Report) -> dict[str, object]:
    return {
        "questions": {
            (q.bank, q.question): (q.attempts, q.students, round(q.facility or 0.0, 9))
            for q in report.questions
            if q.attempts and q.graded
        },
        "points": {(s.student, s.bank): s.points for s in report.students if s.points},
        "earlier": report.earlier_versions,
    }


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return record(tmp_path_factory.mktemp("current") / "progress.sqlite", ATTEMPTS)


def compare(got: dict[str, object], want: dict[str, object]) -> None:
    assert got["earlier"] == want["earlier"]
    assert got["points"] == pytest.approx(want["points"], abs=1e-6)
    assert got["questions"] == want["questions"]


def test_banks_as_shipped_keep_every_attempt(store: Path) -> None:
    got = figures(build_report(store, banks=BANKS))
    compare(got, reference(BANKS))
    assert got["earlier"] == {}


def test_a_renamed_question_keeps_its_history_and_a_new_key_starts_fresh(
    store: Path, tmp_path: Path
) -> None:
    banks = {**BANKS, "economics": edited_economics(tmp_path)}
    want = reference(banks)
    assert want["earlier"] and ("economics", "trade-gap-2023") in want["questions"]
    report = build_report(store, banks=banks)
    compare(figures(report), want)
    assert ("economics", "putin-mind") not in figures(report)["questions"]  # none counts now
    assert not any(q.question == "trade-gap" for q in report.questions)


def test_the_same_holds_in_a_window_and_over_stores_combined(store: Path, tmp_path: Path) -> None:
    banks = {**BANKS, "economics": edited_economics(tmp_path)}
    window = Window(since="2026-11-03", until="2026-11-06")
    compare(figures(build_report(store, banks=banks, window=window)), reference(banks, window))
    half = len(ATTEMPTS) // 2
    first = record(tmp_path / "a.sqlite", ATTEMPTS[: half + 100])  # 100 attempts in both
    second = record(tmp_path / "b.sqlite", ATTEMPTS[half:])
    compare(figures(build_report([first, second], banks=banks)), reference(banks))


def test_hint_use_follows_a_renamed_question(tmp_path: Path) -> None:
    hinted = {a.student for a in ATTEMPTS if a.question_id == "trade-gap"}
    hinted = set(sorted(hinted)[:7])
    with_hints = [
        dataclasses.replace(
            a, hints_used=1 if a.question_id == "trade-gap" and a.student in hinted else 0
        )
        for a in ATTEMPTS
    ]
    path = record(tmp_path / "hints.sqlite", with_hints)
    banks = {**BANKS, "economics": edited_economics(tmp_path)}
    (stats,) = [
        q for q in build_report(path, banks=banks).questions if q.question == "trade-gap-2023"
    ]
    assert stats.hinted == pytest.approx(len(hinted) / stats.students)
