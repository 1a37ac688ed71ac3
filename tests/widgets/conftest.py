"""Shared helpers for the headless widget tests: banks and a walk over a widget tree."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import ipywidgets as widgets
import pytest

from lessonquiz import load_bank
from lessonquiz.bank.model import Bank
from tests.conftest import FIXTURES

EVERY_TYPE = FIXTURES / "banks" / "good-every-type.yaml"

RIGHT = {
    "q1": "First",
    "q-multiple": {"Right one", "Right two"},
    "q-tf": True,
    "q-numeric": 5.5,
    "q-text": "  dmitry PESKOV! ",
    "q-order": ["Claim", "Reasons", "Conclusion"],
    "q-match": {"Trade was 31.5 bn": "checkable fact", "They want to counter Russia": "opinion"},
}
"""A full-marks response for every question of good-every-type.yaml."""

WRONG = {
    "q1": "Second",
    "q-multiple": {"Wrong one"},
    "q-tf": False,
    "q-numeric": 6,
    "q-text": "Lavrov",
    "q-order": ["Conclusion", "Reasons", "Claim"],
    "q-match": {"Trade was 31.5 bn": "opinion", "They want to counter Russia": "checkable fact"},
}
"""A zero-score response for every question, with the feedback each should show."""

WRONG_FEEDBACK = {
    "q1": "Not this one; see ¶10.",
    "q-multiple": "No.",
    "q-tf": "Compare the two figures.",
    "q-numeric": "Subtract.",
    "q-text": "See ¶21.",
    "q-order": "Claims come first.",
    "q-match": "A figure with a year can be checked.",
}


@pytest.fixture
def bank() -> Bank:
    return load_bank(EVERY_TYPE)


def bank_from_text(tmp_path: Path, text: str, name: str = "bank.yaml") -> Bank:
    """A bank written to a temporary file and loaded, for variants of the fixture."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_bank(path)


def walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    """Every widget in a tree, depth first."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def html_values(widget: widgets.Widget) -> str:
    """All HTML shown by a widget tree, joined."""
    return "\n".join(w.value for w in walk(widget) if isinstance(w, widgets.HTML))
