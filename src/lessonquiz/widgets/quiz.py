"""The quiz shell (``Quiz``): title, progress, score, the question views, saved progress.

Why the shell owns the store: views only grade (through ``grading``) and report attempts; the
shell decides where they are kept, so a broken store degrades to memory with one warning line
instead of breaking every question.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import sqlite3
from collections import Counter
from typing import Any

import ipywidgets as widgets

from lessonquiz import render
from lessonquiz.bank.model import AnyQuestion, Bank
from lessonquiz.grading import Result
from lessonquiz.store import Attempt, ProgressStore, current_student, utc_now
from lessonquiz.widgets.base import QuestionView
from lessonquiz.widgets.choice import MultipleView, SingleView, TrueFalseView
from lessonquiz.widgets.keys import QuizKeys
from lessonquiz.widgets.kit import Kit
from lessonquiz.widgets.match import MatchView
from lessonquiz.widgets.numeric import NumericView
from lessonquiz.widgets.order import OrderView
from lessonquiz.widgets.static import STYLE, static_html, static_text
from lessonquiz.widgets.text import TextView

VIEWS: dict[str, type[QuestionView]] = {
    "single": SingleView,
    "multiple": MultipleView,
    "true_false": TrueFalseView,
    "numeric": NumericView,
    "text": TextView,
    "order": OrderView,
    "match": MatchView,
}
"""The view class for each question type."""


def stable_seed(*parts: object) -> int:
    """A seed that is the same in every process (unlike ``hash()``, which is salted)."""
    text = ":".join(str(part) for part in parts)
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:16], 16)


class Quiz(widgets.VBox):
    """A bank as a live quiz. ``display(quiz)`` shows it; ``quiz.view(id)`` is one question.

    ``seed`` fixes every shuffle (lessons pass one so stored outputs reproduce); without it the
    shuffles derive from (student, bank id), so a student sees the same order after a restart.
    """

    def __init__(
        self,
        bank: Bank,
        student: str | None = None,
        db: str | os.PathLike[str] | None = None,
        seed: int | None = None,
    ) -> None:
        self.bank = bank
        self.student = current_student(student)
        self.seed = seed if seed is not None else stable_seed(self.student, bank.id)
        self.store: ProgressStore | None = None
        self.store_warning = ""
        self._unsaved: list[Attempt] = []  # attempts a busy store could not take yet
        self._waiting_warning = ""  # the warning shown while they wait
        self.kit = kit = Kit()
        questions: list[AnyQuestion] = list(bank.questions)
        if bank.shuffle_questions:
            random.Random(self.seed).shuffle(questions)
        self.views: list[QuestionView] = [
            VIEWS[question.type](
                question,
                number=number,
                rng=random.Random(stable_seed(self.seed, question.id)),
                explanation_after=bank.show_explanation_after,
                on_attempt=self._attempted,
                kit=kit,
            )
            for number, question in enumerate(questions, start=1)
        ]
        self._by_id = {view.question.id: view for view in self.views}
        self.title = kit.make(
            widgets.HTML, f'{STYLE}<h3 class="lq-title">{render.inline(bank.title)}</h3>'
        )
        self.warning = kit.make(widgets.HTML, "")
        self.progress = kit.make(
            widgets.IntProgress,
            value=0,
            min=0,
            max=len(self.views),
            description="Answered:",
            tooltip="Questions answered so far",
        )
        self.summary = kit.make(widgets.HTML, "")
        self._open_store(db)
        self._update_summary()
        header = kit.make(
            widgets.HBox, [self.progress, self.summary], layout={"align_items": "center"}
        )
        keys = kit.make(QuizKeys, layout={"display": "none"})
        super().__init__(
            [keys, self.title, self.warning, header, *self.views], layout=kit.layout()
        )
        self.add_class("lq-quiz")
        self.add_class("quiz")

    # -- the face tests and the report use ---------------------------------------------------

    def view(self, question_id: str) -> QuestionView:
        """The view of one question, by its id in the bank."""
        try:
            return self._by_id[question_id]
        except KeyError:
            raise KeyError(
                f"no question '{question_id}' in quiz '{self.bank.id}' "
                f"(ids: {', '.join(self._by_id)})"
            ) from None

    @property
    def score(self) -> tuple[float, int]:
        """(points, max points): each question is worth 1, scored by its last checked answer."""
        points = sum(view.result.score for view in self.views if view.result is not None)
        return round(points, 2), len(self.views)

    @property
    def answered(self) -> int:
        """How many questions have at least one counted attempt."""
        return sum(view.result is not None for view in self.views)

    # -- progress ----------------------------------------------------------------------------

    def _open_store(self, db: str | os.PathLike[str] | None) -> None:
        try:
            self.store = ProgressStore(db)
            self._restore(self.store)
        except (sqlite3.Error, OSError) as exc:
            self._lose_store(exc)

    def _restore(self, store: ProgressStore) -> None:
        """Put back each question's last answer unless the question changed since."""
        history = store.attempts(bank_id=self.bank.id, student=self.student)  # oldest first
        latest = {attempt.question_id: attempt for attempt in history}
        current = {qid: _hashes(view.question) for qid, view in self._by_id.items()}
        fits = [a for a in history if a.question_hash in current.get(a.question_id, ())]
        tries = Counter(a.question_id for a in fits)
        misses = Counter(a.question_id for a in fits if not a.correct)
        for question_id, last in latest.items():
            if last.question_hash not in current.get(question_id, ()):
                continue
            view = self._by_id[question_id]
            view.restore(_from_json(view, last.response), tries[question_id], misses[question_id])
        if store.unreadable:
            self._warn(
                f"{store.unreadable} saved answer(s) in {store.path} could not be read and were "
                "skipped; new answers are saved as usual"
            )

    def _attempted(self, view: QuestionView, result: Result) -> None:
        if self.store is not None:
            attempt = Attempt(
                student=self.student,
                bank_id=self.bank.id,
                question_id=view.question.id,
                question_hash=view.question.content_hash,
                response=view.response,
                score=result.score,
                correct=result.correct,
                created_at=utc_now(),
                hints_used=view.hints_shown,  # issue 15: hint use goes with the attempt
            )
            self._unsaved.append(attempt)
            self._save()
        self._update_summary()

    def _save(self) -> None:
        """Write the waiting attempts; a store busy past its timeout keeps them for next time."""
        assert self.store is not None
        try:
            self.store.record_many(self._unsaved)
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                self._lose_store(exc)
                return
            self._warn(
                f"the progress file is busy, so {len(self._unsaved)} answer(s) wait to be "
                "saved with your next Check"
            )
            self._waiting_warning = self.warning.value
            return
        except (sqlite3.Error, OSError, TypeError) as exc:
            self._lose_store(exc)
            return
        self._unsaved.clear()
        if self.warning.value == self._waiting_warning:  # other warnings stay up
            self.warning.value = ""

    def _lose_store(self, exc: BaseException) -> None:
        if self.store is not None:
            with contextlib.suppress(sqlite3.Error):
                self.store.close()
        self.store = None
        self._unsaved.clear()
        self.store_warning = str(exc) or type(exc).__name__
        self._warn(
            f"Progress cannot be saved: {self.store_warning}. "
            "Answers are kept only until the kernel stops"
        )

    def _warn(self, text: str) -> None:
        self.warning.value = f'<div class="lq-warning" role="alert">⚠ {render.escape(text)}.</div>'

    def _update_summary(self) -> None:
        total = len(self.views)
        answered = self.answered
        points, most = self.score
        self.progress.value = answered
        parts = [f"{answered} of {total} answered", f"score {points:g} / {most}"]
        left = [str(view.number) for view in self.views if view.result is None]
        wrong = [
            str(view.number)
            for view in self.views
            if view.result is not None and not view.result.correct
        ]
        if left:
            parts.append(f"still to answer: {_numbers(left)}")
        if wrong:
            parts.append(f"not yet right: {_numbers(wrong)}")
        if not left and not wrong:
            parts.append("all done ✓")
        self.summary.value = f'<span class="lq-summary">{" · ".join(parts)}</span>'

    # -- display -----------------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        """The widget view plus a key-free, deterministic text for kernel-less viewers."""
        data = super()._repr_mimebundle_(**kwargs)
        if data is None:
            return None
        data["text/plain"] = static_text(self.bank.title, self.views)
        data["text/html"] = static_html(self.bank.title, self.views)
        return data

    def __repr__(self) -> str:
        return f"Quiz({self.bank.id!r}, {len(self.views)} questions)"


def _numbers(numbers: list[str]) -> str:
    label = "question" if len(numbers) == 1 else "questions"
    return f"{label} {', '.join(numbers)}"


def _hashes(question: AnyQuestion) -> tuple[str, str]:
    """The fingerprints under which an answer to ``question`` as it is now may be stored."""
    return (question.content_hash, question.legacy_content_hash)


def _from_json(view: QuestionView, response: Any) -> Any:
    """JSON gave lists back; a ``multiple`` answer is a set again."""
    if view.question.type == "multiple" and isinstance(response, list):
        return set(response)
    return response
