"""``lessonquiz export``: a bank for Moodle (GIFT, XML), Canvas (QTI) or print (Markdown)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from lessonquiz.bank.model import Bank
from lessonquiz.cli.common import BANK_ARG, FORCE, check_target, is_stdout, load_or_fail, write_file
from lessonquiz.export import CHANGED, MOODLE_LTS, NOTE, SKIPPED, Export
from lessonquiz.terminal import visible


def _moodle_version(_: object, __: object, value: str) -> tuple[int, int]:
    try:
        major, minor = (int(part) for part in value.split("."))
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a Moodle release such as 4.5") from None
    return major, minor


def _format_help() -> str:
    from lessonquiz.export import FORMATS

    return "; ".join(f"{f.name}: {f.description}" for f in FORMATS.values())


@click.command()
@BANK_ARG
@click.option(
    "-f",
    "--format",
    "format_name",
    required=True,
    type=click.Choice(["gift", "moodle-xml", "qti", "markdown", "html", "pdf"]),
    help=_format_help(),
)
@click.option(
    "--version",
    "version",
    metavar="LABEL",
    help="markdown, html, pdf: print this version (A: the bank's question order; any other "
    "label, e.g. B: questions and options shuffled by it, with its own key).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="gift, moodle-xml: the file to write (default, or -: print it); qti: the .zip to "
    "write (-: print it, to redirect); markdown: a folder, created when missing (writes "
    "BANK-ID-student.md and BANK-ID-key.md in it), or NAME.md (writes NAME-student.md and "
    "NAME-key.md). Required for qti and markdown. An existing file is replaced only with "
    "--force, and never the bank itself.",
)
@FORCE
@click.option(
    "--moodle",
    "moodle",
    default=".".join(map(str, MOODLE_LTS)),
    show_default=True,
    callback=_moodle_version,
    metavar="X.Y",
    help="The Moodle release that will import a gift or moodle-xml file (default: the "
    "current long-term-support release). Ordering questions need 4.4 or later.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 when any question was changed or skipped by the format (files are still written).",
)
def export(
    bank: Path,
    format_name: str,
    output: Path | None,
    force: bool,
    version: str | None,
    moodle: tuple[int, int],
    strict: bool,
) -> None:
    """Export BANK (a bank file or a bank id) for a learning platform or for print.

    \b
    gift        Moodle GIFT; order questions need Moodle 4.4+ (--moodle), hints and
                some feedback become // comments.
    moodle-xml  Moodle XML; order questions use the Ordering type (standard since
                Moodle 4.4, an add-on before).
    qti         IMS QTI 1.2 content package, the version Canvas imports and exports
                (Import Course Content -> QTI .zip file); order questions become
                matching questions (item -> position).
    markdown    a student sheet without the key and a separate answer key.
    html, pdf   the same for paper, A4: a header to fill in, instructions and points,
                and a key with a marking grid then every answer explained (pdf is the
                html printed by Chromium: apt-get install chromium).

    Whatever a format cannot express is printed on stderr, one line per question
    ("warning: [question-id] ..."), then notes on how the platform scores partial credit
    where it differs from lessonquiz, then "N exported, K changed (ids), M skipped (ids)".
    Nothing is dropped silently. Exits 0 when written, 1 when the bank has errors, a file
    cannot be written, or (--strict) a question was changed or skipped; 2 on wrong usage.
    """
    from lessonquiz.export import FORMATS

    fmt = FORMATS[format_name]
    if output is None and not fmt.stdout:
        raise click.UsageError(f"--format {format_name} writes files: give -o PATH")
    if is_stdout(output) and not fmt.stdout and sys.stdout.isatty():
        raise click.UsageError(
            f"--format {format_name} is binary: redirect it (> FILE) or give -o FILE, not -o -"
        )
    if version is not None and not fmt.versions:
        raise click.UsageError(f"--version is for markdown, html and pdf, not {format_name}")
    if version is not None and not version.replace("-", "").isalnum():
        raise click.UsageError("--version takes letters, digits and dashes (A, B, 2024-b)")
    loaded = load_or_fail(bank)
    from lessonquiz.export.pdf import PdfError
    from lessonquiz.export.textsafe import BrokenExport

    try:
        if fmt.moodle:
            result = fmt.write(loaded, moodle=moodle)
        else:
            result = fmt.write(loaded, version) if version else fmt.write(loaded)
    except (BrokenExport, PdfError) as exc:
        raise click.ClickException(str(exc)) from None
    if output is None or is_stdout(output):
        if len(result.files) > 1:
            raise click.UsageError(
                f"--format {format_name} writes {len(result.files)} files (a sheet and its "
                "key); -o - cannot keep them apart: give a folder"
            )
        (content,) = result.files.values()
        click.echo(content.decode("utf-8") if fmt.stdout else content, nl=False)
        _report(loaded, result, strict)
        return
    folder, targets = _targets(output, result.files, loaded.id)
    for target in targets:  # refuse before writing any, so a pair is never left half-written
        check_target(target, inputs=(bank,), force=force)
    if folder is not None and not folder.is_dir():
        try:
            folder.mkdir()
        except OSError as exc:
            raise click.ClickException(f"cannot create {folder}: {exc.strerror}") from None
    for target, content in targets.items():
        write_file(target, content, inputs=(bank,), force=force)
        click.echo(f"wrote {target}", err=True)
    _report(loaded, result, strict)


def _report(bank: Bank, result: Export, strict: bool) -> None:
    """Warnings grouped one line per question, notes by kind, then the summary line."""
    for line in summary_lines(bank, result):
        click.echo(visible(line), err=True)
    if strict and (result.ids(CHANGED) or result.ids(SKIPPED)):
        raise click.exceptions.Exit(1)


def summary_lines(bank: Bank, result: Export) -> list[str]:
    """What ``export`` prints on stderr after writing: see the command's help."""
    lines = []
    bank_wide = [w.message for w in result.warnings if w.question_id is None and w.kind != NOTE]
    if bank_wide:
        lines.append("warning: " + "; ".join(bank_wide))
    for question in bank.questions:
        said = [
            w.message for w in result.warnings if w.question_id == question.id and w.kind != NOTE
        ]
        if said:
            lines.append(f"warning: [{question.id}] " + "; ".join(dict.fromkeys(said)))
    notes: dict[str, list[str]] = {}
    for w in result.warnings:
        if w.kind == NOTE:
            notes.setdefault(w.message, []).append(w.question_id or "bank")
    for message, ids in notes.items():
        lines.append(f"note: {message}: {', '.join(dict.fromkeys(ids))}")
    skipped = result.ids(SKIPPED)
    changed = [q for q in result.ids(CHANGED) if q not in skipped]
    exported = len(bank.questions) - len(skipped)
    lines.append(
        f"{exported} exported, {len(changed)} changed{_ids(changed)}, "
        f"{len(skipped)} skipped{_ids(skipped)}"
    )
    return lines


def _ids(ids: list[str]) -> str:
    return f" ({', '.join(ids)})" if ids else ""


def _targets(
    output: Path, files: dict[str, bytes], bank_id: str
) -> tuple[Path | None, dict[Path, bytes]]:
    """Where each exported file goes for ``-o output``, and the folder to create, if any.

    One file: ``output`` itself (not a folder). Several (markdown): ``NAME.md`` stands for
    NAME-student.md and NAME-key.md beside it; anything else is a folder, created when
    missing (its parent must exist, as for a file), so ``-o print/`` never writes
    ``print-key.md`` here.
    """
    if len(files) == 1:
        ((name, content),) = files.items()
        if output.is_dir():
            raise click.UsageError(
                f"{output} is a folder; give the file to write (for example {output / name})"
            )
        return None, {output: content}
    if output.suffix == ".md" and not output.is_dir():
        stem = output.with_suffix("")
        return None, {
            stem.with_name(stem.name + name.removeprefix(bank_id)): content
            for name, content in files.items()
        }
    if output.exists() and not output.is_dir():
        raise click.UsageError(f"{output} is a file; give a folder (or NAME.md)")
    if not output.parent.is_dir():
        raise click.UsageError(f"no such folder: {output.parent}")
    return output, {output / name: content for name, content in files.items()}
