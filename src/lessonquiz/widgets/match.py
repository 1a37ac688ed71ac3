"""View for ``match``: one dropdown per left item, starting on "— choose —".

Why dropdowns: each is a labelled native ``<select>``, keyboard-operable everywhere, and a
right side may be chosen for several left items (sorting statements into categories).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from lessonquiz.bank.model import MatchQuestion
from lessonquiz.widgets.base import QuestionView

PLACEHOLDER = "— choose —"


class MatchView(QuestionView):
    """Pick the matching right side for every left item."""

    question: MatchQuestion

    def _build_input(self, rng: random.Random) -> widgets.Widget:
        self.options = list(self.question.right_options)
        rng.shuffle(self.options)
        choices: list[tuple[str, str | None]] = [(PLACEHOLDER, None)]
        choices += [(option, option) for option in self.options]
        self.dropdowns: dict[str, widgets.Dropdown] = {
            pair.left: self.kit.make(
                widgets.Dropdown,
                options=choices,
                value=None,
                description=pair.left,
                tooltip=f"Match: {pair.left}",
                style={"description_width": "initial"},
                layout={"width": "auto"},
            )
            for pair in self.question.pairs
        }
        return self.kit.make(widgets.VBox, list(self.dropdowns.values()))

    @property
    def response(self) -> dict[str, str | None]:
        return {left: dropdown.value for left, dropdown in self.dropdowns.items()}

    @response.setter
    def response(self, value: Any) -> None:
        if not isinstance(value, Mapping):
            raise ValueError("a match answer maps left items to right sides")
        unknown = set(value) - set(self.dropdowns)
        if unknown:
            raise ValueError(f"not a left item of this question: {sorted(unknown)}")
        for left, dropdown in self.dropdowns.items():
            dropdown.value = value.get(left)

    def _clear_input(self) -> None:
        for dropdown in self.dropdowns.values():
            dropdown.value = None

    def static_lines(self) -> list[str]:
        lines = [f"{left}: ____" for left in self.dropdowns]
        return [*lines, f"(choose from: {'; '.join(self.options)})"]
