"""View for ``order``: the items in a list, each with its own Move up / Move down buttons.

Why buttons rather than drag and drop: buttons work with the mouse, the keyboard (Tab, then
Enter or Space) and screen readers alike. They are drawn by ``OrderList`` (an anywidget), so
each button moves its own item, the focus follows the item, and a live region says where it
went (see ``orderlist.py``).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from lessonquiz.bank.model import OrderQuestion
from lessonquiz.widgets.base import QuestionView
from lessonquiz.widgets.orderlist import OrderList


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
        self.order_list = self.kit.make(
            OrderList,
            self.start_order,
            description="Put the items in order, first at the top: "
            "use each item's Up and Down buttons.",
            tooltip=f"Order the items of question {self.number}",
            layout={"width": "auto"},
        )
        self.order_list.add_class("lq-order")
        return self.order_list

    @property
    def order(self) -> list[str]:
        """The items as the student has arranged them so far."""
        return list(self.order_list.order)

    def move(self, position: int, step: int) -> None:
        """Swap the item at ``position`` with its neighbour above (-1) or below (+1)."""
        self.order_list.move(position, step)

    @property
    def response(self) -> list[str]:
        return self.order

    @response.setter
    def response(self, value: Any) -> None:
        if not isinstance(value, list | tuple) or sorted(value) != sorted(self.question.items):
            raise ValueError("an order answer lists every item once")
        self.order_list.order = list(value)

    def _clear_input(self) -> None:
        self.order_list.order = list(self.start_order)

    def static_lines(self) -> list[str]:
        return [f"{i}. {item}" for i, item in enumerate(self.start_order, start=1)]
