"""Quiet regeneration: only the lessons whose inputs changed are stale, and validate says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lessonquiz.cli import main
from lessonquiz.lesson.regen import inputs_hash, lessons, record, stale
from tests.conftest import ROOT


def test_every_shipped_lesson_is_recorded_up_to_date() -> None:
    assert stale(ROOT) == [], "run make regen (lessons/.regen-inputs.json is behind)"
    assert set(record(ROOT)) == {nb.name for nb in lessons(ROOT)}


@pytest.fixture
def project(course_copy: Path) -> Path:
    return course_copy


def test_a_bank_edit_makes_its_lesson_stale_and_validate_says_run_make_regen(project: Path) -> None:
    first = lessons(project)[0]
    bank = project / "quizzes" / f"{first.stem}.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("prompt: ", "prompt: Now, ", 1))
    assert stale(project) == [first]
    result = CliRunner().invoke(main, ["validate", "--strict"])
    assert result.exit_code == 1
    assert f"lessons/{first.name} shows outputs from before the last change" in result.output
    assert "run make regen" in result.output


def test_data_changes_make_every_lesson_stale(project: Path) -> None:
    before = {nb.name: inputs_hash(project, nb) for nb in lessons(project)}
    with open(project / "data" / "trade.csv", "a", encoding="utf-8") as f:
        f.write("\n")
    assert all(inputs_hash(project, nb) != before[nb.name] for nb in lessons(project))
