"""``lessonquiz new lesson``: scaffold a lesson, its bank and its entry in lessons/index.yaml."""

from __future__ import annotations

from pathlib import Path

import click

from lessonquiz.bank.loader import nearest_folder


@click.group()
def new() -> None:
    """Create new course material from the project's templates."""


@new.command("lesson")
@click.argument("name", metavar="NN-SLUG")
@click.option("--title", required=True, help="The lesson's title (its first heading).")
@click.option(
    "--question",
    default="TODO: the one question this lesson answers.",
    show_default=True,
    help="The one question the lesson answers (in its first cell and in index.yaml).",
)
def new_lesson_command(name: str, title: str, question: str) -> None:
    """Write lessons/NN-SLUG.ipynb (the lesson skeleton, with TODO text where you write),
    quizzes/NN-SLUG.yaml (its bank: two objectives and six placeholder questions, one of
    each kind but single) and its entry at the end of lessons/index.yaml.

    \b
    Then: replace the TODOs (lessonquiz validate lists those left in the bank), run
    make regen to execute the lesson and store its outputs, and make test.
    NN is the next number in lessons/index.yaml; SLUG becomes the bank id. Nothing is
    overwritten. Exits 0 when written, 1 when it cannot be, 2 on wrong usage.
    """
    from lessonquiz.lesson.scaffold import ScaffoldError, new_lesson

    lessons = nearest_folder("lessons", Path.cwd(), holding="index.yaml")
    if lessons is None:
        raise click.UsageError(f"no lessons/index.yaml in {Path.cwd()} or above")
    try:
        written = new_lesson(lessons.parent, name, title, question)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    for path in written:
        click.echo(f"wrote {path}", err=True)
    click.echo(
        "next: replace the TODOs, then `make regen` (runs the new lesson) and `make test`",
        err=True,
    )
