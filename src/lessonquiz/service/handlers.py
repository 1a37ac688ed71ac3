"""The service's HTTP API; every request is identified by the Hub from its token.

Who a request is from is the name the Hub returns for its token (``HubAuth.user_for_token``),
never a field of the request nor an environment variable. A student may write and read only
their own attempts; anyone else's attempts and the class tally need ``REPORT_SCOPE``.
Missing or unknown token: 401. A known token asking for someone else: 403.

    GET  api/whoami              {"name", "report"}
    POST api/attempts            {"attempts": [...], "student"?} -> {"stored", "duplicate",
                                 "rejected": [{"uid", "reason"}], "graded": {uid: score}}
    GET  api/attempts?bank_id=&student=   {"attempts": [...]}, oldest first (student=* all;
                                 each with the service's score and ``hints_used``)
    GET  api/tally?bank_id=      {"progress": [...], "wrong": [...], "days": [...],
                                 "hints": [...] or null} (the report's input; hints null when
                                 no attempt recorded hint use)

An attempt is posted as ``{"uid", "bank_id", "question_id", "response", "score",
"hints_used"?, ...}``; see ``lessonquiz.service.regrade`` for what is checked and what is
graded again.
"""

from __future__ import annotations

import json
from typing import Any

import psycopg
from jupyterhub.services.auth import HubAuthenticated, UserNotAllowed
from tornado.web import HTTPError, RequestHandler

from lessonquiz.service import REPORT_SCOPE
from lessonquiz.service.regrade import Rejected, regrade
from lessonquiz.store.schema import COLUMNS, HINTS_COLUMN

MAX_BATCH = 200
MAX_BODY_BYTES = 2_000_000
_FIELDS = [*(name.strip() for name in COLUMNS.split(",")), HINTS_COLUMN]


class ApiHandler(HubAuthenticated, RequestHandler):
    """Identify the request with the Hub (asynchronously) before any method runs."""

    def initialize(self, history: Any, banks: dict[str, Any]) -> None:
        self.history = history
        self.banks = banks

    async def prepare(self) -> None:
        token = self.hub_auth.get_token(self, in_cookie=False)
        if not token:
            raise HTTPError(401, "no token: send 'Authorization: token ...'")
        model = await self.hub_auth.user_for_token(token, sync=False)
        if not model:
            raise HTTPError(401, "token not recognised by the Hub")
        try:
            self.current_user = self.check_hub_user(model)
        except UserNotAllowed:
            raise HTTPError(403, "this token may not use the lessonquiz service") from None

    @property
    def name(self) -> str:
        return str(self.current_user["name"])

    @property
    def may_report(self) -> bool:
        return REPORT_SCOPE in self.current_user.get("scopes", ())

    def is_student(self) -> bool:
        return self.current_user.get("kind", "user") == "user"

    def whose(self, asked: str | None) -> str | None:
        """The student whose records are asked for (default: the caller; ``*``: everyone,
        as ``None``); 403 unless it is the caller or the caller holds the report scope."""
        if asked in (None, "", self.name) and self.is_student():
            return self.name
        if not self.may_report:
            raise HTTPError(403, f"{self.name} may not read another student's attempts")
        return None if asked in (None, "", "*") else asked

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        reason = self._reason
        exc = kwargs.get("exc_info", (None, None))[1]
        if isinstance(exc, HTTPError) and exc.log_message:
            reason = exc.log_message
        self.finish({"status": status_code, "message": reason})

    def send(self, body: dict[str, Any]) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(body, ensure_ascii=False))


class WhoAmIHandler(ApiHandler):
    def get(self) -> None:
        self.send({"name": self.name, "report": self.may_report})


class AttemptsHandler(ApiHandler):
    async def post(self) -> None:
        if not self.is_student():
            raise HTTPError(403, "only a Hub user's own token records attempts")
        if len(self.request.body) > MAX_BODY_BYTES:
            raise HTTPError(413, "batch too large")
        try:
            body = json.loads(self.request.body)
        except ValueError:
            raise HTTPError(400, "body is not JSON") from None
        if not isinstance(body, dict) or not isinstance(body.get("attempts"), list):
            raise HTTPError(400, 'body must be {"attempts": [...]}')
        if body.get("student") not in (None, self.name):
            raise HTTPError(403, f"{self.name} may not record attempts as someone else")
        if len(body["attempts"]) > MAX_BATCH:
            raise HTTPError(413, f"at most {MAX_BATCH} attempts per post")
        rows, rejected, graded = [], [], {}
        for sent in body["attempts"]:
            if isinstance(sent, dict) and sent.get("student") not in (None, self.name):
                raise HTTPError(403, f"{self.name} may not record attempts as someone else")
            try:
                one = regrade(self.banks, sent)
            except Rejected as exc:
                uid = sent.get("uid") if isinstance(sent, dict) else None
                rejected.append({"uid": uid, "reason": str(exc)})
                continue
            graded[one.uid] = one.score
            rows.append(_row(one))
        try:
            stored = await self.history.record(self.name, rows) if rows else []
        except psycopg.Error:
            raise HTTPError(503, "the class database is not reachable; send again later") from None
        fresh = set(stored)
        duplicate = [uid for uid in graded if uid not in fresh]
        self.send(
            {
                "stored": stored,
                "duplicate": duplicate,
                "rejected": rejected,
                "graded": graded,
                "student": self.name,
            }
        )

    async def get(self) -> None:
        student = self.whose(self.get_argument("student", None))
        bank_id = self.get_argument("bank_id", None)
        try:
            rows = await self.history.attempts(bank_id=bank_id, student=student)
        except psycopg.Error:
            raise HTTPError(503, "the class database is not reachable") from None
        attempts = []
        for row in rows:
            item = dict(zip(_FIELDS, row, strict=True))
            item["response"] = json.loads(item["response"])
            item["correct"] = bool(item["correct"])
            attempts.append(item)
        self.send({"attempts": attempts})


class TallyHandler(ApiHandler):
    async def get(self) -> None:
        if not self.may_report:
            raise HTTPError(403, f"the class report needs the scope {REPORT_SCOPE}")
        try:
            rows = await self.history.tally_rows(self.get_argument("bank_id", None))
        except psycopg.Error:
            raise HTTPError(503, "the class database is not reachable") from None
        self.send({
            "progress": [list(r) for r in rows.progress],
            "wrong": [list(r) for r in rows.wrong],
            "days": [list(r) for r in rows.days],
            "hints": None if rows.hints is None else [list(r) for r in rows.hints],
        })


def _row(one: Any) -> tuple[Any, ...]:
    """``COLUMNS`` less the student, then uid, claimed score and ``hints_used``, for
    ``ClassHistory.record``."""
    from lessonquiz.store import utc_now  # the service's clock is the one recorded

    return (
        one.bank_id,
        one.question_id,
        one.question_hash,
        one.response,
        one.score,
        1 if one.correct else 0,
        utc_now(),
        one.uid,
        one.claimed_score,
        one.hints_used,
    )
