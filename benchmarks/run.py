"""Run every benchmarks/bench_*.py in turn; each prints its own table of ratios.

Benchmarks measure, they never fail the build: targets are printed beside the ratios.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    wanted = sys.argv[1:]
    for script in sorted(HERE.glob("bench_*.py")):
        if wanted and script.stem.removeprefix("bench_") not in wanted:
            continue
        print(f"\n## {script.stem}\n", flush=True)
        try:
            runpy.run_path(str(script), run_name="__main__")
        except SystemExit as stop:  # a script's own exit must not end the run
            if stop.code not in (None, 0):
                print(f"({script.name} exited with {stop.code})")


if __name__ == "__main__":
    main()
