"""Write a bank as GIFT, Moodle's plain-text quiz format, as Moodle's own importer reads it.

Checked against ``question/format/gift/format.php`` and ``question/type/ordering`` in Moodle:

- ``single`` -> ``{=right ~wrong#feedback}``; ``multiple`` -> ``{~%50%right ~%-100%wrong}``,
  each right choice worth ``100/n_right`` % and each wrong one ``-100/n_wrong`` %, which is
  exactly lessonquiz's partial-credit rule (Moodle also floors a question's score at 0).
- ``true_false`` -> ``{T#feedback}``: GIFT's first feedback is the one shown after a wrong
  answer, which is what our ``feedback`` means.
- ``numeric`` -> ``{#5.5:0.1}``, or ``{#=5.5:0.1 ~#feedback}``: Moodle files ``~#...`` as
  the feedback of a catch-all wrong answer.
- ``text`` -> ``{=Peskov =Dmitry Peskov =%0%*#feedback}``: ``*`` in an accepted answer is
  written ``\\*`` (Moodle's wildcard otherwise), and the last, zero-mark ``*`` answer carries
  the wrong-answer feedback. An accepted answer holding ``->`` has no GIFT form (Moodle reads
  the question as a matching one and aborts the whole import): it is left out, with a warning.
- ``match`` -> ``{=left -> right ...}``; Moodle needs 2 pairs (1 aborts the import: the
  question is skipped) and shows the right sides as plain text.
- ``order`` -> ``{>N ALL VERTICAL RELATIVE_ALL_PREVIOUS_AND_NEXT SHOW``, one item a line,
  then ``}``, read by the core Ordering type from Moodle 4.4 on; for an older ``--moodle`` it is
  skipped. Its items are HTML (Moodle's own format for them), and it can hold no ``####``.
- ``written`` -> an essay, ``{####rubric and model answer}``: Moodle takes the general
  feedback (``####``) out of the braces before it looks at what is left, and an empty answer
  part is an essay. ``min_words`` has no GIFT form (a comment, warned about).
- ``// [id:question-id] [tag:...]`` before each question: Moodle keeps them as the
  question's ID number and tags.

Still lost, each with a warning: hints, a numeric ``unit``, ``shuffle: false``, a pair's
feedback, an order question's feedback and explanation (kept as ``// ...:`` comments that
``lessonquiz import gift`` restores). Prompts are marked ``[markdown]``, and a text starting
with a format marker of its own gets ``[markdown]`` in front so the marker stays text.
"""

from __future__ import annotations

from typing import Any

from lessonquiz import render
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
from lessonquiz.export import MOODLE_LTS, MOODLE_ORDERING, TEXT_NOTE, Export
from lessonquiz.export.gift_text import MOODLE_WEIGHTS, escape, guard_format, number, weight
from lessonquiz.export.textsafe import plain

ORDER_NOTE = (
    "Moodle grades ordering by each item's right neighbours before and after it "
    "(RELATIVE_ALL_PREVIOUS_AND_NEXT), lessonquiz by neighbouring pairs in the right "
    "relative order: partial scores differ (by 0.12 on average for 5 items)"
)

GRADING = "RELATIVE_ALL_PREVIOUS_AND_NEXT"
"""The Ordering grading written (GIFT and Moodle XML): of Moodle's nine, the one whose scores
are nearest lessonquiz's. Over all 120 orders of 5 items (a port of Moodle's
``grade_response``): mean gap 0.12 and largest 0.35, where Moodle's default
RELATIVE_NEXT_EXCLUDE_LAST gives 0.30 and 0.75. LONGEST_ORDERED_SUBSET is nearer still
(0.11, 0.15) but Moodle's GIFT import cannot read its name (a missing ``|`` in its regex)."""


def write(bank: Bank, moodle: tuple[int, int] = MOODLE_LTS) -> Export:
    """The bank as one ``<bank-id>.gift`` file for Moodle ``moodle``, with its warnings."""
    result = Export()
    blocks = [
        f"// lessonquiz bank '{bank.id}': {' '.join(escape(bank.title).split())}\n"
        "// Written by `lessonquiz export --format gift`; edit the YAML bank, not this file.",
        f"$CATEGORY: $course$/lessonquiz/{bank.id}",
    ]
    for question in bank.questions:
        block = _question(question, result, moodle)
        if block:
            blocks.append(block)
    text = "\n\n".join(blocks) + "\n"
    result.files[f"{bank.id}.gift"] = text.encode("utf-8")
    return result


def _text(text: str) -> str:
    """Bank text as a GIFT text: escaped, and a leading format marker kept as text."""
    return guard_format(escape(text))


def _question(question: AnyQuestion, result: Export, moodle: tuple[int, int]) -> str | None:
    qid = question.id
    writer = _WRITERS.get(type(question))
    if writer is None:
        result.skip(qid, f"skipped: GIFT has no form for a {question.type} question")
        return f"// [{qid}] skipped: a {question.type} question has no GIFT form"
    ident = f"// [id:{qid}]" + "".join(f" [tag:{tag}]" for tag in question.tags)
    meta = [ident, *(f"// hint: {escape(hint)}" for hint in question.hint)]
    if question.points != 1:  # issue #12: GIFT has no per-question mark
        meta.append(f"// points: {question.points:g}")
        result.warn(
            qid,
            f"worth {question.points:g} points here, but GIFT has no question marks: Moodle "
            "gives it its default mark (set it after import, or use --format moodle-xml)",
        )
    if question.hint:
        result.warn(qid, "hints kept only as // hint: comments (GIFT has no hints)")
    lines = writer(question, result, meta, moodle)
    if lines is None:
        return f"// [{qid}] skipped: see the export's warnings"
    if question.explanation and not isinstance(question, OrderQuestion | WrittenQuestion):
        lines.append(f"####{_text(question.explanation)}")
    head = f"::{qid}::[markdown]{escape(question.prompt)}{{"
    if isinstance(question, OrderQuestion):
        head += lines.pop(0)  # Moodle's Ordering import wants '{>' together
    return "\n".join([*meta, head, *lines, "}"])


def _choices(question: Any, result: Export, meta: list[str], _: Any) -> list[str]:
    if not question.shuffle:
        result.warn(question.id, "shuffle: false not carried (GIFT cannot say it)")
    if isinstance(question, SingleQuestion):
        return [
            _answer("=" if c.correct else "~", None, c.text, c.feedback, weighed=not c.correct)
            for c in question.choices
        ]
    n_right = len(question.correct_texts)
    n_wrong = len(question.choices) - n_right
    right, wrong = 100 / n_right, -100 / n_wrong
    for share in {right, -wrong}:
        if not any(abs(share - w) < 1e-4 for w in MOODLE_WEIGHTS):
            result.warn(
                question.id,
                f"weight {weight(share)}% is not in Moodle's grade list; import with "
                "'nearest grade' matching",
            )
    return [
        _answer("~", right if c.correct else wrong, c.text, c.feedback, weighed=True)
        for c in question.choices
    ]


def _true_false(question: TrueFalseQuestion, *_: Any) -> list[str]:
    feedback = f"#{_text(question.feedback)}" if question.feedback else ""
    return [("T" if question.answer else "F") + feedback]


def _numeric(question: NumericQuestion, result: Export, meta: list[str], _: Any) -> list[str]:
    if question.unit:
        meta.append(f"// unit: {escape(question.unit)}")
        result.warn(question.id, "unit kept only as a // unit: comment (GIFT has no units)")
    tolerance = f":{number(question.tolerance)}" if question.tolerance else ""
    wrong = f" ~#{_text(question.feedback)}" if question.feedback else ""
    if wrong:  # "#=": gift-pegjs needs the "=" before the answer; Moodle reads both
        return [f"#={number(question.answer)}{tolerance}{wrong}"]
    return [f"#{number(question.answer)}{tolerance}"]


def _short(question: TextQuestion, result: Export, meta: list[str], _: Any) -> list[str] | None:
    kept = [a for a in question.accept if "->" not in a]
    if len(kept) < len(question.accept):
        lost = next(a for a in question.accept if "->" in a)
        if not kept:
            result.skip(
                question.id,
                f"skipped: accepted answer '{lost}' contains '->', which Moodle reads as a "
                "matching question (the whole GIFT import would stop)",
            )
            return None
        result.warn(
            question.id,
            f"accepted answer '{lost}' left out: '->' makes Moodle read a matching question",
        )
    result.note(question.id, f"Moodle: {TEXT_NOTE}")
    lines = [_answer("=", None, a, None, weighed=True).replace("*", "\\*") for a in kept]
    if question.feedback and "->" in question.feedback:
        meta.append(f"// feedback: {escape(question.feedback)}")
        result.warn(
            question.id,
            "wrong-answer feedback kept only as a // feedback: comment (its '->' would make "
            "Moodle read a matching question)",
        )
    elif question.feedback:
        lines.append(f"=%0%*#{_text(question.feedback)}")
    return lines


def _pairs(question: MatchQuestion, result: Export, meta: list[str], _: Any) -> list[str] | None:
    qid = question.id
    if len(question.pairs) < 2:
        result.skip(qid, "skipped: Moodle's GIFT import needs 2 matching pairs (1 stops it)")
        return None
    broken = next((p.left for p in question.pairs if "->" in p.left), None)
    if broken is not None:
        result.skip(qid, f"skipped: left item '{broken}' contains '->', GIFT's pair separator")
        return None
    lines = []
    for pair in question.pairs:
        if pair.feedback:
            meta.append(f"// pair feedback: {escape(pair.left)} = {escape(pair.feedback)}")
        right = plain(pair.right)
        if right != " ".join(pair.right.split()):
            result.warn(qid, f"right side '{pair.right}' sent as plain text '{right}'")
        lines.append(f"={_text(pair.left)} -> {escape(right)}")  # no weights here
    if any(p.feedback for p in question.pairs):
        result.warn(qid, "pair feedback kept only as // pair feedback: comments")
    return lines


def _order(
    question: OrderQuestion, result: Export, meta: list[str], moodle: tuple[int, int]
) -> list[str] | None:
    qid = question.id
    if moodle < MOODLE_ORDERING:
        result.skip(
            qid,
            f"skipped: GIFT ordering questions need Moodle 4.4 or later (--moodle "
            f"{moodle[0]}.{moodle[1]})",
        )
        return None
    if "{" in question.prompt or "}" in question.prompt:
        result.skip(qid, "skipped: Moodle's GIFT ordering import cannot read '{' in a prompt")
        return None
    items = [_item_html(item) for item in question.items]
    if any(item.startswith("//") or not item for item in items):
        result.skip(qid, "skipped: an item GIFT would read as a comment or as nothing")
        return None
    for label, text in (("feedback", question.feedback), ("explanation", question.explanation)):
        if text:
            meta.append(f"// {label}: {escape(text)}")
            result.warn(qid, f"{label} kept only as a // {label}: comment (GIFT ordering)")
    result.note(qid, ORDER_NOTE)
    return [f">{len(items)} ALL VERTICAL {GRADING} SHOW", *items]


def _item_html(item: str) -> str:
    """An ordering item as Moodle stores it (HTML, one line); braces as entities."""
    html = " ".join(render.inline(item).split())
    return html.replace("{", "&#123;").replace("}", "&#125;")


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
    body = _text(text)
    prefix = f"%{weight(percent)}%" if percent is not None else ""
    if not prefix and weighed:
        body = _lead(body, sign)
    tail = f"#{_text(feedback)}" if feedback else ""
    return f"{sign}{prefix}{body}{tail}"


def _essay(question: WrittenQuestion, result: Export, meta: list[str], _: Any) -> list[str]:
    """A ``written`` question (issue 15): the rubric, model answer and explanation as the
    essay's general feedback, which students see after submitting."""
    if question.min_words:
        meta.append(f"// min_words: {question.min_words}")
        result.warn(
            question.id,
            "min_words kept only as a comment (set the word limit in Moodle's essay settings)",
        )
    return [f"####{_text(reveal_markdown(question))}"]


_WRITERS: dict[type, Any] = {
    SingleQuestion: _choices,
    MultipleQuestion: _choices,
    TrueFalseQuestion: _true_false,
    NumericQuestion: _numeric,
    TextQuestion: _short,
    MatchQuestion: _pairs,
    OrderQuestion: _order,
    WrittenQuestion: _essay,
}
