"""``lessonquiz grades``: the class's scores as a CSV that Moodle or Canvas imports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from lessonquiz.cli.common import FORCE, is_stdout, write_file
from lessonquiz.cli.report import load_report, store_options, warn_about, window_of
from lessonquiz.terminal import visible


@click.command()
@store_options
@click.option(
    "--lms",
    type=click.Choice(["moodle", "canvas"]),
    required=True,
    help="The import layout: moodle (an identifier column, then one column per bank) or "
    "canvas (its gradebook header and Points Possible row).",
)
@click.option(
    "--roster",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV with a 'student' column (lessonquiz's names) and the LMS's identifier columns "
    "(Moodle: e.g. email or username; Canvas: Student, ID, SIS User ID, SIS Login ID, Section).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The CSV to write (-: standard output).",
)
@FORCE
def grades(
    dbs: tuple[str, ...],
    url: str | None,
    bank_id: str | None,
    banks_dir: Path | None,
    since: datetime | None,
    until: datetime | None,
    lms: str,
    roster: Path | None,
    output: Path,
    force: bool = False,
) -> None:
    """Grades for the LMS: one row per student, one column per bank.

    Each bank's grade is the student's score on it in points: the sum of their best score on
    each of its questions, out of the number of its questions (as `lessonquiz report`
    computes it). A bank the student never attempted is left empty (no grade, not 0).

    With --roster, students are identified by the roster's columns; every student with
    attempts but no roster row is named on stderr and left out. Exits 0 when written, 1 when
    the roster misses students or cannot be read, 2 on wrong usage. An existing -o file is
    replaced only with --force, and never a store or the roster.
    """
    from lessonquiz.report import ReportError
    from lessonquiz.report.grades import grades_csv, read_roster

    result, folder, broken = load_report(
        dbs, url, bank_id, banks_dir, window_of(since, until), 0.6, False
    )
    warn_about(result, folder, broken)
    try:
        lists = read_roster(roster) if roster else None
    except ReportError as exc:
        raise click.ClickException(visible(str(exc))) from None
    made = grades_csv(result, lms, lists)
    if is_stdout(output):
        click.echo(made.text, nl=False)
    else:
        inputs = tuple(Path(db) for db in dbs) + ((roster,) if roster else ())
        write_file(output, made.text.encode("utf-8"), inputs=inputs, force=force)
        click.echo(f"wrote {made.students} students' grades to {output}", err=True)
    if made.missing:
        names = ", ".join(made.missing)
        raise click.ClickException(
            visible(f"{len(made.missing)} students with attempts are not in {roster}: {names}")
        )
