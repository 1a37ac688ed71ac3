"""The class path without a hub (issues #12 and #15): answer identity and hint use through the
service's code, with an in-process stand-in for the service (its real ``regrade``, a history
kept with the store's own schema and summary SQL). The same checks against a real Hub,
proxy, service and PostgreSQL are in tests/hub/test_class_identity.py."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lessonquiz import Quiz
from lessonquiz.bank.loader import load_bank
from lessonquiz.cli import main
from lessonquiz.report import build_remote_report, build_report
from lessonquiz.report.remote import tally_from_rows
from lessonquiz.service.regrade import Rejected, regrade
from lessonquiz.store import Attempt, ProgressStore, utc_now
from lessonquiz.store.outbox import HubStore
from lessonquiz.store.postgres import HINTS_RECORDED, READ_HINTS
from lessonquiz.store.schema import READ_PROGRESS, READ_WRONG
from tests.conftest import FIXTURES
from tests.test_identity import EVERY_TYPE, RIGHT, WORDING, edited

URL = "http://hub.invalid/services/lessonquiz/"
RENAME = ("  - id: q-numeric\n", "  - id: numeric-renamed\n    renamed_from: q-numeric\n")
KEY_CHANGE = ("answer: true", "answer: false")


class MiniService:
    """What the lessonquiz service does with a post and the three reads the kernel and the
    report make, minus the Hub and PostgreSQL: the student is the client's, not the body's."""

    def __init__(self, path: Path, banks: dict[str, Any]) -> None:
        self.path = path
        self.banks = banks
        self.history = ProgressStore(path)
        self.uids: set[tuple[str, str]] = set()

    def client(self, student: str, report: bool = False) -> Any:
        return _Client(self, student, report)

    def post(self, student: str, attempts: list[dict[str, Any]]) -> dict[str, Any]:
        stored, duplicate, rejected, rows = [], [], [], []
        for sent in attempts:
            try:
                one = regrade(self.banks, sent)
            except Rejected as exc:
                rejected.append({"uid": sent.get("uid"), "reason": str(exc)})
                continue
            if (student, one.uid) in self.uids:
                duplicate.append(one.uid)
                continue
            self.uids.add((student, one.uid))
            stored.append(one.uid)
            rows.append(
                Attempt(
                    student,
                    one.bank_id,
                    one.question_id,
                    one.question_hash,
                    json.loads(one.response),
                    one.score,
                    one.correct,
                    utc_now(),
                    one.uid,
                    one.hints_used,
                )
            )
        self.history.record_many(rows)
        return {"stored": stored, "duplicate": duplicate, "rejected": rejected}

    def attempts(self, bank_id: str | None, student: str | None) -> list[dict[str, Any]]:
        return [
            {
                "student": a.student,
                "bank_id": a.bank_id,
                "question_id": a.question_id,
                "question_hash": a.question_hash,
                "response": a.response,
                "score": a.score,
                "correct": a.correct,
                "created_at": a.created_at,
                "hints_used": a.hints_used,
            }
            for a in self.history.attempts(bank_id=bank_id, student=student)
        ]

    def tally(self, bank_id: str | None) -> dict[str, Any]:
        where, params = (" WHERE bank_id = ?", [bank_id]) if bank_id else ("", [])
        and_ = " AND bank_id = ?" if bank_id else ""
        conn = sqlite3.connect(self.path)
        try:
            recorded = conn.execute(HINTS_RECORDED.format(and_=and_), params).fetchone()[0]
            hints = conn.execute(READ_HINTS.format(and_=and_), params).fetchall()
            return {
                "progress": conn.execute(READ_PROGRESS + where, params).fetchall(),
                "wrong": conn.execute(READ_WRONG + where, params).fetchall(),
                "days": conn.execute(
                    "SELECT bank_id, substr(created_at, 1, 10), COUNT(*) FROM attempts"
                    f"{where} GROUP BY 1, 2",
                    params,
                ).fetchall(),
                "hints": hints if recorded else None,
            }
        finally:
            conn.close()


class _Client:
    """A ``ServiceClient`` bound to one Hub user (the service takes the name from the token)."""

    def __init__(self, service: MiniService, student: str, report: bool) -> None:
        self.service, self.student, self.report = service, student, report

    def post_attempts(self, attempts: list[dict[str, Any]]) -> dict[str, Any]:
        return self.service.post(self.student, attempts)

    def attempts(self, bank_id: str | None = None, student: str | None = None) -> list[Any]:
        if student not in (None, self.student):
            assert self.report, "only the report scope reads others' attempts"
        return self.service.attempts(bank_id, None if student == "*" else student or self.student)

    def tally(self, bank_id: str | None = None) -> dict[str, Any]:
        assert self.report
        return self.service.tally(bank_id)


@pytest.fixture
def on_a_hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Kernels whose quizzes go to a ``MiniService`` grading with the bank as first written;
    ``kernel(student)`` returns the local store path of a fresh kernel of that student."""
    bank = load_bank(EVERY_TYPE)
    service = MiniService(tmp_path / "service-history.sqlite", {bank.id: bank})
    monkeypatch.setenv("LESSONQUIZ_URL", URL)
    import lessonquiz.store.client
    import lessonquiz.store.outbox

    monkeypatch.setattr(
        lessonquiz.store.outbox,
        "ServiceClient",
        lambda timeout=0: service.client(_user()),
    )
    monkeypatch.setattr(
        lessonquiz.store.client,
        "ServiceClient",
        lambda url, token=None, timeout=0: service.client("iris", report=True),
    )

    def kernel(student: str) -> Path:
        monkeypatch.setenv("JUPYTERHUB_USER", student)
        return tmp_path / student / uuid.uuid4().hex / "progress.sqlite"

    return service, bank, kernel


def _user() -> str:
    import os

    return os.environ["JUPYTERHUB_USER"]


def _answer_everything(db: Path, bank: Any, student: str, hint: bool = False) -> Quiz:
    quiz = Quiz(bank, db=db)
    assert quiz.student == student and isinstance(quiz.store, HubStore)
    if hint:
        quiz.view("q1").hint()
    for qid, response in RIGHT.items():
        quiz.view(qid).response = response
        quiz.view(qid).check()
    quiz.store.close()
    return quiz


def _the_edited_bank(tmp_path: Path) -> Any:
    path = tmp_path / "edited" / "bank.yaml"
    path.parent.mkdir()
    path.write_text(edited(*WORDING, RENAME, KEY_CHANGE), encoding="utf-8")
    return load_bank(path)


def test_a_kernels_restore_through_the_service_keeps_progress_across_edits(
    tmp_path: Path, on_a_hub
) -> None:
    service, bank, kernel = on_a_hub
    _answer_everything(kernel("ana"), bank, "ana", hint=True)
    ben = Quiz(bank, db=kernel("ben"))
    ben.view("q1").response = "Second"
    ben.view("q1").check()
    ben.store.close()
    assert {a["question_id"] for a in service.attempts(None, "ana")} == set(RIGHT)
    new_bank = _the_edited_bank(tmp_path)
    # a fresh kernel (empty local store): all it knows comes from the service
    quiz = Quiz(new_bank, db=kernel("ana"))
    assert quiz.store.restored_from == "service"
    assert quiz.view("q1").response == "First" and quiz.view("q1").attempts == 1
    assert quiz.view("numeric-renamed").attempts == 1  # renamed: its history kept
    assert quiz.view("q-tf").attempts == 0  # its key changed: fresh
    assert quiz.score[0] == 3.0
    ben = Quiz(new_bank, db=kernel("ben"))
    assert ben.view("q1").response == "second."  # the reworded wrong choice, still his
    report = build_remote_report(URL, None, {new_bank.id: new_bank}, service=True)
    scores = {s.student: s.points for s in report.students}
    assert scores == {"ana": quiz.score[0], "ben": ben.score[0]}


def test_the_report_through_the_service_equals_the_store_report_after_edits(
    tmp_path: Path, on_a_hub
) -> None:
    service, bank, kernel = on_a_hub
    for student in ("ana", "ben", "cy"):
        _answer_everything(kernel(student), bank, student, hint=student != "cy")
    dee = Quiz(bank, db=kernel("dee"))
    for response in (False, True):  # wrong, then right: two attempts at q-tf
        dee.view("q-tf").response = response
        dee.view("q-tf").check()
    dee.store.close()
    new_bank = _the_edited_bank(tmp_path)
    banks = {new_bank.id: new_bank}
    served = build_remote_report(URL, None, banks, service=True)
    local = build_report(service.path, None, banks, days=True)
    served.source = local.source = ""
    assert served == local
    renamed = next(q for q in served.questions if q.question == "numeric-renamed")
    assert (renamed.attempts, renamed.students, renamed.hinted) == (3, 3, 0.0)
    q1 = next(q for q in served.questions if q.question == "q1")
    assert q1.hinted == pytest.approx(2 / 3)  # ana and ben opened its hint, cy did not
    assert not any(q.question == "q-numeric" for q in served.questions)
    assert served.earlier_versions == {"fixture": 5}  # every q-tf answer: its key changed
    # the summaries alone (what --url read before) keep the renamed question's old id
    summaries = tally_from_rows(**service.tally(None))
    assert ("fixture", "q-numeric") in summaries.cells


def test_validate_through_the_service_counts_what_an_edit_resets(tmp_path: Path, on_a_hub) -> None:
    service, bank, kernel = on_a_hub
    for student in ("ana", "ben", "cy"):
        _answer_everything(kernel(student), bank, student)
    path = tmp_path / "edited.yaml"
    path.write_text(edited(*WORDING, RENAME, KEY_CHANGE), encoding="utf-8")
    served = CliRunner().invoke(main, ["validate", str(path), "--url", URL])
    local = CliRunner().invoke(main, ["validate", str(path), "--db", str(service.path)])
    assert served.exit_code == local.exit_code == 0, served.output
    notes = [line for line in served.output.splitlines() if "note:" in line]
    assert len(notes) == 1 and "[q-tf] note: 3 students' answers would start fresh" in notes[0]
    assert f"{URL}: 3 saved answers would start fresh, in 1 question" in served.output
    assert served.output.replace(URL, "STORE") == local.output.replace(str(service.path), "STORE")


def test_validate_db_names_a_missing_store_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["validate", str(EVERY_TYPE), "--db", str(tmp_path / "none.sqlite")]
    )
    assert result.exit_code == 2 and "no progress store at" in result.output


def _sent(question_id: str, response: Any, **extra: Any) -> dict[str, Any]:
    return {
        "uid": uuid.uuid4().hex,
        "bank_id": "fixture",
        "question_id": question_id,
        "response": response,
        "score": 1.0,
        **extra,
    }


def test_the_service_stores_an_old_kernels_answer_under_the_new_id(tmp_path: Path) -> None:
    new_bank = _the_edited_bank(tmp_path)
    graded = regrade({new_bank.id: new_bank}, _sent("q-numeric", 5.5))
    assert (graded.question_id, graded.score) == ("numeric-renamed", 1.0)
    with pytest.raises(Rejected, match="no question 'q-gone'"):
        regrade({new_bank.id: new_bank}, _sent("q-gone", 5.5))


@pytest.mark.parametrize(
    ("sent", "stored"),
    [({}, None), ({"hints_used": None}, None), ({"hints_used": 0}, 0), ({"hints_used": 1}, 1)],
)
def test_hints_used_is_stored_as_claimed(sent: dict, stored: int | None) -> None:
    bank = load_bank(EVERY_TYPE)  # q1 has one hint
    assert regrade({bank.id: bank}, _sent("q1", "First", **sent)).hints_used == stored


@pytest.mark.parametrize("claim", ["1", 1.0, True, -1, [1], {"n": 1}])
def test_a_hints_used_that_is_not_a_count_is_refused(claim: Any) -> None:
    bank = load_bank(EVERY_TYPE)
    with pytest.raises(Rejected, match="hints_used must be a whole number"):
        regrade({bank.id: bank}, _sent("q1", "First", hints_used=claim))


def test_more_hints_than_the_question_has_now_is_kept_as_not_recorded() -> None:
    bank = load_bank(EVERY_TYPE)  # q1 has one hint; an older copy of the bank had three
    graded = regrade({bank.id: bank}, _sent("q1", "First", hints_used=3))
    assert graded.hints_used is None and graded.score == 1.0


def test_the_outbox_sends_hints_used_and_restores_it(on_a_hub) -> None:
    service, _bank, kernel = on_a_hub
    bank = load_bank(FIXTURES / "banks" / "good-hint-list.yaml")
    service.banks[bank.id] = bank
    view = Quiz(bank, db=kernel("ana"), seed=1).view("hints")
    view.response = False
    view.check()
    view.hint()
    view.hint()
    view.response = True
    view.check()
    assert [a["hints_used"] for a in service.attempts(bank.id, "ana")] == [0, 2]
    store = HubStore(kernel("ana"))
    assert [a.hints_used for a in store.attempts(bank_id=bank.id)] == [0, 2]
    store.close()


def test_tally_rows_tell_not_recorded_from_no_hint_opened() -> None:
    progress = [("ana", "b", "q", 1, 1, 1, 1.0)]
    assert tally_from_rows(progress, [], [], None).hints is None
    assert tally_from_rows(progress, [], [], []).hints == {}
    assert tally_from_rows(progress, [], [], [("b", "q", "ana", 2)]).hints == {
        ("b", "q"): {"ana": 2}
    }


def test_the_store_report_shows_hint_use_under_a_renamed_questions_new_id(
    tmp_path: Path,
) -> None:
    db = tmp_path / "progress.sqlite"
    bank = load_bank(EVERY_TYPE)
    store = ProgressStore(db)
    question = bank.question("q1")
    from lessonquiz.bank.identity import record

    for student, hints in (("ana", 1), ("ben", 0)):
        question_hash, response = record(question, "First")
        saved = Attempt(student, bank.id, "q1", question_hash, response, 1.0, True, utc_now())
        store.record(dataclasses.replace(saved, hints_used=hints))
    store.close()
    path = tmp_path / "renamed.yaml"
    path.write_text(
        edited(("  - id: q1\n", "  - id: first-q\n    renamed_from: q1\n")), encoding="utf-8"
    )
    renamed = load_bank(path)
    report = build_report(db, None, {renamed.id: renamed})
    (first,) = [q for q in report.questions if q.question == "first-q"]
    assert (first.students, first.hinted) == (2, 0.5)
