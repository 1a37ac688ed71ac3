"""The order question's list, headless: moves, refused orders, the view, the view's code.

What the view does in a browser (focus following the item, the live region, keys kept from
JupyterLab, mouse clicks) is tested in ``tests/browser/test_keyboard.py``; here the Python
side: moves without a keyboard, what the front end may send, saved answers.
"""

from __future__ import annotations

import pytest
import traitlets

from lessonquiz import Quiz
from lessonquiz.widgets.keys import KEEP_KEYS_JS
from lessonquiz.widgets.orderlist import OrderList
from tests.widgets.conftest import RIGHT


def test_order_list_moves_like_its_buttons() -> None:
    items = ["a", "b", "c", "d"]
    order = OrderList(items, description="Order:")
    assert order.order == items
    assert order.move(0, +1) and order.order == ["b", "a", "c", "d"]
    assert order.move(1, +1) and order.order == ["b", "c", "a", "d"]  # the same item, again
    assert not order.move(0, -1) and not order.move(3, +1) and not order.move(7, -1)
    assert order.order == ["b", "c", "a", "d"]
    order.set_state({"order": ["d", "c", "b", "a"]})  # what the front end sends
    assert order.order == ["d", "c", "b", "a"]


@pytest.mark.parametrize("bad", [["a", "b", "c"], ["a", "b", "c", "c"], ["a", "b", "c", "x"]])
def test_order_list_refuses_anything_but_a_permutation(bad: list) -> None:
    order = OrderList(["a", "b", "c", "d"])
    with pytest.raises(traitlets.TraitError):
        order.order = bad
    assert order.order == ["a", "b", "c", "d"]


def test_order_view_round_trips_and_grades_what_the_front_end_sends(bank) -> None:
    order = Quiz(bank, seed=2).view("q-order")
    assert isinstance(order.order_list, OrderList)
    assert order.order_list.order != RIGHT["q-order"]  # never starts right
    order.response = RIGHT["q-order"]
    assert order.order_list.order == RIGHT["q-order"] and order.check().correct
    with pytest.raises(ValueError):
        order.response = ["Claim", "Reasons"]
    order.reset()
    assert order.response == order.start_order
    order.order_list.set_state({"order": RIGHT["q-order"]})  # as the page sends it
    assert order.check().correct


def test_the_view_names_buttons_by_item_announces_and_never_writes_html() -> None:
    esm = OrderList._esm
    assert esm.startswith(KEEP_KEYS_JS) and "keepKeys(el)" in esm
    assert "Move ‘${item}’ ${way}" in esm and 'aria-live", "polite"' in esm
    assert 'setAttribute("aria-disabled"' in esm and ".disabled" not in esm
    assert "moved to position ${to + 1} of ${order.length}" in esm
    assert "innerHTML" not in esm and "insertAdjacentHTML" not in esm
