"""The instructor's command line: validate, preview, export, import and report quiz banks.

Built on click, as much of the Jupyter tooling is. Every bad input ends in a located message
and an exit code, never a traceback: 0 clean, 1 problems found, 2 wrong usage. One module per
command (or group of commands); this one only assembles them, so each command can be read,
changed and tested on its own.

Commands are imported when run (click's documented lazy group), not all at start: the
instructor waits for ``lessonquiz report`` start to finish, and the export and preview
commands' renderers (Markdown, HTML sanitizer, GIFT) cost a third of a second of start-up
that the report never uses. ``--help`` still lists every command (it imports them all).
"""

from __future__ import annotations

import importlib

import click

from lessonquiz import __version__

COMMANDS = {
    "export": "lessonquiz.cli.export:export",
    "grades": "lessonquiz.cli.report_grades:grades",
    "import": "lessonquiz.cli.imports:import_",
    "new": "lessonquiz.cli.new:new",
    "preview": "lessonquiz.cli.preview:preview",
    "report": "lessonquiz.cli.report:report",
    "schema": "lessonquiz.cli.schema:schema",
    "validate": "lessonquiz.cli.validate:validate",
}
"""Each command's name and where it lives (``module:attribute``)."""


class LazyGroup(click.Group):
    """A group whose commands are imported when first asked for (click's "Lazily Loading
    Subcommands" pattern)."""

    def __init__(self, *args: object, lazy: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, attribute = self.lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="lessonquiz")
def main() -> None:
    """Quiz banks for the lessonquiz lessons: check them, preview them, export them.

    Banks are YAML files in quizzes/ (the format is described in quizzes/README.md).
    Start with `lessonquiz validate` after every edit.
    """


__all__ = ["main"]
