"""Grading an attempt again with the service's own copy of the banks.

Why: a kernel belongs to the student, so its score is a claim. The service keeps that claim
(``claimed_score``) but stores and reports the score it computes from the response with
``lessonquiz.grading.grade`` and the bank files in its own course folder.

Two facts only the student's side knows are stored as claimed once their type and range are
checked: the attempt id, and ``hints_used`` (how many hints were open; issue 15). A student's
copy of a bank may be older than the service's: an attempt at a question's earlier id
(``renamed_from``) is stored under its id now (issue #12), and a hint count over what the
question has now is stored as not recorded rather than refused (the answer still counts).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lessonquiz.bank import identity
from lessonquiz.bank.loader import check_banks
from lessonquiz.bank.model import AnyQuestion, Bank
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
    hints_used: int | None = None
    """As the kernel claims it; None where it sent none (an older kernel) or one the
    service's bank cannot have (more hints than the question has now)."""


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
    question = find_question(bank, str(sent.get("question_id")))
    hints_used = _hints_used(sent, question)
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
        hints_used=hints_used,
    )


def find_question(bank: Bank, question_id: str) -> AnyQuestion:
    """The question ``question_id`` names: by its id, else by an earlier id it was renamed
    from (a kernel that loaded the bank before the rename); ``Rejected`` when none."""
    for question in bank.questions:
        if question_id in identity.history_ids(question):
            return question
    raise Rejected(f"no question '{question_id}' in bank '{bank.id}'")


def _hints_used(sent: dict[str, Any], question: AnyQuestion) -> int | None:
    """``hints_used`` as sent, checked: absent or null is "not recorded"; anything but a
    whole number from 0 is refused (no kernel of ours sends it); more than the question's
    hints (an older copy of the bank had more) is kept as not recorded."""
    value = sent.get("hints_used")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Rejected("hints_used must be a whole number, 0 or more (or absent)")
    return value if value <= len(question.hint) else None
