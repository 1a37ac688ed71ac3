"""The instructor's command line: validate, preview, export, import and report quiz banks.

Built on click, as much of the Jupyter tooling is. Every bad input ends in a located message
and an exit code, never a traceback: 0 clean, 1 problems found, 2 wrong usage. One module per
command (or group of commands); this one only assembles them, so each command can be read,
changed and tested on its own.
"""

from __future__ import annotations

import click

from lessonquiz import __version__
from lessonquiz.cli.export import export
from lessonquiz.cli.imports import import_
from lessonquiz.cli.new import new
from lessonquiz.cli.preview import preview
from lessonquiz.cli.report import report
from lessonquiz.cli.report_grades import grades
from lessonquiz.cli.schema import schema
from lessonquiz.cli.validate import validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lessonquiz")
def main() -> None:
    """Quiz banks for the lessonquiz lessons: check them, preview them, export them.

    Banks are YAML files in quizzes/ (the format is described in quizzes/README.md).
    Start with `lessonquiz validate` after every edit.
    """


for command in (validate, preview, export, import_, report, grades, schema, new):
    main.add_command(command)

__all__ = ["main"]
