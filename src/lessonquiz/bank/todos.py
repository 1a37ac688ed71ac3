"""TODO placeholders left in a bank (``lessonquiz new lesson`` writes them), as warnings.

Kept apart from the lint: ``validate --strict`` turns the lint's advice into errors but leaves
these as warnings, so a lesson in progress can be committed and ``make test`` stays green.
"""

from __future__ import annotations

from lessonquiz.bank.errors import Problem, Severity
from lessonquiz.bank.loader import CheckedBank

TODO_MESSAGE = "TODO left here"


def todos(item: CheckedBank) -> list[Problem]:
    """A warning at each text of a loaded bank that still holds a TODO placeholder."""
    if item.bank is None or item.document is None:
        return []
    found = []
    ids = [q.id for q in item.bank.questions]

    def walk(value: object, loc: tuple[object, ...]) -> None:
        if isinstance(value, str) and "TODO" in value:
            line, col = item.document.locate(loc)  # type: ignore[union-attr, arg-type]
            qid = ids[loc[1]] if len(loc) > 1 and loc[0] == "questions" else None  # type: ignore[index]
            found.append(
                Problem(
                    str(item.path),
                    line,
                    col,
                    f"{TODO_MESSAGE}: write this text before class",
                    qid,
                    Severity.WARNING,
                )
            )
        elif isinstance(value, dict):
            for key, child in value.items():
                walk(child, (*loc, key))
        elif isinstance(value, list):
            for i, child in enumerate(value):
                walk(child, (*loc, i))

    walk(item.document.data, ())
    return found
