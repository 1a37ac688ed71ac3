"""Nothing executable reaches the page, and nothing the notebook stores reveals the key."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lessonquiz import Quiz, load_bank
from lessonquiz.bank.model import AnyQuestion, Bank
from tests.conftest import ROOT
from tests.widgets.conftest import EVERY_TYPE, WRONG, bank_from_text, bundle, html_values

XSS = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))"
XSS_YAML = json.dumps(XSS)


def _xss_bank(tmp_path: Path) -> Bank:
    text = EVERY_TYPE.read_text(encoding="utf-8")
    for old in [
        "prompt: Which one?",
        "hint: Look at ¶10.",
        "explanation: Because ¶10 says so.",
        "feedback: Not this one; see ¶10.",
        "feedback: Compare the two figures.",
        "feedback: A figure with a year can be checked.",
        "title: Fixture bank",
    ]:
        key = old.split(":")[0]
        text = text.replace(old, f"{key}: {XSS_YAML}")
    return bank_from_text(tmp_path, text)


def _assert_inert(html: str) -> None:
    """No script or image tag, no event-handler attribute, no javascript: link (text is fine)."""
    lowered = html.lower()
    assert "<script" not in lowered and "<img" not in lowered
    assert not re.search(r"<[^>]*\bon[a-z]+\s*=", lowered)
    assert 'href="javascript' not in lowered


def test_xss_in_bank_text_is_neutralized(tmp_path: Path) -> None:
    quiz = Quiz(_xss_bank(tmp_path), seed=1)
    for question_id in ("q1", "q-tf", "q-match"):
        view = quiz.view(question_id)
        view.response = WRONG[question_id]
        view.check()
        view.reset()  # a new attempt, not the same answer again
        view.response = WRONG[question_id] if question_id != "q1" else "Third option"
        view.check()  # second wrong attempt: the explanation shows too
        view.hint()
    assert "alert(1)" in html_values(quiz)  # the text is there, as text
    assert "alert(1)" in quiz.view("q1").explanation
    _assert_inert(html_values(quiz))
    _assert_inert(json.dumps(quiz.questions))
    _assert_inert(bundle(quiz)["text/html"])


def _secrets(question: AnyQuestion) -> list[str]:
    """Everything about a question a student must not see before answering."""
    found = [question.explanation or "", getattr(question, "feedback", None) or ""]
    kind = question.type
    if kind in ("single", "multiple"):
        found += [c.feedback or "" for c in question.choices]
        found += ["correct: true", '"correct"']
    elif kind == "match":
        found += [p.feedback or "" for p in question.pairs]
        found += [f"{p.left}: {p.right}" for p in question.pairs]
    elif kind == "text":
        found += list(question.accept)
    elif kind == "order":
        found += [" ".join(question.items), "\n".join(question.items)]
    return [s for s in found if s.strip()]


def _visible(questions: list[AnyQuestion]) -> str:
    """Text students legitimately see (a secret may repeat it by coincidence)."""
    parts = []
    for question in questions:
        parts += [question.prompt, *question.hint]
        parts += [c.text for c in getattr(question, "choices", [])]
        parts += [p.left for p in getattr(question, "pairs", [])]
        parts += getattr(question, "right_options", ())
    return " ".join(parts)


def _bundle_and_state(quiz: Quiz) -> str:
    """What a saved notebook can hold: the display bundle and every widget's state."""
    data = bundle(quiz)
    state = json.dumps(quiz.get_state(), default=str, ensure_ascii=False)
    return "\n".join([data["text/plain"], data["text/html"], state])


def _lesson_banks() -> list[Path]:
    return sorted((ROOT / "quizzes").glob("*.yaml")) if (ROOT / "quizzes").is_dir() else []


@pytest.mark.parametrize("path", [EVERY_TYPE, *_lesson_banks()], ids=lambda p: p.name)
def test_outputs_reveal_no_key(path: Path) -> None:
    from lessonquiz.bank.loader import check_bank

    checked = check_bank(path)
    if checked.bank is None:
        pytest.skip(f"{path.name} does not load right now")
    quiz = Quiz(checked.bank, seed=1)
    stored = _bundle_and_state(quiz)
    visible = _visible(checked.bank.questions)
    for view in quiz.views:
        for secret in _secrets(view.question):
            if secret not in visible:
                assert secret not in stored, (view.question.id, secret)
        if view.question.type == "order":
            shown = [line.split(". ", 1)[1] for line in view.static_lines()]
            assert shown != list(view.question.items)


def _rekeyed(question: AnyQuestion) -> AnyQuestion:
    """The same question with a different key: other answers, feedback and explanation."""
    update: dict[str, object] = {"explanation": "CHANGED", "feedback": "CHANGED"}
    kind = question.type
    if kind in ("single", "multiple"):
        flipped = [
            c.model_copy(update={"correct": not c.correct, "feedback": "CHANGED"})
            for c in question.choices
        ]
        update = {"explanation": "CHANGED", "choices": flipped}
    elif kind == "true_false":
        update["answer"] = not question.answer
    elif kind == "numeric":
        update.update(answer=question.answer + 12.345, tolerance=3.0)
    elif kind == "text":
        update["accept"] = ["CHANGED"]
    elif kind == "match":
        pairs = [p.model_copy(update={"feedback": "CHANGED"}) for p in question.pairs]
        update = {"explanation": "CHANGED", "pairs": pairs}
    return question.model_copy(update=update)


@pytest.mark.parametrize("path", [EVERY_TYPE, *_lesson_banks()], ids=lambda p: p.name)
def test_fallback_does_not_depend_on_the_key(path: Path) -> None:
    from lessonquiz.bank.loader import check_bank

    bank = check_bank(path).bank
    if bank is None:
        pytest.skip(f"{path.name} does not load right now")
    rekeyed = bank.model_copy(update={"questions": [_rekeyed(q) for q in bank.questions]})
    first, second = Quiz(bank, seed=1), Quiz(rekeyed, seed=1)
    for key in ("text/plain", "text/html"):
        assert bundle(first)[key] == bundle(second)[key]
    assert _state(first) == _state(second)


def _state(quiz: Quiz) -> str:
    state = quiz.get_state()
    state.pop("layout", None)
    return json.dumps(state, default=str, sort_keys=True, ensure_ascii=False)


def test_fallback_is_deterministic_and_plain() -> None:
    bank = load_bank(EVERY_TYPE)
    first = bundle(Quiz(bank, seed=1))
    second = bundle(Quiz(bank, seed=1, student="someone-else"))
    for key in ("text/plain", "text/html"):
        assert first[key] == second[key]
        assert "0x" not in first[key] and "model_id" not in first[key]
    assert "application/vnd.jupyter.widget-view+json" in first
    assert first["text/plain"].startswith("Quiz: Fixture bank (7 questions)")
    assert "1. Which one?" in first["text/plain"]
    assert "Answer: a number (in billion USD)" in first["text/plain"]


def test_fallback_ignores_progress(tmp_path: Path) -> None:
    bank = load_bank(EVERY_TYPE)
    quiz = Quiz(bank, seed=1, db=tmp_path / "p.sqlite")
    before = bundle(quiz)["text/plain"]
    quiz.view("q1").response = "First"
    quiz.view("q1").check()
    assert bundle(quiz)["text/plain"] == before
    assert bundle(Quiz(bank, seed=1, db=tmp_path / "p.sqlite"))["text/plain"] == before


@pytest.mark.skipif(not (ROOT / "lessons").is_dir(), reason="no lessons yet")
def test_committed_lesson_outputs_reveal_no_key() -> None:
    notebooks = sorted((ROOT / "lessons").glob("*.ipynb"))
    banks = [load_bank(p) for p in _lesson_banks()]
    visible = _visible([q for bank in banks for q in bank.questions])
    for notebook in notebooks:
        data = json.loads(notebook.read_text(encoding="utf-8"))
        outputs = json.dumps(
            [c.get("outputs", []) for c in data["cells"]] + [data.get("metadata", {})],
            ensure_ascii=False,
        )
        quiz_outputs = json.dumps(
            [
                c.get("outputs", [])
                for c in data["cells"]
                if "lessonquiz.show" in "".join(c["source"])
            ]
            + [data.get("metadata", {})],
            ensure_ascii=False,
        )
        for bank in banks:
            for question in bank.questions:
                # Every secret, accepted text answers and match pairs included; a short one
                # (an accepted "Peskov") may also appear in a lesson's own tables, so only
                # the quiz cells' outputs are searched for those.
                # Another lesson's tables may name what this bank's key names (lesson 04's
                # documents name Peskov): only a quiz's own outputs must never show it.
                own = bank.lesson == notebook.stem
                for secret in _secrets(question):
                    if secret in visible:
                        continue
                    where = outputs if own and len(secret) > 12 else quiz_outputs
                    assert json.dumps(secret)[1:-1] not in where, (notebook.name, secret)


def test_saved_state_holds_no_explanation_of_an_unanswered_question(tmp_path: Path) -> None:
    bank = load_bank(EVERY_TYPE)
    quiz = Quiz(bank, seed=1, db=tmp_path / "p.sqlite")
    quiz.view("q1").response = "First"
    quiz.view("q1").check()
    saved = _bundle_and_state(quiz)
    assert bank.question("q1").explanation in saved  # the student's own result
    for question in bank.questions[1:]:
        for secret in _secrets(question):
            if secret not in _visible(bank.questions) and secret not in KEY_WORDS:
                assert secret not in saved, (question.id, secret)


KEY_WORDS = ("correct: true", '"correct"')
"""Generic secrets of a choice question; q1's own verdict has the tone "correct"."""
