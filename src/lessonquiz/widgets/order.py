"""View for ``order``: items in rows, each with Up and Down buttons.

Why buttons rather than drag and drop: buttons work with the mouse, the keyboard (Tab, then
Enter or Space) and screen readers alike, in every front end that renders ipywidgets.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from lessonquiz import render
from lessonquiz.bank.model import OrderQuestion
from lessonquiz.widgets.base import QuestionView


def shuffled_items(items: Sequence[str], rng: random.Random) -> list[str]:
    """The items shuffled, never in the correct order (there are always at least two)."""
    shown = list(items)
    for _ in range(20):
        rng.shuffle(shown)
        if shown != list(items):
            return shown
    return [*items[1:], items[0]]


class OrderView(QuestionView):
    """Rearrange the items into the right order."""

    question: OrderQuestion

    def _build_input(self, rng: random.Random) -> widgets.Widget:
        self.start_order = shuffled_items(self.question.items, rng)
        self.order = list(self.start_order)
        self.labels: list[widgets.HTML] = []
        self.up_buttons: list[widgets.Button] = []
        self.down_buttons: list[widgets.Button] = []
        rows = []
        for position in range(len(self.order)):
            label = self.kit.make(widgets.HTML, layout={"flex": "1 1 auto"})
            up = self.kit.make(
                widgets.Button, description="Up", icon="arrow-up", layout={"width": "auto"}
            )
            down = self.kit.make(
                widgets.Button, description="Down", icon="arrow-down", layout={"width": "auto"}
            )
            up.on_click(lambda _, p=position: self.move(p, -1))
            down.on_click(lambda _, p=position: self.move(p, +1))
            self.labels.append(label)
            self.up_buttons.append(up)
            self.down_buttons.append(down)
            rows.append(
                self.kit.make(widgets.HBox, [up, down, label], layout={"align_items": "center"})
            )
        self._refresh()
        hint = self.kit.make(
            widgets.HTML,
            '<span class="lq-input-hint">Put the items in order: first at the top. '
            "Use Up and Down to move an item.</span>",
        )
        box = self.kit.make(widgets.VBox, [hint, *rows])
        box.add_class("lq-order")
        return box

    def move(self, position: int, step: int) -> None:
        """Swap the item at ``position`` with its neighbour above (-1) or below (+1)."""
        target = position + step
        if 0 <= position < len(self.order) and 0 <= target < len(self.order):
            self.order[position], self.order[target] = self.order[target], self.order[position]
            self._refresh()

    def _refresh(self) -> None:
        last = len(self.order) - 1
        for position, item in enumerate(self.order):
            self.labels[
                position
            ].value = f'<span class="lq-order-item">{position + 1}. {render.inline(item)}</span>'
            self.up_buttons[position].tooltip = f"Move “{item}” up"
            self.down_buttons[position].tooltip = f"Move “{item}” down"
            self.up_buttons[position].disabled = position == 0
            self.down_buttons[position].disabled = position == last

    @property
    def response(self) -> list[str]:
        return list(self.order)

    @response.setter
    def response(self, value: Any) -> None:
        if not isinstance(value, list | tuple) or sorted(value) != sorted(self.question.items):
            raise ValueError("an order answer lists every item once")
        self.order = list(value)
        self._refresh()

    def _clear_input(self) -> None:
        self.order = list(self.start_order)
        self._refresh()

    def static_lines(self) -> list[str]:
        return [f"{i}. {item}" for i, item in enumerate(self.start_order, start=1)]
