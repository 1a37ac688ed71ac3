"""Problems found in a quiz bank, and the error that carries them.

Every problem knows its file, line and column so an instructor can jump straight to it; the
loader collects all problems of a file before raising, so one run shows everything to fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    """An error stops a bank from loading; a warning is advice (``--strict`` makes it an error)."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a bank, located at ``path:line:col``."""

    path: str
    line: int
    col: int
    message: str
    question_id: str | None = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}:"
        who = f" [{self.question_id}]" if self.question_id else ""
        tag = " warning:" if self.severity is Severity.WARNING else ""
        return f"{where}{who}{tag} {self.message}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form for ``lessonquiz validate --format json``."""
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


class BankError(Exception):
    """A bank (or folder of banks) that cannot be used; ``problems`` lists every reason.

    The message is one ``path:line:col: [question-id] message`` line per problem, so printing
    the exception is already a useful report.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
