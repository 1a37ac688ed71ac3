"""GIFT, Moodle's plain-text quiz format: one name for the writer, the reader and the import.

The jobs live in their own modules: ``gift_text`` (escaping, numbers, weights: shared),
``gift_write`` (bank -> GIFT, as Moodle's importer reads it), ``gift_read`` and
``gift_read_kinds`` (GIFT -> question data, as Moodle reads it) and ``gift_import``
(question data -> a bank file, each question checked by the model). See each for the rules.
"""

from __future__ import annotations

from lessonquiz.export.gift_import import IMPORTED_OBJECTIVE, PLACEHOLDER_SOURCE, slug, to_bank
from lessonquiz.export.gift_read import GiftError, GiftImport, read
from lessonquiz.export.gift_text import MOODLE_WEIGHTS, SPECIAL, escape, number, unescape, weight
from lessonquiz.export.gift_write import write

__all__ = [
    "IMPORTED_OBJECTIVE",
    "MOODLE_WEIGHTS",
    "PLACEHOLDER_SOURCE",
    "SPECIAL",
    "GiftError",
    "GiftImport",
    "escape",
    "number",
    "read",
    "slug",
    "to_bank",
    "unescape",
    "weight",
    "write",
]
