"""TODO placeholders left in a bank (``lessonquiz new lesson`` writes them), as warnings.

Kept apart from the lint: ``validate --strict`` turns the lint's advice into errors but leaves
these as warnings, so a lesson in progress can be committed and ``make test`` stays green.
"""

from __future__ import annotations

from lessonquiz.bank.errors import Problem, Severity
from lessonquiz.bank.loader import CheckedBank
from lessonquiz.bank.stripped import bank_texts

TODO_MESSAGE = "TODO left here"


def todos(item: CheckedBank) -> list[Problem]:
    """A warning at each text of a loaded bank that still holds a TODO placeholder."""
    if item.bank is None or item.document is None:
        return []
    found = []
    ids = [q.id for q in item.bank.questions]

    for loc, text in bank_texts(item):
        if "TODO" not in text:
            continue
        line, col = item.document.locate(loc)  # type: ignore[union-attr]
        qid = ids[loc[1]] if len(loc) > 1 and loc[0] == "questions" else None
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
    return found
