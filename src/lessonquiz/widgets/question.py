"""One question of a quiz, on the Python side: its answer, its attempts, what the student sees.

Why plain Python and not a widget: the quiz is one anywidget (``quiz.py``) whose browser code
draws every question. This object holds what Python owns (the response, grading through
``grading.grade``, attempts, hints, the explanation rule) and turns it into the small JSON
state the browser shows (``to_state``). The rules a student relies on live here once:

- an empty answer is "Choose an answer first", neutral and not counted;
- a response the grader cannot read (a decimal comma, a value the page should not send) is
  "not graded" with the reason, never an attempt and never an exception;
- the same answer checked twice counts once;
- an ``order`` question is not answered until an item is moved or the order is confirmed;
- question-level feedback (``feedback:`` of true/false, numeric, text, order), which often
  states the key, is held back until the explanation is due;
- a ``written`` answer is submitted, never graded: empty is "Write your answer first", one
  under ``min_words`` is asked again, a saved one shows "Saved — not graded automatically",
  then the rubric and (on request, in the page) the model answer. Neither reaches the state
  before a submission.

One module of about 360 lines, on purpose: these rules act on the same few fields (the answer,
the last result, what is on screen); split, each part would reach into the others' state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from lessonquiz import render
from lessonquiz.bank.defaults import DEFAULT_EXPLANATION_AFTER
from lessonquiz.bank.public import PublicQuestion
from lessonquiz.widgets.wire import empty, from_python, read_number, to_wire

if TYPE_CHECKING:  # pragma: no cover - the model and the grader load with the first check
    from lessonquiz.bank.model import AnyQuestion
    from lessonquiz.grading import Result

CHOOSE_FIRST = "Choose an answer first."
WRITE_FIRST = "Write your answer first."
SAVED_UNGRADED = "Saved — not graded automatically"
ALREADY = "Already checked: change your answer to try again."
KEEP_ORDER = "Move an item first, or press “Keep this order” if you think it is right."

Hook = Callable[["QuestionView"], None]


class QuestionView:
    """One question: ``response`` (get/set as a student would), ``check()``, ``hint()``,
    ``reset()``; ``to_state()`` is what the browser draws.

    ``question`` is the bank's question, or a function that loads it: a quiz drawn from the
    bank cache has only the key-free ``public`` view until a check, a hint, a restore or the
    explanation needs the question itself (``bank.public``)."""

    def __init__(
        self,
        question: AnyQuestion | Callable[[], AnyQuestion],
        public: PublicQuestion,
        *,
        explanation_after: int = DEFAULT_EXPLANATION_AFTER,
        on_change: Hook | None = None,
        on_attempt: Callable[[QuestionView, Result], None] | None = None,
        prompt: str | None = None,
    ) -> None:
        self._question = question
        self._prompt = prompt
        self.public = public
        self.number = public.number
        self.explanation_after = explanation_after
        self.on_change = on_change
        self.on_attempt = on_attempt
        self.attempts = 0
        self.wrong_attempts = 0
        self.result: Result | None = None
        """The last counted result (None until the first real attempt)."""
        self.hints_shown = 0
        self.touched = False
        """For ``order``: moved or confirmed; an untouched start order is no answer."""
        self.rev = 0
        """Bumped when Python changes the answer, so the browser redraws its input."""
        self._response: Any = empty(public)
        self._graded: Any = None  # the wire form of the last counted answer
        self._notice = ""  # a neutral line (not graded: why)
        self._shown = False  # is the last result's verdict on screen?

    @property
    def question(self) -> AnyQuestion:
        """The bank's question, with its key (loaded on first use)."""
        if callable(self._question):
            self._question = self._question()
        return self._question

    @property
    def prompt(self) -> str:
        """The prompt's Markdown (for the plain-text fallback), without loading the question
        when the quiz was given it."""
        return self._prompt if self._prompt is not None else self.question.prompt

    # -- the choices as shown (tests and the static text use them) ---------------------------

    @property
    def choices(self) -> list[str]:
        return list(self.public.choices)

    @property
    def options(self) -> list[str]:
        return list(self.public.options)

    @property
    def start_order(self) -> list[str]:
        return list(self.public.items)

    # -- the answer ---------------------------------------------------------------------------

    @property
    def response(self) -> Any:
        """The answer as the grader expects it (a copy: change it by setting it); a typed
        number is a float when it plainly is one, else the text as typed."""
        value = self._response
        if self.public.type == "numeric":
            return read_number(value)
        if isinstance(value, set | list | dict):
            return type(value)(value)
        return value

    @response.setter
    def response(self, value: Any) -> None:
        """Set the answer as a student would; ValueError for one the page could not show."""
        self._response = from_python(self.public, value)
        if self.public.type == "order":
            self.touched = True
        self.rev += 1
        self._answer_changed()

    def from_browser(self, response: Any, touched: bool) -> None:
        """The answer a Check brought (already decoded and checked by ``wire.from_wire``)."""
        self._response = response
        self.touched = bool(touched) if self.public.type == "order" else True

    def confirm_order(self) -> None:
        """ "Keep this order": the order as shown is the student's answer."""
        self.touched = True
        self._answer_changed()

    def _answer_changed(self) -> None:
        if self._graded is not None and to_wire(self.public, self._response) != self._graded:
            self._shown = False
        self._notice = ""
        self._changed()

    # -- what the buttons do ------------------------------------------------------------------

    def check(self) -> Result:
        """Grade the answer (the Check button). Only a new, readable answer is an attempt."""
        response = self.response
        if self.public.type == "order" and not self.touched:
            return self._not_counted(KEEP_ORDER)
        if _is_empty(response):
            written = self.public.type == "written"
            return self._not_counted(WRITE_FIRST if written else CHOOSE_FIRST)
        wire = to_wire(self.public, self._response)
        if self.result is not None and wire == self._graded:
            self._shown = True
            self._notice = ALREADY
            self._changed()
            return self.result
        from lessonquiz.grading import grade

        result = grade(self.question, response)
        if result.malformed:
            return self._not_counted(_not_graded(result.feedback))
        self.attempts += 1
        if result.graded and not result.correct:
            self.wrong_attempts += 1
        self.result, self._graded, self._shown, self._notice = result, wire, True, ""
        if self.on_attempt is not None:
            self.on_attempt(self, result)
        self._changed()
        return result

    def refuse(self, why: str) -> Result:
        """A Check whose answer could not be read: not graded, and the student is told why."""
        return self._not_counted(f"Not graded: {why}.")

    def _not_counted(self, text: str) -> Result:
        from lessonquiz.grading import Result

        self._notice = text
        self._changed()
        return Result(score=0.0, correct=False, feedback=text, malformed=True)

    def hint(self) -> None:
        """Reveal the next hint; each press shows one more, until all are shown."""
        if self.hints_shown < self.public.hints:
            self.hints_shown += 1
            self._changed()

    def reset(self) -> None:
        """Clear the answer, verdict, feedback, explanation and hints on screen; the attempts,
        the last score and the history in the store stay."""
        self._response = empty(self.public)
        self.touched = False
        self.hints_shown = 0
        self._shown = False
        self._notice = ""
        self.rev += 1
        self._changed()

    def restore(self, response: Any, attempts: int, wrong_attempts: int) -> bool:
        """Put back a stored answer and its status; False (and a fresh view) if it does not fit."""
        try:
            value = from_python(self.public, response)
        except (ValueError, TypeError):
            return False
        from lessonquiz.grading import grade

        result = grade(self.question, value)
        if result.malformed:
            return False
        self._response, self.touched, self.rev = value, True, self.rev + 1
        self.attempts, self.wrong_attempts, self.result = attempts, wrong_attempts, result
        self._graded, self._shown = to_wire(self.public, value), True
        return True

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self)

    # -- what the student sees ------------------------------------------------------------------

    @property
    def explanation_due(self) -> bool:
        """After a correct answer, or after ``explanation_after`` wrong attempts."""
        if self.result is None:
            return False
        if not self.result.graded:  # written: the explanation comes with the rubric
            return True
        return self.result.correct or self.wrong_attempts >= self.explanation_after

    @property
    def feedback(self) -> str:
        """The feedback on screen, as Markdown ("" when none)."""
        if self._notice:
            return self._notice if self._notice != ALREADY else f"{ALREADY}\n\n{self._verdict()}"
        return self._verdict() if self._shown else ""

    def _verdict(self) -> str:
        if self.result is None:
            return ""
        if not self.result.graded:
            return f"{SAVED_UNGRADED}."
        text = self.result.feedback
        held = getattr(self.question, "feedback", None)
        if held and not self.result.correct and not self.explanation_due:
            text = text.removesuffix(f"\n\n{held}")
        return text

    @property
    def explanation(self) -> str:
        """The explanation on screen, as Markdown ("" until it is due, or after a change)."""
        if self._shown and self.explanation_due and self.question.explanation:
            return self.question.explanation
        return ""

    @property
    def status(self) -> str:
        """One line: attempts and the state of the answer."""
        written = self.public.type == "written"
        if self.result is None:
            state = "not submitted yet" if written else "not answered yet"
        elif not self._shown:
            state = "changed — press Submit" if written else "changed — press Check"
        elif not self.result.graded:
            state = SAVED_UNGRADED
        elif self.result.correct:
            state = "✓ correct"
        elif self.result.score > 0:
            state = f"✗ partly right ({self.result.score:.0%})"
        else:
            state = "✗ not yet right"
        plural = "" if self.attempts == 1 else "s"
        noun = "submission" if written else "attempt"
        return f"{self.attempts} {noun}{plural} · {state}"

    def tone(self) -> str:
        """The style of the feedback box; the words (✓/✗) carry the meaning."""
        if self._notice and self._notice != ALREADY:
            return "notice"
        if not self._shown or self.result is None:
            return ""
        if not self.result.graded:
            return "notice"
        if self.result.correct:
            return "correct"
        return "partial" if self.result.score > 0 else "wrong"

    def to_state(self) -> dict[str, Any]:
        """The JSON the browser draws: the student's own answer and results, never the key."""
        feedback = self.feedback
        return {
            "rev": self.rev,
            "response": to_wire(self.public, self._response),
            "touched": self.touched,
            "graded": self._graded,
            "status": self.status,
            "tone": self.tone(),
            "feedback": render.markdown(feedback) if feedback else "",
            "explanation": render.markdown(self.explanation) if self.explanation else "",
            "hints": [render.inline(text) for text in self.question.hint[: self.hints_shown]]
            if self.hints_shown
            else [],
            **self._reveal(),
        }

    def _reveal(self) -> dict[str, Any]:
        """A submitted written answer's rubric (inline HTML per criterion) and model answer
        (HTML); nothing before a submission, so a saved notebook holds neither."""
        result = self.result
        if result is None or result.graded or not self._shown:
            return {}
        return {
            "rubric": [render.inline(criterion) for criterion in result.rubric],
            "model_answer": render.markdown(result.model_answer),
        }

    def static_lines(self) -> list[str]:
        """Plain-text lines describing the input for the key-free static fallback."""
        public = self.public
        if public.type == "single":
            return [f"( ) {text}" for text in public.choices]
        if public.type == "multiple":
            return [f"[ ] {text}" for text in public.choices]
        if public.type == "true_false":
            return ["( ) True", "( ) False"]
        if public.type == "numeric":
            return [f"Answer: a number{f' (in {public.unit})' if public.unit else ''}"]
        if public.type == "text":
            return ["Answer: a short text"]
        if public.type == "written":
            words = f" of at least {public.min_words} words" if public.min_words else ""
            return [f"Answer: a written answer{words} (saved, not graded automatically)"]
        if public.type == "order":
            return [f"{i}. {item}" for i, item in enumerate(public.items, start=1)]
        lines = [f"{left}: ____" for left in public.lefts]
        return [*lines, f"(choose from: {'; '.join(public.options)})"]


def _is_empty(response: Any) -> bool:
    if response is None or response == "" or (isinstance(response, str) and not response.strip()):
        return True
    if isinstance(response, Iterable) and not isinstance(response, str | Mapping):
        return len(list(response)) == 0
    if isinstance(response, Mapping):
        return all(value in (None, "") for value in response.values())
    return False


def _not_graded(feedback: str) -> str:
    """The grader's "✗ Not yet. Expected …" as a neutral "Not graded: expected …"."""
    from lessonquiz.grading import NOT_YET

    text = feedback.removeprefix(NOT_YET).strip()
    if text.startswith("Expected"):
        text = "e" + text[1:]
    return f"Not graded: {text} Please answer again."
