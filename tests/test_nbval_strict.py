"""nbval really compares: an altered stored output in a copy of a lesson makes it fail.

One lesson is copied with data/ and quizzes/ into a temporary tree (the lesson reads ``../data``
and finds its bank in ``../quizzes``), next to a second copy with one stored output changed.
Strict nbval runs on both in a subprocess: the copy as committed passes, the altered one fails
and the report shows the change.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbval.plugin import get_sanitize_patterns

ROOT = Path(__file__).resolve().parents[1]
SANITIZE = ROOT / "lessons" / "nbval_sanitize.cfg"
LESSON = "00-orientation.ipynb"
ORIGINAL = "Largest by area: Kazakhstan"
ALTERED = "Largest by area: Uzbekistan"

pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("strict")
    (base / "lessons").mkdir()
    shutil.copy(ROOT / "lessons" / LESSON, base / "lessons" / LESSON)
    shutil.copytree(ROOT / "data", base / "data")
    shutil.copytree(ROOT / "quizzes", base / "quizzes")
    (base / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")  # no project config here
    return base


def run_nbval(notebook: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, LESSONQUIZ_DB=str(cwd / "progress.sqlite"), LESSONQUIZ_STUDENT="nbval")
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "--nbval", "--nbval-current-env", f"--nbval-sanitize-with={SANITIZE}",
        "--nbval-cell-timeout=120", "--nbval-kernel-startup-timeout=120",
        str(notebook),
    ]  # fmt: skip
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=540)


def test_sanitize_file_rules_all_parse():
    text = SANITIZE.read_text(encoding="utf-8")
    written = [line for line in text.splitlines() if line.startswith("regex:")]
    assert written and len(get_sanitize_patterns(text)) == len(written)


def test_altered_output_fails_and_the_committed_copy_passes(tree):
    lesson = tree / "lessons" / LESSON
    notebook = nbformat.read(lesson, as_version=4)
    changed = 0
    for cell in notebook.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream" and ORIGINAL in out.text:
                out.text = out.text.replace(ORIGINAL, ALTERED)
                changed += 1
    assert changed == 1, f"expected one stored output containing {ORIGINAL!r}"
    altered = tree / "lessons" / "altered.ipynb"
    nbformat.write(notebook, altered)

    result = run_nbval(tree / "lessons", tree)  # both notebooks in one run: one kernel start each
    report = result.stdout
    assert result.returncode == 1, report[-3000:] + result.stderr[-2000:]
    failed = [line for line in report.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and "altered.ipynb" in failed[0], report[-3000:]
    assert "Cell outputs differ" in report
    assert "by area: Uzbekistan" in report and "by area: Kazakhstan" in report
