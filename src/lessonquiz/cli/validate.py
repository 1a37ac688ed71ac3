"""``lessonquiz validate``: every problem of every bank, located, and an exit code for CI."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

import click

from lessonquiz.bank import cues
from lessonquiz.bank.course import check_courses
from lessonquiz.bank.errors import Problem, Severity, bounded
from lessonquiz.bank.identity import Reset, resets
from lessonquiz.bank.lint import lint, lint_course
from lessonquiz.bank.loader import BANK_SUFFIXES, CheckedBank, bank_files, check_banks
from lessonquiz.bank.stripped import stripped
from lessonquiz.bank.todos import TODO_MESSAGE, todos
from lessonquiz.cli.common import DEFAULT_BANKS
from lessonquiz.terminal import visible, visible_json


@click.command()
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
@click.option(
    "--cues",
    "show_cues",
    is_flag=True,
    help="Also print how every test-wise strategy scores against chance, per bank and course.",
)
@click.option(
    "--db",
    metavar="PATH|URL",
    help="A progress store, or a class's PostgreSQL database as postgresql://... "
    "(docs/hub.md): also say, per question, how many students' saved answers the banks as "
    "they are now would no longer count (read-only; nothing is changed).",
)
@click.option(
    "--url",
    metavar="URL",
    help="As --db, from the class's lessonquiz hub service (an instructor's token in "
    "$JUPYTERHUB_API_TOKEN).",
)
def validate(
    paths: tuple[Path, ...],
    strict: bool,
    output_format: str,
    db: str | None,
    show_cues: bool = False,
    url: str | None = None,
) -> None:
    """Check quiz banks and report every problem as path:line:col: [question-id] message.

    PATHS are bank files or folders of them (default: quizzes/). Besides the format,
    the course rules of lessons/course.yaml apply to the banks in quizzes/ (see
    quizzes/README.md, "Course rules"). With --db STORE, a line per question whose
    students' answers an edit would reset (these are notes: they never fail validate).
    Exits 0 when every bank loads (and, with --strict, has no warnings), 1 when any
    problem is found, 2 on wrong usage. At most the first 200 problems of a file are
    listed, then a line counts the rest; the summary counts them all. Control characters
    in bank text are shown as escapes (\x1b).

    STORE is a progress store file or a class's PostgreSQL database (postgresql://...);
    --url reads the same from the class's hub service (docs/hub.md).
    """
    if db is not None and url is not None:
        raise click.UsageError("give --db or --url, not both")
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
        problems.extend(todos(item))
        problems.extend(stripped(item))
    problems.extend(check_courses(checked))
    problems.extend(lint_course(checked))
    if strict:  # TODO placeholders stay warnings: a lesson in progress may be committed
        problems = [
            p
            if p.message.startswith(TODO_MESSAGE) or p.severity is Severity.NOTE
            else Problem(p.path, p.line, p.col, p.message, p.question_id, Severity.ERROR)
            for p in problems
        ]
    errors = sum(p.severity is Severity.ERROR for p in problems)
    notes = sum(p.severity is Severity.NOTE for p in problems)
    warnings = len(problems) - errors - notes
    problems = bounded(problems)  # the first ones of each file, then "... and N more"
    questions = sum(c.question_count for c in checked)
    history = _history(db, url) if db is not None or url is not None else None
    resets = _resets(checked, history) if history is not None else []
    if output_format == "json":
        report = {
            "banks": len(files),
            "questions": questions,
            "unread_files": sum(c.document is None for c in checked),
            "errors": errors,
            "warnings": warnings,
            "notes": notes,
            "problems": [p.to_dict() for p in problems],
        }
        if history is not None:
            report["resets"] = [
                {"path": where, "line": line, "col": col, **dataclasses.asdict(reset)}
                for where, line, col, reset in resets
            ]
        click.echo(visible_json(json.dumps(report, indent=2, ensure_ascii=False)))
    else:
        for problem in problems:
            click.echo(visible(str(problem)))
        for where, line, col, reset in resets:
            click.echo(
                f"{where}:{line}:{col}: [{reset.question_id}] note: {reset.students} "
                f"student{'s' * (reset.students != 1)}' answers would start fresh "
                f"({reset.kept} keep theirs): {reset.reason}"
            )
        if history is not None:
            lost = sum(r.students for *_, r in resets)
            click.echo(
                f"{history.name}: {lost} saved answer{'s' * (lost != 1)} would start fresh, in "
                f"{len(resets)} question{'s' * (len(resets) != 1)}"
            )
        if show_cues:
            click.echo(visible(cues.table([c.bank for c in checked if c.bank is not None])))
        # A file that is not YAML has questions nobody can count: say so, never "0 questions".
        unread = sum(c.document is None for c in checked)
        uncounted = f" (+ {unread} file{'s' * (unread != 1)} not read as YAML)" if unread else ""
        noted = f", {notes} note{'s' * (notes != 1)}" if notes else ""
        click.echo(
            f"{len(files)} bank{'s' * (len(files) != 1)}, {questions} questions{uncounted}: "
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
            f"{noted}"
        )
    sys.exit(1 if errors else 0)


def _history(db: str | None, url: str | None) -> Any:
    """Where saved answers are read from: a store file, PostgreSQL or the hub service (each
    with ``name``, ``attempts(bank_id)`` and ``close()``); a usage error if it cannot be."""
    from lessonquiz.report import ReportError
    from lessonquiz.report.remote import class_source, is_postgres_url

    try:
        if url is not None:
            return class_source(url, service=True)
        if db is not None and is_postgres_url(db):
            return class_source(db, service=False)
        return _StoreFile(Path(db or ""))
    except ReportError as exc:
        raise click.UsageError(visible(str(exc))) from None


class _StoreFile:
    """A progress store file, read-only, as ``_history`` gives it."""

    def __init__(self, path: Path) -> None:
        from lessonquiz.report import open_store

        if not path.is_file():
            raise click.UsageError(f"Invalid value for '--db': no progress store at {path}")
        self.name = str(path)
        self.conn = open_store(path)

    def attempts(self, bank_id: str) -> list[Any]:
        from lessonquiz.report import read_attempts

        return read_attempts(self.conn, bank_id)

    def close(self) -> None:
        self.conn.close()


def _resets(checked: list[CheckedBank], history: Any) -> list[tuple[str, int, int, Reset]]:
    """Per question of each loaded bank, the saved answers that would no longer count."""
    from lessonquiz.report import ReportError

    found = []
    try:
        for item in checked:
            if item.bank is None or item.document is None:
                continue
            index = {q.id: i for i, q in enumerate(item.bank.questions)}
            for reset in resets(item.bank, history.attempts(item.bank.id)):
                line, col = item.document.locate(("questions", index[reset.question_id]))
                found.append((str(item.path), line, col, reset))
    except ReportError as exc:
        raise click.ClickException(visible(str(exc))) from None
    finally:
        history.close()
    return found
