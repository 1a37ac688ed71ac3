"""The kernel's outbox to the hub service, without a hub: an unreachable service and a fake one."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from lessonquiz.store import (
    Attempt,
    ProgressStore,
    current_student,
    open_progress_store,
    utc_now,
)
from lessonquiz.store.client import ServiceClient
from lessonquiz.store.outbox import HubStore
from tests.hub.ports import free_port


def _attempt(question: str = "q1", right: bool = True) -> Attempt:
    return Attempt("ana", "fixture", question, "h", "x", 1.0 if right else 0.0, right, utc_now())


def test_without_lessonquiz_url_nothing_changes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("LESSONQUIZ_URL", raising=False)
    monkeypatch.setenv("LESSONQUIZ_STUDENT", "ana")
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    store = open_progress_store(tmp_path / "p.sqlite")
    assert type(store) is ProgressStore and store.pending_message() == ""
    assert current_student() == "ana"


def test_on_the_hub_the_hub_user_is_the_student(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("LESSONQUIZ_URL", f"http://127.0.0.1:{free_port()}/services/lessonquiz/")
    monkeypatch.setenv("LESSONQUIZ_STUDENT", "somebody-else")
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    assert current_student("bob") == "alice"
    store = open_progress_store(tmp_path / "p.sqlite")
    assert isinstance(store, HubStore) and store.student == "alice"
    store.close()


def test_an_unreachable_service_keeps_answers_and_says_so(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    client = ServiceClient(f"http://127.0.0.1:{free_port()}/", "t", timeout=1)
    store = HubStore(tmp_path / "p.sqlite", client=client, retry_seconds=60)
    store.record_many([_attempt("q1", False), _attempt("q2")])
    store.record(_attempt("q1"))
    assert store.waiting() == 3
    assert store.pending_message().startswith("3 answers wait to be sent")
    assert "not reachable" in store.last_error
    kept = store.attempts(bank_id="fixture", student="someone")
    assert store.restored_from == "local"
    assert [(a.student, a.question_id) for a in kept] == [
        ("alice", "q1"),
        ("alice", "q2"),
        ("alice", "q1"),
    ]
    store.close()


class _FakeService(BaseHTTPRequestHandler):
    posts: ClassVar[list[list[dict]]] = []
    lose_first_reply = False

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        uids = [a["uid"] for a in body["attempts"]]
        seen = {a["uid"] for batch in self.posts for a in batch}
        self.posts.append(body["attempts"])
        if _FakeService.lose_first_reply:
            _FakeService.lose_first_reply = False
            self.send_response(502)
            self.end_headers()
            return
        answer = {
            "stored": [u for u in uids if u not in seen],
            "duplicate": [u for u in uids if u in seen],
            "rejected": [],
        }
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_service():
    _FakeService.posts = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeService)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_a_lost_reply_is_sent_again_with_the_same_id(tmp_path: Path, fake_service) -> None:
    _FakeService.lose_first_reply = True
    store = HubStore(
        tmp_path / "p.sqlite", client=ServiceClient(fake_service, "t"), retry_seconds=60
    )
    store.record(_attempt())
    assert store.waiting() == 1  # the service got it but its reply was lost
    assert store.flush() == 0
    first, second = _FakeService.posts
    assert first[0]["uid"] == second[0]["uid"] and len(first[0]["uid"]) == 32
    assert store.pending_message() == ""
    store.record_many([_attempt("q2"), _attempt("q3")])
    assert [len(batch) for batch in _FakeService.posts] == [1, 1, 2]
    store.close()


def test_the_sender_thread_sends_later_and_says_so(tmp_path: Path, fake_service) -> None:
    _FakeService.lose_first_reply = True
    store = HubStore(
        tmp_path / "p.sqlite", client=ServiceClient(fake_service, "t"), retry_seconds=0.2
    )
    told = threading.Event()
    store.on_sent = told.set
    store.record(_attempt())
    assert store.pending_message().startswith("1 answer waits")
    assert told.wait(10) and store.waiting() == 0
    assert len(_FakeService.posts) == 2
    store.close()
