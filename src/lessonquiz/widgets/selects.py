"""Rows of labelled native selects over one list of options, safe to use with the keyboard.

Why not ``ipywidgets.Dropdown``: in JupyterLab its ``<select>`` lets the notebook's
command-mode shortcuts take the keys (ArrowDown moves to the next cell, "d d" deletes the quiz
cell; see ``keys.py``), and ipywidgets styles the label with ``white-space: nowrap`` and the
select with ``min-width: 0``, so long texts are cut off. This view draws, for every row, a
``<label for>`` (the row's text, wrapping) and a native ``<select>`` starting on a
placeholder, inside a labelled ``role="group"``; it keeps its keys (``keys.py``). Texts are
set as DOM text, never as HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anywidget
import traitlets

from lessonquiz.widgets.keys import CAPTIONED_JS

PLACEHOLDER = "— choose —"

_ESM = (
    CAPTIONED_JS
    + """
function render({ model, el }) {
  const { id, caption, box: group } = captioned(el, "selects", "div", "group");
  caption.classList.add("lq-input-hint");
  let selects = [];
  const sync = () => {
    const choices = model.get("choices");
    selects.forEach((select, i) => {
      const choice = choices[i];
      select.value = choice === null || choice === undefined ? "" : String(choice);
    });
  };
  const draw = () => {
    caption.textContent = model.get("description");
    caption.hidden = !model.get("description");
    group.title = model.get("tooltip") || "";
    const options = model.get("options");
    selects = [];
    group.replaceChildren(...model.get("rows").map((text, i) => {
      const row = document.createElement("div");
      row.className = "lq-select-row";
      const label = document.createElement("label");
      const select = document.createElement("select");
      select.id = `${id}-${i}`;
      label.htmlFor = select.id;
      label.textContent = text;
      const blank = document.createElement("option");
      blank.value = "";
      blank.textContent = model.get("placeholder");
      select.append(blank, ...options.map((option, j) => {
        const item = document.createElement("option");
        item.value = String(j);
        item.textContent = option;
        return item;
      }));
      select.addEventListener("change", () => {
        const choices = [...model.get("choices")];
        choices[i] = select.value === "" ? null : Number(select.value);
        model.set("choices", choices);
        model.save_changes();
      });
      selects.push(select);
      row.append(label, select);
      return row;
    }));
    sync();
  };
  for (const name of ["rows", "options", "placeholder", "description", "tooltip"]) {
    model.on(`change:${name}`, draw);
  }
  model.on("change:choices", sync);
  draw();
}
export default { render };
"""
)


class SelectRows(anywidget.AnyWidget):
    """One select per row over the same ``options``; ``value`` maps each row to a choice."""

    _esm = _ESM
    rows = traitlets.List(traitlets.Unicode()).tag(sync=True)
    options = traitlets.List(traitlets.Unicode()).tag(sync=True)
    choices = traitlets.List(traitlets.Int(allow_none=True)).tag(sync=True)
    """Per row: the index of the chosen option, or None (the placeholder)."""
    placeholder = traitlets.Unicode(PLACEHOLDER).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)

    def __init__(self, rows: Sequence[str], options: Sequence[str], **kwargs: Any) -> None:
        super().__init__(
            rows=list(rows), options=list(options), choices=[None] * len(rows), **kwargs
        )

    @traitlets.validate("choices")
    def _valid_choices(self, proposal: Any) -> list[int | None]:
        choices = list(proposal["value"])
        if len(choices) != len(self.rows):
            raise traitlets.TraitError(f"{len(choices)} choices for {len(self.rows)} rows")
        for choice in choices:
            if choice is not None and not 0 <= choice < len(self.options):
                raise traitlets.TraitError(f"no option {choice}")
        return choices

    @property
    def value(self) -> dict[str, str | None]:
        """Each row's chosen option, or None while its select shows the placeholder."""
        return {
            row: None if choice is None else self.options[choice]
            for row, choice in zip(self.rows, self.choices, strict=True)
        }

    @value.setter
    def value(self, value: dict[str, str | None]) -> None:
        unknown = set(value) - set(self.rows)
        if unknown:
            raise traitlets.TraitError(f"not a row: {sorted(unknown)}")
        choices: list[int | None] = []
        for row in self.rows:
            chosen = value.get(row)
            if chosen is None:
                choices.append(None)
            elif isinstance(chosen, str) and chosen in self.options:
                choices.append(self.options.index(chosen))
            else:
                raise traitlets.TraitError(f"{chosen!r} is not one of the options")
        self.choices = choices

    def choose(self, row: str, option: str | None) -> None:
        """Set one row, as a student choosing in its select would."""
        self.value = {**self.value, row: option}
