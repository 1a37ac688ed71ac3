"""The part every question view shares: prompt, Check, Hint, Reset, feedback, attempts.

Why one base class: the seven question types differ only in their input. Everything a
student relies on being the same everywhere (where feedback appears, how hints unfold, when
the explanation shows, that an empty answer is not held against them) lives here once.
Subclasses build the input and translate between it and a grading ``response``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from lessonquiz import render
from lessonquiz.bank.model import DEFAULT_EXPLANATION_AFTER, AnyQuestion
from lessonquiz.grading import Result, grade
from lessonquiz.widgets.kit import Kit

AttemptHook = Callable[["QuestionView", Result], None]
"""Called after every counted attempt (the quiz shell stores it and updates the score)."""


def status_class(result: Result) -> str:
    """The CSS class for a result; the words (✓/✗) carry the meaning, the class only styles."""
    if result.malformed:
        return "lq-malformed"
    if result.correct:
        return "lq-correct"
    return "lq-partial" if result.score > 0 else "lq-wrong"


def feedback_html(result: Result) -> str:
    """The feedback box for a result, rendered from the grader's Markdown."""
    return (
        f'<div class="lq-feedback {status_class(result)}" role="status">'
        f"{render.markdown(result.feedback)}</div>"
    )


class QuestionView(widgets.VBox):
    """One question: subclasses implement ``_build_input``, ``response`` and ``_clear_input``."""

    def __init__(
        self,
        question: AnyQuestion,
        *,
        number: int = 1,
        rng: random.Random | None = None,
        explanation_after: int = DEFAULT_EXPLANATION_AFTER,
        on_attempt: AttemptHook | None = None,
        kit: Kit | None = None,
    ) -> None:
        self.kit = kit or Kit()
        self.question = question
        self.number = number
        self.explanation_after = explanation_after
        self.on_attempt = on_attempt
        self.attempts = 0
        self.wrong_attempts = 0
        self.result: Result | None = None
        """The last counted result (None until the first real attempt)."""
        self.hints_shown = 0
        rng = rng or random.Random(0)

        self.prompt = self.kit.make(
            widgets.HTML,
            f'<div class="lq-prompt"><span class="lq-number">Question {number}.</span> '
            f"{render.markdown(question.prompt)}</div>",
        )
        self.input = self._build_input(rng)
        self.check_button = self.kit.make(
            widgets.Button,
            description="Check",
            button_style="primary",
            tooltip=f"Check your answer to question {number}",
        )
        self.hint_button = self.kit.make(
            widgets.Button,
            description="Hint",
            tooltip=f"Show a hint for question {number}",
            disabled=not question.hint,
            layout={"display": None if question.hint else "none"},
        )
        self.reset_button = self.kit.make(
            widgets.Button, description="Reset", tooltip=f"Clear your answer to question {number}"
        )
        self.check_button.on_click(lambda _: self.check())
        self.hint_button.on_click(lambda _: self.hint())
        self.reset_button.on_click(lambda _: self.reset())
        self.status = self.kit.make(widgets.HTML, self._status_html())
        self.hints = self.kit.make(widgets.HTML, "")
        self.feedback = self.kit.make(widgets.HTML, "")
        self.explanation = self.kit.make(widgets.HTML, "")
        buttons = self.kit.make(
            widgets.HBox,
            [self.check_button, self.hint_button, self.reset_button, self.status],
            layout={"align_items": "center", "flex_flow": "row wrap"},
        )
        super().__init__(
            [self.prompt, self.input, buttons, self.hints, self.feedback, self.explanation],
            layout=self.kit.layout(),
        )
        self.add_class("lq-question")
        self.add_class(f"lq-type-{question.type}")

    # -- what subclasses provide -------------------------------------------------------------

    def _build_input(self, rng: random.Random) -> widgets.Widget:
        """Build the input widget; ``rng`` is this question's seeded shuffle."""
        raise NotImplementedError

    @property
    def response(self) -> Any:
        """The answer as the grader expects it, read from the input widgets."""
        raise NotImplementedError

    @response.setter
    def response(self, value: Any) -> None:
        self._set_response(value)

    def _set_response(self, value: Any) -> None:
        raise NotImplementedError

    def _clear_input(self) -> None:
        raise NotImplementedError

    def static_lines(self) -> list[str]:
        """Plain-text lines describing the input for the key-free static fallback."""
        return []

    # -- what the buttons do -----------------------------------------------------------------

    def check(self) -> Result:
        """Grade the current response (the Check button); a malformed one is not an attempt."""
        result = grade(self.question, self.response)
        self.feedback.value = feedback_html(result)
        if result.malformed:
            return result
        self.attempts += 1
        if not result.correct:
            self.wrong_attempts += 1
        self.result = result
        self._show_status()
        if self.on_attempt is not None:
            self.on_attempt(self, result)
        return result

    def hint(self) -> None:
        """Reveal the next hint; each click shows one more, until all are shown."""
        hints = self.question.hint
        if self.hints_shown >= len(hints):
            return
        self.hints_shown += 1
        items = "".join(f"<li>{render.inline(text)}</li>" for text in hints[: self.hints_shown])
        self.hints.value = f'<div class="lq-hints"><strong>Hint:</strong><ul>{items}</ul></div>'
        if self.hints_shown >= len(hints):
            self.hint_button.disabled = True
            self.hint_button.tooltip = "No more hints"
        else:
            left = len(hints) - self.hints_shown
            self.hint_button.tooltip = f"Show another hint ({left} more)"

    def reset(self) -> None:
        """Clear the answer, the feedback and the hints; attempts and the last score stay."""
        self._clear_input()
        self.feedback.value = ""
        self.hints.value = ""
        self.hints_shown = 0
        self.hint_button.disabled = not self.question.hint

    def restore(self, response: Any, attempts: int, wrong_attempts: int) -> bool:
        """Put back a stored answer and its status; False (and a fresh view) if it does not fit."""
        try:
            self.response = response
        except Exception:
            self._clear_input()
            return False
        result = grade(self.question, self.response)
        if result.malformed:
            self._clear_input()
            return False
        self.attempts, self.wrong_attempts, self.result = attempts, wrong_attempts, result
        self.feedback.value = feedback_html(result)
        self._show_status()
        return True

    # -- display -----------------------------------------------------------------------------

    @property
    def explanation_due(self) -> bool:
        """After a correct answer, or after ``explanation_after`` wrong attempts."""
        if self.result is None or not self.question.explanation:
            return False
        return self.result.correct or self.wrong_attempts >= self.explanation_after

    def _show_status(self) -> None:
        self.status.value = self._status_html()
        if self.explanation_due:
            self.explanation.value = (
                '<div class="lq-explanation"><strong>Explanation:</strong> '
                f"{render.markdown(self.question.explanation or '')}</div>"
            )
        else:
            self.explanation.value = ""

    def _status_html(self) -> str:
        if self.result is None:
            state = "not answered yet"
        elif self.result.correct:
            state = "✓ correct"
        elif self.result.score > 0:
            state = f"✗ partly right ({self.result.score:.0%})"
        else:
            state = "✗ not yet right"
        plural = "" if self.attempts == 1 else "s"
        return (
            f'<span class="lq-status">{self.attempts} attempt{plural} · {render.escape(state)}'
            "</span>"
        )
