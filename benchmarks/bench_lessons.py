"""How long each lesson takes to run, against an empty notebook (kernel start is the floor).

Each notebook is executed with nbclient exactly as nbval and ``make regen`` do: a fresh
``python3`` kernel started in ``lessons/``, every cell run, the kernel shut down. The time is the
wall time of the whole execution, median of ``--repeat`` runs (default 3). The ratio divides a
lesson's median by the empty notebook's; the target is a ratio of at most 1.5, i.e. a lesson
costs at most half a kernel start on top of the kernel start itself.

Two reference notebooks run alongside: one that only imports pandas, and one that only imports
pandas and matplotlib.pyplot (the first line of every lesson). They are the floor of any lesson
that uses the two libraries the lessons teach with, so the table shows how much of a lesson's
time is theirs.

The progress store is a temporary file, so no real student's progress is touched.

Usage: ``.venv/bin/python benchmarks/bench_lessons.py [--repeat N]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
TARGET = 1.5
IMPORTS = "import pandas as pd\nimport matplotlib.pyplot as plt"
REFERENCES = {
    "(imports pandas only)": "import pandas as pd",
    "(imports pandas and pyplot only)": IMPORTS,
}


def run_once(nb: nbformat.NotebookNode) -> float:
    """Seconds to execute a copy of ``nb`` in a fresh kernel, start and shutdown included."""
    copy = nbformat.from_dict(nb)
    client = NotebookClient(
        copy, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(LESSONS)}}
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def median_time(nb: nbformat.NotebookNode, repeat: int) -> float:
    return statistics.median(run_once(nb) for _ in range(repeat))


def code_notebook(source: str) -> nbformat.NotebookNode:
    """A one-cell notebook running ``source``."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per notebook (median taken)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="lessonquiz-bench-") as store:
        os.environ["LESSONQUIZ_DB"] = str(Path(store) / "progress.sqlite")
        os.environ["LESSONQUIZ_STUDENT"] = "bench"
        run_once(code_notebook(IMPORTS))  # warm-up: disk caches, matplotlib font cache
        floor = median_time(code_notebook(""), args.repeat)
        rows = []
        for name, source in REFERENCES.items():
            seconds = median_time(code_notebook(source), args.repeat)
            rows.append((name, seconds, seconds / floor))
        for path in sorted(LESSONS.glob("[0-9][0-9]-*.ipynb")):
            seconds = median_time(nbformat.read(path, as_version=4), args.repeat)
            rows.append((path.name, seconds, seconds / floor))

    print(f"Lesson execution time (nbclient, median of {args.repeat}; target ratio <= {TARGET})\n")
    print("| notebook | seconds | ratio to empty | within target |")
    print("|---|---:|---:|---|")
    print(f"| (empty notebook) | {floor:.2f} | 1.00 | |")
    for name, seconds, ratio in rows:
        print(f"| {name} | {seconds:.2f} | {ratio:.2f} | {'yes' if ratio <= TARGET else 'no'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
