"""Identity, authorization and re-grading at the lessonquiz service, through the Hub's proxy."""

from __future__ import annotations

import json
import os
import subprocess

import psycopg
import pytest

from lessonquiz.report import summarize, tally
from lessonquiz.store import Attempt, ProgressStore
from tests.hub.answers import BANK, history, sent, service_history
from tests.hub.stack import BIN, ROOT, Stack, call


def post(stack: Stack, who: str, attempts: list, **extra) -> tuple[int, dict]:
    token = stack.tokens.get(who, who)
    return call(stack.service_url + "api/attempts", token, "POST", {"attempts": attempts, **extra})


def test_a_students_token_records_as_that_student(stack: Stack) -> None:
    one = sent(True)
    status, answer = post(stack, "alice", [one])
    assert status == 200, answer
    assert answer["stored"] == [one["uid"]] and answer["student"] == "alice"
    assert history(stack, "attempt_uid = %s", (one["uid"],)) == [("alice", one["uid"], 1.0, 1.0, 1)]


def test_alice_cannot_write_or_read_as_bob(stack: Stack) -> None:
    url = stack.service_url + "api/attempts"
    status, _ = post(stack, "alice", [sent(True)], student="bob")
    assert status == 403
    status, _ = post(stack, "alice", [{**sent(True), "student": "bob"}])
    assert status == 403
    assert call(url + "?student=bob", stack.tokens["alice"])[0] == 403
    assert call(url + "?student=*", stack.tokens["alice"])[0] == 403
    assert call(stack.service_url + "api/tally", stack.tokens["alice"])[0] == 403
    bobs = sent(False)
    assert post(stack, "bob", [bobs])[0] == 200
    status, mine = call(url, stack.tokens["alice"])
    assert status == 200 and mine["attempts"]
    assert {a["student"] for a in mine["attempts"]} == {"alice"}
    status, everyone = call(url + "?student=bob", stack.tokens["iris"])
    assert status == 200 and {a["student"] for a in everyone["attempts"]} == {"bob"}


@pytest.mark.parametrize("token", [None, "", "forged-token-0123456789abcdef", "token"])
def test_missing_or_forged_token_is_refused(stack: Stack, token: str | None) -> None:
    for path, method, body in (
        ("api/attempts", "POST", {"attempts": [sent(True)]}),
        ("api/attempts", "GET", None),
        ("api/tally", "GET", None),
        ("api/whoami", "GET", None),
    ):
        status, _ = call(stack.service_url + path, token, method, body)
        assert status == 401, (path, method, status)


def test_a_forged_full_score_is_stored_with_the_services_score(stack: Stack) -> None:
    forged = sent(False, claim=1.0)  # a wrong answer claiming "score 1.0, correct"
    status, answer = post(stack, "bob", [forged])
    assert status == 200 and answer["graded"] == {forged["uid"]: 0.0}
    assert history(stack, "attempt_uid = %s", (forged["uid"],)) == [
        ("bob", forged["uid"], 0.0, 1.0, 0)
    ]


def test_unknown_questions_are_refused_in_words(stack: Stack) -> None:
    bad = {**sent(True), "question_id": "no-such-question"}
    status, answer = post(stack, "alice", [bad])
    assert status == 200 and answer["stored"] == []
    assert "no question 'no-such-question'" in answer["rejected"][0]["reason"]


def test_a_retried_post_is_stored_once(stack: Stack) -> None:
    one = sent(True)
    first, second = post(stack, "alice", [one]), post(stack, "alice", [one])
    assert first[1]["stored"] == [one["uid"]]
    assert second[1]["stored"] == [] and second[1]["duplicate"] == [one["uid"]]
    assert len(history(stack, "attempt_uid = %s", (one["uid"],))) == 1
    # the same id from another student is that student's own attempt, not a duplicate
    assert post(stack, "bob", [one])[1]["stored"] == [one["uid"]]


def test_the_instructors_report_equals_the_one_computed_from_the_history(stack: Stack) -> None:
    post(stack, "alice", [sent(False), sent(True)])
    post(stack, "bob", [sent(True), sent(False, claim=1.0)])
    status, served = call(stack.service_url + "api/tally", stack.tokens["iris"])
    assert status == 200
    from lessonquiz.report.remote import tally_from_rows

    with psycopg.connect(stack.db_url("lq_report")) as conn:
        rows = conn.execute(
            "SELECT student, bank_id, question_id, question_hash, response, score, correct,"
            " created_at FROM attempts ORDER BY id"
        ).fetchall()
    history_attempts = [
        Attempt(s, b, q, h, json.loads(r), sc, bool(c), str(t)) for s, b, q, h, r, sc, c, t in rows
    ]
    banks = {BANK.id: BANK}
    expected = summarize(tally(history_attempts), banks)
    assert summarize(tally_from_rows(served["progress"], served["wrong"]), banks) == expected
    bob = next(s for s in expected.students if s.student == "bob")
    assert bob.points == 1.0  # his forged "1.0" on a wrong answer counted 0


def test_roles_keep_the_history_append_only(stack: Stack) -> None:
    with psycopg.connect(stack.db_url("lq_service"), autocommit=True) as conn:
        for statement in (
            "UPDATE attempts SET score = 1",
            "DELETE FROM attempts",
            "TRUNCATE attempts",
            "UPDATE question_progress SET best_score = 0",
            "DELETE FROM wrong_responses",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    with psycopg.connect(stack.db_url("lq_report"), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM question_progress")
        assert conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] > 0


def test_the_hub_refuses_the_report_scope_to_a_student(stack: Stack) -> None:
    status, _ = call(
        f"{stack.base}/hub/api/users/alice/tokens",
        stack.admin_token,
        "POST",
        {"scopes": ["custom:lessonquiz:report"]},
    )
    assert status == 400


def _report(stack: Stack, *args: str, token: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JUPYTERHUB_API_TOKEN": token}
    env.pop("LESSONQUIZ_DB", None)
    return subprocess.run(
        [
            str(BIN / "lessonquiz"),
            "report",
            "--format",
            "json",
            "--banks",
            str(ROOT / "quizzes"),
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_report_from_the_service_postgres_and_sqlite_gives_the_same_figures(
    stack: Stack, tmp_path
) -> None:
    post(stack, "alice", [sent(False), sent(False), sent(True)])
    post(stack, "iris", [sent(True)])
    served = _report(stack, "--url", stack.service_url, token=stack.tokens["iris"])
    assert served.returncode == 0, served.stderr
    database = _report(stack, "--db", stack.db_url("lq_report"))
    assert database.returncode == 0, database.stderr
    with ProgressStore(tmp_path / "copy.sqlite") as copy:
        copy.record_many(service_history(stack))
    local = _report(stack, "--db", str(tmp_path / "copy.sqlite"))
    assert local.returncode == 0, local.stderr
    figures = [json.loads(out.stdout) for out in (served, database, local)]
    for one in figures:
        assert one.pop("source")
    assert figures[0] == figures[1] == figures[2]
    assert {s["student"] for s in figures[0]["students"]} >= {"alice", "bob", "iris"}
    refused = _report(stack, "--url", stack.service_url, token=stack.tokens["alice"])
    assert refused.returncode == 1 and "403" in refused.stderr
    assert "custom:lessonquiz:report" in refused.stderr
