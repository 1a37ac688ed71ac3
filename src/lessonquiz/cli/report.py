"""``lessonquiz report``: how the class did, from the progress store the lessons write."""

from __future__ import annotations

from pathlib import Path

import click

from lessonquiz.bank.loader import check_banks, nearest_folder
from lessonquiz.bank.model import Bank


@click.command()
@click.option(
    "--db",
    metavar="PATH|URL",
    help="The progress store (default: $LESSONQUIZ_DB, else the user data folder), or a "
    "class's PostgreSQL database as postgresql://... (docs/hub.md).",
)
@click.option(
    "--url",
    metavar="URL",
    help="The class's lessonquiz hub service, e.g. https://hub.example.edu/services/"
    "lessonquiz/ (an instructor's token in $JUPYTERHUB_API_TOKEN).",
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
@click.option(
    "--answers",
    "answers_of",
    metavar="QUESTION-ID",
    help="Instead of the figures, every student's latest answer to this question (for "
    "written questions, which are not graded; with --bank when two banks share the id).",
)
def report(
    db: str | None,
    url: str | None,
    bank_id: str | None,
    banks_dir: Path | None,
    output_format: str,
    table: str | None,
    answers_of: str | None = None,
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
    of questions in the bank file. A bank whose file is not found is scored out of the
    questions anyone attempted, and a warning on stderr says so.

    In csv, text starting with = + - @ gets a leading ' so spreadsheets do not run it.

    Exits 0 on success; 1 when the store has no attempts (or none at --bank, then the
    banks it has are listed) or is not a progress store; 2 when the store file or the
    --banks folder does not exist or on wrong usage.
    """
    from lessonquiz.report import FORMATTERS, ReportError, build_report
    from lessonquiz.report.remote import build_class_report, is_postgres_url
    from lessonquiz.store import default_db_path

    if url and db:
        raise click.UsageError("give --url or --db, not both")
    if answers_of is not None:
        if url or (db and is_postgres_url(db)):
            raise click.UsageError("--answers reads a local store (--db PATH) for now")
        _answers(Path(db) if db else default_db_path(), answers_of, bank_id, output_format)
        return
    folder = banks_dir or nearest_folder("quizzes", Path.cwd())
    banks, broken = _report_banks(folder)
    try:
        if url or (db and is_postgres_url(db)):
            result = build_class_report(url or db, bank_id, banks, service=bool(url))
        else:
            result = build_report(Path(db) if db else default_db_path(), bank_id, banks)
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
