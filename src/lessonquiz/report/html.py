"""The class report as one standalone HTML page: every chart with a short text saying what it
shows and its numbers in a table beside it, then each bank's tables.

The page works offline: styles are inline, charts are inline SVG (``charts``), there is no
script, and a Content-Security-Policy forbids fetching anything; a printout or a screen
reader loses nothing. Every text from a bank or a store is escaped.

The charts are drawn once for the class, each bank in its own colour and marker, rather than
once per bank: matplotlib's cost is per set of axes (its ticks and labels), and four charts
keep the page within a small multiple of the plain table's time on a big store. The mastery
grid and the option counts are tables drawn by CSS (shaded cells, bars), one element that is
both the picture and its numbers, however many students (``html_bank``).
"""

from __future__ import annotations

import statistics
from importlib.resources import files

from lessonquiz.report import charts
from lessonquiz.report.html_bank import bank_section, mastery_grid
from lessonquiz.report.html_parts import e, figure, pct, table
from lessonquiz.report.model import DISCRIMINATION, Report

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
"""Nothing may be fetched: no script, no font, no image but the charts' inline ones."""


def as_html(report: Report) -> str:
    """The whole page."""
    banks = sorted({q.bank for q in report.questions})
    students = len({s.student for s in report.students})
    attempts = sum(q.attempts for q in report.questions)
    css = files("lessonquiz.report").joinpath("report.css").read_text(encoding="utf-8")
    nav = "".join(
        f'<li><a href="#bank-{e(b)}">{e(report.titles.get(b, b))}</a></li>' for b in banks
    )
    intro = (
        f"{attempts:,} attempts by {students} students at {len(banks)} banks, from "
        f"{report.source}. Facility: the share of students right on their first attempt. "
        f"Discrimination: {DISCRIMINATION}. Mastery of an objective: the share of its questions "
        f"right on the first attempt; below {report.threshold:.0%} a student is listed under "
        "who needs help."
    )
    return (
        "\n".join(
            [
                "<!doctype html>",
                '<html lang="en"><head><meta charset="utf-8">',
                f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                "<title>How the class did: lessonquiz report</title>",
                f"<style>{css}</style>",
                "</head><body><main>",
                "<h1>How the class did</h1>",
                f"<p>{e(intro)}</p>",
                f'<nav aria-label="Banks"><ul><li><a href="#class">The class</a></li>{nav}'
                "</ul></nav>",
                '<section id="class" aria-labelledby="class-h"><h2 id="class-h">The class</h2>',
                _items(report, banks),
                _shares(report),
                mastery_grid(report),
                _scores(report, banks),
                _days(report, banks),
                "</section>",
                *(bank_section(report, bank) for bank in banks),
                "</main></body></html>",
            ]
        )
        + "\n"
    )


def _items(report: Report, banks: list[str]) -> str:
    flagged = [(q, charts.flagged(q)) for q in report.questions if charts.flagged(q)]
    says = (
        f"{len(flagged)} of {len(report.questions)} questions may be broken: "
        + "; ".join(f"{q.bank}/{q.question} ({', '.join(why)})" for q, why in flagged)
        + ". Shaded: negative discrimination, facility within 0.1 of 0 or 1."
        if flagged
        else f"None of the {len(report.questions)} questions is flagged."
    )
    rows = [
        [
            e(q.bank),
            e(q.question),
            pct(q.facility),
            pct(q.discrimination),
            f'<span class="flag">{e(", ".join(why))}</span>',
        ]
        for q, why in flagged
    ]
    numbers = table(
        "Flagged items (every item: in its bank's section)",
        ["bank", "question", "facility", "discrim.", "why"],
        rows,
        {2, 3},
    )
    return figure(
        "items",
        "Items: facility against discrimination",
        charts.item_scatter(banks, report.questions),
        says,
        numbers,
    )


def _shares(report: Report) -> str:
    shares = report.objectives
    if not shares:
        return "<p>No bank file found: objectives unknown, no mastery.</p>"
    low = min(shares, key=lambda o: (o.share, o.bank, o.objective))
    high = max(shares, key=lambda o: (o.share, o.bank, o.objective))
    says = (
        f"Most mastered: {high.bank}: {high.objective} ({high.mastered} of {high.students} "
        f"students); least: {low.bank}: {low.objective} ({low.mastered} of {low.students})."
    )
    rows = [
        [
            e(o.bank),
            e(o.objective),
            str(o.questions),
            pct(o.mean),
            f"{o.mastered} of {o.students}",
            pct(o.share),
        ]
        for o in shares
    ]
    numbers = table(
        f"Class share at or above {report.threshold:.0%}",
        ["bank", "objective", "questions", "mean", "mastered", "share"],
        rows,
        {2, 3, 4, 5},
    )
    return figure(
        "objectives",
        "Mastery per objective: the class",
        charts.objective_shares(shares, report.threshold),
        says,
        numbers,
    )


def _scores(report: Report, banks: list[str]) -> str:
    scores: dict[str, list[float]] = {}
    for s in report.students:
        scores.setdefault(s.bank, []).append(s.score)
    medians = {b: statistics.median(v) for b, v in scores.items()}
    low = min(medians, key=lambda b: (medians[b], b))
    says = (
        "Each bank's scores (best score per question, over the bank's questions): box from "
        f"quartile to quartile, line at the median, a dot per student (up to "
        f"{charts.DOTS_UP_TO} a bank). Lowest median: {low} "
        f"({medians[low]:.2f})."
    )
    bands = list(dict.fromkeys((b.low, b.high) for b in report.distribution))
    counts = {(b.bank, b.low): b.students for b in report.distribution}
    rows = [[e(bank), *(str(counts.get((bank, low), 0)) for low, _ in bands)] for bank in banks]
    numbers = table(
        "Students per score band",
        ["bank", *(f"{low:.1f}–{high:.1f}" for low, high in bands)],
        rows,
        set(range(1, len(bands) + 1)),
    )
    return figure("scores", "Score distribution", charts.score_boxes(banks, scores), says, numbers)


def _days(report: Report, banks: list[str]) -> str:
    if not report.days:
        return ""
    per_day: dict[str, int] = {}
    for d in report.days:
        per_day[d.day] = per_day.get(d.day, 0) + d.attempts
    busiest = max(per_day, key=lambda day: (per_day[day], day))
    says = (
        f"Attempts on {len(per_day)} days, from {min(per_day)} to {max(per_day)}; the busiest "
        f"was {busiest} ({per_day[busiest]} attempts)."
    )
    rows = [[e(d.day), e(d.bank), str(d.attempts)] for d in report.days]
    numbers = table("Attempts per day (UTC)", ["day", "bank", "attempts"], rows, {2})
    return figure(
        "days", "Attempts over time", charts.attempts_over_time(banks, report.days), says, numbers
    )
