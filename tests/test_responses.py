"""The response shape, checked once before grading and storing (lessonquiz.responses): the
review's D10 (grade() raised), D20 (no size bound), and the core side of D7 (a lone surrogate
that cannot be saved) and D11 (a front-end index out of range). Each fails on 6f04515."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction

import pytest

from lessonquiz.bank.loader import load_bank
from lessonquiz.bank.model import Bank
from lessonquiz.grading import grade
from lessonquiz.limits import MAX_ANSWER_CHARS, MAX_NUMBER_DIGITS
from lessonquiz.responses import Refused, choice_index, read_response
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(FIXTURES / "banks" / "good-every-type.yaml")


class RaisingMapping(Mapping[str, str]):
    """A mapping whose every read raises: what a broken front-end object can be."""

    def __getitem__(self, key: str) -> str:
        raise RuntimeError("boom")

    def __iter__(self) -> Iterator[str]:
        raise RuntimeError("boom")

    def __len__(self) -> int:
        return 1


@pytest.mark.parametrize(
    ("question_id", "response"),
    [
        ("q-numeric", 10**400),  # OverflowError
        ("q-numeric", -(10**400)),
        ("q-numeric", Fraction(10**400)),  # OverflowError
        ("q-numeric", "1" + "0" * 400),
        ("q-numeric", "1e999"),
        ("q-numeric", Decimal("5.5")),  # not a Real: refused, never guessed
        ("q-numeric", 5.5 + 0j),
        ("q-order", [1, 2, 3]),  # KeyError when str() matched
        ("q-order", ["Claim", "Reasons", 3]),
        ("q-match", {"Trade was 31.5 bn": ["opinion"], "They want to counter Russia": "x"}),
        ("q-match", {"Trade was 31.5 bn": {"a": 1}, "They want to counter Russia": "opinion"}),
        ("q-match", {("tuple",): "opinion"}),
        ("q-match", RaisingMapping()),
        ("q-multiple", ["Right one"] * 1000),
        ("q-multiple", [["Right one"]]),
        ("q1", ["First"]),
        ("q-text", "Peskov\ud800"),  # a lone surrogate: the store cannot encode it (D7)
        ("q-text", "Peskov\x00"),
        ("q-text", "x" * (MAX_ANSWER_CHARS + 1)),  # D20: no size bound before
        ("q-text", b"Peskov"),
        ("q-tf", 1),
    ],
)
def test_junk_is_not_graded_and_never_raises(
    bank: Bank, question_id: str, response: object
) -> None:
    result = grade(bank.question(question_id), response)
    assert result.malformed and result.score == 0.0 and "Expected" in result.feedback


def test_the_bounds_come_from_limits(bank: Bank) -> None:
    at_limit = "9" * MAX_NUMBER_DIGITS
    assert not grade(bank.question("q-numeric"), at_limit).malformed
    assert grade(bank.question("q-numeric"), at_limit + "9").malformed
    assert not grade(bank.question("q-text"), "x" * MAX_ANSWER_CHARS).malformed
    assert (
        f"at most {MAX_ANSWER_CHARS:,} characters"
        in grade(bank.question("q-text"), "x" * (MAX_ANSWER_CHARS + 1)).feedback
    )


def test_canonical_forms(bank: Bank) -> None:
    assert read_response(bank.question("q-multiple"), ["Right one"]) == frozenset({"Right one"})
    assert read_response(bank.question("q-numeric"), " 5.5 ") == 5.5
    assert read_response(bank.question("q-numeric"), Fraction(11, 2)) == 5.5
    order = read_response(bank.question("q-order"), ["Claim", "Reasons", "Conclusion"])
    assert order == ("Claim", "Reasons", "Conclusion")
    assert isinstance(read_response(bank.question("q-tf"), None), Refused)


def test_well_formed_answers_still_grade(bank: Bank) -> None:
    assert grade(bank.question("q-numeric"), Fraction(11, 2)).correct
    assert grade(bank.question("q-text"), "Peskov\n").correct


INDEXES = [(0, 0), (2, 2), (3, None), (-1, None), (2**40, None), (True, None), ("1", None)]


@pytest.mark.parametrize(("index", "expected"), INDEXES)
def test_a_front_end_index_out_of_range_picks_nothing(index: object, expected: int | None) -> None:
    assert choice_index(index, 3) == expected


def test_d10_order_items_written_as_numbers_given_as_ints() -> None:
    from lessonquiz.bank.model import OrderQuestion

    years = OrderQuestion.model_validate(
        {
            "id": "years",
            "type": "order",
            "objective": "obj",
            "source": {"paragraph": 1},
            "prompt": "Order them.",
            "items": [1991, 2001, 2013],  # YAML numbers; the model keeps them as text
        }
    )
    assert years.items == ["1991", "2001", "2013"]
    assert grade(years, [1991, 2001, 2013]).malformed  # KeyError on 6f04515
    assert grade(years, ["1991", "2001", "2013"]).correct
