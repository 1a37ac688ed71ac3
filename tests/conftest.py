"""Shared test set-up: the project's folders; a progress store and bank cache never the user's."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the progress store, the bank cache and the student name at throw-away values in
    every test."""
    monkeypatch.setenv("LESSONQUIZ_DB", str(tmp_path / "progress.sqlite"))
    monkeypatch.setenv("LESSONQUIZ_CACHE_DIR", str(tmp_path / "bank-cache"))
    monkeypatch.setenv("LESSONQUIZ_STUDENT", "test-student")


@pytest.fixture
def course_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the course (banks, lessons, data) to edit as an instructor would; the
    working folder is the copy, so commands find its quizzes/ and lessons/."""
    import shutil

    for folder in ("quizzes", "lessons", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    return tmp_path
