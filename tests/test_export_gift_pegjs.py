"""GIFT export read by gift-pegjs, an independent GIFT grammar (npm, MIT; tests/gift).

pygiftparser (test_export_gift.py) is one second opinion; gift-pegjs is another, and it reads
what pygiftparser 1.1 cannot: ``[id:] [tag:]`` comments, a numeric question's ``~#`` wrong
feedback and a short answer's zero-mark ``*`` answer. It has no ordering questions, so
those are checked against Moodle's own Ordering regex instead (test_export_gift.py).
``make test-unit`` installs it with ``npm ci --prefix tests/gift``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from lessonquiz.bank.model import Bank
from lessonquiz.export import gift
from tests.conftest import FIXTURES
from tests.test_export_gift import EVERY_TYPE, make_bank

HERE = Path(__file__).parent / "gift"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(
    NODE is None or not (HERE / "node_modules" / "gift-pegjs").is_dir(),
    reason="needs node and `npm ci --prefix tests/gift` (make test-unit runs it)",
)


def pegjs(bank: Bank) -> dict[str, dict]:
    (content,) = gift.write(bank).files.values()
    done = subprocess.run(
        [NODE or "node", str(HERE / "parse.js")],
        input=content,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    parsed = json.loads(done.stdout)
    return {q["title"]: q for q in parsed if q["type"] != "Category"}


def text(part: dict | None) -> str | None:
    return part["text"] if part else None


def check(bank: Bank) -> None:
    """gift-pegjs reads each question as the bank says (order questions: it has none)."""
    bank = bank.model_copy(update={"questions": [q for q in bank.questions if q.type != "order"]})
    parsed = pegjs(bank)
    for question in bank.questions:
        theirs = parsed[question.id]
        assert theirs["id"] == question.id
        assert (theirs["tags"] or []) == question.tags
        assert theirs["stem"] == {"format": "markdown", "text": question.prompt}
        if question.type == "written":  # an essay: the rubric and model answer are its feedback
            assert theirs["type"] == "Essay"
            assert question.model_answer in text(theirs["globalFeedback"])
            assert all(item in text(theirs["globalFeedback"]) for item in question.rubric)
            continue
        assert text(theirs["globalFeedback"]) == question.explanation
        choices = theirs.get("choices")
        if question.type == "single":
            assert [text(c["text"]) for c in choices] == [c.text for c in question.choices]
            assert [c["isCorrect"] for c in choices] == [c.correct for c in question.choices]
            assert [text(c["feedback"]) for c in choices] == [c.feedback for c in question.choices]
        elif question.type == "multiple":
            assert [text(c["text"]) for c in choices] == [c.text for c in question.choices]
            assert [c["weight"] > 0 for c in choices] == [c.correct for c in question.choices]
        elif question.type == "true_false":
            assert theirs["isTrue"] is question.answer
            assert text(theirs["trueFeedback"]) == question.feedback  # the wrong-answer one
        elif question.type == "numeric":
            key = choices[0]["text"]
            assert (key["number"], key.get("range", 0)) == (question.answer, question.tolerance)
            wrong = [text(c["feedback"]) for c in choices if not c["isCorrect"]]
            assert wrong == ([question.feedback] if question.feedback else [])
        elif question.type == "text":
            right = [text(c["text"]) for c in choices if c["weight"] != 0]
            assert right == [a.replace("*", "\\*") for a in question.accept]  # Moodle's escape
            wrong = [text(c["feedback"]) for c in choices if c["weight"] == 0]
            assert wrong == ([question.feedback] if question.feedback else [])
        elif question.type == "match":
            pairs = [
                (text(p["subquestion"]), _placeholders(p["subanswer"]))
                for p in theirs["matchPairs"]
            ]
            assert pairs == [(p.left, p.right) for p in question.pairs]


PLACEHOLDERS = {"&&058;": ":", "&&035;": "#", "&&061;": "=", "&&123;": "{", "&&125;": "}"}


def _placeholders(subanswer: str) -> str:
    """gift-pegjs 1.0.2 leaves Moodle's escape placeholders in a matching right side
    (``&&058;`` for an escaped ``:``); Moodle's format.php puts the characters back."""
    for placeholder, char in {**PLACEHOLDERS, "&&126;": "~"}.items():
        subanswer = subanswer.replace(placeholder, char)
    return subanswer


def test_gift_pegjs_reads_every_type_as_the_bank_says() -> None:
    check(EVERY_TYPE)


SPECIAL = ["a = b", "x ~ y", "#1", "{braces}", "c: d", "back\\slash", "50% off", "a*b"]


def test_gift_pegjs_reads_escaped_special_characters_and_tags() -> None:
    questions: list[dict] = []
    for n, special in enumerate(SPECIAL):
        questions += [
            {
                "id": f"s{n}",
                "type": "single",
                "prompt": f"Is {special}?",
                "explanation": special,
                "tags": ["week-1"],
                "choices": [
                    {"text": f"yes {special}", "correct": True},
                    {"text": special, "feedback": f"no: {special}"},
                ],
            },
            {
                "id": f"t{n}",
                "type": "text",
                "prompt": special,
                "accept": [special],
                "feedback": special,
            },
            {
                "id": f"n{n}",
                "type": "numeric",
                "prompt": "p",
                "answer": n + 0.5,
                "feedback": special,
            },
        ]
    check(make_bank(questions))


def test_the_shipped_banks_read_back() -> None:
    from lessonquiz.bank.loader import load_bank

    for path in sorted((FIXTURES.parents[1] / "quizzes").glob("*.yaml")):
        check(load_bank(path))
