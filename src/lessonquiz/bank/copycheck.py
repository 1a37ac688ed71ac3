"""The course's copy rule: no bank and no lesson repeats a long run of the article's words.

Why it lives in ``validate``: the rule (paraphrase; quote at most a short phrase) used to be
checked only by the project's own tests, so an edit that ``validate --strict`` accepted could
still fail ``make test``. The article's text is not shipped with the project (it is not ours
to copy); ``lessons/course.yaml`` names where the instructor keeps it, and where it is missing
``validate`` says in a note that the check was skipped instead of passing in silence.

Words are compared lower-cased, letters and digits only, so re-punctuating or re-capitalising
a copied sentence does not hide it.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path

from lessonquiz.bank.errors import Problem
from lessonquiz.bank.loader import CheckedBank
from lessonquiz.bank.stripped import bank_texts

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
PARAGRAPH = re.compile(r"¶(\d+)\.\s*(.*)")
QUOTATION = re.compile(r'"([^"\n]+)"|“([^”\n]+)”')
CELL_START = re.compile(r'"cell_type":')
TEXT_MIMES = ("text/plain", "text/html", "text/markdown")
Runs = dict[tuple[str, ...], int]  # a run of words -> the ¶ it comes from


def words(text: str) -> list[str]:
    """The text's words as the rule compares them (curly apostrophes made straight)."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    return WORD.findall(text)


@functools.lru_cache(maxsize=4)
def article_runs(article: Path, length: int) -> Runs:
    """Every run of ``length`` consecutive words of each ``¶N.`` paragraph of the article."""
    runs: Runs = {}
    for line in article.read_text(encoding="utf-8").splitlines():
        match = PARAGRAPH.match(line)
        if match:
            w = words(match.group(2))
            for i in range(len(w) - length + 1):
                runs.setdefault(tuple(w[i : i + length]), int(match.group(1)))
    return runs


def copied_run(text: str, runs: Runs, length: int) -> tuple[str, int] | None:
    """The first run of the article found in ``text``, with its ¶ number (None: none)."""
    w = words(text)
    for i in range(len(w) - length + 1):
        paragraph = runs.get(tuple(w[i : i + length]))
        if paragraph is not None:
            return " ".join(w[i : i + length]), paragraph
    return None


def _message(run: str, paragraph: int, length: int) -> str:
    return (
        f"{length} words in a row copied from the article (¶{paragraph}): '{run}'; put it in "
        f"your own words, or quote at most a short phrase (under {length} words) in "
        f'quotation marks with its ¶ ("...", ¶{paragraph})'
    )


def bank_copies(item: CheckedBank, runs: Runs, length: int) -> list[Problem]:
    """An error at each text of a bank that repeats ``length`` words of the article."""
    if item.document is None:
        return []
    ids = [q.id for q in item.bank.questions] if item.bank is not None else []
    found = []
    for loc, text in bank_texts(item):
        hit = copied_run(text, runs, length)
        if hit is None:
            continue
        line, col = item.document.locate(loc)
        qid = ids[loc[1]] if len(loc) > 1 and loc[0] == "questions" else None
        found.append(Problem(str(item.path), line, col, _message(*hit, length), qid))
    return found


def lesson_copies(notebook: Path, shown: str, runs: Runs, length: int) -> list[Problem]:
    """An error at each cell of a lesson (source or stored output) that repeats the article,
    and at each quotation in its Markdown of ``length`` words or more."""
    if not notebook.is_file():
        return []
    raw = notebook.read_text(encoding="utf-8")
    starts = cell_lines(raw)
    found = []
    for number, (cell, texts) in enumerate(_cell_texts(json.loads(raw)), start=1):
        line = starts[number - 1] if number <= len(starts) else 1
        where = f"cell {number} ({cell.get('cell_type')})"
        hit = next(filter(None, (copied_run(text, runs, length) for text in texts)), None)
        if hit is not None:
            found.append(Problem(shown, line, 1, f"{where}: {_message(*hit, length)}"))
        if cell.get("cell_type") != "markdown":
            continue
        for quote in QUOTATION.findall(texts[0]):
            quoted = next(q for q in quote if q)
            if len(quoted.split()) >= length:
                found.append(
                    Problem(
                        shown,
                        line,
                        1,
                        f"{where}: a quotation of {len(quoted.split())} words "
                        f"('{quoted[:60]}…'); quote at most {length - 1} words and "
                        "paraphrase the rest",
                    )
                )
    return found


def cell_lines(raw: str) -> list[int]:
    """The line (from 1) on which each cell of a notebook's JSON text opens, in cell order,
    so a message about cell N can send an editor to it."""
    return [raw.count("\n", 0, m.start()) + 1 for m in CELL_START.finditer(raw)]


def _cell_texts(notebook: dict) -> Iterator[tuple[dict, list[str]]]:
    """Each cell with its source, then the text of each stored output (each checked apart,
    so no run is made up across two of them)."""
    for cell in notebook.get("cells", []):
        parts = ["".join(cell.get("source", ""))]
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("text", "")))
            data = out.get("data", {})
            parts.extend("".join(data.get(mime, "")) for mime in TEXT_MIMES)
        yield cell, parts
