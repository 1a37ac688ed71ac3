"""Issue #12's done-when test: an instructor adapts the course without touching Python.

In a temporary copy of the project it adds a question of every type to a bank as the manual
(quizzes/README.md) shows them, renames one question, fixes a typo in another, scaffolds the
next lesson with `lessonquiz new lesson`, regenerates (what `make regen` runs), and runs the
unit tests and nbval: all green, with no Python file edited. A student who answered before the
edits keeps those answers through the typo fix and the rename.

Slow (it re-executes lessons and runs the unit suite in the copy): run by `make
test-instructor`, which `make test` runs; a plain `pytest tests` skips it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(
    not os.environ.get("LESSONQUIZ_INSTRUCTOR"),
    reason="slow: run by `make test-instructor` (LESSONQUIZ_INSTRUCTOR=1)",
)
LESSONQUIZ = str(Path(sys.executable).with_name("lessonquiz"))


def sh(*args: str, cwd: Path, env: dict | None = None, timeout: int = 900) -> str:
    result = subprocess.run(
        args, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip
    assert result.returncode == 0, (
        f"{' '.join(args)}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    )
    return result.stdout + result.stderr


def python_files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*.py")
        if ".venv" not in p.parts and "node_modules" not in p.parts
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("course")
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, files):
        source = ROOT / name.decode()
        if source.is_file():
            target = root / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    article = ROOT.parent / "shared" / "article"  # where lessons/course.yaml's article_text looks
    if article.is_dir():  # the instructor keeps the article there, so the copy rule runs too
        shutil.copytree(article, root.parent / "shared" / "article", dirs_exist_ok=True)
    return root


def student_answers(root: Path, db: Path, code: str) -> str:
    """A student at the quiz (the kernel side, as a lesson runs it): not the instructor."""
    return sh(sys.executable, "-c", code, cwd=root / "lessons", env={"LESSONQUIZ_DB": str(db)})


def test_an_instructor_adapts_the_course_without_python(project: Path, tmp_path: Path) -> None:
    root, db = project, tmp_path / "class.sqlite"
    before = python_files(root)
    bank = root / "quizzes" / "02-economics.yaml"
    text = bank.read_text(encoding="utf-8")
    ids = re.findall(r"^  - id: (\S+)$", text.split("\nquestions:\n", 1)[1], re.M)
    def one_line_prompt_with_the(question_id: str) -> re.Match[str] | None:
        return re.search(rf"- id: {question_id}\n(?:    .*\n)*?    prompt: .* the .*\n", text)

    typo = next((qid for qid in ids[1:] if one_line_prompt_with_the(qid)), None)
    assert typo, "no question of the bank has a one-line prompt with a 'the' to misspell"
    prompt = one_line_prompt_with_the(typo)
    assert prompt
    renamed = next(qid for qid in ids[1:] if qid != typo)
    with_typo = prompt.group(0).replace(" the ", " teh ", 1)
    bank.write_text(text.replace(prompt.group(0), with_typo, 1), encoding="utf-8")  # as shipped
    # a student answers two questions before the instructor edits them
    student_answers(
        root,
        db,
        f"""
from lessonquiz import Quiz, load_bank
from lessonquiz.grading import grade
bank = load_bank("../quizzes/02-economics.yaml")
quiz = Quiz(bank, student="ana")
for qid in ({typo!r}, {renamed!r}):
    q = bank.question(qid)
    answer = {{"single": lambda q: next(c.text for c in q.choices if c.correct),
              "multiple": lambda q: {{c.text for c in q.choices if c.correct}},
              "text": lambda q: q.accept[0], "numeric": lambda q: q.answer,
              "true_false": lambda q: q.answer, "order": lambda q: list(q.items),
              "match": lambda q: {{p.left: p.right for p in q.pairs}}}}[q.type](q)
    quiz.view(qid).response = answer
    assert quiz.view(qid).check().correct
""",
    )

    # 1. every type, as the manual shows it (ids made unique, nothing else changed)
    manual = (root / "quizzes" / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", manual, re.S) if b.startswith("- id:")]
    added = "".join(
        "\n".join("  " + line for line in block.replace("- id: ", "- id: manual-", 1).splitlines())
        + "\n"
        for block in blocks
    )
    # 2. the typo fixed, 3. another question renamed, keeping its history
    text = bank.read_text(encoding="utf-8").replace(with_typo, prompt.group(0), 1)
    text = text.replace(
        f"  - id: {renamed}\n", f"  - id: {renamed}-v2\n    renamed_from: {renamed}\n", 1
    )
    bank.write_text(text.rstrip("\n") + "\n" + added, encoding="utf-8")
    edited = subprocess.run(
        [LESSONQUIZ, "validate", "--strict"], cwd=root, capture_output=True, text=True
    )
    lines = edited.stdout.splitlines()[:-1]  # before regen, the one thing to do is regen
    assert any("run make regen" in line for line in lines), edited.stdout
    assert all(
        "run make regen" in line or " note: the article's text is not at" in line for line in lines
    ), edited.stdout
    types = {m for m in re.findall(r"^    type: (\w+)$", added, re.M)}
    assert types == {
        "single", "multiple", "true_false", "numeric", "text", "order", "match", "written"
    }

    # 4. the next lesson, scaffolded
    number = len(re.findall(r"^  - file: ", (root / "lessons" / "index.yaml").read_text(), re.M))
    name = f"{number:02d}-sanctions"
    sh(LESSONQUIZ, "new", "lesson", name, "--title", "Sanctions and trade", cwd=root)
    # 5. regenerate what changed (what `make regen` runs), then the tests, all green
    regen = sh(sys.executable, "-m", "lessonquiz.lesson.regen", cwd=root)
    assert "02-economics.ipynb" in regen and f"{name}.ipynb" in regen
    assert "00-orientation.ipynb" not in regen  # unchanged lessons are not re-executed
    unit = sh(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "tests",
       "--ignore=tests/browser", "--ignore=tests/instructor", cwd=root)  # fmt: skip
    print(unit.strip().splitlines()[-1])
    assert int(re.findall(r"(\d+) passed", unit)[-1]) > 100 and "failed" not in unit
    nbval = sh(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
       "--nbval-current-env", "--nbval-sanitize-with=lessons/nbval_sanitize.cfg",
       "--nbval-cell-timeout=120", "--nbval-kernel-startup-timeout=120", "lessons",
       cwd=root)  # fmt: skip
    print(nbval.strip().splitlines()[-1], regen.strip().splitlines()[0])
    assert f"lessons/{name}.ipynb" in nbval or int(re.findall(r"(\d+) passed", nbval)[-1]) > 40
    out = sh(LESSONQUIZ, "validate", "--strict", "--db", str(db), cwd=root)
    assert " 0 errors" in out.splitlines()[-1], out
    assert f"{db}: 0 saved answers would start fresh" in out, out
    assert python_files(root) == before, "a Python file changed"

    # 6. the student's answers survived the typo fix and the rename
    student_answers(
        root,
        db,
        f"""
from lessonquiz import Quiz, load_bank
quiz = Quiz(load_bank("../quizzes/02-economics.yaml"), student="ana")
for qid in ({typo!r}, {renamed + "-v2"!r}):
    view = quiz.view(qid)
    assert view.attempts == 1 and view.result is not None and view.result.correct, qid
""",
    )
