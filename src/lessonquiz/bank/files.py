"""Where a project's banks and data are: file suffixes and the nearest ``quizzes/``/``data/``.

A module of its own so that finding a bank (``show("economics")``) and naming a cache entry
need neither the YAML reader nor the pydantic model.
"""

from __future__ import annotations

from pathlib import Path

BANK_SUFFIXES = (".yaml", ".yml")


def nearest_folder(name: str, start: Path, *, holding: str | None = None) -> Path | None:
    """``start/name``, or ``name`` in the nearest parent that has one (with a file ``holding``
    in it, when given); None if none does.

    How a project's ``quizzes/`` and ``data/`` are found from any of its folders (a lesson's,
    the root), so ``show()`` in a notebook and ``lessonquiz`` in a shell see the same files.
    """
    here = start.resolve()
    for folder in (here, *here.parents):
        found = folder / name
        if found.is_dir() and (holding is None or (found / holding).is_file()):
            return found
    return None
