"""Bank text made fit for an XML file and for the fields a platform shows as plain text.

Two jobs the XML writers (Moodle XML, QTI) share:

- XML 1.0 cannot hold most C0 control characters (``\\x01``, ``\\f``, ``\\v`` ...), not even
  as ``&#x0c;``; YAML can (``"\\f"``). ``xml_safe`` removes them from a question (a page
  break or a vertical tab shows as nothing in a browser anyway) and the writer warns that
  the question changed, so an export never says "wrote" about a file no parser reads.
  ``check_well_formed`` parses the finished file as a last guard.
- Some fields are plain text on the platform (Canvas's matching right sides, Moodle's
  matching answers and short-answer keys). ``plain`` gives the text a reader sees in the
  notebook, without markup, so no raw HTML from the bank reaches them.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Container, Iterable, Iterator
from typing import Any, TypeVar

from lessonquiz import render

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot carry in any form (tab, newline and carriage return it can)."""

_TAG = re.compile(r"<[^>]*>")

Q = TypeVar("Q")


class BrokenExport(ValueError):
    """The writer produced a file that is not well-formed XML (a bug: say so, write nothing)."""


def has_illegal(text: str) -> bool:
    """Whether ``text`` holds a character XML 1.0 cannot carry."""
    return XML_ILLEGAL.search(text) is not None


def _strip(value: Any) -> Any:
    if isinstance(value, str):
        return XML_ILLEGAL.sub("", value)
    if isinstance(value, list):
        return [_strip(v) for v in value]
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items()}
    return value


def _dirty(value: Any) -> bool:
    if isinstance(value, str):
        return has_illegal(value)
    if isinstance(value, list):
        return any(_dirty(v) for v in value)
    if isinstance(value, dict):
        return any(_dirty(v) for v in value.values())
    return False


def xml_safe(question: Q) -> tuple[Q | None, str | None]:
    """``question`` without XML-illegal characters, and what happened (None: nothing to do).

    Returns (None, reason) when the question no longer validates once they are gone (a
    choice that was only a control character, say): the writer skips it.
    """
    data = question.model_dump()  # type: ignore[attr-defined]
    if not _dirty(data):
        return question, None
    try:
        cleaned = type(question).model_validate(_strip(data))  # type: ignore[attr-defined]
    except ValueError as exc:
        return None, f"control characters XML cannot hold; without them it is invalid ({exc})"
    return cleaned, "control characters (such as \\f or \\x01) removed: XML cannot hold them"


def writable(questions: Iterable[Q], known: Container[type], result: Any, fmt: str) -> Iterator[Q]:
    """The questions an XML writer can write, each made ``xml_safe``; the rest skipped.

    A question type the format has no form for (a type newer than the writer) and a question
    that does not survive ``xml_safe`` are skipped with a warning in ``result`` (an
    ``Export``); a question ``xml_safe`` changed is warned about and written.
    """
    for question in questions:
        qid = question.id  # type: ignore[attr-defined]
        if type(question) not in known:
            kind = question.type  # type: ignore[attr-defined]
            result.skip(qid, f"skipped: {fmt} has no form for a {kind} question")
            continue
        safe, change = xml_safe(question)
        if safe is None:
            result.skip(qid, f"skipped: {change}")
            continue
        if change:
            result.warn(qid, change)
        yield safe


def clean_text(text: str) -> str:
    """``text`` without XML-illegal characters (for bank-level fields such as the title)."""
    return XML_ILLEGAL.sub("", text)


def plain(markdown: str) -> str:
    """Inline Markdown as the plain text a reader sees: markup rendered, then tags dropped."""
    return " ".join(html.unescape(_TAG.sub("", render.inline(markdown))).split())


def check_well_formed(name: str, data: bytes) -> None:
    """Raise ``BrokenExport`` unless ``data`` parses as XML (our output: no DTD, no entities)."""
    try:
        ET.fromstring(data)
    except ET.ParseError as exc:
        raise BrokenExport(
            f"{name} would not be well-formed XML ({exc}); nothing written"
        ) from None
