"""Cue-proof banks: play the test-wise student's strategies and flag any that beats chance.

One piece past 300 lines: the strategies, their chance baselines and the scoring they share
must agree with each other and with grading.py, and are read best side by side.

A student who does not know the answer still scores above chance when the key is predictably
the longest option, the second-longest, the one that echoes the prompt's words, the one in the
same place, or when most statements are false. Each ``Strategy`` here is one such rule of
thumb. ``play`` gives, for one question, the strategy's expected score and the expected score
of the same move made blind (chance), or None when the strategy does not apply to it. A
``Tally`` averages both over the questions a strategy applies to; ``cues`` keeps the tallies
that beat chance by more than ``MARGIN`` where the strategy applies to at least
``MIN_QUESTIONS`` questions (fewer say more about luck than about the writer's habits).

Scores follow grading.py's rules exactly (ties are split as expected values, computed with
fractions so that a tie is a tie):

- ``single``: 1 if the picked choice is the key. Chance is 1/k for k choices.
- ``multiple``: ``max(0, right/n_right - wrong/n_wrong)``. A "pick one" strategy ticks one
  box; its chance is ticking one box at random (1/k). A "half" strategy ticks ``ceil(k/2)``
  boxes; its chance is ticking that many at random. The blind baseline has the same number of
  ticks because the partial-credit rule alone makes one tick worth more on average than a
  random pattern of any size (1/k against 19.4 % for 2 keys in 4): comparing a one-tick
  strategy with a random pattern would flag a bank for the rule, not for a cue.
  ``random_pattern`` gives that other figure (every non-empty tick pattern equally likely),
  for reports.
- ``true_false``: always true / always false, chance 1/2.

Position strategies play the order the student *sees*. With ``shuffle: true`` (the default)
each student's order is shuffled, so "always the first option" scores chance on average and
says nothing about the bank: position strategies apply only to questions with
``shuffle: false``, where the written order is the shown order. (Printed and exported copies
show an order too; lint.py's written-position rule covers those.)

Length is counted in characters after collapsing spaces: what the eye measures on screen.

One module past 300 lines: the strategies, the scoring after grading.py and the tallies share
the tie and chance rules above, and each strategy is a few lines; split, every part would
import the others' private helpers.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from lessonquiz.bank.model import (
    AnyQuestion,
    Bank,
    MultipleQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)

MARGIN = Fraction(10, 100)
"""A strategy is a cue when it beats chance by more than this (10 percentage points)."""

MIN_QUESTIONS = 6
"""Questions a strategy must apply to before its score is judged (in a bank, in a course)."""

Play = Callable[[AnyQuestion], "tuple[Fraction, Fraction] | None"]
ChoiceQuestion = SingleQuestion | MultipleQuestion

_STOP_TEXT = (
    "a an the and or but of to in on at for from by with as is are was were be been being "
    "it its this that these those which what who whom whose how why when where than then "
    "so not no nor do does did has have had can could will would should may might must "
    "there their they them he she his her we our you your i me my about into over after "
    "before also only all any each one two three more most such same other own very just"
)
_STOP_WORDS = frozenset(_STOP_TEXT.split())
"""Words too common to be a cue when a choice shares them with the prompt."""


@dataclass(frozen=True)
class Strategy:
    """One rule of thumb: ``name`` as warnings print it, ``play`` as defined above."""

    name: str
    play: Play = field(compare=False, repr=False)


@dataclass(frozen=True)
class Trial:
    """One strategy on one question: its expected ``score`` and the blind ``chance``."""

    label: str
    score: Fraction
    chance: Fraction


@dataclass
class Tally:
    """A strategy's trials over a set of questions (a bank, or a whole course)."""

    strategy: Strategy
    trials: list[Trial] = field(default_factory=list)

    @property
    def applies(self) -> int:
        """How many questions the strategy applies to."""
        return len(self.trials)

    @property
    def score(self) -> Fraction:
        """The strategy's mean score over the questions it applies to."""
        return sum((t.score for t in self.trials), Fraction(0)) / max(1, self.applies)

    @property
    def chance(self) -> Fraction:
        """The mean blind score over the same questions."""
        return sum((t.chance for t in self.trials), Fraction(0)) / max(1, self.applies)

    @property
    def helped(self) -> list[str]:
        """The questions on which the strategy scores above chance (where the cue is)."""
        return [t.label for t in self.trials if t.score > t.chance]

    def is_cue(self, margin: Fraction = MARGIN, min_questions: int = MIN_QUESTIONS) -> bool:
        """Whether it applies to enough questions and beats chance by more than ``margin``."""
        return self.applies >= min_questions and self.score > self.chance + margin

    def describe(self) -> str:
        """The warning text: strategy, score against chance, and where it finds the key."""
        helped = self.helped
        return (
            f"test-wise strategy '{self.strategy.name}' scores {percent(self.score)} against "
            f"{percent(self.chance)} chance over {self.applies} questions; it finds the key in "
            f"{len(helped)}: {', '.join(helped)}"
        )


def percent(value: Fraction) -> str:
    """A share as a percentage with one decimal, as reports print it."""
    return f"{float(value) * 100:.1f}%"


# ---- scoring, after grading.py -------------------------------------------------------------


def multiple_score(ticked: Iterable[int], correct: Sequence[bool]) -> Fraction:
    """grade_multiple's partial credit, exactly: ``max(0, right/n_right - wrong/n_wrong)``."""
    n_right = sum(correct)
    n_wrong = len(correct) - n_right
    chosen = set(ticked)
    right = sum(1 for i in chosen if correct[i])
    wrong = len(chosen) - right
    score = Fraction(right, n_right) - (Fraction(wrong, n_wrong) if n_wrong else 0)
    return max(Fraction(0), score)


def _ticks_score(question: ChoiceQuestion, ticked: Iterable[int]) -> Fraction:
    correct = [c.correct for c in question.choices]
    if isinstance(question, SingleQuestion):
        chosen = list(ticked)
        return Fraction(sum(correct[i] for i in chosen), len(chosen))
    return multiple_score(ticked, correct)


def _blind(question: ChoiceQuestion, ticks: int) -> Fraction:
    """The expected score of ticking ``ticks`` boxes at random."""
    subsets = list(itertools.combinations(range(len(question.choices)), ticks))
    return sum((_ticks_score(question, s) for s in subsets), Fraction(0)) / len(subsets)


def random_pattern(question: MultipleQuestion) -> Fraction:
    """The expected score when every non-empty tick pattern is equally likely."""
    n = len(question.choices)
    correct = [c.correct for c in question.choices]
    total = sum(
        (
            multiple_score(s, correct)
            for r in range(1, n + 1)
            for s in itertools.combinations(range(n), r)
        ),
        Fraction(0),
    )
    return total / (2**n - 1)


def _top(values: Sequence[float], ticks: int) -> list[tuple[int, ...]]:
    """Every way to take the ``ticks`` highest values (ties at the cut in every way)."""
    order = sorted(values, reverse=True)
    cut = order[ticks - 1]
    sure = tuple(i for i, v in enumerate(values) if v > cut)
    tied = [i for i, v in enumerate(values) if v == cut]
    return [sure + rest for rest in itertools.combinations(tied, ticks - len(sure))]


def _expected(question: ChoiceQuestion, ways: list[tuple[int, ...]]) -> Fraction:
    return sum((_ticks_score(question, w) for w in ways), Fraction(0)) / len(ways)


# ---- what a test-wise student looks at ------------------------------------------------------


def length(text: str) -> int:
    """A choice's length as the eye sees it: characters, runs of space counted once."""
    return len(" ".join(text.split()))


def content_words(text: str) -> set[str]:
    """Distinct lower-cased words, stop words and one-letter words left out, plural -s dropped."""
    words = re.findall(r"[^\W_]+(?:['’][^\W_]+)?", text.casefold())
    found = set()
    for word in words:
        word = re.sub(r"['’]s$", "", word)
        if word in _STOP_WORDS or len(word) < 2:
            continue
        found.add(word[:-1] if len(word) > 3 and word.endswith("s") else word)
    return found


def overlap(prompt: str, choice: str) -> int:
    """How many distinct content words a choice shares with the prompt."""
    return len(content_words(prompt) & content_words(choice))


# ---- the strategies ------------------------------------------------------------------------


def _pick_one(measure: Callable[[ChoiceQuestion], list[float]], min_choices: int = 2) -> Play:
    """Tick the one choice ranked highest by ``measure`` (ties split)."""

    def play(question: AnyQuestion) -> tuple[Fraction, Fraction] | None:
        if not isinstance(question, ChoiceQuestion) or len(question.choices) < min_choices:
            return None
        ways = _top(measure(question), 1)
        return _expected(question, ways), _blind(question, 1)

    return play


def _lengths(question: ChoiceQuestion) -> list[float]:
    return [length(c.text) for c in question.choices]


def _rank(n: int) -> Play:
    """Tick the n-th longest choice; applies where there are more than n choices (so it is
    not simply the shortest). Ties at that rank are split."""

    def play(question: AnyQuestion) -> tuple[Fraction, Fraction] | None:
        if not isinstance(question, ChoiceQuestion) or len(question.choices) <= n:
            return None
        values = _lengths(question)
        target = sorted(values, reverse=True)[n - 1]
        ways = [(i,) for i, v in enumerate(values) if v == target]
        return _expected(question, ways), _blind(question, 1)

    return play


def _middle(question: AnyQuestion) -> tuple[Fraction, Fraction] | None:
    """Drop the longest and the shortest choice(s), tick one of the rest at random."""
    if not isinstance(question, ChoiceQuestion) or len(question.choices) < 3:
        return None
    values = _lengths(question)
    rest = [i for i, v in enumerate(values) if min(values) < v < max(values)]
    ways = [(i,) for i in rest] or [(i,) for i in range(len(values))]
    return _expected(question, ways), _blind(question, 1)


def _half(longer: bool) -> Play:
    """Tick the longer (or shorter) half of a tick-all list: ceil(k/2) boxes."""

    def play(question: AnyQuestion) -> tuple[Fraction, Fraction] | None:
        if not isinstance(question, MultipleQuestion):
            return None
        values = [v if longer else -v for v in _lengths(question)]
        ticks = math.ceil(len(values) / 2)
        return _expected(question, _top(values, ticks)), _blind(question, ticks)

    return play


def _position(where: int) -> Play:
    """Tick the option shown at ``where`` (0 = first, -1 = last); only unshuffled questions."""

    def play(question: AnyQuestion) -> tuple[Fraction, Fraction] | None:
        if not isinstance(question, ChoiceQuestion) or question.shuffle:
            return None
        count = len(question.choices)
        if where >= count:
            return None
        return _ticks_score(question, [where % count]), _blind(question, 1)

    return play


def _always(answer: bool) -> Play:
    def play(question: AnyQuestion) -> tuple[Fraction, Fraction] | None:
        if not isinstance(question, TrueFalseQuestion):
            return None
        return Fraction(int(question.answer is answer)), Fraction(1, 2)

    return play


_ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def _nth(n: int) -> str:
    return _ORDINALS.get(n, f"{n}th")


def strategies(max_choices: int = 4) -> list[Strategy]:
    """Every strategy, with rank and position ones for lists of up to ``max_choices``."""
    found = [
        Strategy("pick the longest option", _pick_one(_lengths)),
        Strategy("pick the shortest option", _pick_one(lambda q: [-v for v in _lengths(q)])),
        *(Strategy(f"pick the {_nth(n)}-longest option", _rank(n)) for n in range(2, max_choices)),
        Strategy("pick a middle-length option (not longest, not shortest)", _middle),
        Strategy(
            "pick the option sharing most words with the prompt",
            _pick_one(lambda q: [overlap(q.prompt, c.text) for c in q.choices]),
        ),
        Strategy("tick the longer half of a tick-all list", _half(longer=True)),
        Strategy("tick the shorter half of a tick-all list", _half(longer=False)),
        *(
            Strategy(f"pick the option shown {_nth(p + 1) if p else 'first'}", _position(p))
            for p in range(max_choices)
        ),
        Strategy("pick the option shown last", _position(-1)),
        Strategy("answer true to every true/false statement", _always(True)),
        Strategy("answer false to every true/false statement", _always(False)),
    ]
    return found


def tally(questions: Iterable[tuple[str, AnyQuestion]]) -> list[Tally]:
    """Every strategy's tally over ``(label, question)`` pairs (labels name the questions)."""
    pairs = list(questions)
    widest = max((len(q.choices) for _, q in pairs if isinstance(q, ChoiceQuestion)), default=2)
    tallies = [Tally(strategy) for strategy in strategies(widest)]
    for label, question in pairs:
        for entry in tallies:
            played = entry.strategy.play(question)
            if played is not None:
                entry.trials.append(Trial(label, *played))
    return tallies


def cues(
    questions: Iterable[tuple[str, AnyQuestion]],
    *,
    margin: Fraction = MARGIN,
    min_questions: int = MIN_QUESTIONS,
) -> list[Tally]:
    """The tallies that beat chance by more than ``margin`` (see the module docstring)."""
    return [t for t in tally(questions) if t.is_cue(margin, min_questions)]


def best(tallies: Iterable[Tally], min_questions: int = 1) -> Tally | None:
    """The tally that beats its chance by most (for reports), among those applying widely
    enough."""
    eligible = [t for t in tallies if t.applies >= min_questions]
    return max(eligible, key=lambda t: t.score - t.chance, default=None)


def table(banks: Sequence[Bank]) -> str:
    """Every strategy's score against chance per bank and over the course, as a text table
    (``lessonquiz validate --cues``); ``*`` marks a cue the check warns about."""
    groups = [(bank.id, [(q.id, q) for q in bank.questions]) for bank in banks]
    if len(groups) > 1:
        groups.append(("(course)", [(f"{b.id}/{q.id}", q) for b in banks for q in b.questions]))
    lines = [
        "cue check (score against chance; * = warned: applies to "
        f"{MIN_QUESTIONS}+ questions and beats chance by more than {percent(MARGIN)})"
    ]
    for name, questions in groups:
        lines.append(f"{name}:")
        for entry in tally(questions):
            if entry.applies:
                mark = "*" if entry.is_cue() else " "
                lines.append(
                    f" {mark} {entry.strategy.name:<58} {entry.applies:>3} questions "
                    f"{percent(entry.score):>6} vs {percent(entry.chance):>6}"
                )
    return "\n".join(lines)
