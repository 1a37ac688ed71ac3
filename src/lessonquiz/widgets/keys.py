"""Keep a quiz control's keys away from JupyterLab's notebook shortcuts (shared JavaScript).

Why: in JupyterLab 4 single keys such as ArrowUp/ArrowDown, ``A``, ``B`` and ``D, D`` are
command-mode shortcuts bound to ``.jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite)
:focus``, i.e. to *any* focused element in a cell that is not a text field. A focused
``<select>`` or ``<button>`` matches, so ArrowDown on a select moves to the next cell and
"d d" deletes the quiz cell (jupyter-widgets/ipywidgets#3912). JupyterLab listens for keys on
the document in the bubbling phase, so a control that stops a key's propagation keeps it, as
ipywidgets' own text inputs do. What passes on: Tab and Escape (leaving the control), chords
with Ctrl or Cmd (save, undo, …) and Shift/Alt+Enter (run the cell). The element is also
marked ``data-lm-suppress-shortcuts``, Lumino's marker for "no shortcuts from in here".
"""

from __future__ import annotations

KEEP_KEYS_JS = """
function keepKeys(node) {
  node.setAttribute("data-lm-suppress-shortcuts", "true");
  node.addEventListener("keydown", (event) => {
    if (event.key === "Tab" || event.key === "Escape" || event.ctrlKey || event.metaKey) return;
    if (event.key === "Enter" && (event.shiftKey || event.altKey)) return;
    event.stopPropagation();
  });
}
"""
"""Defines ``keepKeys(node)``; prepend it to an anywidget's ESM and call it on ``el``."""
