"""Strip volatile metadata from executed lessons, keeping outputs and execution counts.

Run after ``jupyter nbconvert --execute`` (``make regen`` does both). nbval compares the stored
outputs, so they stay; it also needs the execution counts (a cell whose count is missing but
which has outputs fails as "unrun"). What goes:

* ``metadata.widgets``: the widget state, whose model ids change on every run;
* notebook metadata other than ``kernelspec`` and the language name (editor and tool leftovers,
  and the Python version, which differs between machines);
* cell metadata such as ``execution`` timings that some front ends add.

The kernelspec is reset to ``python3``. Cell ids are kept, so diffs stay small.

Usage: ``python tools/clean_notebooks.py lessons/*.ipynb``
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
KEEP_CELL_METADATA = {"tags"}


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return the notebook without volatile metadata (changed in place)."""
    language = nb.metadata.get("language_info", {})
    nb.metadata = nbformat.NotebookNode(
        kernelspec=nbformat.NotebookNode(KERNELSPEC),
        language_info=nbformat.NotebookNode(
            {"name": language.get("name", "python")}
        ),
    )
    for cell in nb.cells:
        cell.metadata = nbformat.NotebookNode(
            {k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA}
        )
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
