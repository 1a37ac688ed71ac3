"""Nothing a bank says vanishes silently: images and dropped HTML tags are validate errors."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from lessonquiz.cli import main
from lessonquiz.render import markdown
from tests.conftest import FIXTURES


def validate(tmp_path: Path, old: str, new: str) -> tuple[int, str]:
    text = (FIXTURES / "banks" / "good-every-type.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "bank.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    return result.exit_code, result.output


def test_an_image_is_refused_where_it_is(tmp_path: Path) -> None:
    assert "map.png" not in markdown("See ![a map](map.png).")  # what would happen
    code, output = validate(tmp_path, "prompt: Which one?", "prompt: Which one? ![a map](map.png)")
    assert code == 1
    (line,) = [ln for ln in output.splitlines() if "cannot show images" in ln]
    assert ":12:" in line and "[q1]" in line and "cannot show images" in line


def test_a_tag_the_renderer_drops_is_refused(tmp_path: Path) -> None:
    code, output = validate(tmp_path, "hint: Look at ¶10.", "hint: Look at <u>¶10</u>.")
    assert code == 1 and "HTML tag(s) <u> are removed" in output
    code, output = validate(tmp_path, "hint: Look at ¶10.", "hint: Look at ¶10<sup>1</sup>.")
    assert code == 0, output
