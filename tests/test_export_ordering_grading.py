"""Which of Moodle's Ordering gradings the exports write, and why (issue #14, item 8).

``moodle_score`` ports Moodle's ``qtype_ordering_question::grade_response``
(question/type/ordering/question.php, Moodle 4.4+) for an ordering with every item shown. No
grading of Moodle's equals lessonquiz's; the exports write the nearest one that Moodle's GIFT
import can read, and say that partial scores still differ.
"""

from __future__ import annotations

import itertools

from lessonquiz.bank.model import OrderQuestion
from lessonquiz.export.gift_write import GRADING
from lessonquiz.grading import grade


def _next(ids: list[int], include_last: bool) -> dict[int, int]:
    nexts = list(ids[1:]) + ([0] if include_last else [])
    return dict(zip(ids, nexts, strict=False))


def _around(ids: list[int], everything: bool) -> dict[int, tuple[list[int], list[int]]]:
    out = {}
    for i, item in enumerate(ids):
        before, after = ids[:i][::-1], ids[i + 1 :]
        out[item] = (before, after) if everything else (before[:1] or [0], after[:1] or [0])
    return out


def _longest(positions: list[int], contiguous: bool) -> int:
    subsets: list[list[int]] = []
    for p, value in enumerate(positions):
        new, isnew = [], True
        for s, subset in enumerate(subsets):
            end = positions[subset[-1]]
            if value == end + 1:
                isnew, subsets[s] = False, [*subset, p]
            elif not contiguous and value > end:
                isnew = False
                new.append(list(subset))
                subsets[s] = [*subset, p]
        subsets += new + ([[p]] if isnew else [])
    best = max((len(s) for s in subsets), default=0)
    return best if best > 1 else 0


def moodle_score(kind: str, correct: list[int], current: list[int]) -> float:
    right = total = 0
    if kind in ("ALL_OR_NOTHING", "ABSOLUTE_POSITION"):
        right, total = sum(a == b for a, b in zip(correct, current, strict=True)), len(correct)
        if kind == "ALL_OR_NOTHING" and right < total:
            right = 0
    elif kind.startswith("RELATIVE_NEXT"):
        theirs, ours = _next(current, kind.endswith("INCLUDE_LAST")), _next(correct, False)
        ours = _next(correct, kind.endswith("INCLUDE_LAST"))
        right, total = sum(theirs.get(a) == n for a, n in ours.items()), len(ours)
    elif kind.endswith("PREVIOUS_AND_NEXT"):
        everything = kind.startswith("RELATIVE_ALL")
        theirs, ours = _around(current, everything), _around(correct, everything)
        for item, (before, after) in ours.items():
            right += len(set(theirs[item][0]) & set(before)) + len(
                set(theirs[item][1]) & set(after)
            )
            total += len(before) + len(after)
    elif kind.startswith("LONGEST"):
        positions = [correct.index(a) for a in current]
        right, total = _longest(positions, kind.endswith("CONTIGUOUS_SUBSET")), len(current)
    elif kind == "RELATIVE_TO_CORRECT":
        span = len(correct) - 1
        for position, item in enumerate(correct):
            right += max(0, span - abs(position - current.index(item)))
            total += span
    return right / total if total else 0.0


GRADINGS = (
    "ALL_OR_NOTHING",
    "ABSOLUTE_POSITION",
    "RELATIVE_NEXT_EXCLUDE_LAST",
    "RELATIVE_NEXT_INCLUDE_LAST",
    "RELATIVE_ONE_PREVIOUS_AND_NEXT",
    "RELATIVE_ALL_PREVIOUS_AND_NEXT",
    "LONGEST_ORDERED_SUBSET",
    "LONGEST_CONTIGUOUS_SUBSET",
    "RELATIVE_TO_CORRECT",
)
GIFT_READS = set(GRADINGS) - {"LONGEST_ORDERED_SUBSET"}  # Moodle's regex: 'RELLONGEST_...'


def gaps(kind: str, n: int) -> list[float]:
    items = [f"item {k}" for k in range(n)]
    question = OrderQuestion.model_validate(
        {"id": "o", "type": "order", "prompt": "p", "objective": "o", "items": items,
         "source": {"paragraph": 1}}
    )  # fmt: skip
    out = []
    for order in itertools.permutations(range(n)):
        ours = grade(question, [items[k] for k in order]).score
        out.append(abs(ours - moodle_score(kind, list(range(n)), list(order))))
    return out


def test_the_port_reproduces_the_reviewed_count() -> None:
    """The issue counted 104 of 120 orders of 5 items graded differently by Moodle's default."""
    assert sum(g > 1e-9 for g in gaps("RELATIVE_NEXT_EXCLUDE_LAST", 5)) == 104


def test_the_exports_write_the_nearest_grading_moodle_reads_from_gift() -> None:
    """Nearest: the smallest mean gap over every order of 4, 5 and 6 items."""
    mean = {
        kind: sum(sum(gaps(kind, n)) / len(gaps(kind, n)) for n in (4, 5, 6)) for kind in GIFT_READS
    }
    assert min(mean, key=mean.__getitem__) == GRADING, mean
    assert max(gaps(GRADING, 5)) < max(gaps("RELATIVE_NEXT_EXCLUDE_LAST", 5))
