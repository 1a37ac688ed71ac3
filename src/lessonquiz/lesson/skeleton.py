"""The lesson skeleton, checked in words: each miss is one ``lessons/NN-x.ipynb: cell N: ...``
line saying what to write, not a raw assert.

Why here and not only in the tests: the same checks serve ``tests/test_lessons.py`` and the
instructor who scaffolds a lesson with ``lessonquiz new lesson`` and wants to know what is
still missing. Reads notebooks as JSON; never starts a kernel.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

SECTIONS = (
    "Learning objectives",
    "What the article says",
    "Analysis",
    "Think about it",
    "Quiz",
    "Key points",
    "Sources",
)
"""The H2 headings of every lesson, in this order."""

IMPORTS = ("import pandas as pd", "import matplotlib.pyplot as plt", "import lessonquiz")
"""Lines the first code cell has (before ``## Analysis``)."""


def source(cell: dict[str, Any]) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else str(text)


def has_figure(cell: dict[str, Any]) -> bool:
    return any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))


def skeleton_problems(path: Path, entry: dict[str, Any], *, shown: str | None = None) -> list[str]:
    """Every way the notebook at ``path`` misses the skeleton, for its ``index.yaml`` entry
    (``file``, ``title``, ``question``, ``bank``); an empty list when it follows it.

    Cell numbers count from 1, as JupyterLab shows them in the cell order.
    """
    name = shown or f"lessons/{path.name}"
    return [
        f"{name}: cell {index + 1}: {message}" if index is not None else f"{name}: {message}"
        for index, message in skeleton_misses(path, entry)
    ]


def skeleton_misses(path: Path, entry: dict[str, Any]) -> list[tuple[int | None, str]]:
    """``skeleton_problems`` as (cell index from 0, or None for the whole notebook; message),
    for ``validate``, which locates each at its line in the file."""
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    found: list[tuple[int | None, str]] = []

    def miss(index: int | None, message: str) -> None:
        found.append((index, message))

    number = str(entry["file"])[:2]
    first = source(cells[0]) if cells else ""
    if not cells or cells[0].get("cell_type") != "markdown":
        miss(0, "the first cell is a Markdown cell with the lesson's title")
    elif first.splitlines()[:1] != [f"# {number} · {entry['title']}"]:
        miss(
            0,
            f'the first line must be "# {number} · {entry["title"]}" '
            "(the title in lessons/index.yaml)",
        )
    elif " ".join(str(entry["question"]).split()) not in " ".join(first.split()):
        miss(0, "the first cell must state the lesson's question as lessons/index.yaml gives it")
    markdown = [(i, source(c)) for i, c in enumerate(cells) if c.get("cell_type") == "markdown"]
    titles = [
        (i, line) for i, text in markdown for line in text.splitlines() if line.startswith("# ")
    ]
    for i, line in titles[1:]:
        miss(i, f"a second title ({line!r}); a lesson has one '# ' title, sections use '## '")
    headings = [(i, m) for i, text in markdown for m in re.findall(r"^## (.+)$", text, re.M)]
    if [h for _, h in headings] != list(SECTIONS):
        miss(
            None,
            f"the sections must be, in order: {', '.join(SECTIONS)} "
            f"(found: {', '.join(h for _, h in headings) or 'none'})",
        )
        return found
    at = {heading: i for i, heading in headings}
    code = [i for i, c in enumerate(cells) if c.get("cell_type") == "code"]
    if not code or code[0] > at["Analysis"]:
        miss(at["Analysis"], "put a code cell with the imports before ## Analysis")
    else:
        lines = source(cells[code[0]]).splitlines()
        for line in IMPORTS:
            if line not in lines:
                miss(code[0], f"the first code cell needs the line {line!r}")
    if not re.search(
        r"¶\d+",
        "\n".join(source(cells[i]) for i in range(at["What the article says"], at["Analysis"])),
    ):
        miss(
            at["What the article says"],
            "paraphrase the article with ¶N references (for example ¶10)",
        )
    think = source(cells[at["Think about it"]])
    if not 2 <= len(re.findall(r"^\d+\. ", think, re.M)) <= 3:
        miss(at["Think about it"], "give 2 or 3 numbered prompts (1. ..., 2. ...)")
    quiz = [i for i in code if at["Quiz"] < i < at["Key points"]]
    expected = f'lessonquiz.show("{entry["bank"]}")'
    if len(quiz) == 1 and "seed=" in source(cells[quiz[0]]):
        miss(
            quiz[0],
            f"drop seed= from the quiz cell ({expected}): a fixed seed gives every student the "
            "same order, so the key's place becomes a cue; the stored outputs reproduce anyway "
            "(make regen and nbval answer as the student 'nbval')",
        )
    elif len(quiz) != 1 or source(cells[quiz[0]]).strip() != expected:
        miss(at["Quiz"], f"the Quiz section has one code cell: {expected}")
    for i in (i for i in code if has_figure(cells[i])):
        before = cells[i - 1]
        if before.get("cell_type") != "markdown" or "Alt text:" not in source(before):
            miss(i, 'a figure needs a caption with "Alt text:" in the Markdown cell above it')
        if not source(cells[i]).rstrip().endswith("plt.show()"):
            miss(i, "end a figure's cell with plt.show()")
        previous = [j for j in code if j < i]
        tables = (
            [o for o in cells[previous[-1]].get("outputs", []) if "text/html" in o.get("data", {})]
            if previous
            else []
        )
        if not tables:
            miss(i, "show the plotted numbers as a table in the code cell before the figure")
    return found
