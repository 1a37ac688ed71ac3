"""The answer kinds of a GIFT question (numeric, match, choices, order), read as Moodle does.

Called by ``gift_read._read_answers`` once it knows the kind; each returns question data in
the bank's YAML shape and names in ``warnings`` whatever a lessonquiz question cannot hold.
"""

from __future__ import annotations

import html
from typing import Any

from lessonquiz.export.gift_read import (
    GiftError,
    _find,
    _meta_text,
    _quoted,
    _read_answer,
    _split,
    _unmark,
)
from lessonquiz.export.gift_text import unescape, weight


def read_numeric(
    body: str, meta: dict[str, list[str]], feedback: str | None, warnings: list[str], name: str
) -> dict[str, Any]:
    """A numeric question: one right answer with a tolerance, and wrong-answer feedback.

    Moodle writes its catch-all wrong answer as ``~#feedback``; that is lessonquiz's
    ``feedback``. Other answers (partial credit, more full-mark answers) and the feedback on
    the right answer have no place in a lessonquiz question: each is named in a warning.
    """
    pieces = _split(body, "=~")
    if pieces and pieces[0][0] not in "=~" and len(pieces) > 1:
        pieces[0] = "=" + pieces[0]  # {#5.5:0.1 ~#feedback}: an answer, then wrong feedback
    if pieces and pieces[0][0] in "=~":
        spec, right_feedback, wrong_feedback = _numeric_answers(pieces, warnings, name)
        feedback = "\n\n".join(f for f in (feedback, wrong_feedback) if f) or None
    else:
        _, _, spec, right_feedback = _read_answer("=" + body, weighed=False)
    if right_feedback:
        warnings.append(
            f"{name}: feedback on the right answer dropped: {_quoted(right_feedback)} "
            "(a lessonquiz numeric question has feedback for wrong answers only)"
        )
    try:
        if ".." in spec:
            low, high = (float(x) for x in spec.split("..", 1))
            answer, tolerance = (low + high) / 2, abs(high - low) / 2
        elif ":" in spec:
            value, tol = spec.split(":", 1)
            answer, tolerance = float(value), abs(float(tol))
        else:
            answer, tolerance = float(spec), 0.0
    except ValueError:
        raise GiftError(f"cannot read the numeric answer '{spec}'") from None
    question: dict[str, Any] = {"type": "numeric", "answer": answer}
    if tolerance:
        question["tolerance"] = tolerance
    unit = _meta_text(meta, "unit")
    if unit:
        question["unit"] = unit
    if feedback:
        question["feedback"] = feedback
    return question


def _numeric_answers(
    pieces: list[str], warnings: list[str], name: str
) -> tuple[str, str | None, str | None]:
    """(the first full-mark answer, its feedback, the wrong-answer feedback) of ``{#=...~...}``."""
    full: tuple[str, str | None] | None = None
    wrong: list[str] = []
    for piece in pieces:
        sign, percent, spec, answer_feedback = _read_answer(piece)
        if sign == "~":
            if spec:
                warnings.append(f"{name}: wrong answer {_quoted(spec)} dropped")
            if answer_feedback:
                wrong.append(answer_feedback)
        elif percent is not None and percent < 100:
            note = " and its feedback" if answer_feedback else ""
            warnings.append(
                f"{name}: partial-credit answer {_quoted(spec)} ({weight(percent)}%){note} "
                "dropped (a lessonquiz numeric question has one right answer)"
            )
        elif full is None:
            full = (spec, answer_feedback)
        else:
            warnings.append(
                f"{name}: another full-mark answer {_quoted(spec)} dropped (only the first is kept)"
            )
    if full is None:
        raise GiftError("a numeric question without a full-mark answer")
    return full[0], full[1], "\n\n".join(wrong) or None


def read_match(
    pieces: list[str],
    meta: dict[str, list[str]],
    warnings: list[str],
    name: str,
) -> dict[str, Any]:
    """A matching question, as Moodle reads one: each answer cut at its first ``->``.

    Like Moodle, the text is taken as it is (a ``#`` is part of the item, not feedback), and
    fewer than 2 pairs, or an answer without ``->``, is an error Moodle stops at.
    """
    notes = {}
    for line in meta.get("pair feedback", []):
        cut = _find(line, "=")
        if cut >= 0:
            notes[unescape(line[:cut]).strip()] = unescape(line[cut + 1 :]).strip()
    if len(pieces) < 2:
        raise GiftError(
            "Moodle reads this as a matching question ('=' and '->') with one pair, which it "
            "refuses; escape the '=' or rewrite the '->'"
        )
    pairs = []
    for piece in pieces:
        if piece[0] != "=" or "->" not in piece:
            raise GiftError(f"a matching answer without '->': {_quoted(unescape(piece))}")
        raw_left, raw_right = piece[1:].split("->", 1)
        left, right = unescape(_unmark(raw_left)).strip(), unescape(raw_right).strip()
        if not left:
            warnings.append(f"{name}: distractor '{right}' dropped (lessonquiz matches have none)")
            continue
        pair = {"left": left, "right": right}
        if notes.get(left):
            pair["feedback"] = notes[left]
        pairs.append(pair)
    if not pairs:
        raise GiftError("a matching question without a left item")
    return {"type": "match", "pairs": pairs}


def read_order(
    body: str, meta: dict[str, list[str]], warnings: list[str], name: str
) -> dict[str, Any]:
    """An Ordering question (Moodle 4.4+): ``>N [ALL ...] [layout] [grading] [SHOW]`` + items.

    Items are one a line, as Moodle keeps them (HTML); the braces our writer wrote as
    entities and other entities in an item without tags come back as plain characters.
    """
    lines = body.split("\n")
    settings = lines[0].split()
    if not settings or not settings[0].isdigit():
        raise GiftError("an ordering question ('{>') without its item count")
    items = [_item_text(line.strip()) for line in lines[1:] if line.strip()]
    items = [item for item in items if not item.startswith("//")]
    if len(items) < 2:
        raise GiftError("an ordering question needs at least 2 items")
    if settings[1:2] and settings[1] not in ("ALL", "EXACT"):
        warnings.append(f"{name}: {settings[1]}: only some items shown in Moodle; all kept")
    question: dict[str, Any] = {"type": "order", "items": items}
    feedback = _meta_text(meta, "feedback")
    if feedback:
        question["feedback"] = feedback
    return question


def _item_text(line: str) -> str:
    line = line.replace("&#123;", "{").replace("&#125;", "}")
    unescaped = html.unescape(line)
    return line if "<" in unescaped else unescaped


Answer = tuple[str, float | None, str, str | None]
"""(sign, weight or None, text, feedback) of one answer of a choice question."""


def read_choices(answers: list[Answer], warnings: list[str], name: str) -> dict[str, Any]:
    """A choice question. With a '=' answer it is Moodle's one-answer (radio) kind."""
    if any(sign == "=" for sign, *_ in answers):
        return _read_one_answer(answers, warnings, name)
    choices = [
        _choice(text, feedback, (percent or 0) > 0) for _, percent, text, feedback in answers
    ]
    n_right = sum(1 for c in choices if c.get("correct"))
    n_wrong = len(choices) - n_right
    expected = [
        (100 / max(n_right, 1) if c.get("correct") else -100 / max(n_wrong, 1)) for c in choices
    ]
    if any(
        percent is None or abs(percent - want) > 1e-3
        for (_, percent, _, _), want in zip(answers, expected, strict=True)
    ):
        warnings.append(
            f"{name}: answer weights replaced by lessonquiz's partial-credit rule "
            "(right ticks minus wrong ticks)"
        )
    return {"type": "multiple", "choices": choices}


def _choice(text: str, feedback: str | None, correct: bool) -> dict[str, Any]:
    choice: dict[str, Any] = {"text": text}
    if correct:
        choice["correct"] = True
    if feedback:
        choice["feedback"] = feedback
    return choice


def _read_one_answer(answers: list[Answer], warnings: list[str], name: str) -> dict[str, Any]:
    """Moodle's one-answer choice question: full marks for any full-mark answer.

    One full-mark answer: a ``single`` question with that answer right; partial credit on
    other answers is dropped (they count as wrong), and the warning names them. Several
    (GIFT's "either is right"): lessonquiz has no such question, so it becomes ``multiple``
    ("tick every right answer") and a warning says plainly that the meaning changed.
    """
    full = [sign == "=" or (percent or 0) >= 100 for sign, percent, _, _ in answers]
    partial = [
        f"{_quoted(text)} ({weight(percent)}%)"
        for (_, percent, text, _), right in zip(answers, full, strict=True)
        if not right and percent
    ]
    if partial:
        warnings.append(
            f"{name}: partial credit on {', '.join(partial)} dropped: now a wrong answer "
            "(a lessonquiz single-choice question has one right answer)"
        )
    choices = [
        _choice(text, feedback, right)
        for (_, _, text, feedback), right in zip(answers, full, strict=True)
    ]
    if sum(full) == 1:
        return {"type": "single", "choices": choices}
    rights = ", ".join(_quoted(c["text"]) for c in choices if c.get("correct"))
    warnings.append(
        f"{name}: MEANING CHANGED: in GIFT any one of {rights} gets full marks; lessonquiz has "
        "no such question, so it is imported as multiple (tick every right answer: full "
        "marks only for ticking them all). Reword the prompt to say so, or keep one right "
        "answer and make it single"
    )
    return {"type": "multiple", "choices": choices}
