"""The match question's selects, headless: state, responses, refused values, the view's code.

What the view does in a browser (keys kept from JupyterLab, arrows choosing) is tested in
``tests/browser/test_keyboard.py``; here the Python side: what a saved answer round trips
through, what the front end may send, and what the JavaScript is built to do.
"""

from __future__ import annotations

import json

import pytest
import traitlets

from lessonquiz import Quiz
from lessonquiz.widgets.keys import KEEP_KEYS_JS
from lessonquiz.widgets.selects import PLACEHOLDER, SelectRows
from tests.widgets.conftest import RIGHT

LEFTS = ["Kazakhstan", "Uzbekistan", "Tajikistan"]
RIGHTS = ["Tashkent", "Astana", "Dushanbe"]


def test_selects_start_on_the_placeholder() -> None:
    rows = SelectRows(LEFTS, RIGHTS, description="Match:")
    assert rows.choices == [None, None, None] and rows.placeholder == PLACEHOLDER
    assert rows.value == dict.fromkeys(LEFTS)


def test_selects_value_round_trips_through_indices() -> None:
    rows = SelectRows(LEFTS, RIGHTS)
    rows.value = {"Kazakhstan": "Astana", "Tajikistan": "Dushanbe"}
    assert rows.choices == [1, None, 2]
    assert rows.value == {"Kazakhstan": "Astana", "Uzbekistan": None, "Tajikistan": "Dushanbe"}
    rows.choose("Uzbekistan", "Tashkent")
    assert rows.choices == [1, 0, 2]
    rows.choose("Kazakhstan", None)
    assert rows.value["Kazakhstan"] is None


def test_selects_take_what_the_front_end_sends() -> None:
    """The view sends the whole list of indices after every change of one select."""
    rows = SelectRows(LEFTS, RIGHTS)
    rows.set_state({"choices": [2, None, 0]})
    assert rows.value == {"Kazakhstan": "Dushanbe", "Uzbekistan": None, "Tajikistan": "Tashkent"}


@pytest.mark.parametrize(
    "value", [{"Kazakhstan": "Almaty"}, {"Kazakhstan": 1}, {"Turkmenistan": "Ashgabat"}]
)
def test_selects_refuse_what_is_not_an_option(value: dict) -> None:
    rows = SelectRows(LEFTS, RIGHTS)
    with pytest.raises(traitlets.TraitError):
        rows.value = value
    assert rows.choices == [None, None, None]


@pytest.mark.parametrize("choices", [[0, 1], [0, 1, 3], [0, -1, None]])
def test_selects_refuse_impossible_indices(choices: list) -> None:
    rows = SelectRows(LEFTS, RIGHTS)
    with pytest.raises(traitlets.TraitError):
        rows.choices = choices


def test_match_view_round_trips_and_grades_what_the_front_end_sends(bank) -> None:
    quiz = Quiz(bank, seed=2)
    match = quiz.view("q-match")
    assert isinstance(match.selects, SelectRows)
    match.response = RIGHT["q-match"]
    assert match.selects.value == RIGHT["q-match"] and match.check().correct
    with pytest.raises(ValueError):
        match.response = {"not a left item": "opinion"}
    match.reset()
    assert match.selects.choices == [None, None]
    options = match.selects.options
    wanted = [options.index(RIGHT["q-match"][left]) for left in match.selects.rows]
    match.selects.set_state({"choices": wanted})  # as the selects in the page send it
    assert match.check().correct


def test_state_holds_no_answer_before_the_student_gives_one(bank) -> None:
    state = json.dumps(Quiz(bank, seed=2).view("q-match").selects.get_state())
    assert '"choices": [null, null]' in state


def test_the_view_keeps_keys_labels_selects_and_never_writes_html() -> None:
    esm = SelectRows._esm
    assert esm.startswith(KEEP_KEYS_JS) and "keepKeys(el)" in esm
    assert "data-lm-suppress-shortcuts" in KEEP_KEYS_JS and "stopPropagation" in KEEP_KEYS_JS
    assert "label.htmlFor = select.id" in esm and 'captioned(el, "selects", "div", "group")' in esm
    assert "innerHTML" not in esm and "insertAdjacentHTML" not in esm
