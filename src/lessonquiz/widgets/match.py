"""View for ``match``: for every left item a labelled native select, starting on "— choose —".

Why selects: each is a labelled native ``<select>``, keyboard-operable everywhere, and a right
side may be chosen for several left items (sorting statements into categories). They are drawn
by ``SelectRows`` (an anywidget) rather than ``ipywidgets.Dropdown``, so that in JupyterLab the
arrow keys and letters stay in the select instead of moving or deleting cells, and long items
wrap instead of being cut off.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from lessonquiz.bank.model import MatchQuestion
from lessonquiz.widgets.base import QuestionView
from lessonquiz.widgets.selects import PLACEHOLDER, SelectRows

__all__ = ["PLACEHOLDER", "MatchView"]


class MatchView(QuestionView):
    """Pick the matching right side for every left item."""

    question: MatchQuestion

    def _build_input(self, rng: random.Random) -> widgets.Widget:
        self.options = list(self.question.right_options)
        rng.shuffle(self.options)
        self.lefts = [pair.left for pair in self.question.pairs]
        self.selects = self.kit.make(
            SelectRows,
            self.lefts,
            self.options,
            description="Choose the match for each item.",
            tooltip=f"Match the items of question {self.number}",
            layout={"width": "auto"},
        )
        return self.selects

    @property
    def response(self) -> dict[str, str | None]:
        return self.selects.value

    @response.setter
    def response(self, value: Any) -> None:
        if not isinstance(value, Mapping):
            raise ValueError("a match answer maps left items to right sides")
        unknown = set(value) - set(self.lefts)
        if unknown:
            raise ValueError(f"not a left item of this question: {sorted(unknown)}")
        self.selects.value = dict(value)

    def _clear_input(self) -> None:
        self.selects.choices = [None] * len(self.lefts)

    def static_lines(self) -> list[str]:
        lines = [f"{left}: ____" for left in self.lefts]
        return [*lines, f"(choose from: {'; '.join(self.options)})"]
