"""``show("economics")``: the one-liner a lesson cell ends with.

Why a separate entry point: lessons run with the working directory ``lessons/``, and a lesson
must never show a traceback. So ``show`` finds the bank by id in the nearest ``quizzes/``
folder (or takes a path) and turns any loading problem into a readable message. A bank that
loaded once comes from the per-user cache (``lessonquiz.bank.cache``), so a lesson's quiz
cell imports neither the YAML reader nor the loader's validators nor markdown-it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from IPython.display import HTML

from lessonquiz import render
from lessonquiz.bank import cache
from lessonquiz.bank.errors import BankError
from lessonquiz.bank.files import BANK_SUFFIXES, nearest_folder
from lessonquiz.bank.public import LazyBank
from lessonquiz.widgets.quiz import Quiz
from lessonquiz.widgets.static import STYLE

if TYPE_CHECKING:  # pragma: no cover - a cached bank's model loads with its first check
    from lessonquiz.bank.model import Bank


class BankNotFound(LookupError):
    """No bank with this id or path."""


def find_bank(bank_ref: str | os.PathLike[str], start: Path | None = None) -> Path:
    """The bank file for a path, or for a bank id in ``quizzes/`` here or in a parent folder."""
    as_path = Path(bank_ref)
    if as_path.suffix in BANK_SUFFIXES or as_path.is_file():
        if as_path.is_file():
            return as_path
        raise BankNotFound(f"no bank file {as_path}")
    bank_id = str(bank_ref)
    here = (start or Path.cwd()).resolve()
    quizzes = nearest_folder("quizzes", here)
    if quizzes is None:
        raise BankNotFound(f"no quizzes/ folder in {_shown(here)} or its parents")
    files = sorted(p for p in quizzes.iterdir() if p.suffix in BANK_SUFFIXES)
    named = re.compile(rf"^(\d+-)?{re.escape(bank_id)}$")
    # The id decides; a file named after it is only looked at first (the usual case).
    by_name = [p for p in files if named.match(p.stem)]
    declared = {}
    for path in dict.fromkeys([*by_name, *files]):
        declared[path] = _declared_id(path)
        if declared[path] == bank_id:
            return path
    for path in by_name:
        if declared[path] is None:  # named after the id but unreadable: the student sees why
            return path
    others = "".join(f"; {_shown(p)} has id '{declared[p]}'" for p in by_name)
    raise BankNotFound(f"no bank with id '{bank_id}' in {_shown(quizzes)}{others}")


def _declared_id(path: Path) -> str | None:
    """The ``id:`` a bank file declares, without validating the rest; None if unreadable."""
    cached = cache.read(path)
    if cached is not None:
        return cached.public.id
    from lessonquiz.bank.yamlsafe import YamlProblem, read_yaml

    try:
        data = read_yaml(path).data
    except (YamlProblem, OSError):
        return None
    found = data.get("id") if isinstance(data, dict) else None
    return found if isinstance(found, str) else None


def show(
    bank_ref: str | os.PathLike[str],
    *,
    seed: int | None = None,
    student: str | None = None,
    db: str | os.PathLike[str] | None = None,
) -> Quiz | HTML:
    """The quiz for a bank id or path; a bank that cannot load shows its problems instead."""
    try:
        bank = load_for_quiz(_shown(find_bank(bank_ref)))
    except BankError as exc:
        return error_message([str(problem) for problem in exc.problems])
    except BankNotFound as exc:
        return error_message([str(exc)])
    return Quiz(bank, student=student, db=db, seed=seed)


def load_for_quiz(path: Path) -> Bank | LazyBank:
    """The bank at ``path`` for a quiz: from the cache when this very bank loaded before (its
    model then loads only when the quiz needs its key); else ``load_bank(path)``, and a bank
    that loads is stored in the cache with the HTML of its prompts and title."""
    entry = cache.read(path)
    if entry is not None:
        render.remember(entry.inline, block=False)
        return entry.lazy()
    from lessonquiz.bank.loader import load_bank

    bank = load_bank(path)
    cache.write(
        path,
        cache.Entry.of(bank, inline=render.remembered([bank.title], block=False)),
    )
    return bank


def error_message(lines: list[str]) -> HTML:
    """A readable, deterministic message in place of the quiz: plain HTML output, no widget,
    so it shows in every front end and in a notebook saved without its kernel."""
    items = "".join(f"<li><code>{render.escape(line)}</code></li>" for line in lines)
    return HTML(
        f'{STYLE}<div class="lq-quiz"><div class="lq-error" role="alert"><strong>This quiz '
        f"cannot be shown.</strong> Please tell your instructor:<ul>{items}</ul></div></div>"
    )


def _shown(path: Path) -> Path:
    """A path relative to the working directory when possible, so messages are portable."""
    try:
        return Path(os.path.relpath(path))
    except ValueError:  # another drive on Windows
        return path
