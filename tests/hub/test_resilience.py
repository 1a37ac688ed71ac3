"""Nothing acknowledged is lost, nothing is stored twice: the service killed under load, the
database stopped and started again while a kernel's outbox keeps the answers."""

from __future__ import annotations

import os
import signal
import threading
import time

from lessonquiz.store import Attempt, utc_now
from lessonquiz.store.client import ServiceClient
from lessonquiz.store.outbox import HubStore
from tests.hub.answers import BANK, TRUE_FALSE, history, sent
from tests.hub.stack import Stack, call


def _post_until_acknowledged(
    stack: Stack, who: str, count: int, acked: list[str], retries: list[int]
) -> None:
    for _ in range(count):
        one = sent(True)
        while True:  # what a kernel's outbox does: the same attempt id until acknowledged
            try:
                status, answer = call(
                    stack.service_url + "api/attempts",
                    stack.tokens[who],
                    "POST",
                    {"attempts": [one]},
                    timeout=10,
                )
            except OSError:
                status, answer = 0, None
            if status == 200 and one["uid"] in answer["stored"] + answer["duplicate"]:
                acked.append(one["uid"])
                break
            retries[0] += 1
            time.sleep(0.05)


def test_kill_9_of_the_service_under_load_loses_and_doubles_nothing(stack: Stack) -> None:
    before = {uid for _, uid, *_ in history(stack)}
    acked: list[str] = []
    retries = [0]
    workers = [
        threading.Thread(target=_post_until_acknowledged, args=(stack, who, 40, acked, retries))
        for who in ("alice", "bob", "iris")
    ]
    for worker in workers:
        worker.start()
    while len(acked) < 20:
        time.sleep(0.01)
    killed = stack.service_pid()
    os.kill(killed, signal.SIGKILL)
    for worker in workers:
        worker.join(120)
    assert not any(worker.is_alive() for worker in workers)
    assert stack.service_pid() != killed  # the Hub started it again
    assert retries[0] > 0, "the kill did not interrupt anything: the test proved nothing"
    rows = [row for row in history(stack) if row[1] not in before]
    stored = [uid for _, uid, *_ in rows]
    assert len(acked) == 120
    assert set(acked) <= set(stored)  # every acknowledged attempt is there
    assert len(stored) == len(set(stored))  # and none twice


def _attempt(right: bool) -> Attempt:
    return Attempt(
        student="ignored-on-the-hub",
        bank_id=BANK.id,
        question_id=TRUE_FALSE.id,
        question_hash=TRUE_FALSE.content_hash,
        response=TRUE_FALSE.answer if right else not TRUE_FALSE.answer,
        score=1.0 if right else 0.0,
        correct=right,
        created_at=utc_now(),
    )


def test_the_outbox_keeps_answers_while_the_database_is_down_then_drains(
    stack: Stack, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("LESSONQUIZ_URL", stack.service_url)
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    client = ServiceClient(stack.service_url, stack.tokens["alice"], timeout=15)
    store = HubStore(tmp_path / "progress.sqlite", client=client, retry_seconds=0.5)
    stack.pg.stop()
    try:
        store.record_many([_attempt(False), _attempt(True)])
        store.record(_attempt(True))
        assert store.waiting() == 3
        assert store.pending_message().startswith("3 answers wait to be sent")
        assert "503" in store.last_error
        kept = store.attempts(bank_id=BANK.id)  # restore still works, from the local store
        assert [a.correct for a in kept] == [False, True, True]
    finally:
        stack.pg.start()
    deadline = time.monotonic() + 30
    while store.waiting() and time.monotonic() < deadline:
        time.sleep(0.2)  # the outbox's own sender thread retries
    assert store.waiting() == 0 and store.pending_message() == ""
    uids = [uid for uid, _ in _sent_uids(store)]
    assert uids == []
    restored = store.attempts(bank_id=BANK.id)
    assert store.restored_from == "service"
    assert sum(1 for a in restored if a.student == "alice") >= 3
    store.close()


def _sent_uids(store: HubStore) -> list[tuple[str, str]]:
    with store._lock:
        return store._waiting(1000)
