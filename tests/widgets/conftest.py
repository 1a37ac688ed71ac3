"""Shared helpers for the headless widget tests: banks, the page's messages, its state."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from lessonquiz import Quiz, load_bank
from lessonquiz.bank.model import Bank
from tests.conftest import FIXTURES

EVERY_TYPE = FIXTURES / "banks" / "good-every-type.yaml"

RIGHT = {
    "q1": "First",
    "q-multiple": {"Right one", "Right two"},
    "q-tf": True,
    "q-numeric": 5.5,
    "q-text": "  dmitry PESKOV! ",
    "q-order": ["Claim", "Reasons", "Conclusion"],
    "q-match": {"Trade was 31.5 bn": "checkable fact", "They want to counter Russia": "opinion"},
}
"""A full-marks response for every question of good-every-type.yaml."""

WRONG = {
    "q1": "Second",
    "q-multiple": {"Wrong one"},
    "q-tf": False,
    "q-numeric": 6,
    "q-text": "Lavrov",
    "q-order": ["Conclusion", "Reasons", "Claim"],
    "q-match": {"Trade was 31.5 bn": "opinion", "They want to counter Russia": "checkable fact"},
}
"""A zero-score response for every question, with the feedback each should show."""

WRONG_FEEDBACK = {
    "q1": "Not this one; see ¶10.",
    "q-multiple": "No.",
    "q-tf": "Compare the two figures.",
    "q-numeric": "Subtract.",
    "q-text": "See ¶21.",
    "q-order": "Claims come first.",
    "q-match": "A figure with a year can be checked.",
}


@pytest.fixture
def bank() -> Bank:
    return load_bank(EVERY_TYPE)


def bank_from_text(tmp_path: Path, text: str, name: str = "bank.yaml") -> Bank:
    """A bank written to a temporary file and loaded, for variants of the fixture."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_bank(path)


def bundle(quiz: Quiz) -> dict[str, Any]:
    """The display data of a quiz (text/plain, text/html, the widget view)."""
    return quiz._repr_mimebundle_()[0]


def html_values(quiz: Quiz) -> str:
    """All HTML the page is given to show, joined (titles, status lines and warnings are
    drawn as text, never as HTML)."""
    parts = [question["prompt_html"] for question in quiz.questions]
    for state in quiz.states:
        parts += [state["feedback"], state["explanation"], *state["hints"]]
    return "\n".join(parts)


def press(quiz: Quiz, question_id: str, kind: str, **extra: Any) -> None:
    """What the page sends when a button of one question is pressed (one custom message)."""
    index = [view.question.id for view in quiz.views].index(question_id)
    quiz._on_page_message(quiz, {"kind": kind, "index": index, "seq": 1, **extra}, [])


def state(quiz: Quiz, question_id: str) -> dict[str, Any]:
    """The state the page draws for one question."""
    index = [view.question.id for view in quiz.views].index(question_id)
    return quiz.states[index]


def many_questions(tmp_path: Path, copies: int) -> Bank:
    """The fixture bank with its 7 questions repeated ``copies`` times (new ids)."""
    text = EVERY_TYPE.read_text(encoding="utf-8")
    head, body = text.split("questions:\n", 1)
    blocks = []
    for n in range(copies):
        blocks.append(re.sub(r"(?m)^  - id: ([\w-]+)$", rf"  - id: \1-{n}", body))
    return bank_from_text(tmp_path, head + "questions:\n" + "".join(blocks), f"many{copies}.yaml")


class RecordingComm:
    """What ``comm.create_comm`` returns in a kernel, reduced to what the model uses."""

    def __init__(self, **opened: Any) -> None:
        self.opened, self.sent, self.closed = opened, [], False
        self.comm_id = "c0ffee"
        self.handler: Any = None

    def send(self, data: Any = None, buffers: Any = None) -> None:
        self.sent.append(data)

    def on_msg(self, handler: Any) -> None:
        self.handler = handler

    def close(self) -> None:
        self.closed = True

    def receive(self, data: dict[str, Any], buffers: list[bytes] | None = None) -> None:
        self.handler({"content": {"data": data}, "buffers": buffers or []})

@pytest.fixture
def comms(monkeypatch: pytest.MonkeyPatch) -> list[RecordingComm]:
    """Every comm a model opens, recorded instead of sent (``comm.create_comm`` replaced)."""
    import comm

    made: list[RecordingComm] = []

    def create_comm(**kwargs: Any) -> RecordingComm:
        made.append(RecordingComm(**kwargs))
        return made[-1]

    monkeypatch.setattr(comm, "create_comm", create_comm)
    return made
