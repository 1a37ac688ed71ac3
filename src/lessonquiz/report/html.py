"""The class report as one standalone HTML page: every chart with a short text saying what it
shows and its numbers in a table beside it, then each bank's tables.

The page works offline: styles are inline, charts are inline SVG drawn by pygal
(``charts`` says why pygal, ``svg_chart`` how it is kept script-free and deterministic), there
is no script, and a Content-Security-Policy forbids fetching anything; a printout or a screen
reader loses nothing. Every text from a bank or a store is escaped.

The class section has four charts (``html_figures``), each bank in its own colour; each
bank's section has the same four for that bank alone, then its tables. The mastery grid and
the option counts are tables drawn by CSS (shaded cells, bars), one element that is both the
picture and its numbers, however many students (``html_bank``).
"""

from __future__ import annotations

from importlib.resources import files

from lessonquiz.report import html_figures
from lessonquiz.report.html_bank import bank_section, mastery_grid
from lessonquiz.report.html_parts import e
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
                html_figures.items(report, banks),
                html_figures.shares(report, banks),
                mastery_grid(report),
                html_figures.scores(report, banks),
                html_figures.days(report, banks),
                "</section>",
                *(bank_section(report, bank, banks) for bank in banks),
                "</main></body></html>",
            ]
        )
        + "\n"
    )
