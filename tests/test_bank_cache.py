"""The bank cache behind ``show()``: what a lesson's quiz cell imports, and that a cached bank
is the bank (never stale, never someone else's file, never a broken bank)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lessonquiz import render
from lessonquiz.bank import cache
from lessonquiz.widgets.quiz import Quiz
from lessonquiz.widgets.show import show

ROOT = Path(__file__).resolve().parents[1]

# What a lesson's quiz cell runs, in a fresh interpreter; prints what it imported and drew.
CELL = """
import json, sys
import lessonquiz
quiz = lessonquiz.show("economics", seed=1)
bundle = quiz._repr_mimebundle_()[0]
print(json.dumps({
    "modules": sorted(sys.modules),
    "questions": quiz.questions,
    "states": quiz.states,
    "text": bundle["text/plain"],
    "html": bundle["text/html"],
}))
"""
HEAVY = ("markdown_it", "nh3", "yaml", "lessonquiz.bank.loader", "lessonquiz.bank.yamlsafe",
         "lessonquiz.bank.messages", "jsonschema", "pydantic", "lessonquiz.bank.model",
         "lessonquiz.grading")
"""Left out of a quiz cell whose bank is cached: the model and grader load with the first
Check (issue #10: pydantic alone was about a third of the cell's time in a kernel)."""

# Answers every single-choice question of lesson 02, trying the shown choices in turn until
# one is right, in a fresh interpreter; prints what the quiz shows before and after.
ANSWER = """
import json, sys
import lessonquiz
quiz = lessonquiz.show("economics", db=sys.argv[1])
drawn = {"modules": sorted(sys.modules), "states": quiz.states, "score": quiz.score,
         "types": [question["type"] for question in quiz.questions]}
for view in quiz.views:
    if view.public.type == "single":
        for choice in view.choices:
            view.response = choice
            if view.check().correct:
                break
print(json.dumps({"drawn": drawn, "states": quiz.states, "score": quiz.score,
                  "modules": sorted(sys.modules)}))
"""


def run_cell(tmp_path: Path) -> dict:
    env = dict(os.environ, LESSONQUIZ_CACHE_DIR=str(tmp_path / "cache"))
    done = subprocess.run([sys.executable, "-c", CELL], cwd=ROOT / "lessons", env=env,
                          capture_output=True, text=True, check=True, timeout=300)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_the_widgets_leaves_markdown_yaml_and_the_loader_out() -> None:
    code = "import sys, lessonquiz.widgets; print(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=120)
    loaded = set(done.stdout.split())
    assert "lessonquiz.widgets.quiz" in loaded
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_second_quiz_cell_comes_from_the_cache_and_draws_the_same(tmp_path: Path) -> None:
    first = run_cell(tmp_path)
    assert "markdown_it" in first["modules"]  # nothing cached yet: the bank is loaded
    assert list((tmp_path / "cache").glob("*.pickle"))
    second = run_cell(tmp_path)
    assert set(second["modules"]).isdisjoint(HEAVY), sorted(set(second["modules"]) & set(HEAVY))
    for part in ("questions", "states", "text", "html"):
        assert second[part] == first[part], part


def test_a_cached_quiz_grades_saves_and_restores_as_a_loaded_one(tmp_path: Path) -> None:
    env = dict(os.environ, LESSONQUIZ_CACHE_DIR=str(tmp_path / "cache"))

    def answer(db: Path) -> dict:
        done = subprocess.run([sys.executable, "-c", ANSWER, str(db)], cwd=ROOT / "lessons",
                              env=env, capture_output=True, text=True, check=True, timeout=300)
        return json.loads(done.stdout.strip().splitlines()[-1])

    loaded = answer(tmp_path / "first.db")  # nothing cached: the bank is loaded, then cached
    assert "markdown_it" in loaded["drawn"]["modules"]
    cached = answer(tmp_path / "second.db")  # cached, no saved answers: no model until a Check
    assert set(cached["drawn"]["modules"]).isdisjoint(HEAVY)
    assert "pydantic" in cached["modules"]  # the Checks loaded the model and graded
    assert cached["states"] == loaded["states"] and cached["score"] == loaded["score"]
    singles = cached["drawn"]["types"].count("single")
    assert cached["score"][0] == singles > 0
    assert sum("✓ correct" in s["status"] for s in cached["states"]) == singles
    again = answer(tmp_path / "second.db")  # cached, with saved answers: all of them come back
    assert again["drawn"]["states"] != cached["drawn"]["states"]
    assert again["drawn"]["score"] == cached["score"]
    restored = [(s["response"], s["status"]) for s in again["drawn"]["states"]]
    assert restored == [(s["response"], s["status"]) for s in cached["states"]]


def test_an_edited_bank_is_loaded_afresh(course_copy: Path) -> None:
    path = course_copy / "quizzes" / "02-economics.yaml"
    before = show("economics", seed=1)
    text = path.read_text(encoding="utf-8")
    first_prompt = before.bank.questions[0].prompt.splitlines()[0]
    assert first_prompt in text
    path.write_text(text.replace(first_prompt, "An edited prompt. " + first_prompt, 1),
                    encoding="utf-8")
    after = show("economics", seed=1)
    assert after.bank.questions[0].prompt.startswith("An edited prompt.")
    assert "An edited prompt." in after.questions[0]["prompt_html"]


def test_an_edited_source_list_is_checked_again(course_copy: Path) -> None:
    show("economics", seed=1)  # cached while every data id exists
    sources = course_copy / "data" / "sources.yaml"
    used = show("economics", seed=1).bank.questions
    cited = next(q.source.data for q in used if q.source.data)
    sources.write_text(sources.read_text(encoding="utf-8").replace(
        f"id: {cited}\n", "id: renamed-away\n"), encoding="utf-8")
    from lessonquiz.bank import loader

    loader._read_references.cache_clear()  # as in a new kernel: the loader reads data/ once
    shown = show("economics", seed=1)
    assert not isinstance(shown, Quiz)
    assert cited in shown.data


def test_a_broken_bank_is_never_cached(course_copy: Path, tmp_path: Path) -> None:
    path = course_copy / "quizzes" / "02-economics.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("schema_version: 1",
                                                             "schema_version: 9"))
    shown = show("economics", seed=1)
    assert not isinstance(shown, Quiz)
    assert cache.read(path) is None
    assert not list(cache.folder().glob("*.pickle"))


def test_a_damaged_entry_or_a_shared_folder_is_not_read(course_copy: Path) -> None:
    path = course_copy / "quizzes" / "02-economics.yaml"
    quiz = show("economics", seed=1)
    entry_file = cache.folder() / f"{cache.key(path)}.pickle"
    assert entry_file.is_file()
    cache._RECENT.clear()
    assert cache.read(path) is not None
    cache._RECENT.clear()
    entry_file.write_bytes(b"not a pickle")
    assert cache.read(path) is None
    assert show("economics", seed=1).questions == quiz.questions  # loaded as usual, stored again
    cache._RECENT.clear()
    os.chmod(cache.folder(), 0o777)  # a folder others can write: its pickles are not trusted
    try:
        assert cache.read(path) is None
    finally:
        os.chmod(cache.folder(), 0o700)
    cache._RECENT.clear()
    assert cache.read(path) is not None


def test_cache_off(monkeypatch: pytest.MonkeyPatch, course_copy: Path) -> None:
    monkeypatch.setenv("LESSONQUIZ_CACHE_DIR", "off")
    assert cache.folder() is None
    assert isinstance(show("economics", seed=1), Quiz)


def test_remembered_html_is_what_markdown_renders() -> None:
    text = "A *fresh* prompt, ¶3 and `code` (test_remembered_html)."
    html = render.remembered([text])
    assert html == {text: render._parser() and render.sanitize(
        render._parser().render(text)).strip()}
    assert "<em>fresh</em>" in html[text]


def test_copied_course_without_cache_folder_permissions(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache folder that cannot be created (a file in its place) only means no cache."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("LESSONQUIZ_CACHE_DIR", str(blocker / "banks"))
    site = tmp_path / "site"
    for name in ("quizzes", "data"):
        shutil.copytree(ROOT / name, site / name)
    monkeypatch.chdir(site)
    assert isinstance(show("economics", seed=1), Quiz)
