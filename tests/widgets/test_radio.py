"""The keyboard-friendly radio group: values, a refused value, and what its view is told."""

from __future__ import annotations

import pytest
import traitlets

from lessonquiz.widgets.keys import KEEP_KEYS_JS
from lessonquiz.widgets.radio import RadioGroup


def test_value_maps_to_the_chosen_option() -> None:
    group = RadioGroup([("True", True), ("False", False)], description="Answer:")
    assert group.value is None and group.index is None
    group.value = False
    assert (group.index, group.value) == (1, False)
    group.index = 0
    assert group.value is True
    group.value = None
    assert group.index is None
    assert group.labels == ["True", "False"]


def test_a_value_that_is_not_a_choice_is_refused() -> None:
    group = RadioGroup([("True", True), ("False", False)])
    with pytest.raises(traitlets.TraitError, match="not one of the choices"):
        group.value = 1  # equal to True, but not a bool: never a silent match
    with pytest.raises(traitlets.TraitError):
        group.value = "Fourth"
    assert group.index is None


def test_the_view_keeps_keys_and_uses_one_named_group() -> None:
    esm = RadioGroup._esm
    assert 'input.name = name' in esm and 'captioned(el, "radio", "div", "radiogroup")' in esm
    assert "data-lm-suppress-shortcuts" in esm and "stopPropagation" in esm
    assert esm.startswith(KEEP_KEYS_JS) and "keepKeys(el)" in esm  # letters too, not only arrows
    assert "innerHTML" not in esm  # choice texts are DOM text, never HTML
