"""The small HTML pieces the report page is made of: escaping, tables, a chart with its numbers."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

Cells = Sequence[str]


def e(value: object) -> str:
    return html.escape(str(value), quote=True)


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def table(caption: str, head: Cells, rows: Iterable[Cells], numeric: set[int]) -> str:
    """A table of already-escaped cells; ``numeric`` columns are right-aligned."""

    def cls(i: int) -> str:
        return ' class="n"' if i in numeric else ""

    ths = "".join(f'<th scope="col"{cls(i)}>{e(h)}</th>' for i, h in enumerate(head))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return (
        f"<table><caption>{e(caption)}</caption><thead><tr>{ths}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def figure(name: str, title: str, svg: str, says: str, table: str, bank: str | None = None) -> str:
    """A chart with its text, and its numbers beside it; ``bank`` for a bank's own chart."""
    of = "" if bank is None else f' data-bank="{e(bank)}"'
    return (
        f'<h3>{e(title)}</h3><div class="figure" data-chart="{e(name)}"{of}>'
        f'<div><p class="says">{e(says)}</p>{svg}</div>'
        f'<div class="numbers" tabindex="0" role="region" aria-label="{e(title)}: numbers">'
        f"{table}</div></div>"
    )
