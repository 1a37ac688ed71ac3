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

The third table is the same comparison on a simulated class over the shipped banks, where the
report knows each bank's file and so, since issue #12, matches every saved answer to the bank
as it is now (``report.current``): the bare aggregate against the report without the bank
files, with them (the usual case: every answer counts where it was saved, the summaries
stand), and with one bank edited (a question renamed: that bank is re-tallied from its
history; for information). Same target: at most 1.5 times the bare aggregate.

The fourth table is the HTML page (``--format html``, charts included) against the plain table
report, on one store of at least 100,000 attempts by a simulated class over the shipped banks
(``simulate_fast`` of tests/simclass.py: the attempts the quiz saves, without going through the
widget, which would take minutes at this size), each run as the instructor runs it: the
``lessonquiz report`` command, start to finish, in a fresh process (Python's start, imports,
loading the bank files, the read, the charts, writing the page). Target: at most 3 times the
table, and under 2 s. The same two in one process (no start-up, no bank loading) follow for
information.
"""

from __future__ import annotations

import json
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from timing import timed

from lessonquiz.report import as_table, build_report
from lessonquiz.store import Attempt, ProgressStore

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.simclass: the simulated class the report tests use
from tests.simclass import QUIZZES, record, shipped_banks, simulate_fast  # noqa: E402

HTML_ATTEMPTS = 100_000
HTML_RUNS = 5
HTML_TARGET = 3.0

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


CPU: dict[str, list[float]] = {}
"""CPU seconds (user + system) of each command run, by case: on a loaded machine the wall
time waits for other processes too; the CPU time is what the command itself costs."""


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _command(*args: str) -> None:
    subprocess.run(
        [str(Path(sys.executable).parent / "lessonquiz"), "report", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
    )


def html_against_table(folder: Path) -> None:
    """Print the HTML page's time against the table report's on one big simulated class."""
    banks = shipped_banks()
    # the fast path: the quiz's own class of 30 takes seconds, this one would take minutes
    # through the widget; tests/test_simclass.py checks both give the same attempts
    per_student = len(simulate_fast(banks, students=30)) / 30
    students = int(HTML_ATTEMPTS / per_student * 1.03) + 1
    attempts = simulate_fast(banks, students=students)  # saved as the quiz saves them (#12)
    assert len(attempts) >= HTML_ATTEMPTS, len(attempts)
    path = record(folder / "class.sqlite", attempts)
    with_bank_files(path, banks, folder, len(attempts))
    page = folder / "report.html"
    common = ["--db", str(path), "--banks", str(QUIZZES)]
    cases = {
        "lessonquiz report (table)": lambda: _command(*common),
        "lessonquiz report --format html -o": lambda: _command(
            *common, "--format", "html", "-o", str(page), "--force"
        ),
    }
    in_process = {
        "build_report + as_table": lambda: as_table(build_report(path, banks=banks)),
        "build_report(days) + as_html": lambda: _as_html(
            build_report(path, banks=banks, days=True)
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in [*cases, *in_process]}
    for action in [*cases.values(), *in_process.values()]:
        action()  # warm the page cache (and the bytecode of pygal, which the page imports)
    for _ in range(HTML_RUNS):
        for name, action in [*cases.items(), *in_process.items()]:
            before = _cpu_children()
            times[name].append(timed(action))
            CPU.setdefault(name, []).append(_cpu_children() - before)
    medians = {name: statistics.median(samples) for name, samples in times.items()}
    base = medians["lessonquiz report (table)"]
    print(
        f"\nHTML page against the table: {len(attempts):,} attempts, {students} simulated "
        f"students, {len(banks)} shipped banks, page {page.stat().st_size / 1e6:.1f} MB; "
        f"median of {HTML_RUNS} runs\n"
    )
    cpu = {name: statistics.median(CPU[name]) for name in cases}
    cpu_base = cpu["lessonquiz report (table)"]
    print("| name | median s | ratio | CPU s | CPU ratio | target |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in cases:
        target = f"<= {HTML_TARGET} and < 2 s" if "html" in name else ""
        print(
            f"| {name} | {medians[name]:.3f} | {medians[name] / base:.2f} | {cpu[name]:.3f} | "
            f"{cpu[name] / cpu_base:.2f} | {target} |"
        )
    inner = medians["build_report + as_table"]
    for name in in_process:
        print(f"| {name} (in process) | {medians[name]:.3f} | {medians[name] / inner:.2f} | | | |")
    print(
        json.dumps({"html_ratio": round(medians["lessonquiz report --format html -o"] / base, 3)})
    )


def with_bank_files(path: Path, banks: dict[str, Any], folder: Path, attempts: int) -> None:
    """Print the report with and without the bank files against the bare SQL aggregate."""
    edited = renamed_bank(banks, folder)
    cases = {
        "bare SQL aggregate": lambda: bare(path),
        "build_report, no bank files": lambda: build_report(path),
        "build_report, bank files known": lambda: build_report(path, banks=banks),
        "build_report, one bank edited": lambda: build_report(path, banks=edited),
    }
    report = build_report(path, banks=edited)
    assert not report.earlier_versions and any(q.question == "renamed" for q in report.questions)
    wall: dict[str, list[float]] = {name: [] for name in cases}
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    for action in cases.values():
        action()  # warm the page cache
    for _ in range(RUNS):
        for name, action in cases.items():
            before = time.process_time()
            wall[name].append(timed(action))
            cpu[name].append(time.process_time() - before)
    base = statistics.median(wall["bare SQL aggregate"])
    cpu_base = statistics.median(cpu["bare SQL aggregate"])
    print(
        f"\nThe report knowing the bank files (issue #12): {attempts:,} attempts by a simulated "
        f"class over {len(banks)} shipped banks, median of {RUNS} runs\n"
    )
    print("| name | median s | ratio | CPU s | CPU ratio | target |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in cases:
        median, median_cpu = statistics.median(wall[name]), statistics.median(cpu[name])
        target = f"<= {TARGET}" if name.endswith("known") else ""
        print(
            f"| {name} | {median:.4f} | {median / base:.2f} | {median_cpu:.4f} | "
            f"{median_cpu / cpu_base:.2f} | {target} |"
        )
    known = statistics.median(wall["build_report, bank files known"])
    print(json.dumps({"bank_files_ratio": round(known / base, 3)}))


def renamed_bank(banks: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The banks with one question of the first renamed (``renamed_from``), so the report
    re-tallies that bank from its history."""
    from lessonquiz.bank.loader import load_bank

    source = sorted(QUIZZES.glob("*.yaml"))[0]
    text = source.read_text(encoding="utf-8")
    first = load_bank(source).questions[0].id
    old = f"  - id: {first}\n"
    assert text.count(old) == 1, old
    copy = folder / source.name
    copy.write_text(
        text.replace(old, f"  - id: renamed\n    renamed_from: [{first}]\n"), encoding="utf-8"
    )
    bank = load_bank(copy)
    return {**banks, bank.id: bank}


def _as_html(report: object) -> str:
    from lessonquiz.report.html import as_html

    return as_html(report)  # type: ignore[arg-type]


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
    with tempfile.TemporaryDirectory() as folder:
        html_against_table(Path(folder))


if __name__ == "__main__":
    main()
