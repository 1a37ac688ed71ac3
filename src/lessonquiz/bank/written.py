"""What every part of lessonquiz shares about ``written`` questions (issue 15).

A written answer is saved, never graded: ``grade`` returns a ``Result`` with ``graded``
False, and scores, item statistics and the cue check leave these questions out
(``is_graded``). The student first sees only ``bank.public.public_view`` (prompt and
``min_words``: no rubric, no model answer); after submitting, the rubric, then the model
answer, both carried by the ``Result``. Exports and previews show both in one Markdown
block, ``reveal_markdown``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - a quiz asks is_graded before the model is imported
    from lessonquiz.bank.model import AnyQuestion, WrittenQuestion
    from lessonquiz.bank.public import PublicQuestion


def is_graded(question: AnyQuestion | PublicQuestion) -> bool:
    """Whether answers to ``question`` are scored (every type but ``written``)."""
    return question.type != "written"


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
