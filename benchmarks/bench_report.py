"""The class report over 100,000 attempts against the bare SQL aggregate on the same store.

``build_report`` (what ``lessonquiz report`` runs) computes facility, discrimination,
most-chosen wrong answers, median attempts to right and per-student scores; the baseline is
the cheapest useful query, ``GROUP BY question: count, count distinct student, avg
correct``, over the attempts table. Target: the report takes at most 1.5 times the baseline.
Both read the same SQLite file through a fresh read-only connection; each is the median of
several runs, interleaved so that machine noise hits both alike.

The report reads the summaries the store keeps up to date on every write, so the price moves
to the write side; the second table shows it: recording attempts one transaction each (as a
student's Check does) through ``ProgressStore.record``, whose trigger updates the summaries,
against a bare one-row INSERT into an attempts table with the same index and no summaries, on
the same machine in the same run.
"""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import tempfile
from pathlib import Path

from timing import timed

from lessonquiz.report import build_report
from lessonquiz.store import Attempt, ProgressStore

STUDENTS, QUESTIONS, TRIES = 200, 50, 10  # 100,000 attempts
RUNS = 9
TARGET = 1.5

BARE_SQL = """SELECT bank_id, question_id, COUNT(*), COUNT(DISTINCT student), AVG(correct)
                FROM attempts GROUP BY bank_id, question_id"""


def generate(path: Path, seed: int = 1) -> int:
    """Fill a new store at ``path`` with STUDENTS x QUESTIONS x TRIES attempts."""
    rng = random.Random(seed)
    attempts = []
    for s in range(STUDENTS):
        ability = rng.random()
        for q in range(QUESTIONS):
            kind = q % 3
            for t in range(TRIES):
                right = rng.random() < 0.25 + 0.5 * ability + 0.05 * t
                if kind == 0:
                    response: object = "right" if right else f"wrong {rng.randint(1, 4)}"
                elif kind == 1:
                    response = ["a", "b"] if right else sorted(rng.sample("abcde", 2))
                else:
                    response = {"x": "1", "y": "2"} if right else {"x": "2", "y": "2"}
                score = 1.0 if right else rng.choice([0.0, 0.5])
                stamp = f"2024-01-01T00:{t:02d}:00+00:00"
                attempts.append(
                    Attempt(
                        f"student-{s:03d}",
                        "bench",
                        f"q-{q:02d}",
                        "h",
                        response,
                        score,
                        right,
                        stamp,
                    )
                )
    with ProgressStore(path) as store:  # the same statements as a student's Check
        store.record_many(attempts)
    return len(attempts)


WRITES = 500


def write_costs(folder: Path) -> dict[str, float]:
    """Median seconds per attempt recorded in its own transaction, summaries against none."""
    attempt = Attempt("s", "bench", "q", "h", ["a", "b"], 0.5, False, "2024-01-01T00:00:00Z")
    store = ProgressStore(folder / "write.sqlite")
    bare_conn = sqlite3.connect(folder / "write-bare.sqlite", isolation_level=None)
    bare_conn.execute("PRAGMA journal_mode = WAL")
    bare_conn.execute(f"CREATE TABLE attempts (id INTEGER PRIMARY KEY, {_BARE_COLUMNS})")
    bare_conn.execute(  # the store's own index, so the ratio is the price of the summaries
        "CREATE INDEX covering ON attempts (student, bank_id, question_id, id, correct, score)"
    )
    row = ("s", "bench", "q", "h", '["a", "b"]', 0.5, 0, "2024-01-01T00:00:00Z")

    def bare_insert() -> None:
        bare_conn.execute("BEGIN IMMEDIATE")
        bare_conn.execute("INSERT INTO attempts VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?)", row)
        bare_conn.execute("COMMIT")

    times: dict[str, list[float]] = {"bare INSERT": [], "ProgressStore.record": []}
    for _ in range(WRITES):
        times["bare INSERT"].append(timed(bare_insert))
        times["ProgressStore.record"].append(timed(lambda: store.record(attempt)))
    store.close()
    bare_conn.close()
    return {name: statistics.median(samples) for name, samples in times.items()}


_BARE_COLUMNS = (
    "student TEXT, bank_id TEXT, question_id TEXT, question_hash TEXT, response TEXT, "
    "score REAL, correct INTEGER, created_at TEXT"
)


def bare(path: Path) -> None:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        conn.execute(BARE_SQL).fetchall()
    finally:
        conn.close()


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
        writes = write_costs(Path(folder))
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
    print(f"\nThe write side: one attempt per transaction, median of {WRITES} (information)\n")
    print("| name | median ms | ratio |")
    print("| --- | ---: | ---: |")
    for name, seconds in writes.items():
        print(f"| {name} | {seconds * 1000:.3f} | {seconds / writes['bare INSERT']:.2f} |")
    print(
        "\n" + json.dumps({"ratio": round(statistics.median(times["lessonquiz report"]) / base, 3)})
    )


if __name__ == "__main__":
    main()
