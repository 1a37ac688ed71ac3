"""``lessonquiz import``: files from other tools (GIFT) turned into quiz banks."""

from __future__ import annotations

from pathlib import Path

import click

from lessonquiz.cli.common import check_target, is_stdout, write_file
from lessonquiz.limits import MAX_GIFT_BYTES
from lessonquiz.terminal import visible


def _read_bounded(file: Path) -> bytes:
    """The file's bytes, refused before reading when it is larger than ``MAX_GIFT_BYTES``.

    The size is checked twice: ``stat`` first (no read at all), then by reading at most one
    byte more than the limit, for files whose size ``stat`` does not tell (``/dev/zero``).
    """
    limit = f"{MAX_GIFT_BYTES // 1024} KiB"
    try:
        if file.stat().st_size > MAX_GIFT_BYTES:
            raise click.ClickException(
                f"{file} is larger than {limit}; split it at blank lines and import each part"
            )
        with file.open("rb") as handle:
            data = handle.read(MAX_GIFT_BYTES + 1)
    except OSError as exc:
        raise click.ClickException(f"cannot read {file}: {exc.strerror}") from None
    if len(data) > MAX_GIFT_BYTES:
        raise click.ClickException(f"{file} is larger than {limit}; split it and import each part")
    return data


@click.group("import")
def import_() -> None:
    """Turn files from other tools into quiz banks."""


@import_.command("gift")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The bank YAML to write (default, or -: print it). An existing file is not "
    "overwritten unless --force is given.",
)
@click.option("--force", is_flag=True, help="Overwrite the -o file if it exists.")
def import_gift(file: Path, output: Path | None, force: bool) -> None:
    """Read a GIFT file (Moodle's text format) into a bank YAML.

    single, multiple, true_false, numeric, text and match questions come across with
    their feedback and general feedback (as explanation); a numeric question's catch-all
    wrong answer (~#feedback, as Moodle exports it) becomes its feedback. lessonquiz's own
    GIFT export also brings back hints, units and the feedback it kept as // comments.
    GIFT has no objectives or sources: every question gets the objective 'imported' and
    the placeholder source {paragraph: 1}; fix both, then run lessonquiz validate.

    \b
    Whatever changes is printed as a warning naming the question:
      - partial credit (~%50%...) beside one full-mark answer: the question stays
        single choice with that answer right; the partly right ones count as wrong;
      - several full-mark answers ({=A =B ~C}, "either is right"): lessonquiz has no
        such question, so it becomes multiple (tick every right answer), and the
        warning says MEANING CHANGED: reword the prompt or keep one right answer;
      - essays, descriptions, $CATEGORY lines, match distractors, extra numeric
        answers and feedback on right answers are left out.

    The file must be UTF-8 text of at most 1 MiB. Exits 0 when written, 1 when the file
    cannot be read or holds no importable question, 2 on wrong usage.
    """
    import yaml

    from lessonquiz.export.gift import GiftError, to_bank

    if output is not None and not is_stdout(output):
        check_target(output, inputs=(file,), force=force)
    data = _read_bounded(file)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(
            f"{file} is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset "
            f"{exc.start}); save it as UTF-8 and import it again"
        ) from None
    try:
        bank, warnings = to_bank(text, file.name)
    except GiftError as exc:
        raise click.ClickException(visible(f"{file}: {exc}")) from None
    for warning in warnings:
        click.echo(visible(f"warning: {file}: {warning}"), err=True)
    if not bank["questions"]:
        raise click.ClickException(f"{file}: no question could be imported")
    header = (
        f"# Imported from {file.name} by `lessonquiz import gift`.\n"
        "# TODO: replace the objective 'imported' and each placeholder source "
        "{paragraph: 1},\n# then run `lessonquiz validate` on this file.\n"
    )
    body = yaml.safe_dump(bank, sort_keys=False, allow_unicode=True, width=100)
    content = (header + body).encode("utf-8")
    if output is None or is_stdout(output):
        click.echo(content.decode("utf-8"), nl=False)
    else:
        write_file(output, content, inputs=(file,), force=force)
        click.echo(f"wrote {output}", err=True)
    count = len(bank["questions"])
    click.echo(
        f"note: {count} question{'s' * (count != 1)} imported; fix the placeholder objective "
        "and sources, then run lessonquiz validate",
        err=True,
    )
