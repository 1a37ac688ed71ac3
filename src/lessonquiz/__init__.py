"""lessonquiz: Jupyter lessons with quizzes that check understanding and remember progress.

The public face is small: ``load_bank`` and ``grade`` (the core, no Jupyter needed),
``Quiz`` and ``show`` (the Jupyter front end). Names are imported on first use, so
``import lessonquiz`` stays cheap and the core never pulls in Jupyter's display machinery.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Bank": "lessonquiz.bank.model",
    "BankError": "lessonquiz.bank.errors",
    "Problem": "lessonquiz.bank.errors",
    "load_bank": "lessonquiz.bank.loader",
    "load_banks": "lessonquiz.bank.loader",
    "Result": "lessonquiz.grading",
    "grade": "lessonquiz.grading",
    "Quiz": "lessonquiz.widgets",
    "show": "lessonquiz.widgets",
}

__all__ = [  # noqa: RUF022 - grouped: core first, then the widgets
    "Bank",
    "BankError",
    "Problem",
    "Result",
    "grade",
    "load_bank",
    "load_banks",
    "Quiz",
    "show",
]

if TYPE_CHECKING:  # pragma: no cover
    from lessonquiz.bank.errors import BankError, Problem
    from lessonquiz.bank.loader import load_bank, load_banks
    from lessonquiz.bank.model import Bank
    from lessonquiz.grading import Result, grade
    from lessonquiz.widgets import Quiz, show


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lessonquiz' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
