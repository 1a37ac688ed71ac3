"""One test per fixture bank; the expected outcome is read from the file's name and header.

``good-*.yaml`` loads with no warnings; ``bad-*.yaml`` fails, and every ``# expect: LINE:COL
text`` line in it must match a reported problem; ``lint-*.yaml`` loads, with the
``# expect warning:`` lines among its warnings.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lessonquiz.bank.errors import BankError, Problem
from lessonquiz.bank.lint import lint
from lessonquiz.bank.loader import check_bank, load_bank
from tests.conftest import FIXTURES

BANKS = sorted((FIXTURES / "banks").glob("*.yaml"))
EXPECT = re.compile(rb"^# expect(?: warning)?: (\d+):(\d+) (.+)$", re.MULTILINE)


def expectations(path: Path) -> list[tuple[int, int, str]]:
    return [
        (int(line), int(col), text.decode("utf-8").strip())
        for line, col, text in EXPECT.findall(path.read_bytes())
    ]


def assert_reported(path: Path, problems: list[Problem]) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} states no expectation"
    for line, col, text in expected:
        hits = [p for p in problems if (p.line, p.col) == (line, col) and text in p.message]
        assert hits, f"expected {line}:{col} '{text}' in:\n" + "\n".join(map(str, problems))
    for problem in problems:
        assert problem.path == str(path)


def test_every_kind_of_fixture_is_present() -> None:
    kinds = {p.name.split("-")[0] for p in BANKS}
    assert kinds == {"good", "bad", "lint"}


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_fixture_bank(path: Path) -> None:
    kind = path.name.split("-")[0]
    checked = check_bank(path)
    if kind == "bad":
        assert checked.bank is None
        with pytest.raises(BankError) as raised:
            load_bank(path)
        assert_reported(path, raised.value.problems)
        assert str(raised.value).startswith(f"{path}:")
    elif kind == "good":
        assert checked.problems == [] and checked.bank is not None
        assert lint(checked) == []
    else:
        assert checked.problems == [] and checked.bank is not None
        assert_reported(path, lint(checked))
