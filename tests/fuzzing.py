"""A small fuzzing harness shared by the fuzz tests (and ``make fuzz``, which runs them longer).

Three pieces, each usable on its own by any command's fuzz test (the GIFT importer's can
plug in its own seeds and snippets):

- ``mutated(seeds, snippets)``: a hypothesis strategy of inputs made by applying 1-4 edits
  (byte flips, truncation, deleted/duplicated lines, shifted indentation, inserted snippets,
  long repeats) to one of the seed texts;
- ``cli_outcome(argv)``: run ``lessonquiz`` in-process through click's CliRunner, as the
  console script would, measuring the wall time and the peak of Python allocations;
- ``assert_robust(outcome)``: the rule every input must keep: exit 0 or 1, no traceback,
  time and memory under the bounds.

``FUZZ`` settings: a few dozen derandomized examples per test in the unit suite; ``make fuzz``
sets ``LESSONQUIZ_FUZZ_EXAMPLES`` (thousands, random) and prints hypothesis's statistics.
"""

from __future__ import annotations

import os
import time
import tracemalloc
from dataclasses import dataclass

from click.testing import CliRunner
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from lessonquiz.cli import main

_LONG = os.environ.get("LESSONQUIZ_FUZZ_EXAMPLES")
FUZZ = settings(
    max_examples=int(_LONG) if _LONG else 40,
    derandomize=not _LONG,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""Settings for every fuzz test: bounded in the unit suite, long under ``make fuzz``."""

MAX_SECONDS = 10.0
"""Wall time any one input may take (the review's rule was 5 s on the real console script;
in-process with tracemalloc on a shared 2-core machine needs more slack)."""
MAX_PEAK_BYTES = 300 * 1024 * 1024
"""Peak Python allocations any one input may cause."""

YAML_SNIPPETS = [
    ": ", "- ", "\t", "  ", "[", "]", "{", "}", ",", "*a", "&a ", "? ", "|\n", ">\n", "'", '"',
    "#", "\n", "\r\n", "\r", "\x85", "\u2028", "<<: {x: 1}", "!!python/object/apply:os.system",
    "!!binary aGk=", "!!set {a}", "!custom x", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n",
    "---\n", "...\n", "\x00", "\ufeff", "\u202e", "\u200b", "\x1b[2J", "\x1b]52;c;SGk=\x07",
    "\ud7ff", "\ufffe", "1e5", "1.0e+999", "-.inf", ".nan", "0x1F", "0o17", "1_000",
    "9" * 4301, "~", "null", "true", "No", "=", "2025-06-17", "[]", "{}", "[[[[[[[[",
    "id: []", "type: [x]", "objective: {}", "questions: 1", "choices: x", "correct: maybe",
    "tolerance: -1", "answer: 1e999", "paragraph: 99", "data: nowhere", "schema_version: 2",
]  # fmt: skip
"""Pieces of YAML and text that have broken YAML readers before."""


@dataclass(frozen=True)
class Outcome:
    """What one run of the CLI did."""

    code: int
    output: str
    exception: BaseException | None
    seconds: float
    peak_bytes: int


def cli_outcome(argv: list[str], *, measure_memory: bool = True) -> Outcome:
    """Run ``lessonquiz ARGV`` in-process (click standalone mode, as the console script)."""
    if measure_memory:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        result = CliRunner().invoke(main, argv)
    finally:
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] if measure_memory else 0
        if measure_memory:
            tracemalloc.stop()
    exception = None if isinstance(result.exception, SystemExit) else result.exception
    return Outcome(result.exit_code, result.output, exception, seconds, peak)


def assert_robust(outcome: Outcome, *, codes: tuple[int, ...] = (0, 1)) -> None:
    """Exit 0 or 1, no traceback, bounded time and memory."""
    assert outcome.exception is None, f"raised {outcome.exception!r}"
    assert "Traceback" not in outcome.output
    assert outcome.code in codes, (outcome.code, outcome.output[-500:])
    assert outcome.seconds < MAX_SECONDS, outcome.seconds
    assert outcome.peak_bytes < MAX_PEAK_BYTES, outcome.peak_bytes


_EDITS = ("flip", "truncate", "delete", "duplicate", "indent", "insert", "repeat")


@st.composite
def mutated(
    draw: st.DrawFn,
    seeds: list[bytes],
    snippets: list[str] = YAML_SNIPPETS,
    *,
    max_repeat: int = 2_000,
    max_bytes: int = 6 * 1024 * 1024,
) -> bytes:
    """One of ``seeds`` after 1-4 random edits; ``max_repeat`` bounds the long repeats and
    ``max_bytes`` the result (the default is just past the bank size limit)."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 4))):
        edit = draw(st.sampled_from(_EDITS))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        lines = bytes(data).split(b"\n")
        line = min(at * len(lines) // max(len(data), 1), len(lines) - 1)
        if edit == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif edit == "truncate":
            del data[at:]
        elif edit == "delete":
            del lines[line]
            data = bytearray(b"\n".join(lines))
        elif edit == "duplicate":
            count = draw(st.integers(1, 50))
            end = min(line + draw(st.integers(1, 8)), len(lines))
            lines[line:end] = lines[line:end] * count
            data = bytearray(b"\n".join(lines))
        elif edit == "indent":
            shift = draw(st.sampled_from([b" ", b"  ", b"\t", b""]))
            lines[line] = shift + lines[line].lstrip(b" ") if shift else lines[line][1:]
            data = bytearray(b"\n".join(lines))
        elif edit == "insert":
            data[at:at] = draw(st.sampled_from(snippets)).encode("utf-8", "surrogatepass")
        else:  # a long run of one snippet: sizes, counts and nesting
            piece = draw(st.sampled_from(snippets)).encode("utf-8", "surrogatepass")
            count = min(draw(st.integers(2, max_repeat)), max_bytes // max(len(piece), 1))
            data[at:at] = piece * count
        del data[max_bytes:]
    return bytes(data)


def junk(texts: list[str]) -> st.SearchStrategy[object]:
    """Anything a cell or a front-end could hand ``grade``: nested, huge, non-finite, foreign,
    and near-misses built from the question's own ``texts``."""
    from decimal import Decimal
    from fractions import Fraction

    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=10**300, max_value=10**500),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(st.characters(exclude_categories=()), max_size=50),
        st.text(max_size=20).map(lambda t: t * 200),
        st.binary(max_size=20),
        st.fractions(),
        st.builds(Fraction, st.integers(10**300, 10**400)),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.complex_numbers(),
        st.sampled_from(texts or ["x"]),
        st.sampled_from(["nan", "inf", "1e999", "5,5", "1_0", "５", " 5.5 ", "", "   "]),
        st.sampled_from([Decimal("1e999"), float("-inf"), -0.0, 2**63]),
    )
    keys = st.one_of(st.sampled_from(texts or ["x"]), st.text(max_size=10), st.integers())
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, max_size=6),
            st.tuples(children, children),
            st.dictionaries(keys, children, max_size=6),
            st.frozensets(st.sampled_from(texts or ["x"]), max_size=6),
            st.sets(keys, max_size=6),
        ),
        max_leaves=12,
    )
