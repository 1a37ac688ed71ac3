"""End to end: a real single-user server and kernel, spawned by the Hub, answer a quiz.

The kernel has only what the Hub gave its server: ``JUPYTERHUB_API_TOKEN``, and from the
admin's ``Spawner.environment`` ``LESSONQUIZ_URL`` (and a ``LESSONQUIZ_STUDENT`` naming
someone else, which must not matter).
"""

from __future__ import annotations

import asyncio
import json
import uuid

from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from tests.hub.answers import history
from tests.hub.stack import ROOT, Stack, call

CODE = f"""
import json
from lessonquiz import Quiz, load_bank
bank = load_bank({str(ROOT / "quizzes" / "00-orientation.yaml")!r})
quiz = Quiz(bank, student="bob")  # asking to be bob changes nothing on the hub
question = bank.question("not-official")
view = quiz.view("not-official")
view.response = not question.answer
view.check()
again = Quiz(bank)
print(json.dumps({{
    "student": quiz.student, "store": type(quiz.store).__name__,
    "waiting": quiz.store.waiting(), "error": quiz.store.last_error,
    "restored_from": again.store.restored_from, "answered_again": again.answered,
}}))
"""


async def _run(stack: Stack, user: str, code: str) -> str:
    token = stack.tokens[user]
    status, kernel = call(f"{stack.base}/user/{user}/api/kernels", token, "POST", {})
    assert status == 201, kernel
    ws_url = f"ws://127.0.0.1:{stack.proxy_port}/user/{user}/api/kernels/{kernel['id']}/channels"
    socket = await websocket_connect(
        HTTPRequest(ws_url, headers={"Authorization": f"token {token}"}, request_timeout=120)
    )
    msg_id = uuid.uuid4().hex
    socket.write_message(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "username": user,
                    "session": uuid.uuid4().hex,
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "channel": "shell",
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": False,
                    "user_expressions": {},
                    "allow_stdin": False,
                },
            }
        )
    )
    out, errors = [], []
    while True:
        raw = await asyncio.wait_for(socket.read_message(), 120)
        assert raw is not None, "kernel websocket closed"
        message = json.loads(raw)
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = message["header"]["msg_type"]
        if kind == "stream":
            out.append(message["content"]["text"])
        elif kind == "error":
            errors.append("\n".join(message["content"]["traceback"]))
        elif kind == "status" and message["content"]["execution_state"] == "idle":
            break
    socket.close()
    assert not errors, errors
    return "".join(out)


def test_a_kernel_on_the_hub_records_as_its_user_with_the_services_grade(stack: Stack) -> None:
    stack.server_ready("alice")
    before = len(history(stack, "student = 'alice'"))
    printed = asyncio.run(_run(stack, "alice", CODE))
    seen = json.loads(printed.strip().splitlines()[-1])
    assert seen == {
        "student": "alice",
        "store": "HubStore",
        "waiting": 0,
        "error": "",
        "restored_from": "service",
        "answered_again": 1,
    }
    rows = history(stack, "student = 'alice'")
    assert len(rows) == before + 1
    student, _, score, claimed, correct = rows[-1]
    assert (student, score, claimed, correct) == ("alice", 0.0, 0.0, 0)
    assert not history(stack, "student IN ('bob', 'somebody-else') AND claimed_score IS NULL")
