"""Strip volatile metadata from executed lessons, keeping outputs and execution counts.

Run after ``jupyter nbconvert --execute`` (``make regen`` does both). nbval compares the stored
outputs, so they stay; it also needs the execution counts (a cell whose count is missing but
which has outputs fails as "unrun"). What goes:

* ``metadata.widgets``: the widget state, whose model ids change on every run;
* notebook metadata other than ``kernelspec`` and the language name (editor and tool leftovers,
  and the Python version, which differs between machines);
* cell metadata such as ``execution`` timings that some front ends add.

What changes: the model id in each widget output (``application/vnd.jupyter.widget-view+json``),
random on every run, becomes one derived from the cell id and the output's place, so
re-executing an unchanged lesson leaves its file byte-identical. With the widget state gone
the id points at nothing either way; a front-end shows the key-free text/html instead.

The kernelspec is reset to ``python3``. Cell ids are kept, so diffs stay small.

Usage: ``python tools/clean_notebooks.py lessons/*.ipynb``
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import nbformat

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
KEEP_CELL_METADATA = {"tags"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def stable_model_id(cell_id: str, position: int) -> str:
    """A 32-hex-digit id, like a real one, from where the output is in the notebook."""
    return hashlib.sha256(f"{cell_id}:{position}".encode()).hexdigest()[:32]


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return the notebook without volatile metadata (changed in place)."""
    language = nb.metadata.get("language_info", {})
    nb.metadata = nbformat.NotebookNode(
        kernelspec=nbformat.NotebookNode(KERNELSPEC),
        language_info=nbformat.NotebookNode(
            {"name": language.get("name", "python")}
        ),
    )
    for index, cell in enumerate(nb.cells):
        cell.metadata = nbformat.NotebookNode(
            {k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA}
        )
        for position, output in enumerate(cell.get("outputs", [])):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if isinstance(view, dict) and "model_id" in view:
                view["model_id"] = stable_model_id(cell.get("id", str(index)), position)
    return nb


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    for name in paths:
        path = Path(name)
        nb = clean(nbformat.read(path, as_version=4))
        nbformat.validate(nb)
        nbformat.write(nb, path)
        print(f"cleaned {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
