"""Every new report figure on a simulated class of 30, against a pure-Python reference.

The references below read the raw attempts one by one (no tally, no SQL), so they check the
store's summaries, the tally and the figures together.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lessonquiz.bank.model import (
    Bank,
    MatchQuestion,
    MultipleQuestion,
    OrderQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from lessonquiz.cli import main
from lessonquiz.report import Report, build_report
from lessonquiz.store import Attempt
from tests.simclass import QUIZZES, record, shipped_banks, simulate

BANKS = shipped_banks()
ATTEMPTS = simulate(BANKS)
THRESHOLD = 0.6


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return record(tmp_path_factory.mktemp("class") / "progress.sqlite", ATTEMPTS)


@pytest.fixture(scope="module")
def report(store: Path) -> Report:
    return build_report(store, banks=BANKS, threshold=THRESHOLD, days=True)


def chosen(question: Any, response: Any) -> list[tuple[str, str]]:
    """(slot, option) pairs one response chose."""
    if isinstance(question, TrueFalseQuestion):
        return [("", "true" if response else "false")]
    if isinstance(question, SingleQuestion):
        return [("", response)]
    if isinstance(question, MultipleQuestion):
        return [("", text) for text in response]
    if isinstance(question, MatchQuestion):
        return list(response.items())
    return [(f"place {i}", item) for i, item in enumerate(response, start=1)]


def test_the_class_is_big_enough_to_mean_something() -> None:
    assert len({a.student for a in ATTEMPTS}) == 30
    assert len(ATTEMPTS) > 2000 and {a.bank_id for a in ATTEMPTS} == set(BANKS)


def test_option_counts(report: Report) -> None:
    want: Counter[tuple[str, str, str, str]] = Counter()
    for a in ATTEMPTS:
        question = BANKS[a.bank_id].question(a.question_id)
        if isinstance(
            question,
            SingleQuestion | MultipleQuestion | TrueFalseQuestion | MatchQuestion | OrderQuestion,
        ):
            for slot, option in chosen(question, a.response):
                want[(a.bank_id, a.question_id, slot, option)] += 1
    got = {(o.bank, o.question, o.slot, o.option): o.count for o in report.options}
    assert {k: v for k, v in got.items() if v} == dict(want)
    for o in report.options:  # the key marked: the option the right answer chooses
        question = BANKS[o.bank].question(o.question)
        right = dict(chosen(question, _key(question)))
        if isinstance(question, MultipleQuestion):
            assert o.key == (o.option in question.correct_texts)
        else:
            assert o.key == (right[o.slot] == o.option)


def _key(question: Any) -> Any:
    if isinstance(question, SingleQuestion):
        return question.correct_texts[0]
    if isinstance(question, MultipleQuestion):
        return list(question.correct_texts)
    if isinstance(question, TrueFalseQuestion):
        return question.answer
    if isinstance(question, MatchQuestion):
        return {p.left: p.right for p in question.pairs}
    return list(question.items)


def _errors(question: Any, response: Any) -> set[str]:
    if isinstance(question, MultipleQuestion):
        right = set(question.correct_texts)
        return {f"ticked: {t}" for t in set(response) - right} | {
            f"left out: {t}" for t in right - set(response)
        }
    if isinstance(question, MatchQuestion):
        key = _key(question)
        return {f"{left} → {right}" for left, right in response.items() if key[left] != right}
    return {
        f"{item} in place {i}"
        for i, (item, want) in enumerate(zip(response, question.items, strict=True), 1)
        if item != want
    }


def test_the_misleading_option_is_named(report: Report) -> None:
    errors: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for a in ATTEMPTS:
        question = BANKS[a.bank_id].question(a.question_id)
        if not a.correct and isinstance(question, MultipleQuestion | MatchQuestion | OrderQuestion):
            errors[(a.bank_id, a.question_id)].update(_errors(question, a.response))
    assert errors
    for q in report.questions:
        if (q.bank, q.question) in errors:
            counter = errors[(q.bank, q.question)]
            top = max(counter.values())
            assert q.most_chosen_wrong_count == top
            assert q.most_chosen_wrong == min(e for e, n in counter.items() if n == top)


def _best() -> dict[tuple[str, str, str], float]:
    best: dict[tuple[str, str, str], float] = {}
    for a in ATTEMPTS:
        key = (a.student, a.bank_id, a.question_id)
        best[key] = max(best.get(key, 0.0), a.score)
    return best


def _first_right() -> dict[tuple[str, str, str], bool]:
    first: dict[tuple[str, str, str], bool] = {}
    for a in ATTEMPTS:
        first.setdefault((a.student, a.bank_id, a.question_id), a.correct)
    return first


def test_mastery_help_and_class_share(report: Report) -> None:
    first = _first_right()
    students = {b: sorted({a.student for a in ATTEMPTS if a.bank_id == b}) for b in BANKS}
    want_mastery, want_help, want_share = {}, {}, {}
    for bank in BANKS.values():
        for objective in bank.objectives:
            # written answers are not scored, so they count for no objective's mastery
            ids = [
                q.id for q in bank.questions if q.objective == objective.id and q.type != "written"
            ]
            if not ids:
                continue
            values = []
            for s in students[bank.id]:
                m = sum(first.get((s, bank.id, q), False) for q in ids) / len(ids)
                values.append(m)
                want_mastery[(s, bank.id, objective.id)] = m
                if m < THRESHOLD:
                    behind = [q for q in ids if not first.get((s, bank.id, q), False)]
                    want_help[(s, bank.id, objective.id)] = behind
            mastered = sum(v >= THRESHOLD for v in values)
            want_share[(bank.id, objective.id)] = (mastered, mastered / len(values))
    got = {(m.student, m.bank, m.objective): m.mastery for m in report.mastery}
    assert got == pytest.approx(want_mastery, abs=1e-6)
    assert {(h.student, h.bank, h.objective): list(h.questions) for h in report.help} == want_help
    assert want_help, "a simulated class has students who need help"
    shares = {(o.bank, o.objective): (o.mastered, round(o.share, 6)) for o in report.objectives}
    assert shares == {k: (n, round(share, 6)) for k, (n, share) in want_share.items()}


def test_score_distribution_and_days(report: Report) -> None:
    best = _best()
    scores: dict[tuple[str, str], float] = defaultdict(float)
    for (s, b, _), value in best.items():
        scores[(s, b)] += value / sum(q.type != "written" for q in BANKS[b].questions)
    want = Counter((b, min(int(v * 10 + 1e-9), 9)) for (_, b), v in scores.items())
    got = {(x.bank, round(x.low * 10)): x.students for x in report.distribution}
    assert {k: v for k, v in got.items() if v} == dict(want)
    days = Counter((a.created_at[:10], a.bank_id) for a in ATTEMPTS)
    assert {(d.day, d.bank): d.attempts for d in report.days} == dict(days)


def test_merged_stores_equal_one_store(report: Report, tmp_path: Path) -> None:
    parts: dict[int, list[Attempt]] = defaultdict(list)
    for a in ATTEMPTS:  # each student on one of three laptops, one laptop collected twice
        parts[int(a.student[-2:]) % 3].append(a)
    paths = [record(tmp_path / f"laptop{i}.sqlite", parts[i]) for i in range(3)]
    record(tmp_path / "again.sqlite", parts[0] + parts[1][:50])
    merged = build_report(
        [*paths, tmp_path / "again.sqlite"], banks=BANKS, threshold=THRESHOLD, days=True
    )
    for name in ("questions", "students", "options", "mastery", "help", "objectives", "days"):
        assert getattr(merged, name) == getattr(report, name), name


def test_the_cli_tables_carry_the_same_figures(store: Path, report: Report) -> None:
    runner = CliRunner()
    base = ["report", "--db", str(store), "--banks", str(QUIZZES)]
    out = runner.invoke(main, [*base, "--format", "csv", "--table", "options"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert len(rows) == len(report.options)
    assert sum(int(r["count"]) for r in rows) == sum(o.count for o in report.options)
    data = json.loads(runner.invoke(main, [*base, "--format", "json"]).output)
    assert len(data["help"]) == len(report.help) and data["threshold"] == THRESHOLD
    text = runner.invoke(main, [*base, "--threshold", "0.9"]).output
    assert "Who needs help (mastery below 90%)" in text and "Objectives" in text
    days = runner.invoke(main, [*base, "--table", "days"]).output  # the plain table too
    for day in report.days:
        assert any(day.day in line and day.bank in line and str(day.attempts) in line
                   for line in days.splitlines()), day


def test_a_bidi_override_in_a_student_name_is_shown_not_obeyed(tmp_path: Path) -> None:
    bank: Bank = BANKS["orientation"]
    question = next(q for q in bank.questions if q.type == "text")
    evil = "eve\u202e\x1b]52;c;aGk=\x07"
    path = record(
        tmp_path / "p.sqlite",
        [
            Attempt(
                evil,
                bank.id,
                question.id,
                question.content_hash,
                "x",
                0.0,
                False,
                "2026-11-02T09:00:00+00:00",
            )
        ],
    )
    out = CliRunner().invoke(main, ["report", "--db", str(path), "--table", "students"])
    assert "\u202e" not in out.output and "\x1b" not in out.output
    assert "eve\\u202e\\x1b]52" in out.output
