"""View for ``text``: a one-line answer box; the grader ignores case and punctuation."""

from __future__ import annotations

import random
from typing import Any

import ipywidgets as widgets

from lessonquiz.widgets.base import QuestionView


class TextView(QuestionView):
    """Type a short answer."""

    def _build_input(self, rng: random.Random) -> widgets.Widget:
        self.box = self.kit.make(
            widgets.Text,
            value="",
            placeholder="your answer",
            description="Answer:",
            tooltip=f"Your answer to question {self.number}",
        )
        return self.box

    @property
    def response(self) -> str:
        return self.box.value

    @response.setter
    def response(self, value: Any) -> None:
        if value is not None and not isinstance(value, str):
            raise ValueError("a text answer is a string")
        self.box.value = value or ""

    def _clear_input(self) -> None:
        self.box.value = ""

    def static_lines(self) -> list[str]:
        return ["Answer: a short text"]
