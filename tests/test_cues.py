"""The cue check: each test-wise strategy scored as grading.py scores, against honest chance."""

from __future__ import annotations

import itertools
import shutil
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lessonquiz.bank import cues
from lessonquiz.bank.loader import check_bank, load_bank
from lessonquiz.bank.model import MultipleQuestion, SingleQuestion, TrueFalseQuestion
from lessonquiz.cli import main
from lessonquiz.grading import grade
from tests.conftest import FIXTURES

BANKS = FIXTURES / "banks"


def _choice_question(kind: str, texts: list[str], keys: set[int], **extra: Any) -> Any:
    model = SingleQuestion if kind == "single" else MultipleQuestion
    return model.model_validate(
        {
            "id": "q",
            "type": kind,
            "objective": "obj",
            "source": {"paragraph": 1},
            "prompt": extra.pop("prompt", "Which one?"),
            "choices": [{"text": t, "correct": i in keys} for i, t in enumerate(texts)],
            **extra,
        }
    )


def _by_name(tallies: list[cues.Tally], start: str) -> cues.Tally:
    return next(t for t in tallies if t.strategy.name.startswith(start))


def test_multiple_score_is_grade_multiple_for_every_tick_pattern() -> None:
    question = _choice_question("multiple", ["a", "bb", "ccc", "dddd", "eeeee"], {1, 3})
    correct = [c.correct for c in question.choices]
    for size in range(1, 6):
        for ticked in itertools.combinations(range(5), size):
            texts = {question.choices[i].text for i in ticked}
            assert float(cues.multiple_score(ticked, correct)) == pytest.approx(
                grade(question, texts).score
            )


def test_random_pattern_for_two_keys_in_four_is_one_in_five() -> None:
    question = _choice_question("multiple", ["a", "b", "c", "d"], {0, 1})
    # Of the 15 non-empty patterns only these score: both keys 1, both keys and one wrong
    # 1/2 (2 ways), one key alone 1/2 (2 ways). Total 3, so 3/15.
    assert cues.random_pattern(question) == Fraction(1, 5)


def test_single_longest_and_ranks_against_one_in_k() -> None:
    question = _choice_question("single", ["aaaa", "bbb", "cc", "d"], {1})
    tallies = cues.tally([("q", question)])
    assert _by_name(tallies, "pick the longest").score == 0
    second = _by_name(tallies, "pick the second-longest")
    assert (second.score, second.chance) == (1, Fraction(1, 4))
    assert _by_name(tallies, "pick a middle-length").score == Fraction(1, 2)


def test_ties_are_split() -> None:
    question = _choice_question("single", ["aaa", "bbb", "c"], {0})
    assert _by_name(cues.tally([("q", question)]), "pick the longest").score == Fraction(1, 2)


def test_longer_half_ties_at_the_cut_are_averaged() -> None:
    # 4 choices, tick 2: "aaaa" sure, then one of the two 2-letter ones (one key, one not).
    question = _choice_question("multiple", ["aaaa", "bb", "cc", "d"], {0, 1})
    half = _by_name(cues.tally([("q", question)]), "tick the longer half")
    assert half.score == (1 + 0) / Fraction(2)
    assert half.chance == Fraction(1, 6)  # a random pair of 4 with 2 keys


def test_overlap_picks_the_choice_echoing_the_prompt() -> None:
    question = _choice_question(
        "single",
        ["Trade with China grew", "Nothing changed", "Russia left", "Rain fell"],
        {0},
        prompt="Why did trade with China matter?",
    )
    assert cues.overlap(question.prompt, "Trade with China grew") == 2
    picked = _by_name(cues.tally([("q", question)]), "pick the option sharing most words")
    assert picked.score == 1


def test_position_strategies_apply_only_where_the_order_is_not_shuffled() -> None:
    texts = ["aaa", "bbbb", "cc", "d"]
    shuffled = _choice_question("single", texts, {0})
    fixed = _choice_question("single", texts, {0}, shuffle=False)
    first = _by_name(cues.tally([("a", shuffled), ("b", fixed)]), "pick the option shown first")
    assert [t.label for t in first.trials] == ["b"]
    assert first.score == 1
    last = _by_name(cues.tally([("b", fixed)]), "pick the option shown last")
    assert last.score == 0


def test_always_false_scores_the_share_of_false_statements() -> None:
    statements = [
        TrueFalseQuestion.model_validate(
            {
                "id": f"t{i}",
                "type": "true_false",
                "objective": "obj",
                "source": {"paragraph": 1},
                "prompt": "Is it so?",
                "answer": i == 0,
            }
        )
        for i in range(4)
    ]
    tallies = cues.tally([(q.id, q) for q in statements])
    false = _by_name(tallies, "answer false")
    assert (false.score, false.chance) == (Fraction(3, 4), Fraction(1, 2))
    assert false.helped == ["t1", "t2", "t3"]
    assert _by_name(tallies, "answer true").score == Fraction(1, 4)


def test_a_cue_needs_enough_questions_and_more_than_ten_points() -> None:
    bank = load_bank(BANKS / "lint-cue-second-longest.yaml")
    labelled = [(q.id, q) for q in bank.questions]
    assert any(t.strategy.name == "pick the second-longest option" for t in cues.cues(labelled))
    assert cues.cues(labelled[:5]) == []  # the same habit on 5 questions is not judged
    # 2 of 6 keys at one rank is 33.3% against 25%: inside the margin
    balanced = load_bank(BANKS / "good-cue-balanced.yaml")
    assert cues.cues([(q.id, q) for q in balanced.questions]) == []
    strict = cues.cues([(q.id, q) for q in balanced.questions], margin=Fraction(5, 100))
    assert strict, "a tighter margin finds the 33.3% ranks"


def test_course_pass_sees_a_habit_spread_over_banks(tmp_path: Path) -> None:
    """Three true/false items per bank are too few to judge; six across two banks are not."""
    source = (BANKS / "lint-cue-always-false.yaml").read_text(encoding="utf-8")
    head, _, _ = source.partition("  - id: t3")
    folder = tmp_path / "quizzes"
    folder.mkdir()
    (folder / "a.yaml").write_text(head, encoding="utf-8")
    (folder / "b.yaml").write_text(head.replace("id: fixture", "id: other"), encoding="utf-8")
    for name in ("a.yaml", "b.yaml"):
        assert not [p for p in _lint(folder / name) if "test-wise" in p.message]
    result = CliRunner().invoke(main, ["validate", str(folder)])
    course = [line for line in result.output.splitlines() if "course (2 banks)" in line]
    assert len(course) == 1, result.output
    assert course[0].startswith(f"{folder}:0:0: warning: course (2 banks): test-wise strategy")
    assert "'answer false to every true/false statement' scores 100.0% against 50.0%" in course[0]
    assert "fixture/t0, fixture/t1, fixture/t2, other/t0" in course[0]
    assert result.exit_code == 0
    strict = CliRunner().invoke(main, ["validate", "--strict", str(folder)])
    assert strict.exit_code == 1


def test_one_bank_has_no_course_pass(tmp_path: Path) -> None:
    shutil.copy(BANKS / "lint-cue-always-false.yaml", tmp_path / "a.yaml")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert "course (" not in result.output
    assert "answer false to every" in result.output


def test_validate_cues_prints_the_table(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--cues", str(BANKS / "good-cue-balanced.yaml")])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "third-longest" in x)
    assert line.split()[-3:] == ["33.3%", "vs", "25.0%"]
    assert not line.startswith(" *")


def _lint(path: Path) -> list[Any]:
    from lessonquiz.bank.lint import lint

    return lint(check_bank(path))
