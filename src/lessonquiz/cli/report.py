"""``lessonquiz report``: how the class did, from the progress store the lessons write.

One piece just past 300 lines: most of it is the command's help text and options, which read
best beside the code that applies them."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from lessonquiz.bank.loader import check_banks, nearest_folder
from lessonquiz.bank.model import Bank
from lessonquiz.cli.common import FORCE, is_stdout, write_file
from lessonquiz.report.render import TABLES
from lessonquiz.terminal import visible

if TYPE_CHECKING:
    from lessonquiz.report import Report, Window

FORMATS = ("table", "csv", "json", "html")

DAY = click.DateTime(formats=["%Y-%m-%d"])


def store_options(command: click.Command) -> click.Command:
    """The options that choose the attempts: stores, bank, banks folder, dates."""
    for option in reversed(
        [
            click.option(
                "--db",
                "dbs",
                multiple=True,
                metavar="PATH|URL",
                help="A progress store (default: $LESSONQUIZ_DB, else the user data folder), "
                "or a class's PostgreSQL database as postgresql://... (docs/hub.md). Give "
                "store files several times to combine them (a class's laptops): an attempt "
                "found in two stores counts once.",
            ),
            click.option(
                "--url",
                metavar="URL",
                help="The class's lessonquiz hub service, e.g. https://hub.example.edu/"
                "services/lessonquiz/ (an instructor's token in $JUPYTERHUB_API_TOKEN).",
            ),
            click.option("--bank", "bank_id", metavar="ID", help="Only this bank (by its id)."),
            click.option(
                "--banks",
                "banks_dir",
                type=click.Path(exists=True, file_okay=False, path_type=Path),
                help="The folder of bank files, for question order, options, objectives and "
                "the questions each score is out of (default: the nearest quizzes/ folder "
                "here or in a parent folder).",
            ),
            click.option(
                "--since",
                type=DAY,
                metavar="DATE",
                help="Only attempts on or after this UTC day (YYYY-MM-DD).",
            ),
            click.option(
                "--until",
                type=DAY,
                metavar="DATE",
                help="Only attempts on or before this UTC day (YYYY-MM-DD).",
            ),
        ]
    ):
        command = option(command)
    return command


def window_of(since: datetime | None, until: datetime | None) -> Window:
    """The ``Window`` of the --since and --until days (until: the whole day included)."""
    from lessonquiz.report import Window

    if since and until and until < since:
        raise click.UsageError("--until is before --since")
    return Window(
        since=since.strftime("%Y-%m-%d") if since else None,
        until=(until + timedelta(days=1)).strftime("%Y-%m-%d") if until else None,
    )


@click.command()
@store_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table: aligned text; csv: one table (see --table); json: every table, with the "
    "definitions; html: one offline page with charts, for the class and per bank.",
)
@click.option(
    "--table",
    type=click.Choice(TABLES),
    help="Only this table. csv holds one table per file: questions unless another is asked "
    "for; table shows questions, students, objectives and help unless one is asked for; "
    "json shows every table.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=0.6,
    show_default=True,
    help="Mastery of an objective below this share puts a student on the help list.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (default, or -: standard output).",
)
@FORCE
@click.option(
    "--answers",
    "answers_of",
    metavar="QUESTION-ID",
    help="Instead of the figures, every student's latest answer to this question (for "
    "written questions, which are not graded; with --bank when two banks share the id).",
)
def report(
    dbs: tuple[str, ...],
    url: str | None,
    bank_id: str | None,
    banks_dir: Path | None,
    since: datetime | None,
    until: datetime | None,
    output_format: str,
    table: str | None,
    threshold: float,
    output: Path | None,
    answers_of: str | None = None,
    force: bool = False,
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
      hinted          share of its students who opened at least one hint
      most-chosen wrong answer
                      the response most often given in attempts that were not right
      scored          false for a question no longer in the bank file (renamed or
                      removed): listed, marked *, not counted in scores
      graded          false for a written question: saved, never right or wrong, not
                      counted in scores; read its answers with --answers QUESTION-ID
    Per student and bank: score = sum of the best score on each question / the number
    of questions in the bank file. Per student and objective, mastery = the share of
    the objective's questions right on the FIRST attempt (as facility counts; the best
    score says little once feedback has shown the way); help lists who is below
    --threshold, with the questions not right first time. options: how often each
    option was chosen over every attempt (per option for single/multiple, per row for
    match, per place for order; key marked); for multiple, match and order the
    most-chosen wrong answer names the one error made most often
    ("ticked: X", "left out: X", "L -> R", "X in place 2").
    A bank whose file is not found is scored out of the questions anyone attempted,
    and a warning on stderr says so.

    In csv, text starting with = + - @ gets a leading ' so spreadsheets do not run it.
    An existing -o file is replaced only with --force, and never a store.

    Exits 0 on success; 1 when the store has no attempts (or none at --bank, then the
    banks it has are listed), is not a progress store or is damaged; 2 when the store
    file or the --banks folder does not exist, the store has a newer schema than this
    lessonquiz reads, or on wrong usage.
    """
    from lessonquiz.report import FORMATTERS

    if answers_of is not None:  # issue 15: read what students wrote, no figures
        from lessonquiz.report.remote import is_postgres_url

        if url or any(is_postgres_url(db) for db in dbs) or len(dbs) > 1:
            raise click.UsageError("--answers reads one local store (--db PATH) for now")
        from lessonquiz.store import default_db_path

        _answers(Path(dbs[0]) if dbs else default_db_path(), answers_of, bank_id, output_format)
        return
    if output_format == "html" and table:
        raise click.UsageError("--table is for table, csv and json; html shows every table")
    # attempts per day cost a pass over the history: the plain table shows them only if asked
    days = output_format != "table" or table == "days"
    result, folder, broken = load_report(
        dbs, url, bank_id, banks_dir, window_of(since, until), threshold, days
    )
    warn_about(result, folder, broken)
    if output_format == "html":
        from lessonquiz.report.html import as_html  # imports pygal, for the charts: here only

        text = as_html(result)
    else:
        text = FORMATTERS[output_format](result, table)
    if output is None or is_stdout(output):
        click.echo(visible(text) if output_format == "table" else text, nl=False)
    else:
        inputs = tuple(Path(db) for db in dbs)  # never over a store, whatever --force says
        write_file(output, text.encode("utf-8"), inputs=inputs, force=force)


def load_report(
    dbs: tuple[str, ...],
    url: str | None,
    bank_id: str | None,
    banks_dir: Path | None,
    window: Window,
    threshold: float,
    days: bool,
) -> tuple[Report, Path | None, list[Path]]:
    """The report of the stores (ReportError as a click error), the banks folder, its failures."""
    from lessonquiz.report import ReportError, build_remote_report, build_report
    from lessonquiz.report.remote import is_postgres_url
    from lessonquiz.store import default_db_path

    remote = url or next((db for db in dbs if is_postgres_url(db)), None)
    if remote and (len(dbs) > (0 if url else 1) or window):
        raise click.UsageError(
            "--url and --db postgresql:// read one class database: give it alone, without "
            "--since/--until or other --db (those are for store files)"
        )
    folder = banks_dir or nearest_folder("quizzes", Path.cwd())
    banks, broken = _report_banks(folder)
    try:
        if remote:
            result = build_remote_report(remote, bank_id, banks, bool(url), threshold)
        else:
            paths = [Path(db) for db in dbs] or [default_db_path()]
            result = build_report(
                paths, bank_id, banks, window=window, threshold=threshold, days=days
            )
    except ReportError as exc:
        message = visible(str(exc))
        if exc.exit_code == 2:
            raise click.UsageError(message) from None
        raise click.ClickException(message) from None
    return result, folder, broken


def warn_about(result: Report, folder: Path | None, broken: list[Path]) -> None:
    """Warnings for banks without their file and attempts at questions no longer in it."""
    for missing in result.banks_without_file:
        where = f"in {folder}" if folder else f"(no quizzes/ folder in {Path.cwd()} or above)"
        unusable = f" ({', '.join(map(str, broken))} did not load)" if broken else ""
        click.echo(
            visible(
                f"warning: bank '{missing}': no bank file found {where}{unusable}; scores are "
                "out of the questions attempted (pass --banks FOLDER)"
            ),
            err=True,
        )
    for stale_bank, stale in result.unscored().items():
        click.echo(
            visible(
                f"warning: bank '{stale_bank}': attempts at questions not in the bank file: "
                f"{', '.join(stale)}; listed, not scored"
            ),
            err=True,
        )
    for changed_bank, count in result.earlier_versions.items():
        click.echo(
            visible(
                f"warning: bank '{changed_bank}': {count} attempt(s) answer an earlier version "
                "of a question (what is right changed since) and are not counted, as in the quiz"
            ),
            err=True,
        )


def _answers(path: Path, question_id: str, bank_id: str | None, output_format: str) -> None:
    """Print every student's latest answer to ``question_id`` (issue 15)."""
    from lessonquiz.report import ReportError, open_store
    from lessonquiz.report.answers import FORMATS, read_answers

    try:
        conn = open_store(path)
    except ReportError as exc:
        if exc.exit_code == 2:
            raise click.UsageError(str(exc)) from None
        raise click.ClickException(str(exc)) from None
    try:
        found = read_answers(conn, question_id, bank_id)
    finally:
        conn.close()
    if not found:
        where = f" in bank '{bank_id}'" if bank_id else ""
        raise click.ClickException(f"no answers to question '{question_id}'{where} in {path}")
    click.echo(FORMATS[output_format](found), nl=False)


def _report_banks(folder: Path | None) -> tuple[dict[str, Bank], list[Path]]:
    """The banks in ``folder`` by id, and the bank files there that did not load."""
    if folder is None:
        return {}, []
    checked = check_banks([folder])
    banks = {c.bank.id: c.bank for c in checked if c.bank is not None}
    return banks, [c.path for c in checked if c.bank is None]
