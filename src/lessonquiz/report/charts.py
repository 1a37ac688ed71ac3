"""The HTML report's charts, drawn with matplotlib as inline SVG (nothing fetched, text kept).

Why matplotlib: it is the plotting library the lessons already teach and the ``lab`` extra
already installs, it is kept and packaged everywhere, and its SVG backend writes a page
that needs no JavaScript and no network. With ``svg.fonttype = none`` the labels stay text
(smaller, selectable, readable by a screen reader's find); ``svg.hashsalt`` and no date make
the output reproducible. Only this module imports matplotlib, and only the HTML report
imports this module: the core and the other report formats never pay for it.

Each function returns one ``<svg>`` element; the page puts its text and its numbers beside it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import matplotlib

matplotlib.use("svg")  # before any figure: no GUI backend, no display needed

from matplotlib.figure import Figure

from lessonquiz.report.model import (
    DayCount,
    Mastery,
    ObjectiveShare,
    QuestionStats,
)

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "lessonquiz",
        "font.size": 8,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)

FLAG = "#b3261e"
"""Flagged items (and the colour of warnings on the page)."""
PLAIN = "#1f5fa8"
NEAR_EDGE = 0.1
"""Facility at or below this, or at or above 1 minus it, is flagged: the item tells little."""

_HEAD = re.compile(r"^.*?(?=<svg)", re.S)


def _svg(figure: Figure, label: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = _HEAD.sub("", buffer.getvalue(), count=1)
    return text.replace("<svg ", f'<svg role="img" aria-label="{_attr(label)}" ', 1)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


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


BANK_STYLE = [
    ("#1f5fa8", "o"),
    ("#e08a00", "s"),
    ("#2a8c55", "D"),
    ("#8a4fb0", "v"),
    ("#6b6b6b", "P"),
    ("#c2417d", "X"),
]
"""Colour and marker per bank (colour-blind safe colours; the marker tells them apart too)."""


def style(index: int) -> tuple[str, str]:
    return BANK_STYLE[index % len(BANK_STYLE)]


def item_scatter(banks: Sequence[str], questions: Sequence[QuestionStats]) -> str:
    """Facility against discrimination, one point per question, a colour and marker per bank;
    the zones where an item may be broken are shaded and its points labelled."""
    figure = Figure(figsize=(6.4, 4.2))
    figure.subplots_adjust(left=0.1, right=0.78, bottom=0.12, top=0.97)
    axes = figure.add_subplot()
    axes.axhspan(-1, 0, color=FLAG, alpha=0.07, linewidth=0)
    for edge in (0, 1 - NEAR_EDGE):
        axes.axvspan(edge, edge + NEAR_EDGE, color=FLAG, alpha=0.07, linewidth=0)
    for i, bank in enumerate(banks):
        points = [
            q
            for q in questions
            if q.bank == bank and q.discrimination is not None and q.facility is not None
        ]
        colour, marker = style(i)
        axes.scatter(
            [q.facility for q in points],
            [q.discrimination for q in points],
            color=colour,
            marker=marker,
            s=22,
            label=bank,
        )
        for q in points:
            if flagged(q):
                axes.annotate(
                    q.question,
                    (q.facility, q.discrimination),
                    fontsize=6.5,
                    xytext=(3, 3),
                    textcoords="offset points",
                    color=FLAG,
                )
    axes.set_xlim(0, 1)
    axes.set_ylim(-1, 1)
    axes.axhline(0, color="#555", linewidth=0.6)
    axes.set_xlabel("facility (share right first time)")
    axes.set_ylabel("discrimination")
    axes.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _svg(figure, "Facility against discrimination for every question, by bank")


def mastery_grid(
    students: Sequence[str], columns: Sequence[tuple[str, str]], rows: Sequence[Mastery]
) -> str:
    """Students (rows) by objectives (columns, ``(bank, objective)``), shade = mastery; a
    student who did not take a bank is left blank there."""
    index = {s: i for i, s in enumerate(students)}
    column = {c: j for j, c in enumerate(columns)}
    nan = float("nan")
    grid = [[nan] * len(columns) for _ in students]
    for m in rows:
        grid[index[m.student]][column[(m.bank, m.objective)]] = m.mastery
    height = min(40.0, 1.6 + 0.13 * len(students))
    figure = Figure(figsize=(1.8 + 0.3 * len(columns), height))
    figure.subplots_adjust(left=0.2, right=0.9, bottom=1.4 / height, top=1 - 0.1 / height)
    axes = figure.add_subplot()
    image = axes.imshow(
        grid, vmin=0, vmax=1, cmap="cividis", aspect="auto", interpolation="nearest"
    )
    axes.set_xticks(
        range(len(columns)), [f"{b}: {o}" for b, o in columns], rotation=60, ha="right", fontsize=6
    )
    axes.set_yticks(range(len(students)), students, fontsize=5.5)
    figure.colorbar(image, ax=axes, label="mastery", shrink=0.5, pad=0.02)
    return _svg(figure, "Mastery grid: students by objectives, all banks")


def objective_shares(shares: Sequence[ObjectiveShare], threshold: float) -> str:
    """The share of each bank's students at or above the threshold, one bar per objective."""
    figure = Figure(figsize=(6.4, 0.8 + 0.2 * len(shares)))
    figure.subplots_adjust(left=0.42, right=0.97, bottom=0.5 / (0.8 + 0.2 * len(shares)), top=0.98)
    axes = figure.add_subplot()
    banks = list(dict.fromkeys(s.bank for s in shares))
    names = [f"{s.bank}: {s.objective}" for s in shares][::-1]
    colours = [style(banks.index(s.bank))[0] for s in shares][::-1]
    axes.barh(names, [s.share for s in shares][::-1], color=colours)
    axes.tick_params(axis="y", labelsize=6.5)
    axes.set_xlim(0, 1)
    axes.axvline(0.5, color="#555", linewidth=0.5, linestyle=":")
    axes.set_xlabel(f"share of students at or above {threshold:.0%} mastery")
    return _svg(figure, "Share of the class mastering each objective")


DOTS_UP_TO = 150
"""Students per bank up to which each is drawn as a dot beside the box (more are a blur, and
cost a drawing element each)."""


def score_boxes(banks: Sequence[str], scores: dict[str, list[float]]) -> str:
    """Each bank's score distribution: a box (quartiles, median), every student a dot when the
    bank has at most ``DOTS_UP_TO`` students."""
    figure = Figure(figsize=(6.4, 2.8))
    figure.subplots_adjust(left=0.08, right=0.98, bottom=0.22, top=0.97)
    axes = figure.add_subplot()
    data = [scores.get(bank, []) for bank in banks]
    axes.boxplot(data, widths=0.5, showfliers=False)
    for i, values in enumerate(data, start=1):
        n = len(values)
        if n > DOTS_UP_TO:
            continue
        xs = [i - 0.18 + 0.36 * (k / max(1, n - 1)) for k in range(n)]
        axes.scatter(xs, sorted(values), s=5, color=style(i - 1)[0], alpha=0.6)
    axes.set_xticks(range(1, len(banks) + 1), banks, rotation=20, ha="right")
    axes.set_ylim(0, 1.02)
    axes.set_ylabel("score (share of the bank)")
    return _svg(figure, "Score distribution per bank")


def attempts_over_time(banks: Sequence[str], days: Sequence[DayCount]) -> str:
    """Attempts per UTC day, one stacked colour per bank."""
    dates = sorted({d.day for d in days})
    counts = {(d.day, d.bank): d.attempts for d in days}
    figure = Figure(figsize=(6.4, 2.8))
    figure.subplots_adjust(left=0.1, right=0.78, bottom=0.25, top=0.97)
    axes = figure.add_subplot()
    bottom = [0] * len(dates)
    for i, bank in enumerate(banks):
        values = [counts.get((day, bank), 0) for day in dates]
        axes.bar(dates, values, bottom=bottom, label=bank, color=style(i)[0])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_ylabel("attempts")
    axes.tick_params(axis="x", rotation=35, labelsize=6.5)
    axes.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _svg(figure, "Attempts per day, all banks")
