"""Attempts as a kernel posts them, for questions of the shipped banks whose key we read."""

from __future__ import annotations

import json
import uuid
from typing import Any

import psycopg

from lessonquiz.bank.loader import load_bank
from lessonquiz.store import Attempt
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


def service_history(stack: Stack, bank_id: str | None = None) -> list[Attempt]:
    """Every attempt in PostgreSQL (of ``bank_id``), oldest first, as a store holds it, with
    ``hints_used``: the same history for a SQLite report to compare with."""
    where, params = ("WHERE bank_id = %s", (bank_id,)) if bank_id else ("", ())
    with psycopg.connect(stack.db_url("lq_report")) as conn:
        rows = conn.execute(
            "SELECT student, bank_id, question_id, question_hash, response, score, correct,"
            f" created_at, hints_used FROM attempts {where} ORDER BY id",
            params,
        ).fetchall()
    return [
        Attempt(s, b, q, h, json.loads(r), sc, bool(c), t.isoformat(), hints_used=n)
        for s, b, q, h, r, sc, c, t, n in rows
    ]
