"""View for ``numeric``: a text box for the number plus its unit.

Why a text box and not ``FloatText``: a FloatText is never empty (it shows 0), so a student
who has not answered would be graded as answering 0. Here empty means "no answer".
"""

from __future__ import annotations

import math
import random
from numbers import Real
from typing import Any

import ipywidgets as widgets

from lessonquiz.bank.model import NumericQuestion
from lessonquiz.widgets.base import QuestionView


def format_number(value: float) -> str:
    """A number as a student would type it: ``5.5``, ``26``, not ``26.0``."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


class NumericView(QuestionView):
    """Type a number; the unit is shown beside the box."""

    question: NumericQuestion

    def _build_input(self, rng: random.Random) -> widgets.Widget:
        unit = self.question.unit
        self.box = self.kit.make(
            widgets.Text,
            value="",
            placeholder="a number",
            description="Answer:",
            tooltip=f"Your number for question {self.number}" + (f", in {unit}" if unit else ""),
            continuous_update=True,
        )
        parts: list[widgets.Widget] = [self.box]
        if unit:
            parts.append(self.kit.make(widgets.Label, unit))
        return self.kit.make(widgets.HBox, parts, layout={"align_items": "center"})

    @property
    def response(self) -> float | str | None:
        """A float when the box holds a number, None when empty, else the raw text."""
        text = self.box.value.strip()
        if not text:
            return None
        try:
            number = float(text.replace(",", ""))
        except ValueError:
            return text
        return number if math.isfinite(number) else text

    @response.setter
    def response(self, value: Any) -> None:
        if value is None:
            self.box.value = ""
        elif isinstance(value, Real) and not isinstance(value, bool):
            self.box.value = format_number(float(value))
        elif isinstance(value, str):
            self.box.value = value
        else:
            raise ValueError("a numeric answer is a number, a string or None")

    def _clear_input(self) -> None:
        self.box.value = ""

    def static_lines(self) -> list[str]:
        unit = f" (in {self.question.unit})" if self.question.unit else ""
        return [f"Answer: a number{unit}"]
