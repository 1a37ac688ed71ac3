"""GIFT, Moodle's plain-text quiz format: write a bank as GIFT, and read GIFT back to a bank.

What GIFT carries, and how our types map (https://docs.moodle.org/en/GIFT_format):

- ``single`` -> ``{=right ~wrong#feedback}``; ``multiple`` -> ``{~%50%right ~%-100%wrong}``,
  each right choice worth ``100/n_right`` % and each wrong one ``-100/n_wrong`` %, which is
  exactly lessonquiz's partial-credit rule (Moodle also floors a question's score at 0).
- ``true_false`` -> ``{T#feedback}``: GIFT's first feedback is the one shown after a wrong
  answer, which is what our ``feedback`` means.
- ``numeric`` -> ``{#5.5:0.1}``; ``text`` -> ``{=Peskov =Dmitry Peskov}``;
  ``match`` -> ``{=left -> right ...}``.
- ``order`` has no GIFT form: it is skipped, with a warning and a comment in the file.
- The explanation is GIFT's general feedback (``####``). Hints, the wrong-answer feedback of
  ``numeric`` and ``text``, a numeric ``unit`` and a pair's feedback have no place in GIFT:
  they are written as ``// hint: ...`` style comments (Moodle ignores them, ``read`` restores
  them) and each one raises a warning.

Text is escaped: ``~ = # { } :`` and the backslash get a backslash, a newline becomes ``\\n``,
so a question never contains a blank line (which would end it). Prompts are marked
``[markdown]``, since bank text is Markdown.

A text starting with ``%`` gets a ``%100%``/``%0%`` guard only where Moodle reads ``%n%`` as
a weight (after ``~``, and after ``=`` in a short answer); after ``=`` in a choice question
and in a matching pair Moodle takes the text as it is, so a guard would show.

``read`` parses our own output, Moodle's GIFT export and common hand-written GIFT (titles,
``[format]`` markers, comments, ``T``/``F``, numeric ranges, weights, missing-word questions)
into the data of a bank, reading answers as Moodle does. What a bank cannot hold is reported
as a warning naming the question and what was lost, never dropped silently: essays,
descriptions, categories, match distractors, extra or partial-credit numeric answers,
feedback on right answers, and partial credit on a one-answer choice question (its
full-mark answer stays the key). A one-answer question with several full-mark answers
("either is right") has no lessonquiz form: it becomes ``multiple`` with a warning that the
meaning changed. A numeric question's catch-all wrong answer (``~#feedback``) is its feedback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lessonquiz.bank.model import (
    AnyQuestion,
    Bank,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    SingleQuestion,
    TextQuestion,
    TrueFalseQuestion,
    WrittenQuestion,
)
from lessonquiz.bank.written import reveal_markdown
from lessonquiz.export import Export

SPECIAL = "\\~=#{}:"
"""Characters GIFT gives a meaning; each is written with a backslash before it."""

MOODLE_WEIGHTS = (
    100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
    14.28571, 12.5, 11.11111, 10, 5,
)  # fmt: skip
"""The answer weights (%) Moodle's question editor offers; others need "nearest grade" import."""

_META = re.compile(r"^\s*//\s*(hint|feedback|unit|pair feedback):\s?(.*)$")


def escape(text: str) -> str:
    """``text`` with GIFT's special characters escaped and newlines written as ``\\n``."""
    out = []
    for ch in text.replace("\r\n", "\n").replace("\r", "\n"):
        if ch in SPECIAL:
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        else:
            out.append(ch)
    return "".join(out)


def unescape(text: str) -> str:
    """Undo ``escape``: ``\\n`` is a newline, a backslash before any other character keeps it."""
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt == "n" else nxt)
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def number(value: float) -> str:
    """A number as GIFT writes it: whole numbers without ``.0``, others exactly (``repr``)."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def weight(percent: float) -> str:
    """A GIFT answer weight with at most 5 decimals, as Moodle's grade list spells them."""
    text = f"{percent:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# ----------------------------------------------------------------------------------- writing


def write(bank: Bank) -> Export:
    """The bank as one ``<bank-id>.gift`` file, with a warning for everything GIFT lost."""
    result = Export()
    blocks = [
        f"// lessonquiz bank '{bank.id}': {escape(bank.title)}\n"
        "// Written by `lessonquiz export --format gift`; edit the YAML bank, not this file.",
        f"$CATEGORY: $course$/lessonquiz/{bank.id}",
    ]
    for question in bank.questions:
        block = _question(question, result)
        if block:
            blocks.append(block)
    text = "\n\n".join(blocks) + "\n"
    result.files[f"{bank.id}.gift"] = text.encode("utf-8")
    return result


def _question(question: AnyQuestion, result: Export) -> str | None:
    qid = question.id
    if isinstance(question, WrittenQuestion):
        return _essay(question, result)
    if isinstance(question, OrderQuestion):
        result.warn(qid, "skipped: GIFT has no ordering question type")
        return f"// [{qid}] skipped: an order question has no GIFT form"
    meta = [f"// hint: {escape(hint)}" for hint in question.hint]
    if question.hint:
        result.warn(qid, "hints kept only as // hint: comments (GIFT has no hints)")
    lines = _answers(question, result, meta)
    if question.explanation:
        lines.append(f"####{escape(question.explanation)}")
    head = f"::{qid}::[markdown]{escape(question.prompt)}{{"
    return "\n".join([*meta, head, *lines, "}"])


def _essay(question: WrittenQuestion, result: Export) -> str:
    """A ``written`` question as a GIFT essay: an empty answer part, ``{}``. The rubric and
    model answer become the general feedback (``####``, which Moodle's GIFT reader takes
    out of the braces before it sees that nothing else is left, so the question stays an
    essay); min_words and hints have no GIFT form and are kept as comments."""
    meta = [f"// hint: {escape(hint)}" for hint in question.hint]
    if question.hint:
        result.warn(question.id, "hints kept only as // hint: comments (GIFT has no hints)")
    if question.min_words:
        meta.append(f"// min_words: {question.min_words}")
        result.warn(
            question.id,
            "min_words kept only as a comment (set the word limit in Moodle's essay settings)",
        )
    general = escape(reveal_markdown(question))
    head = f"::{question.id}::[markdown]{escape(question.prompt)}"
    return "\n".join([*meta, f"{head}{{####{general}}}"])


def _answers(question: AnyQuestion, result: Export, meta: list[str]) -> list[str]:
    qid = question.id
    if isinstance(question, SingleQuestion):
        return [
            _answer("=" if c.correct else "~", None, c.text, c.feedback, weighed=not c.correct)
            for c in question.choices
        ]
    if isinstance(question, MultipleQuestion):
        n_right = len(question.correct_texts)
        n_wrong = len(question.choices) - n_right
        right, wrong = 100 / n_right, -100 / n_wrong
        for share in {right, -wrong}:
            if not any(abs(share - w) < 1e-4 for w in MOODLE_WEIGHTS):
                result.warn(
                    qid,
                    f"weight {weight(share)}% is not in Moodle's grade list; import with "
                    "'nearest grade' matching",
                )
        return [
            _answer("~", right if c.correct else wrong, c.text, c.feedback, weighed=True)
            for c in question.choices
        ]
    if isinstance(question, TrueFalseQuestion):
        feedback = f"#{escape(question.feedback)}" if question.feedback else ""
        return [("T" if question.answer else "F") + feedback]
    if isinstance(question, NumericQuestion):
        _meta(question, result, meta, "numeric")
        if question.unit:
            meta.append(f"// unit: {escape(question.unit)}")
            result.warn(qid, "unit kept only as a // unit: comment (GIFT has no units)")
        tolerance = f":{number(question.tolerance)}" if question.tolerance else ""
        return [f"#{number(question.answer)}{tolerance}"]
    if isinstance(question, TextQuestion):
        _meta(question, result, meta, "short-answer")
        for accepted in question.accept:
            if "->" in accepted:
                result.warn(
                    qid,
                    f"accepted answer '{accepted}' contains '->', which GIFT reads as a "
                    "matching pair",
                )
        return [_answer("=", None, accepted, None, weighed=True) for accepted in question.accept]
    if isinstance(question, MatchQuestion):
        return _pairs(question, result, meta)
    raise TypeError(f"no GIFT writer for {type(question).__name__}")  # pragma: no cover


def _meta(question: Any, result: Export, meta: list[str], kind: str) -> None:
    if question.feedback:
        meta.append(f"// feedback: {escape(question.feedback)}")
        result.warn(
            question.id,
            f"wrong-answer feedback kept only as a // feedback: comment (GIFT {kind} "
            "questions have none)",
        )


def _pairs(question: MatchQuestion, result: Export, meta: list[str]) -> list[str]:
    qid = question.id
    lines = []
    for pair in question.pairs:
        if "->" in pair.left or "->" in pair.right:
            result.warn(
                qid,
                f"pair '{pair.left}' contains '->', GIFT's pair separator; Moodle will split "
                "it wrongly",
            )
        if pair.feedback:
            meta.append(f"// pair feedback: {escape(pair.left)} = {escape(pair.feedback)}")
        lines.append(f"={escape(pair.left)} -> {escape(pair.right)}")  # no weights here
    if any(p.feedback for p in question.pairs):
        result.warn(
            qid,
            "pair feedback kept only as // pair feedback: comments (GIFT matching has none)",
        )
    if len(question.pairs) < 3:
        result.warn(
            qid, f"Moodle asks for at least 3 matching pairs; this has {len(question.pairs)}"
        )
    return lines


def _lead(text: str, sign: str) -> str:
    """Guard a text starting with ``%`` where Moodle would read ``%n%`` as a weight.

    Moodle parses a weight after ``~`` in a choice question and after ``=`` in a short
    answer or numeric one; after ``=`` in a choice question and in a matching pair it takes
    the text as it is, so a guard there would show up as ``%100%`` in the text.
    """
    if text.startswith("%"):
        return f"%{100 if sign == '=' else 0}%{text}"
    return text


def _answer(
    sign: str, percent: float | None, text: str, feedback: str | None, *, weighed: bool
) -> str:
    """One answer line; ``weighed``: Moodle reads a leading ``%n%`` in it as a weight."""
    body = escape(text)
    prefix = f"%{weight(percent)}%" if percent is not None else ""
    if not prefix and weighed:
        body = _lead(body, sign)
    tail = f"#{escape(feedback)}" if feedback else ""
    return f"{sign}{prefix}{body}{tail}"


# ----------------------------------------------------------------------------------- reading


@dataclass
class GiftImport:
    """What ``read`` made of a GIFT file: question data (bank YAML shape) and warnings."""

    questions: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class GiftError(ValueError):
    """A GIFT file too broken to read; the message says where."""


def _find(text: str, targets: str, start: int = 0) -> int:
    """Index of the first unescaped character of ``targets`` at or after ``start``, or -1."""
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch in targets:
            return i
        i += 1
    return -1


def _find_str(text: str, target: str, start: int = 0) -> int:
    """Index of the first unescaped occurrence of ``target``, or -1."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(target, i):
            return i
        i += 1
    return -1


def _blocks(text: str, warnings: list[str]) -> list[tuple[int, list[str], dict[str, list[str]]]]:
    """(first line number, source lines, metadata comments) of each question block.

    A ``$CATEGORY`` line has no place in a bank (one file is one bank); it is named in
    ``warnings`` so the instructor knows the Moodle category structure was not kept.
    """
    blocks = []
    lines: list[str] = []
    meta: dict[str, list[str]] = {}
    start = 0
    for number_, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            if lines:
                blocks.append((start, lines, meta))
            lines, meta = [], {}
            continue
        if stripped.startswith("//"):
            found = _META.match(line)
            if found:
                meta.setdefault(found.group(1), []).append(found.group(2))
            continue
        if stripped.startswith("$CATEGORY:"):
            category = stripped.removeprefix("$CATEGORY:").strip()
            warnings.append(
                f"line {number_}: category '{category}' not kept (a bank has no categories; "
                "its id comes from the file name)"
            )
            continue
        if not lines:
            start = number_
        lines.append(line)
    if lines:
        blocks.append((start, lines, meta))
    return blocks


def read(text: str) -> GiftImport:
    """Parse GIFT ``text`` into question data; see the module docstring for what is kept."""
    result = GiftImport()
    for index, (line, lines, meta) in enumerate(_blocks(text, result.warnings), start=1):
        source = "\n".join(lines).strip()
        where = f"line {line}"
        try:
            question = _read_question(source, meta, result.warnings, where)
        except GiftError as exc:
            result.warnings.append(f"{where}: skipped: {exc}")
            continue
        if question is not None:
            question.setdefault("_title", f"q{index}")
            result.questions.append(question)
    return result


def _read_question(
    source: str, meta: dict[str, list[str]], warnings: list[str], where: str
) -> dict[str, Any] | None:
    title = None
    if source.startswith("::"):
        end = _find_str(source, "::", 2)
        if end < 0:
            raise GiftError("a title opened with '::' is never closed")
        title = unescape(source[2:end]).strip()
        source = source[end + 2 :].lstrip()
    name = f"{where} ({title})" if title else where
    found = re.match(r"\[(\w+)\]", source)
    if found:
        source = source[found.end() :]
    open_ = _find(source, "{")
    if open_ < 0:
        warnings.append(f"{name}: skipped: a description (no answer part) is not a question")
        return None
    close = _find(source, "}", open_ + 1)
    if close < 0:
        raise GiftError("the answer part opened with '{' is never closed")
    head, body, tail = source[:open_], source[open_ + 1 : close], source[close + 1 :]
    prompt = unescape(head).strip()
    if tail.strip():
        prompt = f"{prompt} _____ {unescape(tail).strip()}".strip()
    explanation = None
    general = _find_str(body, "####")
    if general >= 0:
        explanation = unescape(body[general + 4 :]).strip() or None
        body = body[:general]
    question = _read_answers(body.strip(), meta, warnings, name)
    if question is None:
        return None
    question["prompt"] = prompt
    if title:
        question["_title"] = title
    if explanation:
        question["explanation"] = explanation
    hints = [unescape(h).strip() for h in meta.get("hint", []) if h.strip()]
    if hints:
        question["hint"] = hints
    return question


def _split(body: str, seps: str) -> list[str]:
    """``body`` cut before every unescaped character of ``seps`` (each piece keeps its sign)."""
    pieces = []
    start = 0
    i = _find(body, seps)
    while i >= 0:
        if body[start:i].strip():
            pieces.append(body[start:i])
        start = i
        i = _find(body, seps, i + 1)
    if body[start:].strip():
        pieces.append(body[start:])
    return pieces


def _read_answers(
    body: str, meta: dict[str, list[str]], warnings: list[str], name: str
) -> dict[str, Any] | None:
    feedback = _meta_text(meta, "feedback")
    if not body:
        warnings.append(f"{name}: skipped: an essay question (empty answer part) has no key")
        return None
    tf = re.fullmatch(r"(TRUE|T|FALSE|F)\s*(#.*)?", body, flags=re.S)
    if tf:
        parts = [unescape(p).strip() for p in _split(tf.group(2) or "", "#")]
        parts = [p[1:].strip() for p in parts]
        question: dict[str, Any] = {"type": "true_false", "answer": tf.group(1).startswith("T")}
        if parts and parts[0]:
            question["feedback"] = parts[0]
        if len(parts) > 1 and parts[1]:
            warnings.append(
                f"{name}: feedback on the right answer dropped: {_quoted(parts[1])} "
                "(a lessonquiz true/false question has feedback for wrong answers only)"
            )
        return question
    if body.startswith("#"):
        return _read_numeric(body[1:], meta, feedback, warnings, name)
    pieces = _split(body, "=~")
    if all(piece[0] == "=" and "->" in piece for piece in pieces):
        return _read_match(pieces, meta, warnings, name)
    if all(piece[0] == "=" for piece in pieces):
        answers = [_read_answer(piece) for piece in pieces]
        kept = [text for _, w, text, _ in answers if w is None or w >= 100]
        if len(kept) < len(answers):
            warnings.append(f"{name}: partial-credit short answers dropped")
        if any(fb for *_, fb in answers):
            warnings.append(f"{name}: per-answer feedback of a short answer dropped")
        question = {"type": "text", "accept": kept}
        if feedback:
            question["feedback"] = feedback
        return question
    # A choice question. As in Moodle, '=' marks a full-mark answer whose text is taken as
    # it is; a weight is read only after '~'.
    return _read_choices([_read_answer(p, weighed=p[0] == "~") for p in pieces], warnings, name)


def _meta_text(meta: dict[str, list[str]], key: str) -> str | None:
    values = [unescape(v).strip() for v in meta.get(key, [])]
    return "\n\n".join(v for v in values if v) or None


def _read_answer(piece: str, weighed: bool = True) -> tuple[str, float | None, str, str | None]:
    """(sign, weight or None, text, feedback) of one answer; ``weighed``: read ``%n%``."""
    sign, rest = piece[0], piece[1:].lstrip()
    percent = None
    found = re.match(r"%(-?\d+(?:\.\d+)?)%", rest) if weighed else None
    if found:
        percent = float(found.group(1))
        rest = rest[found.end() :]
    hash_ = _find(rest, "#")
    feedback = None
    if hash_ >= 0:
        feedback = unescape(rest[hash_ + 1 :]).strip() or None
        rest = rest[:hash_]
    return sign, percent, unescape(rest).strip(), feedback


def _quoted(text: str, limit: int = 60) -> str:
    """``text`` quoted for a warning, on one line and cut at ``limit`` characters."""
    flat = " ".join(text.split())
    return f"'{flat}'" if len(flat) <= limit else f"'{flat[: limit - 1]}…'"


def _read_numeric(
    body: str, meta: dict[str, list[str]], feedback: str | None, warnings: list[str], name: str
) -> dict[str, Any]:
    """A numeric question: one right answer with a tolerance, and wrong-answer feedback.

    Moodle writes its catch-all wrong answer as ``~#feedback``; that is lessonquiz's
    ``feedback``. Other answers (partial credit, more full-mark answers) and the feedback on
    the right answer have no place in a lessonquiz question: each is named in a warning.
    """
    pieces = _split(body, "=~")
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


def _read_match(
    pieces: list[str],
    meta: dict[str, list[str]],
    warnings: list[str],
    name: str,
) -> dict[str, Any]:
    """A matching question; like Moodle, an item's text is read as it is (no weights)."""
    notes = {}
    for line in meta.get("pair feedback", []):
        cut = _find(line, "=")
        if cut >= 0:
            notes[unescape(line[:cut]).strip()] = unescape(line[cut + 1 :]).strip()
    pairs = []
    for piece in pieces:
        _, _, text, _ = _read_answer(piece, weighed=False)
        left, right = (part.strip() for part in text.split("->", 1))
        if not left:
            warnings.append(f"{name}: distractor '{right}' dropped (lessonquiz matches have none)")
            continue
        pair = {"left": left, "right": right}
        if notes.get(left):
            pair["feedback"] = notes[left]
        pairs.append(pair)
    return {"type": "match", "pairs": pairs}


Answer = tuple[str, float | None, str, str | None]
"""(sign, weight or None, text, feedback) of one answer of a choice question."""


def _read_choices(answers: list[Answer], warnings: list[str], name: str) -> dict[str, Any]:
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


# ----------------------------------------------------------------------------- importing

IMPORTED_OBJECTIVE = "imported"
PLACEHOLDER_SOURCE = {"paragraph": 1}
"""What an imported question cites until the instructor fixes it (GIFT has no sources)."""


def slug(text: str, default: str) -> str:
    """``text`` as a bank/question id (lowercase letters, digits, single hyphens)."""
    value = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return value or default


def to_bank(text: str, name: str) -> tuple[dict[str, Any], list[str]]:
    """Bank data (ready for YAML) from the GIFT ``text`` of file ``name``, and warnings.

    Questions are checked one by one against the bank model; one that does not fit
    (two choices with the same text, say) is left out with a warning naming it.
    """
    from pydantic import TypeAdapter, ValidationError

    from lessonquiz.bank.model import Question

    parsed = read(text)
    warnings = list(parsed.warnings)
    adapter: TypeAdapter[Any] = TypeAdapter(Question)
    questions: list[dict[str, Any]] = []
    used: set[str] = set()
    for n, raw in enumerate(parsed.questions, start=1):
        title = raw.pop("_title")
        qid = base = slug(title, f"q{n}")
        suffix = 2
        while qid in used:
            qid, suffix = f"{base}-{suffix}", suffix + 1
        data = {
            "id": qid,
            "type": raw.pop("type"),
            "objective": IMPORTED_OBJECTIVE,
            "source": dict(PLACEHOLDER_SOURCE),
            "prompt": raw.pop("prompt"),
            **raw,
        }
        try:
            adapter.validate_python(data)
        except ValidationError as exc:
            reasons = "; ".join(e["msg"] for e in exc.errors(include_url=False))
            warnings.append(f"question '{title}' skipped: {reasons}")
            continue
        used.add(qid)
        questions.append(data)
    bank = {
        "schema_version": 1,
        "id": slug(Path(name).stem, "imported"),
        "title": f"Imported from {Path(name).name}",
        "objectives": [
            {"id": IMPORTED_OBJECTIVE, "text": f"Imported from {Path(name).name}; edit."}
        ],
        "questions": questions,
    }
    return bank, warnings
