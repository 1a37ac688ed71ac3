"""Quiet regeneration: re-execute only the lessons whose inputs changed since their outputs.

Why: ``make regen`` used to re-run every notebook, so one edited lesson showed as seven changed
files. Each lesson's inputs (its cell sources, its bank, the files in ``data/``) are hashed;
``lessons/.regen-inputs.json`` records the hash its stored outputs were made from. A lesson
whose hash is unchanged is not executed and its file is not written, so it stays
byte-identical. ``validate`` reads the same record to say which lessons need ``make regen``
after a bank edit (their stored quiz output would no longer match a fresh run).

``python -m lessonquiz.lesson.regen [--all] [--check]``: run from the project folder (``make
regen`` does); ``--all`` re-executes every lesson (after a change to lessonquiz's own code),
``--check`` only lists the stale lessons (exit 1 when there are some).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

RECORD = ".regen-inputs.json"
"""In ``lessons/``: lesson file name -> the inputs hash its stored outputs come from."""
HUB_VARIABLES = ("LESSONQUIZ_URL", "JUPYTERHUB_USER")
"""Left out of the lessons' environment: with them the student would be the Hub user."""


def inputs_hash(root: Path, notebook: Path) -> str:
    """A hash of what the lesson's outputs depend on: cell sources, its bank, ``data/``."""
    digest = hashlib.sha256()
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        text = cell.get("source", "")
        text = "".join(text) if isinstance(text, list) else str(text)
        digest.update(f"{cell.get('cell_type')}\0{text}\0".encode())
    bank = root / "quizzes" / f"{notebook.stem}.yaml"
    digest.update(bank.read_bytes() if bank.is_file() else b"no bank")
    data = root / "data"
    for path in sorted(p for p in data.rglob("*") if p.is_file()) if data.is_dir() else []:
        digest.update(str(path.relative_to(data)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:20]


def record(root: Path) -> dict[str, str]:
    path = root / "lessons" / RECORD
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def write_record(root: Path, hashes: dict[str, str]) -> None:
    text = json.dumps(dict(sorted(hashes.items())), indent=2) + "\n"
    path = root / "lessons" / RECORD
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def lessons(root: Path) -> list[Path]:
    return sorted((root / "lessons").glob("[0-9][0-9]-*.ipynb"))


def stale(root: Path) -> list[Path]:
    """The lessons whose stored outputs were not made from their current inputs."""
    known = record(root)
    return [nb for nb in lessons(root) if known.get(nb.name) != inputs_hash(root, nb)]


def execute(root: Path, notebooks: list[Path], python: str = sys.executable) -> None:
    """Execute ``notebooks`` in place with a fresh progress store, then clean them."""
    with tempfile.TemporaryDirectory(prefix="lessonquiz-regen-") as store:
        # The student is always "nbval", whose shuffles the stored outputs show: a hub's
        # LESSONQUIZ_URL would make the Hub user the student (and send the answers there).
        env = {k: v for k, v in os.environ.items() if k not in HUB_VARIABLES}
        env |= {
            "LESSONQUIZ_DB": str(Path(store) / "progress.sqlite"),
            "LESSONQUIZ_STUDENT": "nbval",
        }
        subprocess.run(
            [
                python, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--inplace", "--ExecutePreprocessor.timeout=120",
                "--ExecutePreprocessor.kernel_name=python3", *map(str, notebooks),
            ],
            check=True, env=env, cwd=root, timeout=900,
        )  # fmt: skip
    subprocess.run(
        [python, str(root / "tools" / "clean_notebooks.py"), *map(str, notebooks)],
        check=True,
        cwd=root,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lessonquiz.lesson.regen")
    parser.add_argument("--all", action="store_true", help="re-execute every lesson")
    parser.add_argument("--check", action="store_true", help="only list the stale lessons")
    args = parser.parse_args(argv)
    root = Path.cwd()
    todo = lessons(root) if args.all else stale(root)
    if args.check:
        for notebook in todo:
            print(f"stale: {notebook.relative_to(root)}")
        return 1 if todo else 0
    if not todo:
        print("every lesson's outputs are up to date; nothing re-executed (--all to force)")
        return 0
    print("re-executing: " + ", ".join(nb.name for nb in todo))
    execute(root, todo)
    hashes: dict[str, Any] = record(root)
    for notebook in todo:
        hashes[notebook.name] = inputs_hash(root, notebook)
    present = {nb.name for nb in lessons(root)}
    write_record(root, {k: v for k, v in hashes.items() if k in present})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
