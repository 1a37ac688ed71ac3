"""What every command that reads a bank or writes a file shares: one way to load, one to write."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import click

from lessonquiz.bank.errors import BankError
from lessonquiz.bank.loader import load_bank
from lessonquiz.bank.model import Bank
from lessonquiz.terminal import visible

DEFAULT_BANKS = Path("quizzes")
"""The folder of banks a command reads when given none."""


def load_or_fail(path: Path) -> Bank:
    """The bank at ``path``, or a ClickException (exit 1) listing every problem."""
    try:
        return load_bank(path)
    except BankError as exc:
        raise click.ClickException(
            visible(f"{path} has errors; fix them first (lessonquiz validate {path}):\n{exc}")
        ) from None


STDOUT = "-"
"""The ``-o`` value that means standard output, as in most command-line tools."""


def is_stdout(output: Path | None) -> bool:
    """Whether ``-o`` asks for standard output rather than a file."""
    return output is not None and str(output) == STDOUT


def write_file(path: Path, content: bytes) -> None:
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
        mode = path.stat().st_mode & 0o7777 if path.is_file() else 0o666 & ~umask()
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


def umask() -> int:
    """The process's umask (reading it means setting it; it is put back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


BANK_ARG = click.argument(
    "bank", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="BANK"
)


def warn(warnings: list[Any]) -> None:
    """Each warning on stderr, bank text in it made inert for the terminal (``visible``)."""
    for warning in warnings:
        click.echo(visible(f"warning: {warning}"), err=True)
