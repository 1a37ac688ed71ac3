"""What every command that reads a bank or writes a file shares: one way to load, one to write."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import click

from lessonquiz.bank.errors import BankError
from lessonquiz.bank.loader import bank_files, load_bank, nearest_folder
from lessonquiz.bank.model import Bank
from lessonquiz.bank.yamlsafe import YamlProblem, read_yaml
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


def check_target(path: Path, *, inputs: tuple[Path, ...] = (), force: bool = False) -> None:
    """Refuse to write ``path`` when it is one of the command's ``inputs`` (whatever
    ``--force`` says), or when it exists and ``--force`` was not given (review D16)."""
    for given in inputs:
        if path.exists() and given.exists() and path.resolve() == given.resolve():
            raise click.UsageError(
                f"{path} is this command's input: writing there would replace it; give "
                "another -o file"
            )
    if path.exists() and not path.is_dir() and not force:
        raise click.UsageError(f"{path} exists; pass --force to overwrite it")


def write_file(
    path: Path, content: bytes, *, inputs: tuple[Path, ...] = (), force: bool = False
) -> None:
    """Write ``content`` to ``path`` atomically (a temporary file, then a rename), after
    ``check_target`` (never over an input; over an existing file only with ``force``).

    The file gets the mode any other program would give it: a new file the usual
    ``0o666 & ~umask`` (a temporary file is private, 0600, and the rename would keep that),
    an overwritten one its own mode. Every failure is a message naming ``path``, never a
    traceback naming the temporary file.
    """
    if path.is_dir():
        raise click.UsageError(f"{path} is a folder; give the path of a file to write")
    check_target(path, inputs=inputs, force=force)
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


class BankParam(click.ParamType):
    """A bank given by its file or by its id (``economics``), looked up in the nearest
    ``quizzes/`` folder, so every command takes the id the lessons and the report use."""

    name = "bank"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        path = Path(value)
        if path.is_file():
            return path
        if path.is_dir():
            self.fail(f"{path} is a folder; give one bank file or a bank id", param, ctx)
        folder = nearest_folder("quizzes", Path.cwd())
        ids = bank_ids(folder) if folder is not None and not path.suffix else {}
        if str(value) in ids:
            return ids[str(value)]
        if path.suffix or "/" in str(value):
            self.fail(f"no such file: {path}", param, ctx)
        where = f"in {folder}" if folder else f"(no quizzes/ folder in {Path.cwd()} or above)"
        known = f" (ids: {', '.join(sorted(ids))})" if ids else ""
        self.fail(f"no bank file {value} and no bank with id '{value}' {where}{known}", param, ctx)


def bank_ids(folder: Path) -> dict[str, Path]:
    """The bank files of ``folder`` by the ``id`` each declares (unreadable files skipped)."""
    found: dict[str, Path] = {}
    for path in bank_files([folder]):
        try:
            data = read_yaml(path).data
        except (YamlProblem, OSError):
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            found.setdefault(data["id"], path)
    return found


BANK_ARG = click.argument("bank", type=BankParam(), metavar="BANK")
"""A bank file, or the id of a bank in the nearest quizzes/ folder."""

FORCE = click.option("--force", is_flag=True, help="Overwrite an existing output file.")


def warn(warnings: list[Any]) -> None:
    """Each warning on stderr, bank text in it made inert for the terminal (``visible``)."""
    for warning in warnings:
        click.echo(visible(f"warning: {warning}"), err=True)
