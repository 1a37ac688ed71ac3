"""The report page's per-bank sections and its CSS-drawn pictures (mastery grid, options).

A bank's section opens with its four charts (``html_figures``), then its tables.

A grid of 200 students by 20 objectives, or a bar per option of every question, is drawn
here as a table whose cells are shaded or hold a bar: the picture and its numbers are the
same element, so a screen reader reads the numbers and a printout keeps them, and it costs
nothing like a plotting library's axes per question.
"""

from __future__ import annotations

import functools
import statistics
from collections.abc import Sequence

from lessonquiz.report import html_figures
from lessonquiz.report.charts import flagged
from lessonquiz.report.html_parts import e, pct, table
from lessonquiz.report.model import Report
from lessonquiz.report.render import compact

LOW, HIGH = (0, 32, 77), (255, 234, 70)
"""The grid's colours for mastery 0 and 1 (the ends of matplotlib's colour-blind safe cividis)."""


@functools.lru_cache(maxsize=1024)  # mastery shares are few distinct values (k of n)
def shade(value: float) -> str:
    """Inline style for a grid cell: the colour of ``value``, its text black or white, whichever
    contrasts more (WCAG relative luminance), so every shade stays readable."""
    rgb = [round(lo + (hi - lo) * value) for lo, hi in zip(LOW, HIGH, strict=True)]

    def channel(c: int) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
    ink = "#000" if luminance > 0.179 else "#fff"
    return f"background:rgb({rgb[0]},{rgb[1]},{rgb[2]});color:{ink}"


def mastery_grid(report: Report) -> str:
    """Students by objectives, each cell its mastery, shaded; blank where a bank was not taken."""
    if not report.mastery:
        return ""
    columns = [(o.bank, o.objective) for o in report.objectives]
    grid: dict[str, dict[tuple[str, str], float]] = {}
    for m in report.mastery:
        grid.setdefault(m.student, {})[(m.bank, m.objective)] = m.mastery
    weakest = sorted(grid, key=lambda s: (statistics.fmean(grid[s].values()), s))[:3]
    head = "".join(f'<th scope="col" class="n">{e(b)}:<br>{e(o)}</th>' for b, o in columns)
    rows = []
    for student in sorted(grid):
        cells = []
        for column in columns:
            value = grid[student].get(column)
            cells.append(
                "<td></td>"
                if value is None
                else f'<td class="n" style="{shade(value)}">{pct(value)}</td>'
            )
        rows.append(f'<tr><th scope="row">{e(student)}</th>{"".join(cells)}</tr>')
    return (
        "<h3>Mastery grid: students by objectives</h3>"
        '<p class="says">Each row a student, each column an objective (bank: objective), the '
        "share of its questions right first time; darker is lower, blank: bank not taken. "
        f"Lowest on average: {e(', '.join(weakest))}.</p>"
        '<div class="grid" data-chart="mastery grid" tabindex="0" role="region" '
        'aria-label="Mastery grid"><table><caption>Mastery, students by objectives</caption>'
        f'<thead><tr><th scope="col">student</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def bank_section(report: Report, bank: str, banks: Sequence[str]) -> str:
    """One bank's section: its four charts (as the class's, for this bank), then its items,
    options chosen and who needs help."""
    title = report.titles.get(bank, bank)
    questions = [q for q in report.questions if q.bank == bank]
    rows = [
        [
            e(q.question),
            str(q.attempts),
            str(q.students),
            pct(q.facility),
            pct(q.discrimination),
            f'<span class="flag">{e(", ".join(flagged(q)))}</span>',
            e(
                q.most_chosen_wrong
                if isinstance(q.most_chosen_wrong, str)
                else compact(q.most_chosen_wrong)
            )
            + (f" ({q.most_chosen_wrong_count})" if q.most_chosen_wrong_count else ""),
        ]
        for q in questions
    ]
    help_rows = [
        [e(h.student), e(h.objective), pct(h.mastery), e(", ".join(h.questions))]
        for h in report.help
        if h.bank == bank
    ]
    return "\n".join(
        [
            f'<section id="bank-{e(bank)}" aria-labelledby="h-{e(bank)}">',
            f'<h2 id="h-{e(bank)}">{e(title)} <small>({e(bank)})</small></h2>',
            html_figures.items(report, banks, bank),
            html_figures.shares(report, banks, bank),
            html_figures.scores(report, banks, bank),
            html_figures.days(report, banks, bank),
            "<h3>Every item</h3>",
            table(
                "Items",
                [
                    "question",
                    "attempts",
                    "students",
                    "facility",
                    "discrim.",
                    "flag",
                    "most-chosen wrong (times)",
                ],
                rows,
                {1, 2, 3, 4},
            ),
            "<h3>Options chosen</h3>",
            _options(report, bank),
            "<h3>Who needs help</h3>",
            f'<p class="says">{len({h[0] for h in help_rows})} students below '
            f"{report.threshold:.0%} on at least one objective, with the questions not right "
            "first time.</p>"
            if help_rows
            else f"<p>Nobody below {report.threshold:.0%} on any objective.</p>",
            table(
                "Who needs help", ["student", "objective", "mastery", "questions"], help_rows, {2}
            )
            if help_rows
            else "",
            "</section>",
        ]
    )


def _options(report: Report, bank: str) -> str:
    options = [o for o in report.options if o.bank == bank]
    if not options:
        return "<p>No question with options here (or no bank file).</p>"
    tables = []
    for question in dict.fromkeys(o.question for o in options):
        mine = [o for o in options if o.question == question]
        top = max(o.count for o in mine) or 1
        slotted = any(o.slot for o in mine)
        rows, previous = [], None
        for o in mine:
            width = round(5 * o.count / top, 2)
            bar = f'<span class="bar{" key" if o.key else ""}" style="width:{width}rem"></span>'
            mark = ' <span class="key">✓ key</span>' if o.key else ""
            cells = [e(o.option) + mark, f'<span class="count">{bar}{o.count}</span>']
            if slotted:  # a match row or an order place: named once, above its options
                cells.insert(0, e(o.slot) if o.slot != previous else "")
                previous = o.slot
            rows.append(cells)
        head = ["row/place", "option", "chosen"] if slotted else ["option", "chosen"]
        tables.append(table(question, head, rows, set()))
    return (
        '<p class="says">How often each option was chosen over every attempt; the key is '
        'marked ✓ and drawn green.</p><div class="options" data-chart="options">'
        + "".join(tables)
        + "</div>"
    )
