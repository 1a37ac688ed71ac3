"""``lessonquiz preview``: one standalone page of a bank with its key, for reviewing it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from lessonquiz.cli.common import BANK_ARG, FORCE, is_stdout, load_or_fail, write_file


@click.command()
@BANK_ARG
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The HTML file to write; - prints it. Default: BANK-ID-preview.html in a new "
    "temporary folder (never in quizzes/ or lessons/, where students could see the key); "
    "its path is printed.",
)
@FORCE
def preview(bank: Path, output: Path | None, force: bool) -> None:
    """Write one standalone HTML page showing every question of BANK with its key.

    The page marks the right answers and shows every feedback, hint, explanation,
    objective and source, for reviewing a bank; it needs no network (no external assets).
    It contains the key: do not give it to students. BANK is a bank file or a bank id
    (economics). An existing -o file is replaced only with --force, and never the bank
    itself. Exits 0 when written, 1 when the bank has errors, 2 on wrong usage.
    """
    from lessonquiz.preview import page

    loaded = load_or_fail(bank)
    html = page(loaded)
    if is_stdout(output):
        click.echo(html, nl=False)
        return
    if output is None:
        folder = Path(tempfile.mkdtemp(prefix="lessonquiz-preview-"))
        output = folder / f"{loaded.id}-preview.html"
    write_file(output, html.encode("utf-8"), inputs=(bank,), force=force)
    click.echo(f"wrote {output} (it shows the answer key; open it in a browser)", err=True)
