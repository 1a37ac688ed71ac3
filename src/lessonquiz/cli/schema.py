"""``lessonquiz schema``: print the banks' JSON Schema, the one YAML editors read."""

from __future__ import annotations

import click


@click.command()
def schema() -> None:
    """Print the JSON Schema of a quiz bank (generated from lessonquiz's own model).

    The project ships it as quizzes/bank.schema.json, and every bank names it in its first
    line (# yaml-language-server: $schema=bank.schema.json), so VS Code's YAML extension
    and other editors complete and check keys as you type. After upgrading lessonquiz:
    lessonquiz schema > quizzes/bank.schema.json. Exits 0.
    """
    from lessonquiz.bank.schema import schema_text

    click.echo(schema_text(), nl=False)
