"""Problems found in a quiz bank, and the error that carries them.

Every problem knows its file, line and column so an instructor can jump straight to it; the
loader collects all problems of a file before raising, so one run shows everything to fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import Enum

from lessonquiz.limits import MAX_PROBLEMS_PER_FILE


class Severity(str, Enum):
    """An error stops a bank from loading; a warning is advice (``--strict`` makes it an error);
    a note says what was not checked, and why (it never fails ``validate``)."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


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
        tag = "" if self.severity is Severity.ERROR else f" {self.severity.value}:"
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
        everything = sorted(problems)
        self.total = len(everything)  # all found; ``problems`` lists a bounded number per file
        self.problems: list[Problem] = bounded(everything)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def bounded(problems: list[Problem], limit: int = MAX_PROBLEMS_PER_FILE) -> list[Problem]:
    """The first ``limit`` problems of each file (in position order), then one line per file
    counting the rest, so a file with 40,000 problems prints 201 lines, not 40,000."""
    kept: list[Problem] = []
    counts: dict[str, int] = {}
    omitted: dict[str, list[Problem]] = {}
    for problem in sorted(problems):
        seen = counts.get(problem.path, 0)
        counts[problem.path] = seen + 1
        if seen < limit:
            kept.append(problem)
        else:
            omitted.setdefault(problem.path, []).append(problem)
    for path, rest in omitted.items():
        first = rest[0]
        severity = (
            Severity.ERROR if any(p.severity is Severity.ERROR for p in rest) else Severity.WARNING
        )
        kept.append(
            Problem(
                path,
                first.line,
                first.col,
                f"... and {len(rest):,} more problem{'s' * (len(rest) != 1)} in this file from "
                f"here on (only the first {limit} are listed; fix those and validate again)",
                None,
                severity,
            )
        )
    return sorted(kept)
