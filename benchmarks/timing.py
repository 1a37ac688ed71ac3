"""Timing helpers shared by the benchmark scripts (wall time, medians)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action()`` took."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_seconds(action: Callable[[], object], repeats: int, *, warm_up: bool = False) -> float:
    """The median of ``repeats`` timings of ``action()``, after one untimed call if asked."""
    if warm_up:
        action()
    return statistics.median(timed(action) for _ in range(repeats))
