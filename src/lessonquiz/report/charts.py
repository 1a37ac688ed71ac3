"""The HTML report's charts, drawn by pygal as inline SVG (``svg_chart`` says how we use it:
nothing fetched, no script, deterministic, accessible), every mark carrying its numbers.

Why pygal (issue #13 asks for a kept plotting library, the choice ours): it is pure Python,
kept by Kozea (the WeasyPrint team), writes SVG itself (no renderer, no numpy) and is cheap.
Measured on a quiet machine for the page's 28 charts (four for the class, four per bank for
the six shipped banks): matplotlib cost 590 ms to import and 1,468 ms to draw them, so the
page over 100,000 attempts missed its "under 2 s" target (with hand-written SVG it took
1.115 s); pygal 3.1.3 cost 74 ms to import and 178 ms to draw them. Re-measured with this
module on a shared machine: ``import pygal`` 47 to 76 ms (five fresh processes) and the 28
charts for a simulated class of 30 in 124 ms (median of 7) at load average 1.4; the page over
102,803 attempts in 1.04 s from the command line, 1.30 times the table report, at load
average 1.9 to 2.4 (``benchmarks/bench_report.py``; target at most 3 times, and under 2 s).

The page puts each chart's short text and its numbers in a table beside it, so nothing is
only in the picture. Flagged items are drawn as a ring and labelled with their question id
(not by colour alone). The quartiles of a box are ours (numpy's default, as the tables say),
not pygal's own definition: see ``score_boxes``.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from typing import Any

from lessonquiz.report.model import DayCount, ObjectiveShare, QuestionStats, ScoreBin
from lessonquiz.report.svg_chart import new_chart

FLAG = "#b3261e"
"""Flagged items (and the colour of warnings on the page)."""
ZONE = "#f7dcd9"
"""The shaded zones where an item may be broken (pale: the points over it stay readable)."""
NEAR_EDGE = 0.1
"""Facility at or below this, or at or above 1 minus it, is flagged: the item tells little."""

BANK_COLOURS = ("#1f5fa8", "#b35c00", "#2a7a4b", "#7b3fa3", "#5f5f5f", "#b0306f")
"""A colour per bank (colour-blind safe, dark enough for text on white)."""


def style(index: int) -> str:
    """The colour of the bank at ``index`` among the report's banks."""
    return BANK_COLOURS[index % len(BANK_COLOURS)]


def flagged(q: QuestionStats) -> list[str]:
    """Why an item may be broken, in words (empty when nothing is wrong with it)."""
    reasons = []
    if q.discrimination is not None and q.discrimination < 0:
        reasons.append("negative discrimination")
    if q.facility is not None and q.facility <= NEAR_EDGE:
        reasons.append("facility near 0")
    if q.facility is not None and q.facility >= 1 - NEAR_EDGE:
        reasons.append("facility near 1")
    return reasons


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """First quartile, median, third quartile (linear between data points, as numpy's default)."""
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def _colour_of(bank: str, banks: Sequence[str]) -> str:
    return style(list(banks).index(bank) if bank in banks else 0)


def _text(words: str) -> Callable[[object], str]:
    return lambda _value: words


def item_scatter(
    name: str, banks: Sequence[str], questions: Sequence[QuestionStats], first_style: int = 0
) -> str:
    """Facility against discrimination, one point per question, a colour per bank (one bank:
    no legend); the zones where an item may be broken are shaded, the points there drawn as a
    ring and labelled with their question id."""
    legend = len(banks) > 1
    chart = new_chart(
        "XY",
        name,
        "Facility against discrimination for "
        + ("every question, by bank" if legend else f"the questions of {banks[0]}"),
        [ZONE] * 3 + [style(first_style + i) for i in range(len(banks))],
        labels=FLAG,
        height=330 if legend else 300,
        stroke=False,
        dots_size=4,
        print_labels=True,
        show_legend=legend,
        legend_at_bottom_columns=3,
        xrange=(0, 1),
        range=(-1, 1),
        x_labels=[0, 0.25, 0.5, 0.75, 1],
        y_labels=[-1, -0.5, 0, 0.5, 1],
        x_title="facility (share right first time)",
        y_title="discrimination",
    )
    zones = [[(0, -1), (1, -1)], [(0, 1), (NEAR_EDGE, 1)], [(1 - NEAR_EDGE, 1), (1, 1)]]
    for zone in zones:  # a line filled down to 0: negative discrimination, then the edges
        chart.add(None, zone, stroke=True, fill=True, show_dots=False)
    for bank in banks:
        points = []
        for q in questions:
            if q.bank != bank or q.facility is None or q.discrimination is None:
                continue
            why = flagged(q)
            words = (
                f"{bank}/{q.question}" if legend else q.question
            ) + f": facility {q.facility:.2f}, discrimination {q.discrimination:.2f}"
            point: dict[str, Any] = {
                "value": (q.facility, q.discrimination),
                "formatter": _text(words + (f" ({', '.join(why)})" if why else "")),
            }
            if why:
                point["label"] = q.question
                point["node"] = {"r": 5, "style": f"fill:#fff;stroke:{FLAG};stroke-width:2.5px"}
            points.append(point)
        chart.add(bank, points)
    return str(chart.render())


def objective_shares(
    name: str,
    shares: Sequence[ObjectiveShare],
    threshold: float,
    names: bool,
    banks: Sequence[str],
) -> str:
    """The share of each bank's students at or above the threshold, one bar per objective
    (labelled ``bank: objective`` when ``names``, for the class chart; else the objective)."""
    shares = list(reversed(shares))  # pygal draws a horizontal chart's first bar at the foot
    labels = [f"{s.bank}: {s.objective}" if names else s.objective for s in shares]
    chart = new_chart(
        "HorizontalBar",
        name,
        "Share of the class mastering "
        + ("each objective, by bank" if names else f"each objective of {shares[0].bank}"),
        [_colour_of(shares[0].bank, banks)],
        height=70 + 22 * len(shares),
        show_legend=False,
        range=(0, 1),
        x_labels=labels,
        y_labels=[0, 0.25, 0.5, 0.75, 1],
        x_title=f"share of students at or above {threshold:.0%} mastery",
    )
    bars = []
    for share, label in zip(shares, labels, strict=True):
        words = f"{label}: {share.mastered} of {share.students} students, share {share.share:.2f}"
        bar: dict[str, Any] = {"value": share.share, "formatter": _text(words)}
        if names:
            bar["color"] = _colour_of(share.bank, banks)
        bars.append(bar)
    chart.add("share", bars)
    return str(chart.render())


def score_boxes(name: str, banks: Sequence[str], scores: dict[str, list[float]]) -> str:
    """Each bank's score distribution: a box from quartile to quartile, a line at the median,
    whiskers to the lowest and highest score.

    pygal computes quartiles its own way (Mendenhall and Sincich); the report's are numpy's
    default (``quartiles``), and the tables and the text beside say those. So pygal is given
    eight numbers, each quartile twice between the extremes, whose quartiles by its rule are
    exactly ours: lowest, q1, q1, q2, q2, q3, q3, highest."""
    chart = new_chart(
        "Box",
        name,
        "Score distribution per bank",
        [style(i) for i in range(len(banks))],
        height=300,
        box_mode="extremes",
        show_legend=False,
        range=(0, 1),
        y_labels=[0, 0.25, 0.5, 0.75, 1],
        x_label_rotation=35,
        x_labels=list(banks),
        y_title="score (share of the bank)",
    )
    for bank in banks:
        values = sorted(scores.get(bank, []))
        if not values:  # pygal draws an empty series as a box at 0: say so
            chart.add(bank, [], formatter=_text(f"{bank}: no student scored"))
            continue
        q1, q2, q3 = quartiles(values)
        words = (
            f"{bank}: {len(values)} students, lowest {values[0]:.2f}, quartiles {q1:.2f}, "
            f"{q2:.2f}, {q3:.2f}, highest {values[-1]:.2f}"
        )
        five = [values[0], q1, q1, q2, q2, q3, q3, values[-1]]
        chart.add(bank, five, formatter=_text(words))
    return str(chart.render())


def score_bins(name: str, bank: str, bins: Sequence[ScoreBin], colour: str) -> str:
    """One bank's students per tenth of the score, a bar each."""
    chart = new_chart(
        "Bar",
        name,
        f"Score distribution of {bank}: students per tenth of the score",
        [colour],
        height=260,
        show_legend=False,
        x_labels=[f"{b.low:.1f}–{b.high:.1f}" for b in bins],
        x_label_rotation=35,
        x_title="score (share of the bank)",
        y_title="students",
        min_scale=2,
        max_scale=6,
    )
    chart.add(
        "students",
        [
            {
                "value": b.students,
                "formatter": _text(f"score {b.low:.1f}–{b.high:.1f}: {b.students} students"),
            }
            for b in bins
        ],
    )
    return str(chart.render())


def attempts_over_time(
    name: str, banks: Sequence[str], days: Sequence[DayCount], first_style: int = 0
) -> str:
    """Attempts per UTC day, a bar per day, stacked one colour per bank (one bank: one colour)."""
    dates = sorted({d.day for d in days})
    counts = {(d.day, d.bank): d.attempts for d in days}
    legend = len(banks) > 1
    chart = new_chart(
        "StackedBar",
        name,
        f"Attempts per day, {'all banks' if legend else banks[0]}",
        [style(first_style + i) for i in range(len(banks))],
        height=320 if legend else 280,
        show_legend=legend,
        legend_at_bottom_columns=3,
        x_labels=dates,
        x_label_rotation=35,
        y_title="attempts",
        min_scale=2,
        max_scale=6,
    )
    for bank in banks:  # a day without a bank's attempts: a bar of 0 (drawn as nothing)
        bars = []
        for day in dates:
            value = counts.get((day, bank), 0)
            words = f"{day}, {bank}: {value} attempts" if legend else f"{day}: {value} attempts"
            bars.append({"value": value, "formatter": _text(words)})
        chart.add(bank, bars)
    return str(chart.render())
