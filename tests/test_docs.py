"""Docs that cannot drift: the lesson list in lessons/README.md follows lessons/index.yaml,
and a failure names the exact line to change."""

from __future__ import annotations

import shutil
from pathlib import Path

from lessonquiz.bank.course import load_course
from lessonquiz.lesson.listing import add_row, differences
from tests.conftest import ROOT

README = ROOT / "lessons" / "README.md"


def test_the_lesson_list_is_the_index() -> None:
    problems = differences(README, load_course(ROOT).lessons)
    assert not problems, "\n".join(problems)


def test_a_missing_lesson_is_named_with_its_line(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    shutil.copyfile(README, readme)
    lessons = load_course(ROOT).lessons
    extra = {"file": f"{len(lessons):02d}-extra.ipynb", "bank": "extra"}
    problems = differences(readme, [*lessons, extra])
    assert any(f"add the row | {len(lessons):02d} | `{extra['file']}`" in p for p in problems)
    assert all(p.startswith("lessons/README.md:") for p in problems)
    add_row(readme, extra, len(lessons) + 1)
    assert differences(readme, [*lessons, extra]) == []
