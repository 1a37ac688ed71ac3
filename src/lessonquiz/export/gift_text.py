"""GIFT's text rules, shared by the writer and the reader: escaping, numbers, weights.

Moodle's ``qformat_gift`` turns ``\\:``, ``\\#``, ``\\=``, ``\\{``, ``\\}``, ``\\~`` and ``\\n``
into the character (``escapedchar_pre``), and ``\\\\`` into one backslash; every other
backslash stays as it is. ``escape`` writes exactly those, so a text reads back unchanged.
"""

from __future__ import annotations

import re

SPECIAL = "\\~=#{}:"
"""Characters GIFT gives a meaning; each is written with a backslash before it."""

MOODLE_WEIGHTS = (
    100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
    14.28571, 12.5, 11.11111, 10, 5,
)  # fmt: skip
"""The answer weights (%) Moodle's question editor offers; others need "nearest grade" import."""

FORMAT_MARKER = re.compile(r"\[(html|plain|moodle|markdown)\]")
"""A text format marker; Moodle's ``parse_text_with_format`` reads one at a text's start."""


def escape(text: str) -> str:
    """``text`` with GIFT's special characters escaped and newlines written as ``\\n``."""
    out = []
    for ch in text.replace("\r\n", "\n").replace("\r", "\n"):
        if ch in SPECIAL:
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        else:
            out.append(ch)
    return "".join(out)


def unescape(text: str) -> str:
    """Undo ``escape``: ``\\n`` is a newline, a backslash before any other character keeps it."""
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt == "n" else nxt)
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def guard_format(escaped: str) -> str:
    """An escaped text that starts with ``[html]`` & co. kept as text, not read as a format.

    Moodle reads only the first marker, so ``[markdown]`` (the format every lessonquiz text
    has) goes in front and the text's own ``[html]`` stays part of the text.
    """
    if FORMAT_MARKER.match(escaped.lstrip()):
        return "[markdown]" + escaped
    return escaped


def number(value: float) -> str:
    """A number as GIFT writes it: whole numbers without ``.0``, others exactly (``repr``)."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def weight(percent: float) -> str:
    """A GIFT answer weight with at most 5 decimals, as Moodle's grade list spells them."""
    text = f"{percent:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
