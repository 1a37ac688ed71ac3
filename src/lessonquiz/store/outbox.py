"""The kernel's side on JupyterHub: the local store as an outbox to the lessonquiz service.

Why an outbox: a Check must never wait on, or be lost to, a service or database that is down.
Each attempt is written to the student's own SQLite store first (with an attempt id made
there, at Check), queued in the ``outbox`` table in the same transaction, then posted in
batches. An answer leaves the outbox only when the service has acknowledged it (stored, a
duplicate of one stored before, or refused for good), so a retry after a lost reply is
stored once. A daemon thread retries every ``RETRY_SECONDS`` while answers wait, and
``pending_message()`` gives the words the quiz shows meanwhile.

Restore reads the student's history from the service (the service's grades), plus what still
waits here; with the service out of reach it falls back to the local store.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
import uuid
from dataclasses import replace
from typing import Any

from lessonquiz.store.client import ServiceClient, ServiceError
from lessonquiz.store.sqlite import Attempt, ProgressStore, current_student, encode_response

BATCH = 50
RETRY_SECONDS = 15.0
CHECK_TIMEOUT = 3.0
"""How long a Check may wait for the service before its answer waits in the outbox."""

_OUTBOX = """CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY, attempt_uid TEXT NOT NULL UNIQUE, body TEXT NOT NULL)"""


class HubStore(ProgressStore):
    """A ``ProgressStore`` whose attempts also go to the hub service (see the module text)."""

    def __init__(
        self,
        path: Any = None,
        client: ServiceClient | None = None,
        retry_seconds: float = RETRY_SECONDS,
    ) -> None:
        super().__init__(path)
        self.client = client or ServiceClient(timeout=CHECK_TIMEOUT)
        self.student = os.environ.get("JUPYTERHUB_USER", "").strip() or current_student()
        self.last_error = ""
        self.rejected: list[dict[str, Any]] = []
        self.restored_from = ""
        self._lock = threading.RLock()
        self._wake = threading.Event()
        self._retry_seconds = retry_seconds
        self._sender: threading.Thread | None = None
        self._failed_at = -1e9
        self.on_sent: Any = None
        """Called with no argument from the sender thread after it sent waiting answers, so
        a quiz can take down its "answers wait to be sent" line without another Check."""

    # -- writing -------------------------------------------------------------------------------

    def record_many(self, attempts: Any) -> None:
        """Keep the attempts here (and queued), then try to send everything waiting."""
        stamped = [
            replace(a, uid=a.uid or uuid.uuid4().hex, student=self.student) for a in attempts
        ]
        with self._lock:
            super().record_many(stamped)
        if time.monotonic() - self._failed_at > self._retry_seconds:
            self.flush()
        else:  # failed a moment ago: do not make this Check wait on it again
            self._start_sender()

    def _in_same_transaction(self, conn: sqlite3.Connection, attempts: list[Attempt]) -> None:
        conn.execute(_OUTBOX)
        conn.executemany(
            "INSERT OR IGNORE INTO outbox (attempt_uid, body) VALUES (?, ?)",
            [(a.uid, json.dumps(_payload(a), ensure_ascii=False)) for a in attempts],
        )

    def flush(self) -> int:
        """Send what waits, in batches; the number still waiting (0 when all went)."""
        with self._lock:
            try:
                while True:
                    batch = self._waiting(BATCH)
                    if not batch:
                        self.last_error = ""
                        self._failed_at = -1e9
                        return 0
                    answer = self.client.post_attempts([json.loads(body) for _, body in batch])
                    done = set(answer.get("stored", ())) | set(answer.get("duplicate", ()))
                    for item in answer.get("rejected", ()):
                        self.rejected.append(item)
                        done.add(item.get("uid"))
                    self._forget([uid for uid, _ in batch if uid in done])
                    if not done:  # nothing acknowledged: do not loop forever
                        raise ServiceError("the service acknowledged none of the answers")
            except ServiceError as exc:
                self.last_error = str(exc)
                self._failed_at = time.monotonic()
            except (sqlite3.Error, OSError) as exc:
                self.last_error = f"local store: {exc}"
            waiting = self.waiting()
        if waiting:
            self._start_sender()
        return waiting

    def waiting(self) -> int:
        """How many answers wait to be sent."""
        with self._lock:
            try:
                conn = self._connect()
                conn.execute(_OUTBOX)
                return int(conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])
            except sqlite3.Error:
                return 0

    def pending_message(self) -> str:
        count = self.waiting()
        if not count:
            return ""
        answers = "1 answer waits" if count == 1 else f"{count} answers wait"
        return (
            f"{answers} to be sent to the class record; they are kept here and sent "
            "as soon as the service answers again"
        )

    def _waiting(self, limit: int) -> list[tuple[str, str]]:
        conn = self._connect()
        conn.execute(_OUTBOX)
        rows = conn.execute("SELECT attempt_uid, body FROM outbox ORDER BY seq LIMIT ?", (limit,))
        return [(str(uid), str(body)) for uid, body in rows]

    def _forget(self, uids: list[str]) -> None:
        if uids:
            conn = self._connect()
            conn.executemany("DELETE FROM outbox WHERE attempt_uid = ?", [(u,) for u in uids])

    def _start_sender(self) -> None:
        self._wake.set()
        if self._sender is not None and self._sender.is_alive():
            return
        self._sender = threading.Thread(
            target=self._send_later, name="lessonquiz-outbox", daemon=True
        )
        self._sender.start()

    def _send_later(self) -> None:
        while True:
            self._wake.clear()
            self._wake.wait(self._retry_seconds)
            if self._conn is None:
                return
            before = self.waiting()
            left = self.flush_quietly()
            if left < before and self.on_sent is not None:
                with contextlib.suppress(Exception):  # a display callback must not stop it
                    self.on_sent()
            if left == 0:
                return

    def flush_quietly(self) -> int:
        """``flush`` from the sender thread, which must never die of an error."""
        try:
            with self._lock:
                if self._conn is None:
                    return 0
            return self.flush()
        except Exception:  # keep trying later
            return 1

    # -- reading -------------------------------------------------------------------------------

    def attempts(self, *, bank_id: str | None = None, student: str | None = None) -> list[Attempt]:
        """This student's attempts: the service's record plus what still waits here; the
        local store alone when the service cannot be reached. ``student`` is ignored: on a
        hub nobody reads anyone else's answers from a kernel."""
        with self._lock:
            local = super().attempts(bank_id=bank_id, student=self.student)
            waiting = [
                attempt_from_service({**json.loads(body), "student": self.student})
                for _, body in self._waiting(10_000)
            ]
        try:
            remote = self.client.attempts(bank_id=bank_id)
        except ServiceError as exc:
            self.last_error = str(exc)
            self.restored_from = "local"
            return local
        self.restored_from = "service"
        served = [attempt_from_service(item) for item in remote]
        return served + [a for a in waiting if bank_id in (None, a.bank_id)]

    def close(self) -> None:
        with self._lock:
            super().close()
        self._wake.set()


def _payload(attempt: Attempt) -> dict[str, Any]:
    return {
        "uid": attempt.uid,
        "bank_id": attempt.bank_id,
        "question_id": attempt.question_id,
        "question_hash": attempt.question_hash,
        "response": json.loads(encode_response(attempt.response)),
        "score": attempt.score,
        "correct": attempt.correct,
        "created_at": attempt.created_at,
        "hints_used": attempt.hints_used,  # issue 15; an older service ignores it
    }


def attempt_from_service(item: dict[str, Any]) -> Attempt:
    """An attempt as the service's ``api/attempts`` gives it (or as it waits in the outbox).
    ``hints_used`` is absent from an older service's answer: not recorded."""
    hints = item.get("hints_used")
    return Attempt(
        student=str(item["student"]),
        bank_id=str(item["bank_id"]),
        question_id=str(item["question_id"]),
        question_hash=str(item["question_hash"]),
        response=item["response"],
        score=float(item["score"]),
        correct=bool(item["correct"]),
        created_at=str(item["created_at"]),
        hints_used=hints if isinstance(hints, int) and not isinstance(hints, bool) else None,
    )
