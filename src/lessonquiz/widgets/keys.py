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

import anywidget

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

CAPTIONED_JS = (
    KEEP_KEYS_JS
    + """
let captionedCount = 0;
function captioned(el, kind, tag, role) {
  // The frame every quiz control draws: its class, its keys kept, a caption and a container
  // labelled by the caption; ids are unique in the page.
  el.classList.add(`lq-${kind}`);
  keepKeys(el);
  const id = `lq-${kind}-${Date.now().toString(36)}-${++captionedCount}`;
  const caption = document.createElement("span");
  caption.className = `lq-${kind}-caption`;
  caption.id = `${id}-caption`;
  const box = document.createElement(tag);
  if (role) box.setAttribute("role", role);
  box.setAttribute("aria-labelledby", caption.id);
  el.append(caption, box);
  return { id, caption, box };
}
"""
)
"""Defines ``captioned(el, kind, tag, role)`` (with ``keepKeys``) for the quiz's anywidgets."""


_QUIZ_GUARD_ESM = (
    KEEP_KEYS_JS
    + """
function render({ el }) {
  // Rendered inside the quiz box, possibly before the box is in the page: wait for it.
  let frames = 0;
  const attach = () => {
    const quiz = el.closest(".lq-quiz");
    if (quiz) {
      if (!quiz.hasAttribute("data-lm-suppress-shortcuts")) keepKeys(quiz);
    } else if (frames++ < 600) {
      requestAnimationFrame(attach);
    }
  };
  attach();
}
export default { render };
"""
)


class QuizKeys(anywidget.AnyWidget):
    """An invisible part of the quiz that applies ``keepKeys`` to the whole quiz box.

    The quiz's own controls (Check, Hint, Reset, the ``multiple`` checkboxes) are ipywidgets
    buttons and checkboxes, which hand "d d" and the arrows to the notebook when focused; one
    listener on the box keeps every key typed anywhere in the quiz.
    """

    _esm = _QUIZ_GUARD_ESM
