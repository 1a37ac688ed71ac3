"""The class report over 100,000 attempts against the bare SQL aggregate on the same store.

``build_report`` (what ``lessonquiz report`` runs) computes facility, discrimination,
most-chosen wrong answers, median attempts to right and per-student scores; the baseline is
the cheapest useful query, ``GROUP BY question: count, count distinct student, avg
correct``. Target: the report takes at most 1.5 times the baseline. Both read the same
SQLite file through a fresh read-only connection; each is the median of several runs,
interleaved so that machine noise hits both alike.
"""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lessonquiz.report import build_report
from lessonquiz.store import ProgressStore, encode_response

STUDENTS, QUESTIONS, TRIES = 200, 50, 10  # 100,000 attempts
RUNS = 9
TARGET = 1.5

BARE_SQL = """SELECT bank_id, question_id, COUNT(*), COUNT(DISTINCT student), AVG(correct)
                FROM attempts GROUP BY bank_id, question_id"""


def generate(path: Path, seed: int = 1) -> int:
    """Fill a new store at ``path`` with STUDENTS x QUESTIONS x TRIES attempts."""
    ProgressStore(path).attempts()  # creates the table and index exactly as the lessons do
    rng = random.Random(seed)
    rows = []
    for s in range(STUDENTS):
        ability = rng.random()
        for q in range(QUESTIONS):
            kind = q % 3
            for t in range(TRIES):
                right = rng.random() < 0.25 + 0.5 * ability + 0.05 * t
                if kind == 0:
                    response = "right" if right else f"wrong {rng.randint(1, 4)}"
                elif kind == 1:
                    response = ["a", "b"] if right else sorted(rng.sample("abcde", 2))
                else:
                    response = {"x": "1", "y": "2"} if right else {"x": "2", "y": "2"}
                score = 1.0 if right else rng.choice([0.0, 0.5])
                stamp = f"2024-01-01T00:{t:02d}:00+00:00"
                rows.append(
                    (
                        f"student-{s:03d}",
                        "bench",
                        f"q-{q:02d}",
                        "h",
                        encode_response(response),
                        score,
                        int(right),
                        stamp,
                    )
                )
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO attempts (student, bank_id, question_id, question_hash, response, "
            "score, correct, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    conn.close()
    return len(rows)


def bare(path: Path) -> None:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        conn.execute(BARE_SQL).fetchall()
    finally:
        conn.close()


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "progress.sqlite"
        n = generate(path)
        report = build_report(path)
        assert len(report.questions) == QUESTIONS and len(report.students) == STUDENTS
        bare(path)  # warm the page cache for both
        times: dict[str, list[float]] = {"bare SQL aggregate": [], "lessonquiz report": []}
        for _ in range(RUNS):
            times["bare SQL aggregate"].append(timed(lambda: bare(path)))
            times["lessonquiz report"].append(timed(lambda: build_report(path)))
    base = statistics.median(times["bare SQL aggregate"])
    print(
        f"{n:,} attempts ({STUDENTS} students x {QUESTIONS} questions x {TRIES}), "
        f"median of {RUNS} runs\n"
    )
    print("| name | median s | ratio | target |")
    print("| --- | ---: | ---: | ---: |")
    for name, samples in times.items():
        median = statistics.median(samples)
        target = f"<= {TARGET}" if name != "bare SQL aggregate" else ""
        print(f"| {name} | {median:.4f} | {median / base:.2f} | {target} |")
    print(
        "\n" + json.dumps({"ratio": round(statistics.median(times["lessonquiz report"]) / base, 3)})
    )


if __name__ == "__main__":
    main()
