"""The report page's charts, each with its short text and its numbers in a table beside it,
for the class (``bank=None``: every bank, each in its colour) or for one bank.

The same function makes both, so the class chart and a bank's chart always say the same
thing the same way; the bank's keeps its colour from the class chart.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from lessonquiz.report import charts
from lessonquiz.report.html_parts import e, figure, pct, table
from lessonquiz.report.model import ObjectiveShare, Report


def _style_index(banks: Sequence[str], bank: str) -> int:
    return list(banks).index(bank) if bank in banks else 0


def _name(chart: str, banks: Sequence[str], bank: str | None) -> str:
    """The chart's id on the page: unique, and safe in CSS whatever a bank is called."""
    return f"{chart}-{'class' if bank is None else _style_index(banks, bank)}"


def items(report: Report, banks: Sequence[str], bank: str | None = None) -> str:
    """Facility against discrimination: flagged items named, their numbers beside."""
    questions = [q for q in report.questions if q.graded and (bank is None or q.bank == bank)]
    marks = [q for q in questions if q.facility is not None and q.discrimination is not None]
    flagged = [(q, charts.flagged(q)) for q in questions if charts.flagged(q)]
    name = (lambda q: f"{q.bank}/{q.question}") if bank is None else (lambda q: q.question)
    says = (
        f"{len(flagged)} of {len(questions)} questions may be broken: "
        + "; ".join(f"{name(q)} ({', '.join(why)})" for q, why in flagged)
        + ". Shaded: negative discrimination, facility within 0.1 of 0 or 1."
        if flagged
        else f"None of the {len(questions)} questions is flagged."
    )
    if len(marks) < len(questions):
        says += (
            f" {len(questions) - len(marks)} without a point: discrimination n/a (under 3 "
            "students, or a side that does not vary)."
        )
    if bank is None:
        svg = charts.item_scatter(_name("items", banks, None), banks, report.questions)
        rows = [
            [e(q.bank), e(q.question), pct(q.facility), pct(q.discrimination), _flag(why)]
            for q, why in flagged
        ]
        numbers = table(
            "Flagged items (every item: in its bank's section)",
            ["bank", "question", "facility", "discrim.", "why"],
            rows,
            {2, 3},
        )
    else:
        svg = charts.item_scatter(
            _name("items", banks, bank), [bank], marks, _style_index(banks, bank)
        )
        rows = [
            [e(q.question), pct(q.facility), pct(q.discrimination), _flag(charts.flagged(q))]
            for q in questions
        ]
        numbers = table(
            f"Items of {bank}", ["question", "facility", "discrim.", "flag"], rows, {1, 2}
        )
    title = "Items: facility against discrimination" + ("" if bank is None else f", {bank}")
    return figure("items", title, svg, says, numbers, bank)


def _flag(why: list[str]) -> str:
    return f'<span class="flag">{e(", ".join(why))}</span>' if why else ""


def shares(report: Report, banks: Sequence[str], bank: str | None = None) -> str:
    """The class's share mastering each objective (of one bank, or every bank)."""
    found = [o for o in report.objectives if bank is None or o.bank == bank]
    if not found:
        return "<p>No bank file found: objectives unknown, no mastery.</p>"
    low = min(found, key=lambda o: (o.share, o.bank, o.objective))
    high = max(found, key=lambda o: (o.share, o.bank, o.objective))

    def label(o: ObjectiveShare) -> str:
        return f"{o.bank}: {o.objective}" if bank is None else o.objective

    says = (
        f"Most mastered: {label(high)} ({high.mastered} of {high.students} students); "
        f"least: {label(low)} ({low.mastered} of {low.students})."
    )
    head = ["objective", "questions", "mean", "mastered", "share"]
    rows = [
        [
            e(o.objective),
            str(o.questions),
            pct(o.mean),
            f"{o.mastered} of {o.students}",
            pct(o.share),
        ]
        for o in found
    ]
    if bank is None:
        head = ["bank", *head]
        rows = [[e(o.bank), *row] for o, row in zip(found, rows, strict=True)]
    else:  # a bank's own chart: each objective in words too
        for o, row in zip(found, rows, strict=True):
            row[0] += f'<br><span class="what">{e(o.text)}</span>'
    numeric = set(range(len(head) - 4, len(head)))
    numbers = table(f"Share at or above {report.threshold:.0%}", head, rows, numeric)
    svg = charts.objective_shares(
        _name("objectives", banks, bank), found, report.threshold, bank is None, list(banks)
    )
    what = "the class" if bank is None else bank
    return figure("objectives", f"Mastery per objective: {what}", svg, says, numbers, bank)


def scores(report: Report, banks: Sequence[str], bank: str | None = None) -> str:
    """The score distribution: a box per bank for the class, a bar per tenth for one bank."""
    by_bank: dict[str, list[float]] = {}
    for s in report.students:
        by_bank.setdefault(s.bank, []).append(s.score)
    bands = list(dict.fromkeys((b.low, b.high) for b in report.distribution))
    counts = {(b.bank, b.low): b.students for b in report.distribution}
    if bank is None:
        medians = {b: statistics.median(v) for b, v in by_bank.items()}
        low = min(medians, key=lambda b: (medians[b], b))
        says = (
            "Each bank's scores (best score per question, over the bank's questions): box from "
            "quartile to quartile, line at the median, whiskers to the lowest and highest. "
            f"Lowest median: {low} ({medians[low]:.2f})."
        )
        rows = [[e(b), *(str(counts.get((b, lo), 0)) for lo, _ in bands)] for b in banks]
        numbers = table(
            "Students per score band",
            ["bank", *(f"{lo:.1f}–{hi:.1f}" for lo, hi in bands)],
            rows,
            set(range(1, len(bands) + 1)),
        )
        svg = charts.score_boxes(_name("scores", banks, None), banks, by_bank)
        return figure("scores", "Score distribution", svg, says, numbers)
    values = sorted(by_bank.get(bank, []))
    q1, q2, q3 = charts.quartiles(values) if values else (0.0, 0.0, 0.0)
    below = sum(v < 0.5 for v in values)
    says = (
        f"{len(values)} students; median score {q2:.2f} (quartiles {q1:.2f} and {q3:.2f}); "
        f"{below} below half the bank's points."
    )
    mine = [b for b in report.distribution if b.bank == bank]
    rows = [[f"{b.low:.1f}–{b.high:.1f}", str(b.students)] for b in mine]
    numbers = table(f"Students per score band, {bank}", ["score", "students"], rows, {1})
    colour = charts.style(_style_index(banks, bank))
    svg = charts.score_bins(_name("scores", banks, bank), bank, mine, colour)
    return figure("scores", f"Score distribution: {bank}", svg, says, numbers, bank)


def days(report: Report, banks: Sequence[str], bank: str | None = None) -> str:
    """Attempts per UTC day, stacked by bank for the class."""
    found = [d for d in report.days if bank is None or d.bank == bank]
    if not found:
        return ""
    per_day: dict[str, int] = {}
    for d in found:
        per_day[d.day] = per_day.get(d.day, 0) + d.attempts
    busiest = max(per_day, key=lambda day: (per_day[day], day))
    says = (
        f"{sum(per_day.values())} attempts on {len(per_day)} days, from {min(per_day)} to "
        f"{max(per_day)}; the busiest was {busiest} ({per_day[busiest]} attempts)."
        if len(per_day) > 1
        else f"{per_day[busiest]} attempts, all on {busiest}."
    )
    if bank is None:
        rows = [
            [e(d.day), e(d.bank), str(d.attempts)]
            for d in sorted(found, key=lambda d: (d.day, d.bank))
        ]
        numbers = table("Attempts per day (UTC)", ["day", "bank", "attempts"], rows, {2})
        svg = charts.attempts_over_time(_name("days", banks, None), banks, found)
        return figure("days", "Attempts over time", svg, says, numbers)
    rows = [[e(d.day), str(d.attempts)] for d in found]
    numbers = table(f"Attempts per day (UTC), {bank}", ["day", "attempts"], rows, {1})
    svg = charts.attempts_over_time(
        _name("days", banks, bank), [bank], found, _style_index(banks, bank)
    )
    return figure("days", f"Attempts over time: {bank}", svg, says, numbers, bank)
