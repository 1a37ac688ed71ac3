"""Stable identities: what a saved answer refers to, so edits that change no meaning keep it.

Why: a student's answer used to be saved as the chosen choice's display text under a
fingerprint of the whole question, so a typo fix or reordered choices wiped the class's
progress while the report kept counting the old attempts. Here, once for the quiz, the report
and ``validate --db``:

- a choice's identity is its ``id`` when it has one, else its text folded (case, spaces and
  punctuation ignored); items, left and right sides of order/match questions are folded texts;
- ``answer_key(question)`` fingerprints only what is right (the key, the accepted answers,
  the tolerance, the order, the pairs, and for ``multiple`` how many choices are wrong, which
  its partial credit depends on); prompts, hints, feedback and choice wording are left out;
- ``to_stored`` / ``from_stored`` turn a response (display texts, what grading reads) into
  what is saved (a choice's id where it has one) and back, against the question as it is
  now, matching texts folded;
- ``history_ids(question)``: its id and every ``renamed_from``, under which answers count.

An attempt counts for a question when its id is one of ``history_ids``, its fingerprint is
the current ``answer_key`` (or, for answers saved before identities, one of the question's
older fingerprints), and its response still maps onto the question. The score of a question
is the best score among the attempts that count; the quiz and the report both use it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from lessonquiz.bank.model import (
    AnyQuestion,
    Bank,
    Choice,
    MatchQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderQuestion,
    SingleQuestion,
    TextQuestion,
    TrueFalseQuestion,
)

KEY_PREFIX = "k1-"
"""Marks an ``answer_key`` fingerprint, so it is never mistaken for an older content hash."""


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Case, surrounding and repeated spaces, and punctuation ignored (as text answers are).

    Memoized: matching a class's saved answers folds the same choice texts again and again
    (``normalize_text`` looks at every character)."""
    from lessonquiz.grading import normalize_text  # grading imports the model, as we do

    return normalize_text(text)


def choice_identity(choice: Choice) -> str:
    """How an answer names this choice: its ``id``, else its folded text."""
    return choice.id if choice.id is not None else fold(choice.text)


def answer_key(question: AnyQuestion) -> str:
    """A fingerprint of what is right in ``question``; it changes only when the key does."""
    key: Any
    if isinstance(question, SingleQuestion):
        key = [choice_identity(c) for c in question.choices if c.correct]
    elif isinstance(question, MultipleQuestion):
        right = sorted(choice_identity(c) for c in question.choices if c.correct)
        key = [right, sum(not c.correct for c in question.choices)]
    elif isinstance(question, TrueFalseQuestion):
        key = question.answer
    elif isinstance(question, NumericQuestion):
        key = [question.answer, question.tolerance]
    elif isinstance(question, TextQuestion):
        key = sorted({fold(a) for a in question.accept})
    elif isinstance(question, OrderQuestion):
        key = [fold(item) for item in question.items]
    elif isinstance(question, MatchQuestion):
        key = sorted([fold(p.left), fold(p.right)] for p in question.pairs)
    else:  # a type added later fingerprints its whole answer-relevant content
        return question.content_hash
    text = json.dumps([question.type, key], ensure_ascii=False, sort_keys=True)
    return KEY_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def fingerprints(question: AnyQuestion) -> tuple[str, ...]:
    """Every fingerprint an answer to ``question`` as it is now may be saved under."""
    return (answer_key(question), question.content_hash, question.legacy_content_hash)


def history_ids(question: AnyQuestion) -> tuple[str, ...]:
    """The ids the question's answers may be saved under: its own, then its earlier ones."""
    return (question.id, *question.renamed_from)


def to_stored(question: AnyQuestion, response: Any) -> Any:
    """``response`` as it is saved: a chosen choice by its ``id`` when it has one, else by its
    text (readable in the report; ``from_stored`` matches it folded). Other types' responses
    are saved as they are: their items and sides are matched by folded text.
    """
    if isinstance(question, SingleQuestion) and isinstance(response, str):
        choice = question.choice(response)
        return choice.id if choice and choice.id else response
    if isinstance(question, MultipleQuestion) and isinstance(response, set | frozenset | list):
        chosen = [question.choice(t) if isinstance(t, str) else None for t in response]
        if all(chosen):
            return sorted(c.id or c.text for c in chosen if c)
    return response


def from_stored(question: AnyQuestion, stored: Any) -> Any | None:
    """The response ``stored`` stands for, in the question's current texts; None when it no
    longer maps (a choice it names was removed or reworded beyond recognition).

    Reads identities and, for answers saved before them, display texts.
    """
    if isinstance(question, SingleQuestion):
        choice = _choice(question, stored)
        return choice.text if choice else None
    if isinstance(question, MultipleQuestion):
        if not isinstance(stored, list):
            return None
        chosen = [_choice(question, item) for item in stored]
        return {c.text for c in chosen if c} if all(chosen) else None
    if isinstance(question, OrderQuestion):
        by_fold = {fold(item): item for item in question.items}
        if not isinstance(stored, list) or not all(isinstance(i, str) for i in stored):
            return None
        mapped = [by_fold.get(fold(item)) for item in stored]
        return mapped if all(mapped) and len(set(mapped)) == len(question.items) else None
    if isinstance(question, MatchQuestion):
        lefts = {fold(p.left): p.left for p in question.pairs}
        rights = {fold(r): r for r in question.right_options}
        if not isinstance(stored, Mapping):
            return None
        pairs = {
            lefts.get(fold(k)): rights.get(fold(v))
            for k, v in stored.items()
            if isinstance(k, str) and isinstance(v, str)
        }
        complete = None not in pairs and None not in pairs.values()
        return pairs if complete and len(pairs) == len(question.pairs) else None
    return stored


def _choice(question: SingleQuestion | MultipleQuestion, stored: Any) -> Choice | None:
    if not isinstance(stored, str):
        return None
    for choice in question.choices:
        if choice.id is not None and choice.id == stored:
            return choice
    folded = fold(stored)
    return next((c for c in question.choices if fold(c.text) == folded), None)


class Saved(Protocol):
    """What this module reads of a saved attempt (``lessonquiz.store.Attempt`` has it all)."""

    @property
    def student(self) -> str: ...
    @property
    def question_id(self) -> str: ...
    @property
    def question_hash(self) -> str: ...
    @property
    def response(self) -> Any: ...
    @property
    def score(self) -> float: ...
    @property
    def correct(self) -> bool: ...


def record(question: AnyQuestion, response: Any) -> tuple[str, Any]:
    """What the quiz saves for an attempt: (``question_hash``, ``response``) to store."""
    return answer_key(question), to_stored(question, response)


@dataclass(frozen=True)
class Restored:
    """A question's saved state for one student: the last answer that counts (in current
    display texts, for the view), the attempts that count, the wrong ones, the best score."""

    response: Any
    tries: int
    misses: int
    best: float


def restore(question: AnyQuestion, history: Iterable[Saved]) -> Restored | None:
    """The state to put back in ``question``'s view from one student's ``history`` (oldest
    first, any questions); None when no saved attempt counts for it as it is now."""
    counted = [a for a in history if counts_for(question, a)]
    if not counted:
        return None
    return Restored(
        response=from_stored(question, counted[-1].response),
        tries=len(counted),
        misses=sum(not a.correct for a in counted),
        best=max(a.score for a in counted),
    )


def counts_for(question: AnyQuestion, saved: Saved) -> bool:
    """Whether ``saved`` is an answer to ``question`` as it is now (see the module's rule)."""
    return (
        saved.question_id in history_ids(question)
        and saved.question_hash in fingerprints(question)
        and from_stored(question, saved.response) is not None
    )


def current_question(bank: Bank, saved: Saved) -> AnyQuestion | None:
    """The question of ``bank`` that ``saved`` counts for, if any."""
    for question in bank.questions:
        if counts_for(question, saved):
            return question
    return None


@dataclass(frozen=True)
class Reset:
    """``validate --db``: for one question, the students whose answers would no longer count."""

    question_id: str
    students: int
    kept: int
    reason: str


def resets(bank: Bank, saved: Iterable[Saved]) -> list[Reset]:
    """Per question of ``bank``, how many students' answers the bank as it is now would drop
    (their latest answer no longer counts), and how many keep theirs."""
    history = list(saved)  # oldest first
    found = []
    for question in bank.questions:
        ids = history_ids(question)
        latest: dict[str, Saved] = {}
        for attempt in history:  # the last one under any of its ids wins
            if attempt.question_id in ids:
                latest[attempt.student] = attempt
        lost = [a for a in latest.values() if not counts_for(question, a)]
        if lost:
            kept = len(latest) - len(lost)
            found.append(Reset(question.id, len(lost), kept, _why(question, lost)))
    return found


def _why(question: AnyQuestion, lost: list[Saved]) -> str:
    if any(a.question_hash not in fingerprints(question) for a in lost):
        return "what counts as right changed (key, accepted answers, tolerance, order or pairs)"
    return "the choice or item they answered is no longer in the question"


def current_attempts(bank: Bank, attempts: Iterable[Any]) -> tuple[list[Any], int]:
    """The report's view of one bank's ``attempts`` (``store.Attempt``, oldest first): each
    attempt that counts for a current question, under that question's id; attempts at ids the
    bank no longer has, as they are (the report lists them, unscored); and how many were left
    out because they answer an earlier version of a current question (its key changed)."""
    owners = {qid: q for q in bank.questions for qid in history_ids(q)}
    kept, earlier = [], 0
    for attempt in attempts:
        question = owners.get(attempt.question_id)
        if question is None:
            kept.append(attempt)
        elif counts_for(question, attempt):
            kept.append(dataclasses.replace(attempt, question_id=question.id))
        else:
            earlier += 1
    return kept, earlier
