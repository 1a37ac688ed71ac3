"""`lessonquiz new lesson`: the scaffold follows the skeleton, its bank meets the course rules
(TODOs are warnings, even under --strict), and nothing is overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lessonquiz.bank.course import load_course
from lessonquiz.cli import main
from lessonquiz.lesson.skeleton import skeleton_problems


@pytest.fixture
def project(course_copy: Path) -> Path:
    return course_copy


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_a_new_lesson_follows_the_skeleton_and_validates(project: Path) -> None:
    n = len(load_course(project).lessons)
    name = f"{n:02d}-new-topic"
    code, output = run("new", "lesson", name, "--title", "A new topic", "--question", "Why?")
    assert code == 0, output
    entry = load_course(project).lessons[-1]
    assert entry == {
        "file": f"{name}.ipynb",
        "title": "A new topic",
        "question": "Why?",
        "bank": "new-topic",
    }
    assert skeleton_problems(project / "lessons" / f"{name}.ipynb", entry) == []
    code, output = run("validate", "--strict")
    assert code == 0, output
    lines = output.splitlines()
    assert lines[-1].startswith(f"{n + 1} banks, ") and " 0 errors" in lines[-1]
    # the copy of the project has no ../shared/article beside it: a note says so, never a warning
    assert all(
        "TODO left here" in line or " note: the article's text is not at" in line
        for line in lines[:-1]
    ) and any("TODO left here" in line for line in lines)


def test_the_scaffold_refuses_a_wrong_number_and_never_overwrites(project: Path) -> None:
    n = len(load_course(project).lessons)
    code, output = run("new", "lesson", f"{n + 3:02d}-later", "--title", "T")
    assert code == 1 and f"the next one is number {n:02d}" in output
    code, output = run("new", "lesson", "Bad Name", "--title", "T")
    assert code == 1 and "not a lesson name" in output
    bank = project / "quizzes" / f"{n:02d}-taken.yaml"
    bank.write_text("mine")
    code, output = run("new", "lesson", f"{n:02d}-taken", "--title", "T")
    assert code == 1 and "exists; nothing was written" in output and bank.read_text() == "mine"
    assert len(load_course(project).lessons) == n
