"""`lessonquiz validate`: located lines, a summary, exit codes, JSON, and never a traceback."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lessonquiz.bank.course import load_course
from lessonquiz.cli import main
from tests.conftest import FIXTURES, ROOT

BAD = sorted((FIXTURES / "banks").glob("bad-*.yaml"))


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.output


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_every_bad_bank_gives_located_lines_and_exit_1(path: Path) -> None:
    code, output = run("validate", str(path))
    assert code == 1
    assert "Traceback" not in output
    lines = output.strip().splitlines()
    assert all(line.startswith(f"{path}:") for line in lines[:-1])
    unread = r"( \(\+ 1 file not read as YAML\))?"
    assert re.match(rf"1 bank, \d+ questions{unread}: \d+ errors?, ", lines[-1])


def test_clean_bank_exits_0_with_a_summary() -> None:
    code, output = run("validate", str(FIXTURES / "banks" / "good-every-type.yaml"))
    assert (code, output) == (0, "1 bank, 7 questions: 0 errors, 0 warnings\n")


def test_shipped_banks_are_clean_even_when_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, output = run("validate", "--strict")
    assert code == 0, output
    lessons = load_course(ROOT).lessons  # the count comes from lessons/index.yaml
    summary = output.splitlines()[-1]  # above it only TODO warnings, in a lesson in progress
    assert summary.startswith(f"{len(lessons)} banks, ") and " 0 errors" in summary
    assert all("TODO left here" in line for line in output.splitlines()[:-1])


def test_warnings_pass_unless_strict() -> None:
    path = str(FIXTURES / "banks" / "lint-missing-feedback.yaml")
    code, output = run("validate", path)
    assert code == 0 and "warning: wrong choice 'Second' has no feedback" in output
    code, output = run("validate", "--strict", path)
    assert code == 1 and "0 warnings" in output and "1 error" in output
    assert "warning:" not in output


def test_json_format_for_tools() -> None:
    code, output = run(
        "validate", "--format", "json", str(FIXTURES / "banks" / "bad-unknown-key.yaml")
    )
    report = json.loads(output)
    assert code == 1 and report["errors"] == 2 and report["banks"] == 1
    problem = next(p for p in report["problems"] if "promt" in p["message"])
    assert (problem["line"], problem["col"], problem["question_id"]) == (14, 5, "q1")
    assert problem["severity"] == "error"


def test_duplicate_bank_ids_across_a_folder() -> None:
    code, output = run("validate", str(FIXTURES / "banks-duplicate-id"))
    assert code == 1
    assert "b.yaml:2:5: bank id 'fixture' is already used by" in output


def test_folder_is_searched_and_default_is_quizzes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "quizzes").mkdir()
    shutil.copy(FIXTURES / "banks" / "good-hint-list.yaml", tmp_path / "quizzes" / "a.yaml")
    shutil.copytree(ROOT / "data", tmp_path / "data")  # a course project, not a lone bank
    monkeypatch.chdir(tmp_path)
    assert run("validate") == (0, "1 bank, 1 questions: 0 errors, 0 warnings\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "no/such/place.yaml"], "no such file or folder: no/such/place.yaml"),
        (["validate", "--format", "xml"], "'xml' is not one of"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    code, output = run(*args)
    assert code == 2 and message in output


def test_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    code, output = run("validate", str(tmp_path))
    assert code == 2 and "no bank files" in output


def test_help_explains_the_command() -> None:
    code, output = run("validate", "--help")
    assert code == 0
    assert "path:line:col:" in output and "--strict" in output and "Exits 0" in output


def test_console_script_is_installed() -> None:
    import subprocess
    import sys

    script = Path(sys.executable).with_name("lessonquiz")
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "lessonquiz, version 0.1.0"
