"""Views for the choice types: ``single`` (radio group), ``multiple`` (checkboxes), ``true_false``.

Nothing is preselected: a preselected radio would let a student "answer" by accident.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

import ipywidgets as widgets

from lessonquiz.bank.model import MultipleQuestion, SingleQuestion
from lessonquiz.widgets.base import QuestionView
from lessonquiz.widgets.radio import RadioGroup

_WIDE = {"width": "auto"}


def shown_choices(question: SingleQuestion | MultipleQuestion, rng: random.Random) -> list[str]:
    """The choice texts in display order: shuffled with the question's seed when it asks."""
    texts = [choice.text for choice in question.choices]
    if question.shuffle:
        rng.shuffle(texts)
    return texts


class SingleView(QuestionView):
    """Pick one choice from radio buttons."""

    question: SingleQuestion

    def _build_input(self, rng: random.Random) -> widgets.Widget:
        self.choices = shown_choices(self.question, rng)
        self.radio = self.kit.make(
            RadioGroup,
            [(text, text) for text in self.choices],
            description="Answer:",
            tooltip=f"Choose one answer to question {self.number}",
            layout=_WIDE,
        )
        return self.radio

    @property
    def response(self) -> str | None:
        return self.radio.value

    @response.setter
    def response(self, value: str | None) -> None:
        self.radio.value = value

    def _clear_input(self) -> None:
        self.radio.value = None

    def static_lines(self) -> list[str]:
        return [f"( ) {text}" for text in self.choices]


class MultipleView(QuestionView):
    """Tick every choice that applies."""

    question: MultipleQuestion

    def _build_input(self, rng: random.Random) -> widgets.Widget:
        self.choices = shown_choices(self.question, rng)
        self.boxes = [
            self.kit.make(
                widgets.Checkbox,
                value=False,
                description=text,
                indent=False,
                tooltip=text,
                layout=_WIDE,
            )
            for text in self.choices
        ]
        hint = self.kit.make(
            widgets.HTML, '<span class="lq-input-hint">Tick every answer that applies.</span>'
        )
        return self.kit.make(widgets.VBox, [hint, *self.boxes])

    @property
    def response(self) -> set[str]:
        return {box.description for box in self.boxes if box.value}

    @response.setter
    def response(self, value: Iterable[str]) -> None:
        chosen = set(value)
        unknown = chosen - set(self.choices)
        if unknown:
            raise ValueError(f"not a choice of this question: {sorted(unknown)}")
        for box in self.boxes:
            box.value = box.description in chosen

    def _clear_input(self) -> None:
        for box in self.boxes:
            box.value = False

    def static_lines(self) -> list[str]:
        return [f"[ ] {text}" for text in self.choices]


class TrueFalseView(QuestionView):
    """Decide whether the statement is true: two radio buttons, neither preselected."""

    def _build_input(self, rng: random.Random) -> widgets.Widget:
        self.radio = self.kit.make(
            RadioGroup,
            [("True", True), ("False", False)],
            description="Answer:",
            tooltip=f"Is the statement of question {self.number} true or false?",
        )
        return self.radio

    @property
    def response(self) -> bool | None:
        return self.radio.value

    @response.setter
    def response(self, value: Any) -> None:
        if value is not None and not isinstance(value, bool):
            raise ValueError("a true/false answer is True, False or None")
        self.radio.value = value

    def _clear_input(self) -> None:
        self.radio.value = None

    def static_lines(self) -> list[str]:
        return ["( ) True", "( ) False"]
