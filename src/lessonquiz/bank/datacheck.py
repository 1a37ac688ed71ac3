"""Numeric answers recomputed from ``data/``: what a question's ``from_data`` says, evaluated.

Why declarative: the course's figures live in CSV files under ``data/`` and are corrected
there; an answer typed into a bank must not silently go stale. A question says which rows and
columns its answer comes from and how (a small formula), in YAML an instructor can write, and
``lessonquiz validate`` recomputes it. The formula language is deliberately tiny (numbers, the
value names, + - * /, parentheses, ``round`` and ``abs``) and is evaluated from its syntax
tree, never with ``eval``.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import operator
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lessonquiz.bank.model import DataValue, FromData, StartsWith


class DataCheckError(Exception):
    """``from_data`` cannot be computed; the message says what to fix. ``at`` is the
    sub-path of ``from_data`` to point at (for example ``("values", "china", "where")``)."""

    def __init__(self, message: str, *at: str | int) -> None:
        super().__init__(message)
        self.at = at


_BINARY: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_FUNCTIONS: dict[str, Callable[..., float]] = {"round": round, "abs": abs}


def compute(spec: FromData, data_dir: Path) -> tuple[float, dict[str, float]]:
    """The answer ``spec`` gives from the files in ``data_dir``, and each named value."""
    values = {name: read_value(value, data_dir, name) for name, value in spec.values.items()}
    formula = spec.formula if spec.formula is not None else next(iter(spec.values))
    return evaluate(formula, values), values


def read_value(value: DataValue, data_dir: Path, name: str) -> float:
    """One named value: a cell of the single matching row, or the number of matching rows."""
    at = ("values", name)
    path = data_dir / value.file
    if not path.is_file():
        known = ", ".join(sorted(p.name for p in data_dir.glob("*.csv")))
        raise DataCheckError(f"no file data/{value.file} (the CSV files are: {known})", *at, "file")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    columns = list(rows[0]) if rows else []
    for column in [*value.where, *([value.column] if value.column else [])]:
        if column not in columns:
            raise DataCheckError(
                f"data/{value.file} has no column '{column}' (its columns: {', '.join(columns)})",
                *at,
                "where" if column in value.where else "column",
            )
    matching = [row for row in rows if all(_matches(row[k], v) for k, v in value.where.items())]
    if value.column is None:
        return float(len(matching))
    if len(matching) != 1:
        raise DataCheckError(
            f"value '{name}': {len(matching)} rows of data/{value.file} match the where "
            "conditions; column needs exactly one (add a condition to tell them apart, or "
            "drop column to count the rows)",
            *at,
            "where",
        )
    return _number(matching[0][value.column], f"data/{value.file} column {value.column}", at)


def _matches(cell: str, wanted: str | int | float | StartsWith) -> bool:
    if isinstance(wanted, StartsWith):
        return cell.startswith(wanted.starts_with)
    if isinstance(wanted, int | float):
        try:
            return float(cell) == float(wanted)
        except ValueError:
            return False
    return cell == wanted


def _number(cell: str, where: str, at: tuple[str, ...]) -> float:
    try:
        return float(cell)
    except ValueError:
        pass
    try:
        return float(dt.date.fromisoformat(cell).toordinal())
    except ValueError:
        raise DataCheckError(
            f"{where} holds '{cell}', which is neither a number nor a date (YYYY-MM-DD)",
            *at,
            "column",
        ) from None


def evaluate(formula: str, values: dict[str, float]) -> float:
    """``formula`` computed with ``values``; ``DataCheckError`` names what is not allowed."""
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError:
        raise DataCheckError(
            f"formula '{formula}' is not arithmetic (write it like: china - russia)", "formula"
        ) from None
    return float(_eval(tree.body, values, formula))


def _eval(node: ast.AST, values: dict[str, float], formula: str) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in values:
            raise DataCheckError(
                f"formula uses '{node.id}', which is not one of the values ({', '.join(values)})",
                "formula",
            )
        return values[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _eval(node.left, values, formula), _eval(node.right, values, formula)
        if isinstance(node.op, ast.Div) and right == 0:
            raise DataCheckError(f"formula '{formula}' divides by zero", "formula")
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        operand = _eval(node.operand, values, formula)
        return -operand if isinstance(node.op, ast.USub) else operand
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS
        and not node.keywords
    ):
        return _FUNCTIONS[node.func.id](*(_eval(a, values, formula) for a in node.args))
    raise DataCheckError(
        f"formula '{formula}' may use only numbers, the value names, + - * /, parentheses, "
        "round(x, digits) and abs(x)",
        "formula",
    )
