"""``lessonquiz preview``: one standalone page of a bank with its key, for reviewing it."""

from __future__ import annotations

import signal
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
@click.option(
    "--watch",
    is_flag=True,
    help="Serve the preview on http://127.0.0.1:PORT/ instead of writing it; the page "
    "shows validate's messages and reloads whenever the bank is saved. Ctrl-C stops it.",
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=0, help="With --watch (default: a free port)."
)
def preview(bank: Path, output: Path | None, force: bool, watch: bool, port: int) -> None:
    """Write one standalone HTML page showing every question of BANK with its key.

    The page marks the right answers and shows every feedback, hint, explanation,
    objective and source, for reviewing a bank; it needs no network (no external assets).
    It contains the key: do not give it to students. BANK is a bank file or a bank id
    (economics). An existing -o file is replaced only with --force, and never the bank
    itself. Exits 0 when written, 1 when the bank has errors, 2 on wrong usage.
    """
    from lessonquiz.preview import page

    if watch:
        _watch(bank, port)
        return
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


def _watch(bank: Path, port: int) -> None:
    from lessonquiz.watch import PreviewServer

    try:
        server = PreviewServer(bank, port)
    except OSError as exc:
        raise click.ClickException(f"cannot serve on 127.0.0.1:{port}: {exc.strerror}") from None
    click.echo(f"serving {bank} at {server.url} (it shows the answer key; Ctrl-C stops)", err=True)
    # Ctrl-C stops, as the line above says, even where the parent ignored SIGINT (a shell
    # starts `cmd &` with it ignored, and Python then installs no KeyboardInterrupt handler).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    serving = server.start()  # in a thread, so Ctrl-C lands here, in a join, and nowhere else
    try:
        while serving.is_alive():
            serving.join(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
