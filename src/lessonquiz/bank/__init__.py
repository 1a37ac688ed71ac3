"""Quiz banks: the model, the YAML loader with located errors, and the lint."""

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
