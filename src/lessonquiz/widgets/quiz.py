"""The quiz (``Quiz``): ONE anywidget per bank; its page code is ``quiz.js`` and ``quiz.css``.

Why one widget: an ipywidgets composition cost about 14 widget models per question, and the
browser took about a second to draw 50 questions. Here one model carries the key-free view of
every question (``bank.public``) and a small state per question; the browser draws them all.
The model is a ``WidgetModel`` (``widgets.model``): anywidget's front end, without ipywidgets
in the kernel.
A Check travels as ONE custom message holding the answer, so what is graded is what is on the
screen (two messages, value then click, once graded a stale answer). Python grades it
(``grading.grade`` through ``QuestionView``), saves it, and replies with the new state.

The store is used in two methods only, ``_restore`` and ``_save``, so another store (the hub
outbox of issue #11) can replace ``ProgressStore`` there. A store problem never stops the
quiz: the reason is shown in words in the status line, and a failed save is tried again with
the next Check (review D7, D14).

One module of about 400 lines, on purpose: the synced traits, the page's messages and the
two store methods all act on the same views and warnings; split, each part would reach into
the others' state.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lessonquiz.bank.public import LazyBank, PublicBank, public_bank, public_view
from lessonquiz.bank.written import is_graded
from lessonquiz.store import (
    Attempt,
    ProgressStore,
    current_student,
    encode_response,
    open_progress_store,
    utc_now,
)
from lessonquiz.widgets.model import Synced, WidgetModel
from lessonquiz.widgets.question import QuestionView
from lessonquiz.widgets.static import static_html, static_text
from lessonquiz.widgets.wire import from_wire

if TYPE_CHECKING:  # pragma: no cover - the model loads with the key (bank.public)
    from lessonquiz.bank.model import AnyQuestion, Bank
    from lessonquiz.grading import Result

HERE = Path(__file__).parent


def stable_seed(*parts: object) -> int:
    """A seed that is the same in every process (unlike ``hash()``, which is salted)."""
    text = ":".join(str(part) for part in parts)
    return int(hashlib.sha256(text.encode("utf-8", "backslashreplace")).hexdigest()[:16], 16)


class Quiz(WidgetModel):
    """A bank as a live quiz. ``display(quiz)`` shows it; ``quiz.view(id)`` is one question.

    ``seed`` fixes every shuffle (lessons pass one so stored outputs reproduce); without it the
    shuffles derive from (student, bank id), so a student sees the same order after a restart.

    ``bank`` is a loaded ``Bank``, or a ``LazyBank`` from the bank cache: then the quiz is
    drawn from its key-free part and the bank model loads at the first check, hint or restore
    that needs it (``lessonquiz.bank.public``).
    """

    _esm = HERE / "quiz.js"
    _css = HERE / "quiz.css"
    title = Synced()
    questions = Synced()
    """The key-free view of each question (``PublicQuestion.to_json``), in display order."""
    states = Synced()
    """Per question: the student's answer, status, feedback and explanation once due."""
    progress = Synced()
    warning = Synced()
    """Store problems in words ("" when all is well); shown in the quiz's status line."""

    def __init__(
        self,
        bank: Bank | LazyBank,
        student: str | None = None,
        db: str | os.PathLike[str] | None = None,
        seed: int | None = None,
    ) -> None:
        if isinstance(bank, LazyBank):
            self._bank: Bank | None = None
            self._load_bank = bank.load
            self.public: PublicBank = bank.public
        else:
            self._bank, self.public = bank, public_bank(bank)
        public = self.public
        # A name from a non-UTF-8 environment keeps its bytes visible instead of failing.
        self.student = (
            current_student(student).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        )
        self.seed = seed if seed is not None else stable_seed(self.student, public.id)
        self.store: ProgressStore | None = None
        self._best: dict[str, float] = {}  # question id -> best score that counts (#12)
        self._unsaved: list[Attempt] = []
        self._warnings: dict[str, str] = {}  # kind -> text; "save" clears when a save works
        self._quiet = True  # no state pushes while building
        questions = list(public.questions)
        if public.shuffle_questions:
            random.Random(self.seed).shuffle(questions)
        self._points = {question.view.id: question.points for question in questions}
        self.views: list[QuestionView] = [
            QuestionView(
                self._question_loader(question.view.id),
                public_view(
                    question, number, random.Random(stable_seed(self.seed, question.view.id))
                ),
                explanation_after=public.show_explanation_after,
                on_change=self._changed,
                on_attempt=self._attempted,
                prompt=question.prompt,
            )
            for number, question in enumerate(questions, start=1)
        ]
        self._by_id = {view.public.id: view for view in self.views}
        self._index = {id(view): i for i, view in enumerate(self.views)}
        self._open_store(db)
        super().__init__(
            title=public.title,
            questions=[view.public.to_json() for view in self.views],
            states=[view.to_state() for view in self.views],
            progress=self._progress(),
            warning=self._warning_text(),
        )
        self._quiet = False
        self.on_msg(self._on_page_message)

    @property
    def bank(self) -> Bank:
        """The bank, with its key (a cached bank's model loads here, once)."""
        if self._bank is None:
            self._bank = self._load_bank()
        return self._bank

    def _load_key(self) -> None:
        """Load the bank model and the grader now (a cached bank draws without them)."""
        import lessonquiz.grading  # noqa: F401

        self.bank  # noqa: B018

    def _question_loader(self, question_id: str) -> Callable[[], AnyQuestion]:
        """The function a view calls when it first needs its question (see ``QuestionView``)."""
        return lambda: self.bank.question(question_id)

    # -- the face tests and the report use ---------------------------------------------------

    def view(self, question_id: str) -> QuestionView:
        """The view of one question, by its id in the bank."""
        try:
            return self._by_id[question_id]
        except KeyError:
            raise KeyError(
                f"no question '{question_id}' in quiz '{self.public.id}' "
                f"(ids: {', '.join(self._by_id)})"
            ) from None

    @property
    def score(self) -> tuple[float, int]:
        """(points, max points): each question is worth its ``points`` (default 1), scored by
        its best answer that counts (``lessonquiz.bank.identity``), as the report scores it.
        Written questions are saved, not graded, so they are left out of both."""
        weight = {
            view.public.id: self._points[view.public.id]
            for view in self.views
            if is_graded(view.public)
        }
        points = sum(best * weight[qid] for qid, best in self._best.items() if qid in weight)
        total = float(sum(weight.values()))
        return round(points, 2), int(total) if total.is_integer() else total  # type: ignore[return-value]

    @property
    def answered(self) -> int:
        """How many questions have at least one counted attempt (a written one: submitted)."""
        return sum(view.result is not None for view in self.views)

    @property
    def summary(self) -> str:
        """The progress line under the title."""
        return str(self.progress.get("text", ""))

    # -- the page -----------------------------------------------------------------------------

    def _on_page_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        """A button pressed in the page: {kind, index, seq[, response, touched]}, or a ping."""
        if not isinstance(content, dict):
            return
        if content.get("kind") == "ping":  # the page asks whether this kernel still knows the quiz
            self.send({"kind": "pong"})
            self._load_key()  # the student is in the quiz: have the grader ready for Check
            return
        index, seq = content.get("index"), content.get("seq")
        if (
            not isinstance(index, int)
            or isinstance(index, bool)
            or not (0 <= index < len(self.views))
        ):
            return
        view = self.views[index]
        kind = content.get("kind")
        if kind == "check":
            response, problem = from_wire(view.public, content.get("response"))
            if problem is not None:
                view.refuse(problem)
            else:
                view.from_browser(response, bool(content.get("touched")))
                view.check()
        elif kind == "hint":
            view.hint()
        elif kind == "reset":
            view.reset()
        elif kind == "keep-order":
            view.confirm_order()
        self.send({"kind": "done", "request": kind, "index": index, "seq": seq})

    def _changed(self, view: QuestionView) -> None:
        if self._quiet:
            return
        states = list(self.states)
        states[self._index[id(view)]] = view.to_state()
        self.states = states

    def _attempted(self, view: QuestionView, result: Result) -> None:
        if result.graded:  # a written answer is saved, never scored
            best = self._best.get(view.public.id, 0.0)
            self._best[view.public.id] = max(best, result.score)  # issue #12: the report's rule
        if self.store is not None:
            from lessonquiz.bank import identity

            question_hash, response = identity.record(view.question, view.response)  # #12
            self._unsaved.append(
                Attempt(
                    student=self.student,
                    bank_id=self.public.id,
                    question_id=view.public.id,
                    question_hash=question_hash,
                    response=response,
                    score=result.score,
                    correct=result.correct,
                    created_at=utc_now(),
                    hints_used=view.hints_shown,  # issue 15: hint use goes with the attempt
                )
            )
            self._save()
        if not self._quiet:
            self.progress = self._progress()

    def _progress(self) -> dict[str, Any]:
        total, answered = len(self.views), self.answered
        points, most = self.score
        parts = [f"{answered} of {total} answered", f"score {points:g} / {most}"]
        left = [str(v.number) for v in self.views if v.result is None]
        wrong = [
            str(v.number)
            for v in self.views
            if v.result and v.result.graded and not v.result.correct
        ]
        if left:
            parts.append(f"still to answer: {_numbers(left)}")
        if wrong:
            parts.append(f"not yet right: {_numbers(wrong)}")
        if not left and not wrong:
            parts.append("all done ✓")
        return {"answered": answered, "total": total, "text": " · ".join(parts)}

    # -- progress in the store: one method to read, one to write ------------------------------

    def _open_store(self, db: str | os.PathLike[str] | None) -> None:
        try:
            self.store = open_progress_store(db)
            self._restore(self.store)
            self._listen_for_sends(self.store)
        except Exception as exc:  # any store problem: the quiz works in memory, and says so
            if self.store is not None:
                with contextlib.suppress(Exception):
                    self.store.close()
            self.store = None
            self._warn(
                "open",
                f"Progress cannot be saved: {_reason(exc)}. "
                "Answers are kept only until the kernel stops.",
            )

    def _listen_for_sends(self, store: ProgressStore) -> None:
        """On a hub, the outbox's background sender says when waiting answers went out, so
        the "answers wait to be sent" line updates without another Check. The SQLite store
        sends nothing and has no such hook."""
        if hasattr(store, "on_sent"):
            store.on_sent = self._refresh_pending

    def _refresh_pending(self) -> None:
        """The "answers wait to be sent" line from the store (after a save, and from the
        hub sender's thread after it sent)."""
        store = self.store
        pending_message = getattr(store, "pending_message", None)
        if pending_message is None:
            return
        pending = pending_message()
        if pending:
            self._warnings["pending"] = pending
        else:
            self._warnings.pop("pending", None)
        if not self._quiet:
            self.warning = self._warning_text()

    def _restore(self, store: ProgressStore) -> None:
        """Put back each question's last answer unless the question changed since."""
        history = store.attempts(bank_id=self.public.id, student=self.student)  # oldest first
        # issue #12: which saved answers count is decided in lessonquiz.bank.identity, once
        # for the quiz, the report and `validate --db` (renames, typo fixes, reordering)
        if history:  # a first visit draws the quiz without loading the bank model
            self._restore_from(history)
        if store.unreadable:
            self._warn(
                "unreadable",
                f"{store.unreadable} saved answer(s) in {store.path} could not be read and "
                "were skipped; new answers are saved as usual.",
            )

    def _restore_from(self, history: list[Attempt]) -> None:
        from lessonquiz.bank import identity

        for question_id, view in self._by_id.items():
            saved = identity.restore(view.question, history)
            restored = saved is not None and view.restore(
                saved.response, saved.tries, saved.misses
            )
            if restored and is_graded(view.public):  # written: saved, never scored
                self._best[question_id] = saved.best

    def _save(self) -> None:
        """Write the waiting attempts. Whatever goes wrong, the quiz keeps working: the answers
        wait for the next Check (busy, disk full, ...), except one that can never be stored,
        which is dropped with a word (D7)."""
        assert self.store is not None
        try:
            self.store.record_many(self._unsaved)
        except Exception as exc:
            with contextlib.suppress(Exception):
                self.store.close()  # the next save opens afresh, e.g. after space is freed
            kept = [a for a in self._unsaved if _storable(a)]
            dropped = len(self._unsaved) - len(kept)
            self._unsaved = kept
            text = f"Progress could not be saved just now: {_reason(exc)}."
            if kept:
                text += f" {len(kept)} answer(s) wait and are saved with your next Check."
            if dropped:
                text += f" {dropped} answer(s) cannot be stored at all and were not saved."
            self._warn("save", text)
            return
        self._unsaved.clear()
        self._warnings.pop("save", None)
        self._refresh_pending()  # on a hub: answers kept here, not sent yet

    def _warn(self, kind: str, text: str) -> None:
        self._warnings[kind] = text
        if not self._quiet:
            self.warning = self._warning_text()

    def _warning_text(self) -> str:
        return " ".join(f"⚠ {text}" for text in self._warnings.values())

    # -- display -----------------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        """The widget view plus a key-free, deterministic text for kernel-less viewers."""
        bundle, metadata = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = static_text(self.public.title, self.views)
        bundle["text/html"] = static_html(self.public.title, self.views)
        return bundle, metadata

    def __repr__(self) -> str:
        return f"Quiz({self.public.id!r}, {len(self.views)} questions)"


def _numbers(numbers: list[str]) -> str:
    label = "question" if len(numbers) == 1 else "questions"
    return f"{label} {', '.join(numbers)}"


def _storable(attempt: Attempt) -> bool:
    """Can this attempt ever be written (no lone surrogate, JSON-able)?"""
    try:
        encode_response(attempt.response).encode("utf-8")
    except (TypeError, ValueError):
        return False
    return True


def _reason(exc: BaseException) -> str:
    """The error in words; SQLite's "cannot rollback" hides the real cause in the context."""
    while "cannot rollback" in str(exc) and exc.__context__ is not None:
        exc = exc.__context__
    return str(exc) or type(exc).__name__
