"""Read GIFT (Moodle's plain-text quiz format) into the data of a bank, as Moodle reads it.

``read`` parses our own output, Moodle's GIFT export and common hand-written GIFT (titles,
``[format]`` markers, comments, ``T``/``F``, numeric ranges, weights, missing-word questions,
``{>N ...}`` ordering questions) into the data of a bank, reading answers as Moodle does.
What a bank cannot hold is reported as a warning naming the question and what was lost,
never dropped silently: essays, descriptions, categories, match distractors, extra or
partial-credit numeric answers, feedback on right answers, and partial credit on a
one-answer choice question (its full-mark answer stays the key). A one-answer question with
several full-mark answers ("either is right") has no lessonquiz form: it becomes
``multiple`` with a warning that the meaning changed. A numeric question's catch-all wrong
answer (``~#feedback``) and a short answer's zero-mark ``*`` answer are its feedback;
``// [tag:...]`` comments are its tags.

The answer kinds (numeric, match, choices, order) are read in ``gift_read_kinds``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lessonquiz.export.gift_text import FORMAT_MARKER, unescape

_META = re.compile(r"^\s*//\s*(hint|feedback|unit|pair feedback|explanation):\s?(.*)$")
_TAGS = re.compile(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f])+)\]")
_ID = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f])+)\]")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


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
            else:
                meta.setdefault("tag", []).extend(_TAGS.findall(line))
                meta.setdefault("id", []).extend(_ID.findall(line))
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
    found = FORMAT_MARKER.match(source)
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
    if body.lstrip().startswith(">"):
        from lessonquiz.export.gift_read_kinds import read_order

        body = source[open_ + 1 : source.rindex("}")]  # Moodle: items up to the last '}'
        question = read_order(body.lstrip()[1:], meta, warnings, name)
        return _finish(question, prompt, title, None, meta)
    explanation = None
    general = _find_str(body, "####")
    if general >= 0:
        explanation = unescape(body[general + 4 :]).strip() or None
        body = body[:general]
    question = _read_answers(body.strip(), meta, warnings, name)
    return _finish(question, prompt, title, explanation, meta)


def _finish(
    question: dict[str, Any] | None,
    prompt: str,
    title: str | None,
    explanation: str | None,
    meta: dict[str, list[str]],
) -> dict[str, Any] | None:
    """Add what every kind shares: prompt, title, explanation, hints and tags."""
    if question is None:
        return None
    explanation = explanation or _meta_text(meta, "explanation")
    question["prompt"] = prompt
    if title:
        question["_title"] = title
    if explanation:
        question["explanation"] = explanation
    hints = [unescape(h).strip() for h in meta.get("hint", []) if h.strip()]
    if hints:
        question["hint"] = hints
    tags = [t.replace("\\]", "]").strip() for t in meta.get("tag", [])]
    tags = [t for t in tags if _SLUG.fullmatch(t)]
    if tags:
        question["tags"] = list(dict.fromkeys(tags))
    ids = [i.replace("\\]", "]").strip() for i in meta.get("id", [])]
    if ids and _SLUG.fullmatch(ids[0]):
        question["_id"] = ids[0]  # Moodle's ID number: the question id when it is a slug
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
    from lessonquiz.export import gift_read_kinds as kinds

    if body.startswith("#"):
        return kinds.read_numeric(body[1:], meta, feedback, warnings, name)
    pieces = _split(body, "=~")
    if _find(body, "~") < 0 and any("->" in piece for piece in pieces):
        return kinds.read_match(pieces, meta, warnings, name)  # Moodle: '=' and '->', no '~'
    if all(piece[0] == "=" for piece in pieces):
        return _read_short(pieces, feedback, warnings, name)
    # A choice question. As in Moodle, '=' marks a full-mark answer whose text is taken as
    # it is; a weight is read only after '~'.
    answers = [_read_answer(p, weighed=p[0] == "~") for p in pieces]
    return kinds.read_choices(answers, warnings, name)


def _read_short(
    pieces: list[str], feedback: str | None, warnings: list[str], name: str
) -> dict[str, Any]:
    """A short answer. A zero-mark ``*`` answer (matches anything) is the wrong-answer feedback."""
    answers = [_read_answer(piece) for piece in pieces]
    wrong = [fb for _, w, text, fb in answers if text == "*" and not w and fb]
    answers = [a for a in answers if not (a[2] == "*" and not a[1])]
    kept = [text for _, w, text, _ in answers if w is None or w >= 100]
    if len(kept) < len(answers):
        warnings.append(f"{name}: partial-credit short answers dropped")
    if any(fb for *_, fb in answers):
        warnings.append(f"{name}: per-answer feedback of a short answer dropped")
    if not kept:
        raise GiftError("a short-answer question without a full-mark answer")
    question: dict[str, Any] = {"type": "text", "accept": kept}
    feedback = "\n\n".join(f for f in (feedback, *wrong) if f) or None
    if feedback:
        question["feedback"] = feedback
    return question


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
        feedback = unescape(_unmark(rest[hash_ + 1 :])).strip() or None
        rest = rest[:hash_]
    return sign, percent, unescape(_unmark(rest)).strip(), feedback


def _unmark(raw: str) -> str:
    """A raw text without the format marker Moodle reads at its start (``[html]`` ...)."""
    raw = raw.strip()
    found = FORMAT_MARKER.match(raw)
    return raw[found.end() :] if found else raw


def _quoted(text: str, limit: int = 60) -> str:
    """``text`` quoted for a warning, on one line and cut at ``limit`` characters."""
    flat = " ".join(text.split())
    return f"'{flat}'" if len(flat) <= limit else f"'{flat[: limit - 1]}…'"
