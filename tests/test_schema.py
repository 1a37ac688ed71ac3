"""The banks' JSON Schema: generated from the model, shipped in sync, named by every bank, and
agreeing with the loader on the shipped banks and on a broken one."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from lessonquiz.bank.course import load_course
from lessonquiz.bank.schema import SCHEMA_FILE, SCHEMA_LINE, bank_schema, schema_text
from lessonquiz.bank.yamlsafe import read_yaml
from lessonquiz.cli import main
from tests.conftest import FIXTURES, ROOT

SHIPPED = ROOT / "quizzes" / SCHEMA_FILE
BANKS = sorted(
    ROOT / "quizzes" / f"{entry['file'].removesuffix('.ipynb')}.yaml"
    for entry in load_course(ROOT).lessons
)


def test_the_shipped_schema_is_the_generated_one() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == schema_text(), (
        "quizzes/bank.schema.json is out of date: run "
        "`.venv/bin/lessonquiz schema > quizzes/bank.schema.json`"
    )


def test_lessonquiz_schema_prints_it() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0 and json.loads(result.output) == bank_schema()


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_every_bank_names_the_schema_and_meets_it(path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
    jsonschema.validate(read_yaml(path).data, bank_schema())


def test_the_schema_refuses_what_the_loader_refuses() -> None:
    for name in ("bad-unknown-key.yaml", "bad-unknown-type.yaml", "bad-missing-key.yaml"):
        data = read_yaml(FIXTURES / "banks" / name).data
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, bank_schema())
    jsonschema.validate(read_yaml(FIXTURES / "banks" / "good-every-type.yaml").data, bank_schema())
