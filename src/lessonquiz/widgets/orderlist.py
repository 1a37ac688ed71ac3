"""A list the keyboard, the mouse and screen readers can reorder: Move up / Move down buttons.

Why not a row of ipywidgets Buttons per position: those buttons stay in their rows while the
items move, so pressing Down twice on the first item put it back where it started; at the top
or bottom the focused button became disabled and the focus was lost; every button was named
just "Up" or "Down"; and in JupyterLab the notebook's shortcuts took their keys ("d d"
deleted the quiz cell). Here each item of a native ``<ol>`` carries its own buttons, named
"Move ‘item’ up" / "Move ‘item’ down", so the focus travels with the item; a button at an end
stays focusable and says ``aria-disabled="true"`` instead of becoming disabled; and a polite
live region says where the item went ("‘item’ moved to position 2 of 4."). The view keeps its
keys from the notebook (``keys.py``). Item texts are set as DOM text, never as HTML. The order
is synced to Python as a list of the item texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anywidget
import traitlets

from lessonquiz.widgets.keys import CAPTIONED_JS

_ESM = (
    CAPTIONED_JS
    + """
function render({ model, el }) {
  const { id, caption, box: list } = captioned(el, "order-list", "ol", null);
  caption.classList.add("lq-order-caption", "lq-input-hint");
  const status = document.createElement("div");
  status.className = "lq-order-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  el.append(status);
  let rows = new Map();  // item text -> {li, up, down}

  const say = (text) => { status.textContent = text; };

  const move = (item, step) => {
    const order = [...model.get("order")];
    const from = order.indexOf(item);
    if (from < 0) return;
    const to = from + step;
    if (to < 0 || to >= order.length) {
      const end = step < 0 ? "first" : "last";
      say(`‘${item}’ is already ${end}, at position ${from + 1} of ${order.length}.`);
      return;
    }
    const other = order[to];
    order[to] = item;
    order[from] = other;
    // Move the neighbour, never the item itself: a node taken out of the page loses the
    // focus, and the item's button is where the focus has to stay.
    const mine = rows.get(item).li;
    list.insertBefore(rows.get(other).li, step > 0 ? mine : mine.nextSibling);
    model.set("order", order);
    model.save_changes();
    say(`‘${item}’ moved to position ${to + 1} of ${order.length}.`);
  };

  const button = (item, step) => {
    const b = document.createElement("button");
    const way = step < 0 ? "up" : "down";
    b.type = "button";
    b.className = `lq-order-move lq-order-${way}`;
    b.setAttribute("aria-label", `Move ‘${item}’ ${way}`);
    b.title = `Move ‘${item}’ ${way}`;
    const icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = step < 0 ? "↑ " : "↓ ";
    b.append(icon, document.createTextNode(step < 0 ? "Up" : "Down"));
    b.addEventListener("click", () => move(item, step));
    return b;
  };

  const build = (order) => {
    rows = new Map();
    list.replaceChildren(...order.map((item) => {
      const li = document.createElement("li");
      li.className = "lq-order-row";
      const text = document.createElement("span");
      text.className = "lq-order-item";
      text.textContent = item;
      const up = button(item, -1);
      const down = button(item, +1);
      li.append(up, down, text);
      rows.set(item, { li, up, down });
      return li;
    }));
  };

  const arrange = () => {
    const order = model.get("order");
    if (order.length !== rows.size || !order.every((item) => rows.has(item))) build(order);
    const focused = el.contains(document.activeElement) ? document.activeElement : null;
    order.forEach((item, i) => {
      const li = rows.get(item).li;
      if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
    });
    if (focused && document.activeElement !== focused) focused.focus();
    order.forEach((item, i) => {
      const { up, down } = rows.get(item);
      up.setAttribute("aria-disabled", String(i === 0));
      down.setAttribute("aria-disabled", String(i === order.length - 1));
    });
  };

  const describe = () => {
    caption.textContent = model.get("description");
    list.title = model.get("tooltip") || "";
  };
  model.on("change:description", describe);
  model.on("change:tooltip", describe);
  model.on("change:order", arrange);
  describe();
  arrange();
}
export default { render };
"""
)


class OrderList(anywidget.AnyWidget):
    """The items of ``order`` in a list a student rearranges; ``order`` is synced as a list."""

    _esm = _ESM
    order = traitlets.List(traitlets.Unicode()).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)

    def __init__(self, items: Sequence[str], **kwargs: Any) -> None:
        self._items = sorted(items)
        super().__init__(order=list(items), **kwargs)

    @traitlets.validate("order")
    def _every_item_once(self, proposal: Any) -> list[str]:
        order = list(proposal["value"])
        if sorted(order) != self._items:
            raise traitlets.TraitError("an order lists every item once")
        return order

    def move(self, position: int, step: int) -> bool:
        """Swap the item at ``position`` with the one above (-1) or below (+1), as its buttons
        do; False (and no change) when there is no such neighbour."""
        target = position + step
        if not (0 <= position < len(self.order) and 0 <= target < len(self.order)):
            return False
        order = list(self.order)
        order[position], order[target] = order[target], order[position]
        self.order = order
        return True
