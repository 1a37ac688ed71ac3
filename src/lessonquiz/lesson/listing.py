"""The lesson list in ``lessons/README.md``, kept in step with ``lessons/index.yaml``.

Why: the order of the lessons is declared once, in ``index.yaml``; the README's table repeats
it for readers. ``differences`` names the exact line to change when they disagree (a test calls
it), and ``add_row`` is what ``lessonquiz new lesson`` calls so a new lesson keeps them agreed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

COUNT_WORDS = (
    "No",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
)
ROW = re.compile(r"^\| (\d\d) \| `([^`]+)` \| `([^`]+)` \(`([^`]+)`\) \|")
COUNT = re.compile(r"^(\w+) Jupyter notebooks")


def row_start(entry: dict[str, Any]) -> str:
    """The start of the README row for ``entry`` (its last column, the ¶ range, is free text)."""
    stem = Path(str(entry["file"])).stem
    return f"| {stem[:2]} | `{entry['file']}` | `quizzes/{stem}.yaml` (`{entry['bank']}`) |"


def differences(readme: Path, lessons: list[dict[str, Any]]) -> list[str]:
    """Each line of ``readme`` to change (``path:line: ...``) so it lists ``lessons``."""
    lines = readme.read_text(encoding="utf-8").splitlines()
    rows = [(n, line) for n, line in enumerate(lines, start=1) if ROW.match(line)]
    found = []
    name = f"lessons/{readme.name}"
    for i, entry in enumerate(lessons):
        want = row_start(entry)
        if i < len(rows):
            n, line = rows[i]
            if not line.startswith(want):
                found.append(f"{name}:{n}: this row should start {want}")
        else:
            after = rows[-1][0] if rows else 1
            found.append(f"{name}:{after + 1}: add the row {want} ... |")
    for n, _ in rows[len(lessons) :]:
        found.append(f"{name}:{n}: remove this row (no such lesson in lessons/index.yaml)")
    for n, line in enumerate(lines, start=1):
        match = COUNT.match(line)
        if (
            match
            and len(lessons) < len(COUNT_WORDS)
            and match.group(1) != COUNT_WORDS[len(lessons)]
        ):
            found.append(f"{name}:{n}: say {COUNT_WORDS[len(lessons)]} Jupyter notebooks")
    return found


def add_row(readme: Path, entry: dict[str, Any], count: int) -> None:
    """Add ``entry``'s row after the table's last row, and say ``count`` notebooks."""
    if not readme.is_file():
        return
    lines = readme.read_text(encoding="utf-8").splitlines()
    rows = [n for n, line in enumerate(lines) if ROW.match(line)]
    if not rows:
        return
    lines.insert(rows[-1] + 1, f"{row_start(entry)} TODO: the paragraphs it covers |")
    if count < len(COUNT_WORDS):
        lines = [COUNT.sub(f"{COUNT_WORDS[count]} Jupyter notebooks", line) for line in lines]
    readme.write_text("\n".join(lines) + "\n", encoding="utf-8")
