"""The instructor's command line: validate, preview, export, import and report quiz banks.

Built on click, as much of the Jupyter tooling is. Every bad input ends in a located message
and an exit code, never a traceback: 0 clean, 1 problems found, 2 wrong usage.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from lessonquiz import __version__
from lessonquiz.bank.errors import BankError, Problem, Severity
from lessonquiz.bank.lint import lint
from lessonquiz.bank.loader import (
    BANK_SUFFIXES,
    bank_files,
    check_banks,
    load_bank,
    nearest_folder,
)
from lessonquiz.bank.model import Bank

DEFAULT_BANKS = Path("quizzes")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lessonquiz")
def main() -> None:
    """Quiz banks for the lessonquiz lessons: check them, preview them, export them.

    Banks are YAML files in quizzes/ (the format is described in quizzes/README.md).
    Start with `lessonquiz validate` after every edit.
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--strict", is_flag=True, help="Treat warnings (advice on question quality) as errors."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one line per problem for people and editors; json: for tools.",
)
def validate(paths: tuple[Path, ...], strict: bool, output_format: str) -> None:
    """Check quiz banks and report every problem as path:line:col: [question-id] message.

    PATHS are bank files or folders of them (default: quizzes/). Exits 0 when every bank
    loads (and, with --strict, has no warnings), 1 when any problem is found.
    """
    targets = list(paths) or [DEFAULT_BANKS]
    missing = [p for p in targets if not p.exists()]
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(map(str, missing))}")
    files = bank_files(targets)
    if not files:
        raise click.UsageError(
            f"no bank files ({'/'.join(BANK_SUFFIXES)}) in {', '.join(map(str, targets))}"
        )
    checked = check_banks(files)
    problems: list[Problem] = []
    for item in checked:
        problems.extend(item.problems)
        problems.extend(lint(item))
    if strict:
        problems = [
            Problem(p.path, p.line, p.col, p.message, p.question_id, Severity.ERROR)
            for p in problems
        ]
    problems.sort()
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    questions = sum(len(c.bank.questions) for c in checked if c.bank is not None)
    if output_format == "json":
        report = {
            "banks": len(files),
            "questions": questions,
            "errors": errors,
            "warnings": warnings,
            "problems": [p.to_dict() for p in problems],
        }
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            click.echo(str(problem))
        click.echo(
            f"{len(files)} bank{'s' * (len(files) != 1)}, {questions} questions: "
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        )
    sys.exit(1 if errors else 0)


# ------------------------------------------------------------------------ instructor tools


def _load(path: Path) -> Bank:
    """The bank at ``path``, or a ClickException (exit 1) listing every problem."""
    try:
        return load_bank(path)
    except BankError as exc:
        raise click.ClickException(
            f"{path} has errors; fix them first (lessonquiz validate {path}):\n{exc}"
        ) from None


STDOUT = "-"
"""The ``-o`` value that means standard output, as in most command-line tools."""


def _is_stdout(output: Path | None) -> bool:
    return output is not None and str(output) == STDOUT


def _write(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` atomically (a temporary file, then a rename).

    The file gets the mode any other program would give it: a new file the usual
    ``0o666 & ~umask`` (a temporary file is private, 0600, and the rename would keep that),
    an overwritten one its own mode. Every failure is a message naming ``path``, never a
    traceback naming the temporary file.
    """
    if path.is_dir():
        raise click.UsageError(f"{path} is a folder; give the path of a file to write")
    if not path.parent.is_dir():
        raise click.UsageError(f"no such folder: {path.parent}")
    try:
        mode = path.stat().st_mode & 0o7777 if path.is_file() else 0o666 & ~_umask()
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(tmp, mode)  # by name: os.fchmod is POSIX-only before Python 3.13
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask (reading it means setting it; it is put back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


BANK_ARG = click.argument(
    "bank", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="BANK"
)


@main.command()
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

    loaded = _load(bank)
    html = page(loaded)
    if _is_stdout(output):
        click.echo(html, nl=False)
        return
    target = output or Path(f"{loaded.id}-preview.html")
    _write(target, html.encode("utf-8"))
    click.echo(f"wrote {target}", err=True)


def _format_help() -> str:
    from lessonquiz.export import FORMATS

    return "; ".join(f"{f.name}: {f.description}" for f in FORMATS.values())


@main.command()
@BANK_ARG
@click.option(
    "-f",
    "--format",
    "format_name",
    required=True,
    type=click.Choice(["gift", "moodle-xml", "qti", "markdown"]),
    help=_format_help(),
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="gift, moodle-xml: the file to write (default, or -: print it); qti: the .zip to "
    "write (-: print it, to redirect); markdown: a folder, created when missing (writes "
    "BANK-ID-student.md and BANK-ID-key.md in it), or NAME.md (writes NAME-student.md and "
    "NAME-key.md). Required for qti and markdown.",
)
def export(bank: Path, format_name: str, output: Path | None) -> None:
    """Export BANK for a learning platform or for print.

    \b
    gift        Moodle GIFT; order questions are skipped (GIFT has none), hints and
                some feedback become // comments.
    moodle-xml  Moodle XML; order questions use the Ordering type (standard since
                Moodle 4.4, an add-on before).
    qti         IMS QTI 1.2 content package, the version Canvas imports and exports
                (Import Course Content -> QTI .zip file); order questions become
                matching questions (item -> position).
    markdown    a student sheet without the key and a separate answer key.

    Whatever a format cannot express is printed as "warning: [question-id] ..." on
    stderr; nothing is dropped silently. Exits 0 when written (warnings or not), 1 when
    the bank has errors or a file cannot be written, 2 on wrong usage.
    """
    from lessonquiz.export import FORMATS

    fmt = FORMATS[format_name]
    if output is None and not fmt.stdout:
        raise click.UsageError(f"--format {format_name} writes files: give -o PATH")
    if _is_stdout(output) and not fmt.stdout and sys.stdout.isatty():
        raise click.UsageError(
            f"--format {format_name} is binary: redirect it (> FILE) or give -o FILE, not -o -"
        )
    loaded = _load(bank)
    result = fmt.write(loaded)
    if output is None or _is_stdout(output):
        if len(result.files) > 1:
            raise click.UsageError(
                f"--format {format_name} writes {len(result.files)} files (a sheet and its "
                "key); -o - cannot keep them apart: give a folder"
            )
        _warn(result.warnings)
        (content,) = result.files.values()
        click.echo(content.decode("utf-8") if fmt.stdout else content, nl=False)
        return
    folder, targets = _targets(output, result.files, loaded.id)
    _warn(result.warnings)
    if folder is not None and not folder.is_dir():
        try:
            folder.mkdir()
        except OSError as exc:
            raise click.ClickException(f"cannot create {folder}: {exc.strerror}") from None
    for target, content in targets.items():
        _write(target, content)
        click.echo(f"wrote {target}", err=True)


def _warn(warnings: list[Any]) -> None:
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)


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


@main.group("import")
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

    The file must be UTF-8 text. Exits 0 when written, 1 when the file cannot be read or
    holds no importable question, 2 on wrong usage.
    """
    import yaml

    from lessonquiz.export.gift import GiftError, to_bank

    if output is not None and not _is_stdout(output) and output.exists() and not force:
        raise click.UsageError(f"{output} exists; pass --force to overwrite it")
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(
            f"{file} is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset "
            f"{exc.start}); save it as UTF-8 and import it again"
        ) from None
    except OSError as exc:
        raise click.ClickException(f"cannot read {file}: {exc.strerror}") from None
    try:
        bank, warnings = to_bank(text, file.name)
    except GiftError as exc:
        raise click.ClickException(f"{file}: {exc}") from None
    for warning in warnings:
        click.echo(f"warning: {file}: {warning}", err=True)
    if not bank["questions"]:
        raise click.ClickException(f"{file}: no question could be imported")
    header = (
        f"# Imported from {file.name} by `lessonquiz import gift`.\n"
        "# TODO: replace the objective 'imported' and each placeholder source "
        "{paragraph: 1},\n# then run `lessonquiz validate` on this file.\n"
    )
    body = yaml.safe_dump(bank, sort_keys=False, allow_unicode=True, width=100)
    content = (header + body).encode("utf-8")
    if output is None or _is_stdout(output):
        click.echo(content.decode("utf-8"), nl=False)
    else:
        _write(output, content)
        click.echo(f"wrote {output}", err=True)
    count = len(bank["questions"])
    click.echo(
        f"note: {count} question{'s' * (count != 1)} imported; fix the placeholder objective "
        "and sources, then run lessonquiz validate",
        err=True,
    )


@main.command()
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The progress store (default: $LESSONQUIZ_DB, else the user data folder).",
)
@click.option("--bank", "bank_id", metavar="ID", help="Only this bank (by its id).")
@click.option(
    "--banks",
    "banks_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The folder of bank files, for question order and the questions each score is out "
    "of (default: the nearest quizzes/ folder here or in a parent folder).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="table: aligned text; csv: one table (see --table); json: both tables, with the "
    "definitions.",
)
@click.option(
    "--table",
    type=click.Choice(["questions", "students"]),
    help="Only this table. csv holds one table per file: questions unless students is asked "
    "for; table and json show both unless one is asked for.",
)
def report(
    db: Path | None,
    bank_id: str | None,
    banks_dir: Path | None,
    output_format: str,
    table: str | None,
) -> None:
    """How the class did, from the progress store the lessons write.

    \b
    Per question (in bank order when the bank file is found, else by id):
      attempts        every graded attempt
      students        distinct students who attempted it
      facility        share of those students right (full marks) on their FIRST attempt
      discrimination  point-biserial correlation between a student's first-attempt
                      result on the question (1/0) and how many of the bank's OTHER
                      questions they got right first time (unattempted count 0);
                      n/a (empty in csv) with under 3 students or when either side
                      does not vary
      median          attempts up to the first right one, over students who got it right
      most-chosen wrong answer
                      the response most often given in attempts that were not right
      scored          false for a question no longer in the bank file (renamed or
                      removed): listed, marked *, not counted in scores
    Per student and bank: score = sum of the best score on each question / the number
    of questions in the bank file. A bank whose file is not found is scored out of the
    questions anyone attempted, and a warning on stderr says so.

    In csv, text starting with = + - @ gets a leading ' so spreadsheets do not run it.

    Exits 0 on success; 1 when the store has no attempts (or none at --bank, then the
    banks it has are listed) or is not a progress store; 2 when the store file or the
    --banks folder does not exist or on wrong usage.
    """
    from lessonquiz.report import FORMATTERS, ReportError, build_report
    from lessonquiz.store import default_db_path

    path = db or default_db_path()
    folder = banks_dir or nearest_folder("quizzes", Path.cwd())
    banks, broken = _report_banks(folder)
    try:
        result = build_report(path, bank_id, banks)
    except ReportError as exc:
        if exc.exit_code == 2:
            raise click.UsageError(str(exc)) from None
        raise click.ClickException(str(exc)) from None
    for missing in result.banks_without_file:
        where = f"in {folder}" if folder else f"(no quizzes/ folder in {Path.cwd()} or above)"
        unusable = f" ({', '.join(map(str, broken))} did not load)" if broken else ""
        click.echo(
            f"warning: bank '{missing}': no bank file found {where}{unusable}; scores are "
            "out of the questions attempted (pass --banks FOLDER)",
            err=True,
        )
    for stale_bank, stale in result.unscored().items():
        click.echo(
            f"warning: bank '{stale_bank}': attempts at questions not in the bank file: "
            f"{', '.join(stale)}; listed, not scored",
            err=True,
        )
    click.echo(FORMATTERS[output_format](result, table), nl=False)


def _report_banks(folder: Path | None) -> tuple[dict[str, Bank], list[Path]]:
    """The banks in ``folder`` by id, and the bank files there that did not load."""
    if folder is None:
        return {}, []
    checked = check_banks([folder])
    banks = {c.bank.id: c.bank for c in checked if c.bank is not None}
    return banks, [c.path for c in checked if c.bank is None]


if __name__ == "__main__":  # python -m lessonquiz.cli, as well as the lessonquiz script
    main()
