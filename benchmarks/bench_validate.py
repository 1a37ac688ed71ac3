"""`lessonquiz validate` against the number of problems and the size of the file (issue #16).

1. One question with N unknown keys (1k, 10k, 40k): problems located and listed per mapping.
   Target: time(40k) / time(10k) <= 5 (linear is 4; the review measured 16 before the fix).
2. Clean banks of growing size up to the 5 MB limit: time, and the peak of Python
   allocations (tracemalloc) while validating. Target at 5 MB: peak <= 10 x the file's size.
   The max RSS of the real console script in a fresh process is shown beside it (it includes
   the interpreter and its imports, about 45 MB before any bank is read).

Runs `validate` through the CLI entry point in-process (click's CliRunner) for times and
peaks, so interpreter start-up is not counted; medians of a few runs. Wall time is what the
instructor waits; CPU time (of this process) is shown beside it because a shared machine's
load moves wall time by several times between runs. Prints Markdown tables; nothing here
fails the build.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench_core import question
from click.testing import CliRunner
from timing import median_seconds

from lessonquiz.cli import main
from lessonquiz.limits import MAX_BANK_BYTES

REPEATS = 3
KEY_COUNTS = (1_000, 10_000, 40_000)
SIZES_MB = (1.0, 2.5, 5.0)
DATA = Path(__file__).resolve().parents[1] / "data"
HEADER = (
    "schema_version: 1\nid: big\ntitle: Generated\nobjectives:\n"
    "  - id: obj\n    text: Do it.\nquestions:\n"
)


def validate(path: Path) -> int:
    return CliRunner().invoke(main, ["validate", str(path)]).exit_code


def cpu_seconds(path: Path) -> float:
    """The median CPU time of this process validating ``path``."""
    runs = []
    for _ in range(REPEATS):
        start = time.process_time()
        validate(path)
        runs.append(time.process_time() - start)
    return statistics.median(runs)


def many_keys(path: Path, count: int) -> None:
    keys = "".join(f"    unknown-key-{i}: 1\n" for i in range(count))
    path.write_text(HEADER + question(0) + keys, encoding="utf-8")


def sized_bank(path: Path, megabytes: float) -> int:
    """A clean bank of about ``megabytes`` (never over the limit); returns its question count."""
    target = min(int(megabytes * 1_000_000), MAX_BANK_BYTES)
    parts, size, i = [HEADER], len(HEADER), 0
    while True:
        text = question(i)
        if size + len(text) > target:
            break
        parts.append(text)
        size += len(text)
        i += 1
    path.write_text("".join(parts), encoding="utf-8")
    return i


def peak_bytes(path: Path) -> int:
    tracemalloc.start()
    try:
        validate(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def console_rss_mb(path: Path) -> float:
    script = Path(sys.executable).with_name("lessonquiz")
    code = (
        "import resource, subprocess, sys; "
        f"subprocess.run([{str(script)!r}, 'validate', {str(path)!r}], capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout) / 1024  # ru_maxrss is in KiB on Linux


def main_() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "data").symlink_to(DATA)  # a course project: the ¶ checks run
        quizzes = root / "quizzes"
        quizzes.mkdir()
        print(f"Validate time against problems in one mapping; median of {REPEATS} runs.\n")
        print("| unknown keys | file KB | exit | wall ms | CPU ms |")
        print("| ---: | ---: | ---: | ---: | ---: |")
        wall: dict[int, float] = {}
        cpu: dict[int, float] = {}
        for count in KEY_COUNTS:
            path = quizzes / f"keys-{count}.yaml"
            many_keys(path, count)
            code = validate(path)
            wall[count] = median_seconds(lambda p=path: validate(p), REPEATS)
            cpu[count] = cpu_seconds(path)
            print(
                f"| {count:,} | {path.stat().st_size / 1024:,.0f} | {code} | "
                f"{wall[count] * 1000:,.0f} | {cpu[count] * 1000:,.0f} |"
            )
        print(
            f"\nratio 40k / 10k: wall **{wall[40_000] / wall[10_000]:.2f}**, CPU "
            f"**{cpu[40_000] / cpu[10_000]:.2f}** (target <= 5; linear is 4)"
        )
        print(f"\nValidate a clean bank against its size; median of {REPEATS} runs.\n")
        print(
            "| size MB | questions | exit | wall ms | CPU ms | peak MB (tracemalloc) "
            "| peak / size | console max RSS MB |"
        )
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for megabytes in SIZES_MB:
            path = quizzes / f"size-{megabytes}.yaml"
            count = sized_bank(path, megabytes)
            size = path.stat().st_size
            code = validate(path)
            seconds = median_seconds(lambda p=path: validate(p), REPEATS)
            cpu_time = cpu_seconds(path)
            peak = peak_bytes(path)
            print(
                f"| {size / 1e6:.2f} | {count:,} | {code} | {seconds * 1000:,.0f} | "
                f"{cpu_time * 1000:,.0f} | {peak / 1e6:.1f} | {peak / size:.1f} | "
                f"{console_rss_mb(path):.0f} |"
            )
        print("\nTarget: peak / size <= 10 for the 5 MB bank.")


if __name__ == "__main__":
    main_()
