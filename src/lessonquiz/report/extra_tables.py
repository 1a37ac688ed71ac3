"""The report's tables beyond questions and students, as rows for the text and CSV renderers.

One ``TableSpec`` per table: its CSV columns, the plain table's headings and title, and the
rows as text cells (None where a figure is undefined). The HTML page shows the same rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lessonquiz.report.model import Report


@dataclass(frozen=True)
class TableSpec:
    columns: tuple[str, ...]
    head: tuple[str, ...]
    right: set[int]
    rows: Callable[[Report], list[list[str | None]]]
    heading: str

    def title(self, report: Report) -> str:
        return self.heading.format(threshold=f"{report.threshold:.0%}")


def pct(value: float) -> str:
    return f"{value:.2f}"


def _objectives(report: Report) -> list[list[str | None]]:
    return [
        [
            o.bank,
            o.objective,
            str(o.questions),
            str(o.students),
            pct(o.mean),
            str(o.mastered),
            pct(o.share),
        ]
        for o in report.objectives
    ]


def _mastery(report: Report) -> list[list[str | None]]:
    return [
        [m.student, m.bank, m.objective, f"{m.points:g}", str(m.out_of), pct(m.mastery)]
        for m in report.mastery
    ]


def _help(report: Report) -> list[list[str | None]]:
    return [
        [h.student, h.bank, h.objective, pct(h.mastery), " ".join(h.questions)] for h in report.help
    ]


def _options(report: Report) -> list[list[str | None]]:
    return [
        [o.bank, o.question, o.slot, o.option, str(o.count), "true" if o.key else "false"]
        for o in report.options
    ]


def _distribution(report: Report) -> list[list[str | None]]:
    return [[b.bank, f"{b.low:.1f}", f"{b.high:.1f}", str(b.students)] for b in report.distribution]


def _days(report: Report) -> list[list[str | None]]:
    return [[d.day, d.bank, str(d.attempts)] for d in report.days]


EXTRA: dict[str, TableSpec] = {
    "objectives": TableSpec(
        ("bank", "objective", "questions", "students", "mean_mastery", "mastered", "share"),
        ("bank", "objective", "questions", "students", "mean", "mastered", "share"),
        {2, 3, 4, 5, 6},
        _objectives,
        "Objectives (mastery: share of its questions right on the first attempt; mastered: at or "
        "above {threshold})",
    ),
    "mastery": TableSpec(
        ("student", "bank", "objective", "points", "out_of", "mastery"),
        ("student", "bank", "objective", "points", "of", "mastery"),
        {3, 4, 5},
        _mastery,
        "Mastery per student and objective",
    ),
    "help": TableSpec(
        ("student", "bank", "objective", "mastery", "questions"),
        ("student", "bank", "objective", "mastery", "questions not right first time"),
        {3},
        _help,
        "Who needs help (mastery below {threshold})",
    ),
    "options": TableSpec(
        ("bank", "question", "slot", "option", "count", "key"),
        ("bank", "question", "row/place", "option", "chosen", "key"),
        {4},
        _options,
        "Options chosen, over every attempt (key: the right option)",
    ),
    "distribution": TableSpec(
        ("bank", "from", "to", "students"),
        ("bank", "from", "to", "students"),
        {1, 2, 3},
        _distribution,
        "Score distribution (students per tenth of the score; the last includes 1.0)",
    ),
    "days": TableSpec(
        ("day", "bank", "attempts"),
        ("day (UTC)", "bank", "attempts"),
        {2},
        _days,
        "Attempts per day",
    ),
}
