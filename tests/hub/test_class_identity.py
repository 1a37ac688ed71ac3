"""Edits that keep progress (issue #12) and hint use (issue 15) on the class path: the report
through the service (``--url``) and PostgreSQL (``--db postgresql://``), ``validate --db`` on
PostgreSQL, a kernel's restore through the service, and the migration of a PostgreSQL store
made before ``hints_used``.

The history: attempts at the puzzle bank (no other hub test uses it) posted as kernels post
them, under its ids as shipped. The instructor then edits a copy of quizzes/: fixes the
thesis question's prompt, reorders its choices and changes the case and punctuation of its
right choice; renames ``zakharova-lead``; and changes the key of ``same-reaction``.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml

from lessonquiz.bank.identity import answer_key
from lessonquiz.bank.loader import load_bank
from lessonquiz.store import ProgressStore
from lessonquiz.store.pg_schema import MIGRATIONS, SCHEMA_VERSION
from tests.hub.answers import service_history
from tests.hub.stack import BIN, ROOT, Stack, call
from tests.hub.test_kernel import _run

PUZZLE = load_bank(ROOT / "quizzes" / "01-puzzle.yaml")
THESIS = PUZZLE.question("thesis")
RIGHT_CHOICE = next(c.text for c in THESIS.choices if c.correct)
WRONG_CHOICE = next(c.text for c in THESIS.choices if not c.correct)
SAME = PUZZLE.question("same-reaction")
DAYS = PUZZLE.question("zakharova-lead")


def attempt(question: Any, response: Any, hints: int | None = None) -> dict[str, Any]:
    """One attempt at the puzzle bank as a kernel's outbox posts it (the score a claim)."""
    return {
        "uid": uuid.uuid4().hex,
        "bank_id": PUZZLE.id,
        "question_id": question.id,
        "question_hash": "k1-from-the-kernel",
        "response": response,
        "score": 1.0,
        "correct": True,
        "created_at": "2026-01-01T00:00:00+00:00",
        **({} if hints is None else {"hints_used": hints}),
    }


HISTORY = {
    "alice": [
        attempt(THESIS, WRONG_CHOICE, 0),
        attempt(THESIS, RIGHT_CHOICE, 1),
        attempt(SAME, SAME.answer, 0),
        attempt(DAYS, DAYS.answer, 0),
    ],
    "bob": [
        attempt(THESIS, RIGHT_CHOICE, 0),
        attempt(SAME, not SAME.answer, 0),
        attempt(SAME, SAME.answer, 1),
        attempt(DAYS, DAYS.answer + 3, 0),
    ],
    "iris": [attempt(THESIS, WRONG_CHOICE, 1), attempt(DAYS, DAYS.answer)],
}


@pytest.fixture(scope="module")
def posted(stack: Stack) -> dict[str, list[dict[str, Any]]]:
    for student, attempts in HISTORY.items():
        url = stack.service_url + "api/attempts"
        status, answer = call(url, stack.tokens[student], "POST", {"attempts": attempts})
        assert status == 200 and len(answer["stored"]) == len(attempts), answer
    return HISTORY


def edited_course(folder: Path) -> Path:
    """A copy of quizzes/ with the puzzle bank edited as the module text says."""
    course = folder / "quizzes"
    shutil.copytree(ROOT / "quizzes", course)
    data = yaml.safe_load((course / "01-puzzle.yaml").read_text(encoding="utf-8"))
    for question in data["questions"]:
        if question["id"] == "thesis":
            question["prompt"] = question["prompt"].replace("best sums up", "best sum up")
            question["choices"].reverse()
            for choice in question["choices"]:
                if choice.get("correct"):
                    choice["text"] = choice["text"].lower().rstrip(".") + " !"
        elif question["id"] == "zakharova-lead":
            question["id"] = "days-before"
            question["renamed_from"] = "zakharova-lead"
        elif question["id"] == "same-reaction":
            question["answer"] = not question["answer"]
    (course / "01-puzzle.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return course


def lessonquiz(*args: str, token: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JUPYTERHUB_API_TOKEN": token}
    env.pop("LESSONQUIZ_DB", None)
    return subprocess.run(
        [str(BIN / "lessonquiz"), *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture
def edited(stack: Stack, posted: dict, tmp_path: Path) -> tuple[Path, Path]:
    """The edited course folder, and a SQLite store holding the puzzle bank's history."""
    copy = tmp_path / "copy.sqlite"
    with ProgressStore(copy) as store:
        store.record_many(service_history(stack, PUZZLE.id))
    return edited_course(tmp_path), copy


def test_the_report_through_the_service_and_postgres_equals_the_store_report_after_edits(
    stack: Stack, edited: tuple[Path, Path]
) -> None:
    course, copy = edited
    common = ("report", "--format", "json", "--banks", str(course), "--bank", PUZZLE.id)
    served = lessonquiz(*common, "--url", stack.service_url, token=stack.tokens["iris"])
    database = lessonquiz(*common, "--db", stack.db_url("lq_report"))
    local = lessonquiz(*common, "--db", str(copy))
    for run in (served, database, local):
        assert run.returncode == 0, run.stderr
        assert f"warning: bank '{PUZZLE.id}': 3 attempt(s) answer an earlier version" in run.stderr
    figures = [json.loads(run.stdout) for run in (served, database, local)]
    for one in figures:
        assert one.pop("source")
    assert figures[0] == figures[1] == figures[2]
    stats = {q["question"]: q for q in figures[0]["questions"]}
    assert "zakharova-lead" not in stats  # listed under its new id, with its history
    assert (stats["days-before"]["attempts"], stats["days-before"]["students"]) == (3, 3)
    thesis = stats["thesis"]
    assert (thesis["attempts"], thesis["students"], thesis["facility"]) == (4, 3, 1 / 3)
    assert thesis["hinted"] == pytest.approx(2 / 3)  # alice and iris opened its hint
    assert stats["same-reaction"]["attempts"] == 0  # its key changed: every answer left out
    points = {s["student"]: s["points"] for s in figures[0]["students"]}
    assert points == {"alice": 2.0, "bob": 1.0, "iris": 1.0}


def test_validate_db_postgresql_counts_the_answers_an_edit_resets(
    stack: Stack, edited: tuple[Path, Path]
) -> None:
    course, copy = edited
    bank = str(course / "01-puzzle.yaml")
    url = stack.db_url("lq_report")
    database = lessonquiz("validate", bank, "--db", url)
    served = lessonquiz("validate", bank, "--url", stack.service_url, token=stack.tokens["iris"])
    local = lessonquiz("validate", bank, "--db", str(copy))
    for run in (database, served, local):
        assert run.returncode in (0, 1), run.stderr  # errors of the copy (no data/) allowed
    notes = [line for line in database.stdout.splitlines() if "note:" in line]
    assert len(notes) == 1, database.stdout
    assert "[same-reaction] note: 2 students' answers would start fresh (0 keep" in notes[0]
    assert "what counts as right changed" in notes[0]
    assert f"{url}: 2 saved answers would start fresh, in 1 question" in database.stdout
    same = [line for line in database.stdout.splitlines() if url not in line]
    assert same == [line for line in local.stdout.splitlines() if str(copy) not in line]
    assert same == [line for line in served.stdout.splitlines() if stack.service_url not in line]
    refused = lessonquiz("validate", bank, "--url", stack.service_url, token=stack.tokens["bob"])
    assert refused.returncode == 1 and "403" in refused.stderr


def test_a_kernels_restore_through_the_service_keeps_progress_across_edits(
    stack: Stack, posted: dict, tmp_path: Path
) -> None:
    course = edited_course(tmp_path)
    stack.server_ready("alice")
    code = f"""
import json
from lessonquiz import Quiz, load_bank
quiz = Quiz(load_bank({str(course / "01-puzzle.yaml")!r}))
views = {{qid: quiz.view(qid) for qid in ("thesis", "days-before", "same-reaction")}}
print(json.dumps({{
    "restored_from": quiz.store.restored_from,
    "attempts": {{qid: view.attempts for qid, view in views.items()}},
    "thesis": views["thesis"].response,
}}))
"""
    seen = json.loads(asyncio.run(_run(stack, "alice", code)).strip().splitlines()[-1])
    choices = load_bank(course / "01-puzzle.yaml").question("thesis").choices
    new_text = next(c.text for c in choices if c.correct)
    assert seen == {
        "restored_from": "service",
        "attempts": {"thesis": 2, "days-before": 1, "same-reaction": 0},
        "thesis": new_text,
    }
    assert new_text != RIGHT_CHOICE


def test_hints_used_is_stored_as_claimed_and_checked(stack: Stack) -> None:
    sent = [attempt(THESIS, RIGHT_CHOICE, 1), attempt(THESIS, RIGHT_CHOICE, 7)]
    bad = attempt(THESIS, RIGHT_CHOICE)
    bad["hints_used"] = "1"
    status, answer = call(
        stack.service_url + "api/attempts", stack.tokens["bob"], "POST", {"attempts": [*sent, bad]}
    )
    assert status == 200 and answer["stored"] == [a["uid"] for a in sent]
    assert answer["rejected"] == [
        {"uid": bad["uid"], "reason": "hints_used must be a whole number, 0 or more (or absent)"}
    ]
    with psycopg.connect(stack.db_url("lq_report")) as conn:
        rows = conn.execute(
            "SELECT attempt_uid, hints_used FROM attempts WHERE attempt_uid = ANY(%s) ORDER BY id",
            ([a["uid"] for a in sent],),
        ).fetchall()
    assert rows == [(sent[0]["uid"], 1), (sent[1]["uid"], None)]  # 7: the question has 1 hint
    status, mine = call(stack.service_url + "api/attempts?bank_id=puzzle", stack.tokens["bob"])
    assert status == 200
    assert [a["hints_used"] for a in mine["attempts"]][-2:] == [1, None]
    with (
        psycopg.connect(stack.db_url("lq_service"), autocommit=True) as conn,
        pytest.raises(psycopg.errors.CheckViolation),
    ):
        conn.execute(
            "INSERT INTO attempts (student, bank_id, question_id, question_hash, response,"
            " score, correct, created_at, attempt_uid, hints_used)"
            " VALUES ('bob', 'puzzle', 'thesis', 'h', '\"x\"', 0, 0, now(), 'u-12345678', -1)"
        )


def test_an_old_schema_store_is_read_then_migrated_keeping_its_history(
    stack: Stack, tmp_path: Path
) -> None:
    with psycopg.connect(stack.pg.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE lessonquiz_v1")
    old = stack.pg.url("lq", "lessonquiz_v1")
    with psycopg.connect(old, autocommit=True) as conn:  # what an older --setup made
        conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        for statement in MIGRATIONS[1]:
            conn.execute(statement)
        conn.execute("INSERT INTO schema_version (version) VALUES (1)")
        conn.execute(
            "INSERT INTO attempts (student, bank_id, question_id, question_hash, response, score,"
            " correct, created_at, attempt_uid, claimed_score) VALUES"
            " ('ana', 'puzzle', 'thesis', %s, %s, 1, 1, now(), 'old-00000001', 1)",
            (answer_key(THESIS), json.dumps(RIGHT_CHOICE)),
        )
    before = lessonquiz("report", "--format", "json", "--db", old, "--banks", str(ROOT / "quizzes"))
    assert before.returncode == 0, before.stderr
    (thesis,) = [q for q in json.loads(before.stdout)["questions"] if q["question"] == "thesis"]
    assert thesis["attempts"] == 1 and thesis["hinted"] is None  # not recorded: n/a
    env = {**os.environ, "JUPYTERHUB_SERVICE_URL": f"http://127.0.0.1:{stack.pg.port + 1}"}
    refused = subprocess.run(
        [str(BIN / "lessonquiz-service"), "--course", str(ROOT / "quizzes"), "--db", old],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert refused.returncode == 1
    assert f"database schema 1, this lessonquiz needs {SCHEMA_VERSION}" in refused.stderr
    assert "lessonquiz-service --setup" in refused.stderr
    setup = [str(BIN / "lessonquiz-service"), "--setup", "--db", old, "--report-role", "lq_report"]
    first = subprocess.run(setup, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    assert f"lessonquiz schema {SCHEMA_VERSION} (migrated from 1)" in first.stdout
    again = subprocess.run(setup, capture_output=True, text=True, timeout=60)
    assert f"lessonquiz schema {SCHEMA_VERSION} (unchanged)" in again.stdout
    with psycopg.connect(old, autocommit=True) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY 1")]
        assert versions == list(range(1, SCHEMA_VERSION + 1))
        assert conn.execute("SELECT attempt_uid, hints_used FROM attempts").fetchall() == [
            ("old-00000001", None)
        ]
        conn.execute(  # the summary trigger still runs after the migration
            "INSERT INTO attempts (student, bank_id, question_id, question_hash, response, score,"
            " correct, created_at, attempt_uid, claimed_score, hints_used) VALUES"
            " ('ben', 'puzzle', 'thesis', %s, %s, 0, 0, now(), 'new-00000001', 0, 1)",
            (answer_key(THESIS), json.dumps(WRONG_CHOICE)),
        )
        assert conn.execute("SELECT COUNT(*) FROM question_progress").fetchone()[0] == 2
    after = lessonquiz("report", "--format", "json", "--db", old, "--banks", str(ROOT / "quizzes"))
    assert after.returncode == 0, after.stderr
    (thesis,) = [q for q in json.loads(after.stdout)["questions"] if q["question"] == "thesis"]
    assert (thesis["attempts"], thesis["students"], thesis["hinted"]) == (2, 2, 0.5)
