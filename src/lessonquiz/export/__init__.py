"""Export a bank to the formats learning platforms import, and say what each format loses.

Every writer takes a loaded ``Bank`` and returns an ``Export``: the files to write (name ->
bytes) and an ``ExportWarning`` for each thing the format cannot carry (an ``order`` question
in GIFT, hints in GIFT, a Moodle type that is not core). Nothing is dropped silently: whatever
a format loses is named, with the question id, in the warnings the CLI prints.

``FORMATS`` maps the names ``lessonquiz export --format`` accepts to their writers.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from lessonquiz.bank.model import Source

CHANGED, SKIPPED, NOTE = "changed", "skipped", "note"
"""Kinds of warning: the question arrives changed (something lost or altered), it is not in
the file at all, or a note (it arrives as written but the platform scores it differently)."""


@dataclass(frozen=True)
class ExportWarning:
    """What the format lost or changed in question ``question_id`` (None: the whole bank)."""

    question_id: str | None
    message: str
    kind: str = CHANGED

    def __str__(self) -> str:
        who = f"[{self.question_id}] " if self.question_id else ""
        return f"{who}{self.message}"


@dataclass
class Export:
    """The files an export produces, by file name, and the warnings it raised."""

    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[ExportWarning] = field(default_factory=list)

    def warn(self, question_id: str | None, message: str) -> None:
        """Record that ``question_id`` lost or changed something in this format."""
        self.warnings.append(ExportWarning(question_id, message))

    def skip(self, question_id: str, message: str) -> None:
        """Record that ``question_id`` is left out of the file, and why."""
        self.warnings.append(ExportWarning(question_id, message, SKIPPED))

    def note(self, question_id: str | None, message: str) -> None:
        """Record that ``question_id`` arrives as written but the platform scores it otherwise."""
        self.warnings.append(ExportWarning(question_id, message, NOTE))

    def ids(self, kind: str) -> list[str]:
        """The questions with a warning of ``kind``, each once, in the order first warned."""
        found = (w.question_id for w in self.warnings if w.kind == kind and w.question_id)
        return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Format:
    """One export format: its writer and how its output is delivered.

    ``stdout`` formats are one text file that may be printed; the others (a zip, two
    Markdown files) need ``-o``.
    """

    name: str
    write: Callable[..., Export]
    description: str
    stdout: bool
    moodle: bool = False
    """Whether ``write`` takes ``moodle=(major, minor)``: what Moodle reads differs by release."""
    versions: bool = False
    """Whether ``write(bank, version)`` takes a version label (printed, shuffled versions)."""


MOODLE_LTS = (5, 3)
"""The current Moodle long-term-support release (5.3, released 5 October 2026; the one before
was 4.5): what ``--moodle`` defaults to."""

MOODLE_ORDERING = (4, 4)
"""The first Moodle with the Ordering question type in core (an add-on before)."""


TEXT_NOTE = (
    "typed answers are compared ignoring case and surrounding space, not punctuation "
    "(lessonquiz also ignores punctuation: 'Peskov.' is right here, wrong there)"
)
"""The note every LMS export gives its ``text`` questions (Moodle's shortanswer, Canvas's
short_answer_question)."""


def fixed_shuffle(items: list[str], seed: str) -> list[str]:
    """``items`` in a fixed order that is not the given (right) one, for printed sheets.

    Seeded by ``seed`` (a question id), so every export shows the same order.
    """
    shown = list(items)
    random.Random(seed).shuffle(shown)
    if shown == items and len(items) > 1:
        shown = shown[1:] + shown[:1]
    return shown


def source_label(source: Source) -> str:
    """A question's source for people: ``¶10``, ``¶13, ¶16``, ``data: trade-2023``."""
    parts = [f"¶{n}" for n in source.paragraphs]
    if source.data:
        parts.append(f"data: {source.data}")
    return ", ".join(parts)


def _formats() -> dict[str, Format]:
    from lessonquiz.export import gift, markdown, moodle_xml, pdf, printable, qti

    return {
        "gift": Format(
            "gift", gift.write, "Moodle GIFT text (one .gift file)", stdout=True, moodle=True
        ),
        "moodle-xml": Format(
            "moodle-xml", moodle_xml.write, "Moodle XML (one .xml file)", stdout=True, moodle=True
        ),
        "qti": Format(
            "qti", qti.write, "IMS QTI 1.2 content package for Canvas (one .zip)", stdout=False
        ),
        "markdown": Format(
            "markdown",
            markdown.write,
            "Markdown for print: a student sheet and a separate key (two .md files)",
            stdout=False,
            versions=True,
        ),
        "html": Format(
            "html",
            printable.write,
            "printable A4 HTML: a student sheet and a key (two .html files)",
            stdout=False,
            versions=True,
        ),
        "pdf": Format(
            "pdf",
            pdf.write,
            "A4 PDF printed by Chromium: a student sheet and a key (two .pdf files)",
            stdout=False,
            versions=True,
        ),
    }


FORMATS: dict[str, Format] = _formats()
"""Export formats by the name ``--format`` takes."""

__all__ = [
    "CHANGED",
    "FORMATS",
    "MOODLE_LTS",
    "MOODLE_ORDERING",
    "NOTE",
    "SKIPPED",
    "TEXT_NOTE",
    "Export",
    "ExportWarning",
    "Format",
    "fixed_shuffle",
    "source_label",
]
