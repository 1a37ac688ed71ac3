"""Every input limit of lessonquiz, stated once (documented in quizzes/README.md, "Limits").

Banks, typed answers and front-end messages come from people and programs we do not control.
Each limit below is far above what a real course needs and low enough that no input can make
``validate``, a lesson cell or the progress store take minutes or gigabytes. Code that
enforces a limit imports it from here, so the manual, the messages and the checks agree.
"""

from __future__ import annotations

MAX_BANK_BYTES = 5 * 1024 * 1024
"""Largest bank file read, in bytes (checked before reading: at most this much is read)."""

MAX_GIFT_BYTES = 1024 * 1024
"""The largest GIFT file ``import gift`` reads (1 MiB: the shipped banks' GIFT repeated to 860
questions imports in about 6 s and 61 MB). The bank it writes is about as large (up to four
times for odd input), and ``validate`` refuses a bank past 5 MiB; reading is linear, so this
also bounds the import's time and memory. Split a larger file at blank lines."""

MAX_DEPTH = 50
"""Deepest nesting accepted in a bank; a bank needs about six levels."""

MAX_ALIAS_NODES = 10_000
"""How many extra values YAML aliases (``*name``) may add when expanded; stops alias bombs."""

MAX_NUMBER_DIGITS = 100
"""Most digits in one number, in a bank or typed by a student (a float holds about 17)."""

MAX_PROBLEMS_PER_FILE = 200
"""Problems listed per bank file; the rest are counted in one "... and N more" line."""

MAX_LISTED = 10
"""Alternatives a message lists ("defined: a, b, ..."), then "and N more"."""

MAX_ANSWER_CHARS = 2_000
"""Longest typed answer (text or number) graded and stored, in characters."""

MAX_WRITTEN_CHARS = 20_000
"""Longest ``written`` answer saved, in characters (about 3,000 words: a long essay)."""


def listing(names: list[str], limit: int = MAX_LISTED) -> str:
    """``a, b, c`` for at most ``limit`` names, then ``and N more``: bounded whatever the input."""
    shown = ", ".join(names[:limit])
    rest = len(names) - limit
    return f"{shown} and {rest:,} more" if rest > 0 else shown
