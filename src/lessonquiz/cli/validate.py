"""``lessonquiz validate``: every problem of every bank, located, and an exit code for CI."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

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
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A progress store: also say, per question, how many students' saved answers the "
    "banks as they are now would no longer count (read-only; nothing is changed).",
)
def validate(
    paths: tuple[Path, ...],
    strict: bool,
    output_format: str,
    db: Path | None,
    show_cues: bool = False,
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
    resets = _resets(checked, db) if db is not None else []
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
        if db is not None:
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
        if db is not None:
            lost = sum(r.students for *_, r in resets)
            click.echo(
                f"{db}: {lost} saved answer{'s' * (lost != 1)} would start fresh, in "
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


def _resets(checked: list[CheckedBank], db: Path) -> list[tuple[str, int, int, Reset]]:
    """Per question of each loaded bank, the answers in ``db`` that would no longer count."""
    from lessonquiz.report import ReportError, open_store, read_attempts

    try:
        conn = open_store(db)
    except ReportError as exc:
        raise click.UsageError(str(exc)) from None
    found = []
    try:
        for item in checked:
            if item.bank is None or item.document is None:
                continue
            index = {q.id: i for i, q in enumerate(item.bank.questions)}
            for reset in resets(item.bank, read_attempts(conn, item.bank.id)):
                line, col = item.document.locate(("questions", index[reset.question_id]))
                found.append((str(item.path), line, col, reset))
    finally:
        conn.close()
    return found
