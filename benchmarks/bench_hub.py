"""A class through the Hub: 200 students x 10 Checks, 16 concurrent clients, via the proxy.

Starts the hub test stack (tests/hub/stack.py: PostgreSQL, JupyterHub + configurable-http-proxy,
the lessonquiz service) on 127.0.0.1, makes the students and their tokens through the Hub's
API, then posts each Check as a kernel's outbox does (one attempt per post, a fresh attempt id,
the student's own token). Prints a table: Checks/s, p50 and p99 of each post, attempts lost
(acknowledged but not in PostgreSQL) and misattributed (stored under another name), for

- cold tokens: every student's first Check (the service has not seen the token: it asks the Hub);
- warm tokens: the other 9 Checks (the service's cache answers);
- all 2,000 Checks;
- warm tokens straight to the service's port, skipping the proxy (3 more Checks each);
- bare inserts: the same 2,000 rows straight into the same PostgreSQL (same transaction shape:
  per-student advisory lock + insert, 16 threads), the floor under the service.

The load client runs on the same machine as everything it measures, as the issue asks. Run:
``make bench-hub`` (or ``.venv/bin/python benchmarks/bench_hub.py [--students N]``).
"""

from __future__ import annotations

import argparse
import http.client
import json
import queue
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from tests.hub.answers import sent  # noqa: E402
from tests.hub.stack import Stack  # noqa: E402

CLIENTS = 16


def _in_threads(target: Any) -> float:
    """Run ``target`` in CLIENTS threads at once; the seconds until the last one ends."""
    threads = [threading.Thread(target=target) for _ in range(CLIENTS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began


def _post_all(stack: Stack, jobs: list[tuple[str, str]], tokens: dict[str, str],
              acked: dict[str, str], port: int | None = None) -> tuple[float, list[float], int]:
    """Post every (student, uid) job from CLIENTS threads; (seconds, latencies, failures)."""
    work: queue.Queue[tuple[str, str]] = queue.Queue()
    for job in jobs:
        work.put(job)
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    path = "/services/lessonquiz/api/attempts"
    port = port or stack.proxy_port

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            try:
                student, uid = work.get_nowait()
            except queue.Empty:
                conn.close()
                return
            body = json.dumps({"attempts": [{**sent(True, uid=uid), "hints_used": 0}]})
            headers = {"Authorization": f"token {tokens[student]}",
                       "Content-Type": "application/json"}
            started = time.perf_counter()
            try:
                conn.request("POST", path, body, headers)
                answer = conn.getresponse()
                data = answer.read()
                ok = answer.status == 200 and uid in json.loads(data)["stored"]
            except (OSError, http.client.HTTPException, ValueError):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
            spent = time.perf_counter() - started
            with lock:
                latencies.append(spent)
                if ok:
                    acked[uid] = student
                else:
                    failures[0] += 1

    return _in_threads(client), latencies, failures[0]


def _bare_inserts(stack: Stack, jobs: list[tuple[str, str]]) -> tuple[float, list[float]]:
    from lessonquiz.store.postgres import INSERT, LOCK_STUDENT

    work: queue.Queue[tuple[str, str]] = queue.Queue()
    for job in jobs:
        work.put(job)
    latencies: list[float] = []
    lock = threading.Lock()

    def writer() -> None:
        with psycopg.connect(stack.db_url(), autocommit=True) as conn:
            while True:
                try:
                    student, uid = work.get_nowait()
                except queue.Empty:
                    return
                started = time.perf_counter()
                with conn.transaction():
                    conn.execute(LOCK_STUDENT, (student,))
                    conn.execute(INSERT, (f"bare-{student}", "orientation", "not-official", "h",
                                          "true", 1.0, 1, "2026-01-01T00:00:00+00:00", uid, 1.0,
                                          0))
                with lock:
                    latencies.append(time.perf_counter() - started)

    return _in_threads(writer), latencies


def _row(name: str, seconds: float, latencies: list[float], lost: Any = "", wrong: Any = "",
         failed: Any = "") -> str:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    rate = len(latencies) / seconds
    return (f"| {name} | {len(latencies)} | {rate:,.0f} | {p50:.1f} | {p99:.1f} | {failed} "
            f"| {lost} | {wrong} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--checks", type=int, default=10)
    args = parser.parse_args()
    stack = Stack()
    try:
        stack.start()
        names = [f"s{i:04d}" for i in range(args.students)]
        stack.hub_api("POST", "/users", {"usernames": names})
        tokens = {
            name: stack.hub_api("POST", f"/users/{name}/tokens",
                                {"scopes": ["access:services!service=lessonquiz"]})["token"]
            for name in names
        }
        jobs = [[(name, uuid.uuid4().hex) for name in names] for _ in range(args.checks)]
        acked: dict[str, str] = {}
        cold = _post_all(stack, jobs[0], tokens, acked)
        warm = _post_all(stack, [job for round_ in jobs[1:] for job in round_], tokens, acked)
        every = [job for round_ in jobs for job in round_]
        direct_jobs = [(name, uuid.uuid4().hex) for _ in range(3) for name in names]
        direct = _post_all(stack, direct_jobs, tokens, acked, port=stack.service_port)
        with psycopg.connect(stack.db_url()) as conn:
            stored = dict(conn.execute(
                "SELECT attempt_uid, student FROM attempts WHERE student LIKE 's%'"
            ).fetchall())
        lost = sum(1 for uid in acked if uid not in stored)
        wrong = sum(1 for uid, student in acked.items() if stored.get(uid, student) != student)
        bare = _bare_inserts(stack, every)
    finally:
        stack.stop()
    total_seconds = cold[0] + warm[0]
    print(f"{args.students} students x {args.checks} Checks, {CLIENTS} concurrent clients, "
          "through configurable-http-proxy; client, Hub, proxy, service and PostgreSQL share "
          "this machine")
    print()
    print("| run | Checks | Checks/s | p50 ms | p99 ms | failed | lost | misattributed |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(_row("cold tokens (first Check each)", cold[0], cold[1], failed=cold[2]))
    print(_row("warm tokens (the other Checks)", warm[0], warm[1], failed=warm[2]))
    print(_row("all Checks", total_seconds, cold[1] + warm[1], lost, wrong, cold[2] + warm[2]))
    print(_row("warm, straight to the service (no proxy)", direct[0], direct[1],
               failed=direct[2]))
    print(_row("bare inserts into the same PostgreSQL", bare[0], bare[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
