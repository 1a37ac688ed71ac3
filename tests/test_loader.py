"""The loader's Python face: load_bank/load_banks, reference discovery, unreadable files."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessonquiz.bank.errors import BankError
from lessonquiz.bank.loader import bank_files, check_bank, find_references, load_bank, load_banks
from tests.conftest import FIXTURES, ROOT


def test_references_come_from_the_nearest_data_folder() -> None:
    refs = find_references(FIXTURES / "banks")
    assert refs.paragraphs == frozenset(range(1, 25))
    assert "article" in refs.data_ids and "facts-sheet" in refs.data_ids


def test_no_data_folder_means_no_reference_check(tmp_path: Path) -> None:
    assert find_references(tmp_path).paragraphs == frozenset()
    bank = tmp_path / "b.yaml"
    text = (FIXTURES / "banks" / "bad-paragraph-outside-article.yaml").read_text(encoding="utf-8")
    bank.write_text(text, encoding="utf-8")
    assert load_bank(bank).question("q1").source.paragraphs == (99,)


def test_load_banks_refuses_a_bank_id_used_twice() -> None:
    with pytest.raises(BankError, match="bank id 'fixture' is already used by"):
        load_banks([FIXTURES / "banks-duplicate-id"])


def test_load_banks_loads_the_shipped_banks() -> None:
    banks = load_banks([ROOT / "quizzes"])
    assert [b.id for b in banks][:2] == ["orientation", "puzzle"]
    assert sum(len(b.questions) for b in banks) >= 45


def test_bank_files_takes_files_and_folders() -> None:
    files = bank_files([FIXTURES / "banks-duplicate-id", FIXTURES / "banks" / "bad-empty.yaml"])
    assert [f.name for f in files] == ["a.yaml", "b.yaml", "bad-empty.yaml"]


def test_unreadable_path_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    checked = check_bank(tmp_path / "missing.yaml")
    assert checked.bank is None
    assert "cannot read file" in checked.problems[0].message


def test_error_message_lists_every_problem_of_the_file() -> None:
    with pytest.raises(BankError) as raised:
        load_bank(FIXTURES / "banks" / "bad-unknown-key.yaml")
    lines = str(raised.value).splitlines()
    assert len(lines) == 2
    assert all(":" in line and "[q1]" in line for line in lines)
