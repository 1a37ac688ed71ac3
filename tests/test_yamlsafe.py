"""The YAML reader: YAML 1.2 scalars, no execution, bounded size and aliases."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from lessonquiz.bank import yamlsafe
from lessonquiz.bank.yamlsafe import YamlProblem, read_yaml
from tests.conftest import FIXTURES


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("No", "No"),
        ("yes", "yes"),
        ("on", "on"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("12", 12),
        ("-5.5", -5.5),
        ("2025-06-17", "2025-06-17"),
        ("'12'", "12"),
        ("!!str 12", "12"),
    ],
)
def test_scalars_follow_yaml_1_2(text: str, value: object) -> None:
    assert read_yaml(f"key: {text}\n".encode()).data == {"key": value}


def test_python_tag_is_never_constructed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(YamlProblem, match="not allowed"):
        read_yaml(FIXTURES / "banks" / "bad-python-tag.yaml")
    assert not (tmp_path / "lessonquiz-pwned").exists()


def test_alias_bomb_is_refused_with_bounded_memory() -> None:
    tracemalloc.start()
    try:
        with pytest.raises(YamlProblem, match="aliases"):
            read_yaml(FIXTURES / "banks" / "bad-alias-bomb.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # the expanded document would need gigabytes


def test_self_referring_alias_is_refused() -> None:
    with pytest.raises(YamlProblem, match="nesting deeper"):
        read_yaml(b"a: &x [*x]\n")


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# padding\n" * (yamlsafe.MAX_BYTES // 10 + 1))
    with pytest.raises(YamlProblem, match="limited to") as raised:
        read_yaml(big)
    assert (raised.value.line, raised.value.col) == (1, 1)


def test_locate_finds_keys_and_values() -> None:
    doc = read_yaml(b"a:\n  b: [1, 2]\n")
    assert doc.locate(("a", "b", 1)) == (2, 10)
    assert doc.locate(("a", "b"), key=True) == (2, 3)
    assert doc.locate(("a", "missing")) == (2, 3)
