"""Grading an attempt again with the service's own copy of the banks.

Why: a kernel belongs to the student, so its score is a claim. The service keeps that claim
(``claimed_score``) but stores and reports the score it computes from the response with
``lessonquiz.grading.grade`` and the bank files in its own course folder.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lessonquiz.bank import identity
from lessonquiz.bank.loader import check_banks
from lessonquiz.bank.model import Bank
from lessonquiz.grading import grade
from lessonquiz.store import encode_response

MAX_RESPONSE_CHARS = 20_000
"""A longer stored response is refused: one student must not grow the database at will."""


class Rejected(ValueError):
    """The attempt cannot be stored; the message says why, in words."""


@dataclass(frozen=True)
class Graded:
    """One attempt ready for the history (the student comes from the Hub, not from here)."""

    uid: str
    bank_id: str
    question_id: str
    question_hash: str
    response: str
    score: float
    correct: bool
    claimed_score: float | None


def load_course(folder: Path) -> dict[str, Bank]:
    """The banks of the course folder by id; ``ValueError`` if one does not load."""
    checked = check_banks([folder])
    broken = [str(c.path) for c in checked if c.bank is None]
    if broken:
        raise ValueError(f"bank files that do not load: {', '.join(broken)}")
    return {c.bank.id: c.bank for c in checked if c.bank is not None}


def regrade(banks: Mapping[str, Bank], sent: Any) -> Graded:
    """``sent`` (one attempt as the kernel posted it) graded with the service's bank."""
    if not isinstance(sent, dict):
        raise Rejected("an attempt must be an object")
    uid = sent.get("uid")
    if not isinstance(uid, str) or not 8 <= len(uid) <= 64:
        raise Rejected("an attempt needs a uid of 8 to 64 characters")
    bank = banks.get(str(sent.get("bank_id")))
    if bank is None:
        raise Rejected(f"no bank '{sent.get('bank_id')}' in this course")
    try:
        question = bank.question(str(sent.get("question_id")))
    except KeyError as exc:
        raise Rejected(str(exc.args[0])) from None
    response = sent.get("response")
    shown = identity.from_stored(question, response)  # issue #12: a choice may be sent by id
    if shown is not None:
        response = shown
    elif question.type == "multiple" and isinstance(response, list):
        response = set(response)
    try:
        result = grade(question, response)
        text = encode_response(identity.to_stored(question, response))
    except Exception as exc:  # a malformed response is the sender's problem, not a crash
        raise Rejected(f"response cannot be graded: {exc}") from None
    if len(text) > MAX_RESPONSE_CHARS:
        raise Rejected(f"response longer than {MAX_RESPONSE_CHARS} characters")
    claimed = sent.get("score")
    return Graded(
        uid=uid,
        bank_id=bank.id,
        question_id=question.id,
        question_hash=identity.answer_key(question),  # issue #12: what the quiz saves
        response=text,
        score=float(result.score),
        correct=bool(result.correct),
        claimed_score=float(claimed) if isinstance(claimed, int | float) else None,
    )
