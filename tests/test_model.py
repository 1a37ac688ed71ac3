"""The bank model used from Python: construction, lookups, content hashes."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from lessonquiz.bank.loader import load_bank
from lessonquiz.bank.model import Bank, References, SingleQuestion
from tests.conftest import FIXTURES


def single(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": "q1",
        "type": "single",
        "objective": "obj",
        "source": {"paragraph": 10},
        "prompt": "Which?",
        "choices": [{"text": "A", "correct": True}, {"text": "B", "feedback": "No."}],
    }
    data.update(changes)
    return data


def bank(*questions: dict[str, object]) -> dict[str, object]:
    return {
        "schema_version": 1,
        "id": "b",
        "title": "B",
        "objectives": [{"id": "obj", "text": "Do."}],
        "questions": list(questions),
    }


def test_bank_from_python_and_lookups() -> None:
    built = Bank.model_validate(bank(single()))
    assert isinstance(built.question("q1"), SingleQuestion)
    assert built.objective("obj").text == "Do."
    assert [q.id for q in built] == ["q1"]
    with pytest.raises(KeyError, match="no question 'nope' in bank 'b'"):
        built.question("nope")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (bank(single(), single()), "duplicate question id 'q1'"),
        (bank(single(objective="other")), "objective 'other' is not defined"),
        (bank(single(choices=[{"text": "A"}, {"text": "B"}])), "exactly one choice"),
    ],
)
def test_model_keeps_its_rules_without_the_loader(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Bank.model_validate(data)


def test_paragraph_check_uses_the_references_given() -> None:
    refs = {"references": References(paragraphs=frozenset(range(1, 25)))}
    with pytest.raises(ValidationError, match="¶30 is not in the article"):
        Bank.model_validate(bank(single(source={"paragraph": 30})), context=refs)
    assert Bank.model_validate(bank(single(source={"paragraph": 30})))  # no context: not checked


def test_content_hash_changes_with_content_only() -> None:
    first = load_bank(FIXTURES / "banks" / "good-every-type.yaml")
    again = load_bank(FIXTURES / "banks" / "good-every-type.yaml")
    assert first.question("q1").content_hash == again.question("q1").content_hash
    edited = first.question("q1").model_copy(update={"prompt": "Which one, really?"})
    assert edited.content_hash != first.question("q1").content_hash
    assert len({q.content_hash for q in first.questions}) == len(first.questions)


def test_content_hash_ignores_teaching_texts_and_metadata() -> None:
    """Fixing a hint or a source must not wipe the class's saved answers; a new key must."""
    question = load_bank(FIXTURES / "banks" / "good-every-type.yaml").question("q1")
    choices = question.choices
    same = {
        "hint": ["A new hint."],
        "explanation": "Reworded.",
        "objective": "other-objective",
        "source": question.source.model_copy(update={"paragraph": [2]}),
        "level": "evaluate",
        "tags": ["new-tag"],
        "choices": [c.model_copy(update={"feedback": "Reworded feedback."}) for c in choices],
    }
    for field, value in same.items():
        assert question.model_copy(update={field: value}).content_hash == question.content_hash
    rekeyed = [c.model_copy(update={"correct": not c.correct}) for c in choices]
    retexted = [choices[0].model_copy(update={"text": "Another option"}), *choices[1:]]
    for changed in (rekeyed, retexted):
        edited = question.model_copy(update={"choices": changed})
        assert edited.content_hash != question.content_hash
    match = load_bank(FIXTURES / "banks" / "good-every-type.yaml").question("q-match")
    pairs = [p.model_copy(update={"feedback": "Reworded."}) for p in match.pairs]
    assert match.model_copy(update={"pairs": pairs}).content_hash == match.content_hash
    swapped = [p.model_copy(update={"right": match.pairs[0].right}) for p in match.pairs]
    assert match.model_copy(update={"pairs": swapped}).content_hash != match.content_hash
