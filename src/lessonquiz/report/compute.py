"""From a tally to the figures: facility, discrimination, medians and scores.

``tally(attempts)`` is the pure-Python reference the tests check the SQL reading against.
"""

from __future__ import annotations

import dataclasses
import json
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from lessonquiz.bank.model import Bank
from lessonquiz.bank.written import is_graded
from lessonquiz.report.model import Cell, QuestionStats, Report, StudentScore, Tally
from lessonquiz.store import Attempt, encode_response

Row = tuple[str, str, str, str, float, bool, str]
"""One attempt as a source yields it: student, bank, question, response (its stored JSON
text), score, correct, created_at (ISO 8601 UTC)."""


def tally(attempts: Iterable[Attempt]) -> Tally:
    """The tally of ``attempts``, taken in the order given (oldest first)."""
    attempts = list(attempts)
    result = tally_rows(
        (
            a.student,
            a.bank_id,
            a.question_id,
            encode_response(a.response),
            a.score,
            a.correct,
            a.created_at,
        )
        for a in attempts
    )
    for attempt in attempts:  # issue 15: hint use, where the attempts recorded it
        if attempt.hints_used is None:
            continue
        result.hints = {} if result.hints is None else result.hints
        if attempt.hints_used > 0:
            opened = result.hints.setdefault((attempt.bank_id, attempt.question_id), {})
            opened[attempt.student] = max(opened.get(attempt.student, 0), attempt.hints_used)
    return result


def tally_rows(rows: Iterable[Row]) -> Tally:
    """The tally of ``rows``, taken in the order given (oldest first), days counted too."""
    history: dict[tuple[str, str], dict[str, list[tuple[bool, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    result = Tally()
    for student, bank, question, response, score, correct, stamp in rows:
        key = (bank, question)
        history[key][student].append((correct, score))
        result.days[(bank, stamp[:10])] += 1
        if not correct:
            counter = result.wrong.setdefault(key, Counter())
            counter[response] += 1
    for key, students in history.items():
        cells = result.cells.setdefault(key, {})
        for student, tries in students.items():
            first_right = next((i for i, (right, _) in enumerate(tries, start=1) if right), None)
            cells[student] = Cell(
                attempts=len(tries),
                first_right=tries[0][0],
                tries_to_right=first_right,
                best=max(score for _, score in tries),
            )
    return result


def summarize(data: Tally, banks: Mapping[str, Bank], source: str = "") -> Report:
    """The report's figures from a tally; ``banks`` (by id) give question order and counts.

    A bank without an entry in ``banks`` is scored out of the questions anyone attempted and
    named in ``Report.banks_without_file``, so the caller can say that its scores are not out
    of the whole bank.
    """
    by_bank: dict[str, list[str]] = defaultdict(list)
    for bank_id, question_id in data.cells:
        by_bank[bank_id].append(question_id)
    report = Report(source=source, questions=[], students=[])
    for bank_id in sorted(by_bank):
        bank = banks.get(bank_id)
        if bank is None:
            report.banks_without_file.append(bank_id)
        order = _question_order(bank, by_bank[bank_id])
        bank_cells = {q: data.cells.get((bank_id, q), {}) for q in order}
        scored = set(order) if bank is None else {q.id for q in bank.questions if is_graded(q)}
        written = set() if bank is None else {q.id for q in bank.questions if not is_graded(q)}
        firsts = _first_totals({q: c for q, c in bank_cells.items() if q in scored})
        for question_id in order:
            cells = bank_cells[question_id]
            if question_id in written:  # issue 15: answers are read, not scored
                report.questions.append(_written_stats(bank_id, question_id, cells))
                continue
            report.questions.append(
                _with_hints(
                    _question_stats(
                        bank_id, question_id, cells, firsts, data.wrong, question_id in scored
                    ),
                    None if data.hints is None else data.hints.get((bank_id, question_id), {}),
                    cells,
                )
            )
        weights = {q.id: q.points for q in bank.questions} if bank is not None else {}
        report.students.extend(_student_scores(bank_id, bank_cells, scored, weights))
    return report


def _question_order(bank: Bank | None, seen: list[str]) -> list[str]:
    if bank is None:
        return sorted(seen)
    written = [q.id for q in bank.questions]
    return written + sorted(set(seen) - set(written))


def _first_totals(bank_cells: Mapping[str, Mapping[str, Cell]]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for cells in bank_cells.values():
        for student, cell in cells.items():
            totals[student] += cell.first_right
    return totals


def _question_stats(
    bank_id: str,
    question_id: str,
    cells: Mapping[str, Cell],
    firsts: Mapping[str, int],
    wrong: Mapping[tuple[str, str], Counter[str]],
    scored: bool = True,
) -> QuestionStats:
    """One question's figures; an unscored question is not part of ``firsts`` (the totals)."""
    attempts = right = sum_rest = sum_rest_sq = sum_rest_right = 0
    tries: list[int] = []
    for student, cell in cells.items():  # one pass: a big class has many cells
        attempts += cell.attempts
        rest = firsts.get(student, 0) - (cell.first_right if scored else 0)
        sum_rest += rest
        sum_rest_sq += rest * rest
        if cell.first_right:
            right += 1
            sum_rest_right += rest
        if cell.tries_to_right is not None:
            tries.append(cell.tries_to_right)
    n = len(cells)
    top, top_count = None, 0
    counter = wrong.get((bank_id, question_id))
    if counter:
        top_text, top_count = min(counter.items(), key=lambda item: (-item[1], item[0]))
        try:
            top = json.loads(top_text)
        except ValueError:  # a damaged stored answer: show its text rather than fail
            top = top_text
    return QuestionStats(
        bank=bank_id,
        question=question_id,
        attempts=attempts,
        students=n,
        facility=right / n if n else None,
        discrimination=_correlation(n, right, sum_rest, sum_rest_right, sum_rest_sq),
        most_chosen_wrong=top,
        most_chosen_wrong_count=top_count,
        median_attempts_to_right=float(statistics.median(tries)) if tries else None,
        scored=scored,
    )


def _written_stats(bank_id: str, question_id: str, cells: Mapping[str, Cell]) -> QuestionStats:
    """A written question: how many attempted it; no right, wrong or score (issue 15)."""
    return QuestionStats(
        bank=bank_id,
        question=question_id,
        attempts=sum(cell.attempts for cell in cells.values()),
        students=len(cells),
        facility=None,
        discrimination=None,
        most_chosen_wrong=None,
        most_chosen_wrong_count=0,
        median_attempts_to_right=None,
        scored=False,
        graded=False,
    )


def _with_hints(
    stats: QuestionStats, hints: Mapping[str, int] | None, cells: Mapping[str, Cell]
) -> QuestionStats:
    """``stats`` with ``hinted``: the share of its students who opened a hint (issue 15);
    left None when hint use is not recorded or nobody attempted."""
    if hints is None or not cells:
        return stats
    opened = sum(1 for student in cells if hints.get(student, 0) > 0)
    return dataclasses.replace(stats, hinted=opened / len(cells))


def point_biserial(item: list[int], rest: list[int]) -> float | None:
    """Pearson correlation of 0/1 ``item`` with ``rest``; None when undefined (see above)."""
    return _correlation(
        len(item),
        sum(item),
        sum(rest),
        sum(y for x, y in zip(item, rest, strict=True) if x),
        sum(y * y for y in rest),
    )


def _correlation(n: int, sx: int, sy: int, sxy: int, syy: int) -> float | None:
    """Pearson r of a 0/1 variable x with y from sums (x*x == x), in exact integers."""
    if n < 3:
        return None
    cov = n * sxy - sx * sy
    var_x = n * sx - sx * sx
    var_y = n * syy - sy * sy
    if var_x == 0 or var_y == 0:
        return None
    return cov / math.sqrt(var_x * var_y)


def _student_scores(
    bank_id: str,
    bank_cells: Mapping[str, Mapping[str, Cell]],
    scored: set[str],
    weights: Mapping[str, float] | None = None,
) -> list[StudentScore]:
    """Each student who attempted the bank, scored on the ``scored`` questions only, each
    weighing its ``points`` (``weights``; 1 when not given), as the quiz weighs them.

    A student whose only attempts are at unscored questions is still listed (with 0), so
    nobody who worked on the bank vanishes from the table.
    """

    def weight(question_id: str) -> float:
        return (weights or {}).get(question_id, 1.0)

    points: dict[str, float] = defaultdict(float)
    answered: dict[str, int] = defaultdict(int)
    for question_id, cells in bank_cells.items():
        counts = question_id in scored
        for student, cell in cells.items():
            points[student] += cell.best * weight(question_id) if counts else 0.0
            answered[student] += counts
    out_of_points = float(sum(weight(q) for q in scored))
    out_of: float = int(out_of_points) if out_of_points.is_integer() else out_of_points
    return [
        StudentScore(
            student=student,
            bank=bank_id,
            points=round(points[student], 6),
            out_of=out_of,
            score=round(points[student] / out_of, 6) if out_of else 0.0,
            answered=answered[student],
        )
        for student in sorted(points)
    ]
