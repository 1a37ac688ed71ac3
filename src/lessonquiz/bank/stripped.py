"""Text the quiz would not show: images and HTML tags outside the renderer's allow-list.

Why an error: the quiz, the preview and the exports render bank text through one sanitizer
(``lessonquiz.render``), which keeps a short list of tags. An image (``![alt](file.png)`` or
``<img>``) or any other tag would vanish from what students see without a word; ``validate``
says so instead. Images are not supported yet: describe the picture in words, or link to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lessonquiz.bank.errors import Problem
from lessonquiz.bank.loader import CheckedBank

IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|<img\b", re.IGNORECASE)
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")


def texts(value: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string in a bank's data, with its path (for locating it)."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from texts(child, (*loc, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from texts(child, (*loc, i))


def bank_texts(item: CheckedBank) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every text of a loaded bank with its YAML path: the header as written, each question
    as its model holds it (the loader lets the raw questions go once they are built)."""
    data = item.document.data if item.document is not None else None
    if isinstance(data, dict):
        yield from texts({k: v for k, v in data.items() if k != "questions"})
    if item.bank is not None:
        for i, question in enumerate(item.bank.questions):
            yield from texts(question.model_dump(exclude_defaults=True), ("questions", i))


def stripped(item: CheckedBank) -> list[Problem]:
    """An error at each text holding an image or a tag the quiz would drop."""
    from lessonquiz.render import ALLOWED_TAGS  # the renderer's own list, not a copy

    if item.bank is None or item.document is None:
        return []
    ids = [q.id for q in item.bank.questions]
    found = []
    for loc, text in bank_texts(item):
        if IMAGE.search(text):
            message = (
                "an image: lessonquiz cannot show images yet (the quiz, preview and exports "
                "would drop it silently); describe it in words, or link to the file"
            )
        else:
            tags = sorted({t.lower() for t in TAG.findall(text)} - ALLOWED_TAGS)
            if not tags:
                continue
            message = (
                f"HTML tag(s) {', '.join(f'<{t}>' for t in tags)} are removed when the text "
                f"is shown (kept: {', '.join(sorted(ALLOWED_TAGS))}); use Markdown or plain text"
            )
        line, col = item.document.locate(loc)
        qid = ids[loc[1]] if len(loc) > 1 and loc[0] == "questions" else None
        found.append(Problem(str(item.path), line, col, message, qid))
    return found
