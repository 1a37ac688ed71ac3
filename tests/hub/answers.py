"""Attempts as a kernel posts them, for questions of the shipped banks whose key we read."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg

from lessonquiz.bank.loader import load_bank
from tests.hub.stack import ROOT, Stack

BANK = load_bank(ROOT / "quizzes" / "00-orientation.yaml")
TRUE_FALSE = BANK.question("not-official")


def sent(
    right: bool, *, uid: str | None = None, claim: float | None = None, question: Any = TRUE_FALSE
) -> dict[str, Any]:
    """One attempt at the orientation bank's true/false question, right or wrong."""
    answer = question.answer if right else not question.answer
    score = 1.0 if right else 0.0
    return {
        "uid": uid or uuid.uuid4().hex,
        "bank_id": BANK.id,
        "question_id": question.id,
        "question_hash": question.content_hash,
        "response": answer,
        "score": score if claim is None else claim,
        "correct": right if claim is None else True,
        "created_at": "2026-01-01T00:00:00+00:00",
    }


def history(stack: Stack, where: str = "TRUE", params: tuple[Any, ...] = ()) -> list[tuple]:
    """Rows (student, attempt_uid, score, claimed_score, correct) straight from PostgreSQL."""
    with psycopg.connect(stack.db_url("lq_report")) as conn:
        return conn.execute(
            "SELECT student, attempt_uid, score, claimed_score, correct FROM attempts"
            f" WHERE {where} ORDER BY id",
            params,
        ).fetchall()
