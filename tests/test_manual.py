"""quizzes/README.md (the instructor's manual) and the schema must agree.

Every example in the manual loads; every key of every model is documented in a key table;
every documented key exists; every question type has an example.
"""

from __future__ import annotations

import re

import yaml

from lessonquiz.bank.course import CourseRules
from lessonquiz.bank.datacheck import compute
from lessonquiz.bank.loader import _check_document
from lessonquiz.bank.model import (
    QUESTION_MODELS,
    Bank,
    Choice,
    DataValue,
    FromData,
    Objective,
    Pair,
    References,
    Source,
    StartsWith,
)
from lessonquiz.bank.yamlsafe import read_yaml
from tests.conftest import ROOT

MANUAL = (ROOT / "quizzes" / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```yaml\n(.*?)```", MANUAL, re.DOTALL)
FORMAT, _, RULES = MANUAL.partition("## Course rules")
RULES = RULES.split("\n## ", 1)[0]  # the section only
DOCUMENTED = set(re.findall(r"^\| `([a-z_]+)` \|", FORMAT, re.MULTILINE))


def manual_bank() -> str:
    whole = next(b for b in BLOCKS if b.startswith("schema_version"))
    questions = "".join(
        "\n".join("  " + line for line in block.splitlines()) + "\n"
        for block in BLOCKS
        if block.startswith("- id:")
    )
    return whole + questions


def test_every_example_loads_as_written() -> None:
    doc = read_yaml(manual_bank().encode("utf-8"))
    refs = References(paragraphs=frozenset(range(1, 25)), data_ids=frozenset({"facts-sheet"}))
    checked = _check_document("quizzes/README.md", doc, refs)
    assert checked.problems == []
    assert checked.bank is not None
    assert {q.type for q in checked.bank.questions} == set(QUESTION_MODELS)


def test_every_example_is_valid_yaml_on_its_own() -> None:
    for block in BLOCKS:
        assert yaml.safe_load(block) is not None


def test_every_schema_key_is_documented_and_nothing_else() -> None:
    models = [
        Bank,
        Objective,
        Source,
        Choice,
        Pair,
        FromData,
        DataValue,
        StartsWith,
        *QUESTION_MODELS.values(),
    ]
    schema_keys = {name for model in models for name in model.model_fields}
    assert schema_keys - DOCUMENTED == set(), "keys missing from quizzes/README.md"
    assert DOCUMENTED - schema_keys == set(), "keys documented but not in the schema"


def test_every_course_rule_is_documented() -> None:
    """The manual's "Course rules" tables name exactly the rules lessons/course.yaml can set."""
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", RULES, re.MULTILINE))
    assert documented == set(CourseRules.model_fields)


def test_the_manuals_from_data_examples_give_their_answers() -> None:
    checked = _check_document(
        "quizzes/README.md", read_yaml(manual_bank().encode("utf-8")), References()
    )
    linked = [q for q in checked.bank.questions if getattr(q, "from_data", None)]  # type: ignore[union-attr]
    assert linked
    for question in linked:
        value, _ = compute(question.from_data, ROOT / "data")
        assert abs(value - question.answer) <= question.tolerance, question.id


def test_the_python_example_runs_as_written(monkeypatch, tmp_path) -> None:
    """The manual's "From Python" block, run from the project folder (its store redirected)."""
    (block,) = re.findall(r"```python\n(.*?)```", MANUAL, re.DOTALL)
    monkeypatch.chdir(ROOT)
    code = block.replace("/tmp/lessonquiz-manual.sqlite", str(tmp_path / "manual.sqlite"))
    assert code != block, "the example's store path changed: update this test's replace()"
    namespace: dict = {}
    exec(compile(code, "quizzes/README.md", "exec"), namespace)
    graded = [q for q in namespace["bank"].questions if q.type != "written"]  # never scored
    assert namespace["out_of"] == sum(q.points for q in graded)
    assert namespace["points"] == 1.0
    assert len(namespace["banks"]) == len(list((ROOT / "quizzes").glob("[0-9][0-9]-*.yaml")))
