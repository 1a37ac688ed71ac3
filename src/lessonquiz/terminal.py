"""Text fit for a terminal: control and bidirectional-override characters made visible.

Bank text, typed answers and store contents reach the instructor's terminal in messages and
report tables. Printed raw, an escape sequence there could clear the screen, set the window
title or write to the clipboard (OSC 52), and a right-to-left override could make a row read
as something else. ``visible`` shows each such character as a Python-style escape instead,
so nothing is lost and nothing acts.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 (but tab and newline) and C1 controls, DEL
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"  # bidi marks, embeddings and isolates
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every terminal control and bidi override shown as ``\\x1b``, ``\\u202e``.

    Tabs and newlines are kept: messages use them for layout.
    """
    return _UNSAFE.sub(_escape, text)


_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible_json(text: str) -> str:
    """JSON text (from ``json.dumps``, which already escapes C0 controls) with DEL, C1
    controls and bidi overrides written as ``\\u`` escapes: the same data for a parser,
    inert in a terminal."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
