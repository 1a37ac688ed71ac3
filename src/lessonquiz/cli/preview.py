"""``lessonquiz preview``: one standalone page of a bank with its key, for reviewing it."""

from __future__ import annotations

from pathlib import Path

import click

from lessonquiz.cli.common import BANK_ARG, is_stdout, load_or_fail, write_file


@click.command()
@BANK_ARG
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The HTML file to write (default: BANK-ID-preview.html here); - prints it.",
)
def preview(bank: Path, output: Path | None) -> None:
    """Write one standalone HTML page showing every question of BANK with its key.

    The page marks the right answers and shows every feedback, hint, explanation,
    objective and source, for reviewing a bank; it needs no network (no external assets).
    It contains the key: do not give it to students. Exits 0 when written, 1 when the
    bank has errors, 2 on wrong usage.
    """
    from lessonquiz.preview import page

    loaded = load_or_fail(bank)
    html = page(loaded)
    if is_stdout(output):
        click.echo(html, nl=False)
        return
    target = output or Path(f"{loaded.id}-preview.html")
    write_file(target, html.encode("utf-8"))
    click.echo(f"wrote {target}", err=True)
