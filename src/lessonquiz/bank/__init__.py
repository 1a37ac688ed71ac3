"""Quiz banks: the model, the YAML loader with located errors, and the lint.

The names below are imported on first use: ``lessonquiz.bank.identity`` (what a quiz needs
at display time) must not pull in the YAML reader and the loader's validators.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "BankError": "lessonquiz.bank.errors",
    "Problem": "lessonquiz.bank.errors",
    "Severity": "lessonquiz.bank.errors",
    "load_bank": "lessonquiz.bank.loader",
    "load_banks": "lessonquiz.bank.loader",
    "QUESTION_MODELS": "lessonquiz.bank.model",
    "SCHEMA_VERSION": "lessonquiz.bank.model",
    "AnyQuestion": "lessonquiz.bank.model",
    "Bank": "lessonquiz.bank.model",
    "Choice": "lessonquiz.bank.model",
    "MatchQuestion": "lessonquiz.bank.model",
    "MultipleQuestion": "lessonquiz.bank.model",
    "NumericQuestion": "lessonquiz.bank.model",
    "Objective": "lessonquiz.bank.model",
    "OrderQuestion": "lessonquiz.bank.model",
    "Pair": "lessonquiz.bank.model",
    "References": "lessonquiz.bank.model",
    "SingleQuestion": "lessonquiz.bank.model",
    "Source": "lessonquiz.bank.model",
    "TextQuestion": "lessonquiz.bank.model",
    "TrueFalseQuestion": "lessonquiz.bank.model",
    "WrittenQuestion": "lessonquiz.bank.model",
}

if TYPE_CHECKING:  # pragma: no cover
    from lessonquiz.bank.errors import BankError, Problem, Severity
    from lessonquiz.bank.loader import load_bank, load_banks
    from lessonquiz.bank.model import (
        QUESTION_MODELS,
        SCHEMA_VERSION,
        AnyQuestion,
        Bank,
        Choice,
        MatchQuestion,
        MultipleQuestion,
        NumericQuestion,
        Objective,
        OrderQuestion,
        Pair,
        References,
        SingleQuestion,
        Source,
        TextQuestion,
        TrueFalseQuestion,
        WrittenQuestion,
    )

__all__ = [
    "QUESTION_MODELS",
    "SCHEMA_VERSION",
    "AnyQuestion",
    "Bank",
    "BankError",
    "Choice",
    "MatchQuestion",
    "MultipleQuestion",
    "NumericQuestion",
    "Objective",
    "OrderQuestion",
    "Pair",
    "Problem",
    "References",
    "Severity",
    "SingleQuestion",
    "Source",
    "TextQuestion",
    "TrueFalseQuestion",
    "WrittenQuestion",
    "load_bank",
    "load_banks",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lessonquiz.bank' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
