"""The HTML report's charts, written as inline SVG by hand: nothing fetched, text kept as text,
every mark carrying its numbers.

Why not a plotting library: matplotlib drew these charts first (issue #13 asks for a kept
library, the choice ours). On a class of 100,000 attempts it made the page miss its target:
importing it (and numpy) took 0.7 s of CPU, up to 3 s on this loaded machine, before the
first chart, and each set of axes cost about 0.1 s more; the page now has four class charts
and four per bank (28 for the six shipped banks). The charts are simple (points, bars and
boxes on linear axes), so writing their SVG takes the 400 lines below and milliseconds, adds
no dependency to the core, and is easier to make accessible than a library's output: each
chart is one ``<svg role="img">`` with a label that says what it shows, its labels are
``<text>``, and each mark holds a ``<title>`` with its numbers (shown on hover, and what the
tests read back against the raw attempts). The page puts each chart's short text and its
numbers in a table beside it, so nothing is only in the picture. Output is deterministic.

Why one module past 300 lines: the drawing primitives (``Frame``, markers, ticks) and the
four kinds of chart built from them change together (sizes, fonts, colours).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

from lessonquiz.report.html_parts import e
from lessonquiz.report.model import DayCount, ObjectiveShare, QuestionStats, ScoreBin

FLAG = "#b3261e"
"""Flagged items (and the colour of warnings on the page)."""
PLAIN = "#1f5fa8"
INK, SOFT, GRID = "#1d1d1f", "#555", "#d5d9de"
NEAR_EDGE = 0.1
"""Facility at or below this, or at or above 1 minus it, is flagged: the item tells little."""

BANK_STYLE = [
    ("#1f5fa8", "o"),
    ("#b35c00", "s"),
    ("#2a7a4b", "D"),
    ("#7b3fa3", "v"),
    ("#5f5f5f", "P"),
    ("#b0306f", "X"),
]
"""Colour and marker per bank (colour-blind safe, dark enough for text on white; the marker
tells banks apart without colour)."""

FONT = 11
"""Text size in the chart's own units (the chart scales with the page, the text with it)."""


def style(index: int) -> tuple[str, str]:
    return BANK_STYLE[index % len(BANK_STYLE)]


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


def text_width(text: str, size: float = FONT) -> float:
    """About how wide ``text`` is drawn (no font metrics without a renderer: 0.58 em a
    character, a little over the average of system sans-serif fonts)."""
    return 0.58 * size * len(text)


def n(value: float) -> str:
    """A coordinate: one decimal is finer than a screen or a printer shows."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


class Frame:
    """One chart: its size, its plot area inside the margins, and two linear scales."""

    def __init__(
        self,
        width: float,
        height: float,
        margins: tuple[float, float, float, float],
        xs: tuple[float, float],
        ys: tuple[float, float],
    ) -> None:
        self.width, self.height = width, height
        self.left, self.right, self.top, self.bottom = margins
        self.xs, self.ys = xs, ys
        self.parts: list[str] = []

    @property
    def inner(self) -> tuple[float, float, float, float]:
        """The plot area: x0, y0 (top), x1, y1 (bottom), in the chart's units."""
        return self.left, self.top, self.width - self.right, self.height - self.bottom

    def x(self, value: float) -> float:
        x0, _, x1, _ = self.inner
        return x0 + (value - self.xs[0]) / (self.xs[1] - self.xs[0]) * (x1 - x0)

    def y(self, value: float) -> float:
        _, y0, _, y1 = self.inner
        return y1 - (value - self.ys[0]) / (self.ys[1] - self.ys[0]) * (y1 - y0)

    def add(self, *parts: str) -> None:
        self.parts.extend(parts)

    def text(self, x: float, y: float, label: str, anchor: str = "middle", **extra: str) -> None:
        attrs = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in extra.items())
        self.add(f'<text x="{n(x)}" y="{n(y)}" text-anchor="{anchor}"{attrs}>{e(label)}</text>')

    def rect(self, x: float, y: float, w: float, h: float, fill: str, title: str = "") -> None:
        inside = f"<title>{e(title)}</title>" if title else ""
        self.add(
            f'<rect class="mark" x="{n(x)}" y="{n(y)}" width="{n(w)}" height="{n(h)}" '
            f'fill="{fill}">{inside}</rect>'
            if title
            else f'<rect x="{n(x)}" y="{n(y)}" width="{n(w)}" height="{n(h)}" fill="{fill}"/>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, **extra: str) -> None:
        attrs = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in extra.items())
        self.add(
            f'<line x1="{n(x1)}" y1="{n(y1)}" x2="{n(x2)}" y2="{n(y2)}" stroke="{stroke}"{attrs}/>'
        )

    def x_axis(self, ticks: Sequence[tuple[float, str]], label: str) -> None:
        x0, _, x1, y1 = self.inner
        self.line(x0, y1, x1, y1, SOFT)
        for value, name in ticks:
            x = self.x(value)
            self.line(x, y1, x, y1 + 4, SOFT)
            self.text(x, y1 + 6 + FONT, name)
        self.text((x0 + x1) / 2, self.height - 6, label)

    def y_axis(self, ticks: Sequence[tuple[float, str]], label: str) -> None:
        x0, y0, x1, y1 = self.inner
        self.line(x0, y0, x0, y1, SOFT)
        for value, name in ticks:
            y = self.y(value)
            self.line(x0 + 0.5, y, x1, y, GRID)
            self.line(x0 - 4, y, x0, y, SOFT)
            self.text(x0 - 6, y + FONT / 3, name, "end")
        middle = (y0 + y1) / 2
        self.text(12, middle, label, transform=f"rotate(-90 12 {n(middle)})")

    def svg(self, label: str) -> str:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n(self.width)} '
            f'{n(self.height)}" width="{n(self.width)}" height="{n(self.height)}" role="img" '
            f'aria-label="{e(label)}" font-family="system-ui, sans-serif" font-size="{FONT}" '
            f'fill="{INK}">' + "".join(self.parts) + "</svg>"
        )


def marker(
    shape: str, x: float, y: float, colour: str, title: str, r: float = 4.0, role: str = "mark"
) -> str:
    """One point, drawn as ``shape`` (matplotlib's letters: o s D v P X), its centre in
    ``data-x``/``data-y`` and its numbers in its ``<title>``; ``role`` "legend" for a
    legend's sample, which stands for no number."""
    cx, cy = n(x), n(y)
    common = f'class="{role}" data-x="{cx}" data-y="{cy}"'
    inside = f"<title>{e(title)}</title>"
    if shape == "o":
        return f'<circle {common} cx="{cx}" cy="{cy}" r="{n(r)}" fill="{colour}">{inside}</circle>'
    filled = {
        "s": f"M{n(x - r)} {n(y - r)}h{n(2 * r)}v{n(2 * r)}h{n(-2 * r)}z",
        "D": f"M{cx} {n(y - r * 1.2)}L{n(x + r)} {cy}L{cx} {n(y + r * 1.2)}L{n(x - r)} {cy}z",
        "v": f"M{n(x - r)} {n(y - r)}L{n(x + r)} {n(y - r)}L{cx} {n(y + r)}z",
    }
    if shape in filled:
        return f'<path {common} d="{filled[shape]}" fill="{colour}">{inside}</path>'
    strokes = {  # drawn with a thick stroke
        "P": f"M{n(x - r)} {cy}H{n(x + r)}M{cx} {n(y - r)}V{n(y + r)}",
        "X": f"M{n(x - r)} {n(y - r)}L{n(x + r)} {n(y + r)}"
        f"M{n(x + r)} {n(y - r)}L{n(x - r)} {n(y + r)}",
    }
    return (
        f'<path {common} d="{strokes.get(shape, strokes["X"])}" stroke="{colour}" '
        f'stroke-width="2.4" fill="none">{inside}</path>'
    )


def nice_ticks(top: float, most: int = 5) -> tuple[float, list[float]]:
    """An axis end at or above ``top`` and round ticks up to it (steps of 1, 2 or 5 x 10^k)."""
    if top <= 0:
        return 1.0, [0.0, 1.0]
    magnitude = 10 ** math.floor(math.log10(top / most))
    step = next(m * magnitude for m in (1, 2, 5, 10) if top / (m * magnitude) <= most)
    step = max(step, 1.0) if top >= 1 else step
    end = math.ceil(top / step - 1e-9) * step
    return end, [i * step for i in range(round(end / step) + 1)]


def count_ticks(top: float) -> tuple[float, list[tuple[float, str]]]:
    """``nice_ticks`` named as counts are written (``12,000``)."""
    end, ticks = nice_ticks(top)
    return end, [(t, f"{t:,.0f}" if end >= 5 else f"{t:g}") for t in ticks]


def left_for(ticks: Sequence[tuple[float, str]]) -> float:
    """The left margin that holds the y axis's label and its widest tick label."""
    return 30 + max((text_width(name) for _, name in ticks), default=0)


def _share_ticks() -> list[tuple[float, str]]:
    return [(v, f"{v:g}") for v in (0, 0.25, 0.5, 0.75, 1)]


def _legend(frame: Frame, banks: Sequence[str], start: int = 0) -> None:
    x = frame.width - frame.right + 14
    for i, bank in enumerate(banks):
        colour, shape = style(start + i)
        y = frame.top + 8 + i * (FONT + 7)
        frame.add(marker(shape, x, y - FONT / 3, colour, bank, role="legend"))
        frame.text(x + 9, y, bank, "start")


def item_scatter(
    banks: Sequence[str], questions: Sequence[QuestionStats], first_style: int = 0
) -> str:
    """Facility against discrimination, one point per question, a colour and marker per bank
    (one bank: no legend); the zones where an item may be broken are shaded, and the points
    there labelled with their question id."""
    legend = len(banks) > 1
    right = 16 + max((text_width(b) for b in banks), default=0) + 14 if legend else 16
    frame = Frame(480, 300, (48, right, 10, 38), (0, 1), (-1, 1))
    x0, y0, x1, y1 = frame.inner
    zone = f'fill="{FLAG}" fill-opacity="0.08"'
    frame.add(
        f'<rect x="{n(x0)}" y="{n(frame.y(0))}" width="{n(x1 - x0)}" '
        f'height="{n(y1 - frame.y(0))}" {zone}/>',
        f'<rect x="{n(x0)}" y="{n(y0)}" width="{n(frame.x(NEAR_EDGE) - x0)}" '
        f'height="{n(y1 - y0)}" {zone}/>',
        f'<rect x="{n(frame.x(1 - NEAR_EDGE))}" y="{n(y0)}" '
        f'width="{n(x1 - frame.x(1 - NEAR_EDGE))}" height="{n(y1 - y0)}" {zone}/>',
    )
    frame.x_axis(_share_ticks(), "facility (share right first time)")
    frame.y_axis([(v, f"{v:g}") for v in (-1, -0.5, 0, 0.5, 1)], "discrimination")
    frame.line(x0, frame.y(0), x1, frame.y(0), SOFT)
    for i, bank in enumerate(banks):
        colour, shape = style(first_style + i)
        for q in questions:
            if q.bank != bank or q.facility is None or q.discrimination is None:
                continue
            x, y = frame.x(q.facility), frame.y(q.discrimination)
            name = f"{bank}/{q.question}" if legend else q.question
            why = flagged(q)
            title = f"{name}: facility {q.facility:.2f}, discrimination {q.discrimination:.2f}"
            frame.add(marker(shape, x, y, colour, title + (f" ({', '.join(why)})" if why else "")))
            if why:
                anchor = "end" if q.facility > 0.8 else "start"
                frame.text(
                    x + (-6 if anchor == "end" else 6),
                    y - 5,
                    q.question,
                    anchor,
                    fill=FLAG,
                    font_size="9.5",
                )
    if legend:
        _legend(frame, banks, first_style)
    what = "every question, by bank" if legend else f"the questions of {banks[0]}"
    return frame.svg(f"Facility against discrimination for {what}")


def objective_shares(shares: Sequence[ObjectiveShare], threshold: float, names: bool) -> str:
    """The share of each bank's students at or above the threshold, one bar per objective
    (labelled ``bank: objective`` when ``names``, for the class chart; else the objective)."""
    banks = list(dict.fromkeys(s.bank for s in shares))
    labels = [f"{s.bank}: {s.objective}" if names else s.objective for s in shares]
    left = 12 + max((text_width(label) for label in labels), default=0)
    row = 18
    frame = Frame(
        480 + max(0, left - 150), 20 + row * len(shares) + 38, (left, 36, 10, 38), (0, 1), (0, 1)
    )
    x0, y0, _, _ = frame.inner
    for i, (share, label) in enumerate(zip(shares, labels, strict=True)):
        top = y0 + i * row + 3
        colour = style(banks.index(share.bank))[0]
        title = f"{label}: {share.mastered} of {share.students} students, share {share.share:.2f}"
        frame.rect(x0, top, frame.x(share.share) - x0, row - 6, colour, title)
        frame.text(x0 - 6, top + row / 2, label, "end")
        frame.text(frame.x(share.share) + 4, top + row / 2, f"{share.share:.2f}", "start")
    frame.line(frame.x(0.5), y0, frame.x(0.5), frame.inner[3], SOFT, stroke_dasharray="2 3")
    frame.x_axis(_share_ticks(), f"share of students at or above {threshold:.0%} mastery")
    what = "each objective, by bank" if names else f"each objective of {banks[0]}"
    return frame.svg(f"Share of the class mastering {what}")


DOTS_UP_TO = 150
"""Students per bank up to which each is drawn as a dot beside the box (more are a blur, and
cost a drawing element each)."""


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """First quartile, median, third quartile (linear between data points, as numpy's default)."""
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def score_boxes(banks: Sequence[str], scores: dict[str, list[float]]) -> str:
    """Each bank's score distribution: a box from quartile to quartile, a line at the median,
    whiskers to the lowest and highest score, and a dot per student when the bank has at most
    ``DOTS_UP_TO`` students."""
    bottom = 16 + max((text_width(b, 10) for b in banks), default=0) * 0.6
    frame = Frame(480, 200 + bottom, (52, 12, 10, bottom), (0, len(banks)), (0, 1))
    frame.y_axis([(v, f"{v:g}") for v in (0, 0.25, 0.5, 0.75, 1)], "score (share of the bank)")
    _, _, _, y1 = frame.inner
    frame.line(frame.left, y1, frame.width - frame.right, y1, SOFT)
    for i, bank in enumerate(banks):
        values = sorted(scores.get(bank, []))
        middle = frame.x(i + 0.5)
        frame.text(
            middle + 4,
            y1 + 12,
            bank,
            "end",
            font_size="10",
            transform=f"rotate(-35 {n(middle + 4)} {n(y1 + 12)})",
        )
        if not values:
            continue
        colour = style(i)[0]
        q1, q2, q3 = quartiles(values)
        half = 0.22 * (frame.x(1) - frame.x(0))
        frame.line(middle, frame.y(values[0]), middle, frame.y(q1), SOFT)
        frame.line(middle, frame.y(q3), middle, frame.y(values[-1]), SOFT)
        title = (
            f"{bank}: {len(values)} students, lowest {values[0]:.2f}, quartiles {q1:.2f}, "
            f"{q2:.2f}, {q3:.2f}, highest {values[-1]:.2f}"
        )
        frame.add(
            f'<rect class="mark" x="{n(middle - half)}" y="{n(frame.y(q3))}" '
            f'width="{n(2 * half)}" height="{n(frame.y(q1) - frame.y(q3))}" fill="{colour}" '
            f'fill-opacity="0.18" stroke="{colour}"><title>{e(title)}</title></rect>'
        )
        frame.line(middle - half, frame.y(q2), middle + half, frame.y(q2), INK, stroke_width="2")
        if len(values) <= DOTS_UP_TO:
            dots = [
                f'<circle cx="{n(middle + half + 4 + 8 * (k % 3))}" cy="{n(frame.y(v))}" r="1.6"/>'
                for k, v in enumerate(values)
            ]
            frame.add(f'<g fill="{colour}" fill-opacity="0.7">{"".join(dots)}</g>')
    return frame.svg("Score distribution per bank")


def score_bins(bank: str, bins: Sequence[ScoreBin], colour: str) -> str:
    """One bank's students per tenth of the score, a bar each."""
    top, ticks = count_ticks(max((b.students for b in bins), default=0))
    frame = Frame(480, 240, (left_for(ticks), 12, 10, 40), (0, 1), (0, top))
    frame.y_axis(ticks, "students")
    for b in bins:
        x, width = frame.x(b.low) + 1, frame.x(b.high) - frame.x(b.low) - 2
        title = f"score {b.low:.1f}–{b.high:.1f}: {b.students} students"
        frame.rect(x, frame.y(b.students), width, frame.y(0) - frame.y(b.students), colour, title)
    frame.x_axis([(v / 10, f"{v / 10:g}") for v in range(0, 11, 2)], "score (share of the bank)")
    return frame.svg(f"Score distribution of {bank}: students per tenth of the score")


def attempts_over_time(banks: Sequence[str], days: Sequence[DayCount], first_style: int = 0) -> str:
    """Attempts per UTC day, a bar per day, stacked one colour per bank (one bank: one colour)."""
    dates = sorted({d.day for d in days})
    counts = {(d.day, d.bank): d.attempts for d in days}
    totals = [sum(counts.get((day, b), 0) for b in banks) for day in dates]
    legend = len(banks) > 1
    right = 16 + max((text_width(b) for b in banks), default=0) + 14 if legend else 12
    top, ticks = count_ticks(max(totals, default=0))
    frame = Frame(480, 260, (left_for(ticks), right, 10, 70), (0, max(1, len(dates))), (0, top))
    frame.y_axis(ticks, "attempts")
    _, _, _, y1 = frame.inner
    frame.line(frame.left, y1, frame.width - frame.right, y1, SOFT)
    slot = frame.x(1) - frame.x(0)
    for i, day in enumerate(dates):
        below = 0
        for j, bank in enumerate(banks):
            value = counts.get((day, bank), 0)
            if not value:
                continue
            title = f"{day}, {bank}: {value} attempts" if legend else f"{day}: {value} attempts"
            width = min(0.7 * slot, 48)
            x = frame.x(i + 0.5) - width / 2
            frame.rect(
                x,
                frame.y(below + value),
                width,
                frame.y(below) - frame.y(below + value),
                style(first_style + j)[0],
                title,
            )
            below += value
        middle = frame.x(i + 0.5)
        frame.text(
            middle,
            y1 + 10,
            day,
            "end",
            font_size="9.5",
            transform=f"rotate(-35 {n(middle)} {n(y1 + 10)})",
        )
    if legend:
        _legend(frame, banks, first_style)
    what = "all banks" if legend else banks[0]
    return frame.svg(f"Attempts per day, {what}")
