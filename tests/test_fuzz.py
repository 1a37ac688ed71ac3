"""Fuzzing the loader through ``lessonquiz validate`` and ``grade()`` with junk (issue #16).

Every mutated bank must end in exit 0 or 1 with located messages, never a traceback, within
the time and memory bounds of tests/fuzzing.py; every junk response must come back as a
Result, never an exception. The unit suite runs a few dozen derandomized examples per test;
``make fuzz`` runs thousands (see the Makefile).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessonquiz.bank.loader import load_bank
from lessonquiz.bank.model import AnyQuestion
from lessonquiz.grading import grade
from tests.conftest import FIXTURES, ROOT
from tests.fuzzing import FUZZ, assert_robust, cli_outcome, junk, mutated

SEEDS = [p.read_bytes() for p in sorted((ROOT / "quizzes").glob("*.yaml"))] + [
    (FIXTURES / "banks" / "good-every-type.yaml").read_bytes()
]
FLAGS = st.sampled_from([[], ["--strict"], ["--format", "json"], ["--strict", "--format", "json"]])


@pytest.fixture(scope="module")
def bank_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where each mutant is written: a quizzes/ folder beside the course's data/."""
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(ROOT / "data", root / "data")
    (root / "quizzes").mkdir()
    return root / "quizzes" / "mutant.yaml"


@FUZZ
@given(text=mutated(SEEDS), flags=FLAGS)
def test_validate_survives_mutated_banks(bank_path: Path, text: bytes, flags: list[str]) -> None:
    bank_path.write_bytes(text)
    outcome = cli_outcome(["validate", *flags, str(bank_path)])
    assert_robust(outcome)
    if "--format" in flags:
        json.loads(outcome.output)  # still one well-formed JSON document


@FUZZ
@given(text=mutated(SEEDS, max_repeat=200_000))
def test_validate_survives_huge_repeats(bank_path: Path, text: bytes) -> None:
    bank_path.write_bytes(text)
    assert_robust(cli_outcome(["validate", str(bank_path)]))


def _texts(question: AnyQuestion) -> list[str]:
    dumped = question.model_dump()
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(dumped)
    return found


QUESTIONS = list(load_bank(FIXTURES / "banks" / "good-every-type.yaml").questions)


JUNK = {question.id: junk(_texts(question)) for question in QUESTIONS}


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.type)
@FUZZ
@given(data=st.data())
def test_grade_never_raises_on_junk(question: AnyQuestion, data: st.DataObject) -> None:
    result = grade(question, data.draw(JUNK[question.id]))
    assert 0.0 <= result.score <= 1.0
    assert result.feedback
    assert not (result.malformed and result.score)
