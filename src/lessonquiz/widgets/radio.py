"""A radio group that keyboards can use: one Tab stop, arrow keys, and no notebook shortcuts.

Why not ``ipywidgets.RadioButtons``: ipywidgets 8 draws its radios without a shared ``name``,
so every radio is a separate Tab stop and the arrow keys cannot move between choices; and in
JupyterLab the arrow keys then reach the notebook, which moves the cell cursor out of the quiz
(jupyter-widgets/ipywidgets#3912). This view draws a native radio group (shared ``name``,
``role="radiogroup"``, labelled) and keeps its keys from reaching the notebook (stopping their
propagation, as ipywidgets' text inputs do, and marking itself ``data-lm-suppress-shortcuts``
for Lumino; see ``keys.py``): not only the arrows, also letters, since "d d" on a focused
radio deleted the quiz cell. Choice texts are set as DOM text, never as HTML.
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
  const { id: name, caption, box: group } = captioned(el, "radio", "div", "radiogroup");
  const sync = () => {
    const index = model.get("index");
    group.querySelectorAll("input").forEach((input, i) => { input.checked = i === index; });
  };
  const draw = () => {
    caption.textContent = model.get("description");
    group.title = model.get("tooltip") || "";
    group.replaceChildren(...model.get("labels").map((text, i) => {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      input.value = String(i);
      input.addEventListener("change", () => {
        if (input.checked) { model.set("index", i); model.save_changes(); }
      });
      label.append(input, document.createTextNode(text));
      return label;
    }));
    sync();
  };
  model.on("change:labels", draw);
  model.on("change:description", draw);
  model.on("change:tooltip", draw);
  model.on("change:index", sync);
  draw();
}
export default { render };
"""
)


class RadioGroup(anywidget.AnyWidget):
    """Choose one of ``options`` (label, value) pairs; ``value`` is None until a choice is made."""

    _esm = _ESM
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    index = traitlets.Int(None, allow_none=True).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)

    def __init__(self, options: Sequence[tuple[str, Any]], **kwargs: Any) -> None:
        self._values = [value for _, value in options]
        super().__init__(labels=[label for label, _ in options], **kwargs)

    @property
    def value(self) -> Any:
        """The chosen option's value, or None."""
        return None if self.index is None else self._values[self.index]

    @value.setter
    def value(self, value: Any) -> None:
        if value is None:
            self.index = None
            return
        for i, candidate in enumerate(self._values):
            if candidate == value and type(candidate) is type(value):
                self.index = i
                return
        raise traitlets.TraitError(f"{value!r} is not one of the choices")
