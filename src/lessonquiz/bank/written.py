"""What every part of lessonquiz shares about ``written`` questions (issue 15).

A written answer is saved, never graded: ``grade`` returns a ``Result`` with ``graded``
False, and scores, item statistics and the cue check leave these questions out
(``is_graded``). The student first sees only ``public_view`` (no rubric, no model answer);
after submitting, the rubric, then the model answer. Exports and previews show both in one
Markdown block, ``reveal_markdown``.
"""

from __future__ import annotations

from typing import Any

from lessonquiz.bank.model import AnyQuestion, WrittenQuestion


def is_graded(question: AnyQuestion) -> bool:
    """Whether answers to ``question`` are scored (every type but ``written``)."""
    return not isinstance(question, WrittenQuestion)


def word_count(text: str) -> int:
    """Words as ``min_words`` counts them: runs of non-space characters."""
    return len(text.split())


def public_view(question: WrittenQuestion) -> dict[str, Any]:
    """What a front-end may send to the browser before the answer is submitted.

    The rubric and the model answer are left out: they come with the ``Result`` of
    ``grade`` once the answer is saved. Hints are counted, not sent, like other types' hints
    (the front-end asks for one at a time).
    """
    return {
        "id": question.id,
        "type": question.type,
        "prompt": question.prompt,
        "min_words": question.min_words,
        "hints": len(question.hint),
    }


def rubric_markdown(rubric: tuple[str, ...] | list[str]) -> str:
    """The rubric as a Markdown checklist heading the reveal."""
    return "**Check your answer against the rubric:**\n\n" + "\n".join(
        f"- {criterion}" for criterion in rubric
    )


def reveal_markdown(question: WrittenQuestion, *, explanation: bool = True) -> str:
    """Rubric, then model answer (then the explanation, if any and asked), as Markdown."""
    parts = [rubric_markdown(question.rubric), f"**A model answer:**\n\n{question.model_answer}"]
    if explanation and question.explanation:
        parts.append(question.explanation)
    return "\n\n".join(parts)
