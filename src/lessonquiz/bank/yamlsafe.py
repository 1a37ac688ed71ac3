"""Read a bank's YAML safely, keeping the way back from a value to its line and column.

Why not ``yaml.safe_load``: it turns ``No`` into ``False`` (YAML 1.1), keeps the last of two
duplicate keys without a word, and forgets where each value came from. Here libyaml builds the
node tree (fast, and nothing is ever constructed from a tag), and we build plain Python values
from it with YAML 1.2 core rules, refusing tags, duplicate keys, deep nesting and alias bombs.
Positions are looked up from the node tree only when a problem needs one, so a clean bank pays
nothing for them.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lessonquiz.bank.syntax import explain
from lessonquiz.limits import MAX_ALIAS_NODES, MAX_BANK_BYTES, MAX_DEPTH, MAX_NUMBER_DIGITS

try:  # libyaml's composer is several times faster; fall back to pure Python where it is absent
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = MAX_BANK_BYTES
"""Largest bank file read, in bytes (kept under this name for callers; see lessonquiz.limits)."""

_PLAIN = "tag:lessonquiz,2026:plain"
"""The tag every untagged plain scalar gets, so YAML 1.2 rules (not libyaml's 1.1) decide."""


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """libyaml's parser with PyYAML's YAML 1.1 implicit resolver switched off for plain text.

    Without this, ``1e5`` (a float in YAML 1.2) came back as text and a plain ``=`` as the
    tag ``!!value``: libyaml resolves plain scalars by YAML 1.1 before we see them.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN
        return str(super().resolve(kind, value, implicit))


_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {
    _PLAIN,
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
# YAML 1.2 core schema: only these spellings are null, booleans and numbers.
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+$")
_INT_BASE = re.compile(r"0o[0-7]+$|0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_SPECIAL = {
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), float("inf")),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), float("-inf")),
    **dict.fromkeys((".nan", ".NaN", ".NAN"), float("nan")),
}

Path_ = tuple[str | int, ...]
"""Where a value sits in the document: keys and list indexes from the top."""


class YamlProblem(Exception):
    """The file cannot be read as a bank at all; ``line``/``col`` are 1-based."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


@dataclass
class YamlDocument:
    """Plain data read from one file, with the node tree kept for locating problems."""

    data: Any
    root: yaml.Node
    duplicate_keys: list[tuple[Path_, int, int]]
    _keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = field(
        default_factory=dict, repr=False
    )

    def locate(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``path``, or of the nearest parent found.

        With ``key=True`` the position of the mapping key itself is returned, which is where an
        unknown or misplaced key should be reported. Each mapping's keys are indexed the first
        time a problem is located in it, so a lookup costs the same whether the file has one
        problem or forty thousand (a linear scan per problem made 40,000 unknown keys take 36 s).
        """
        node = self.root
        mark = node.start_mark
        for step in path:
            child_key, child = self._child(node, step)
            if child is None:
                break
            node = child
            mark = child_key.start_mark if key and child_key is not None else child.start_mark
        return mark.line + 1, mark.column + 1

    def _child(self, node: yaml.Node, step: str | int) -> tuple[yaml.Node | None, yaml.Node | None]:
        if isinstance(node, yaml.MappingNode):
            index = self._keys.get(id(node))
            if index is None:
                index = {}
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode):
                        index.setdefault(key_node.value, (key_node, value_node))  # first wins
                self._keys[id(node)] = index
            found = index.get(step) if isinstance(step, str) else None
            return found if found is not None else (None, None)
        if (
            isinstance(node, yaml.SequenceNode)
            and isinstance(step, int)
            and 0 <= step < len(node.value)
        ):
            return None, node.value[step]
        return None, None


def read_yaml(source: str | Path | bytes, *, max_bytes: int = MAX_BYTES) -> YamlDocument:
    """Read one YAML document from a path or bytes; raise ``YamlProblem`` with a position.

    A path is never read past ``max_bytes`` (its size is checked before reading, and a
    device or pipe is read only up to the limit), so ``/dev/zero`` is refused, not swallowed.
    """
    raw = source if isinstance(source, bytes) else _read_bounded(Path(source), max_bytes)
    if len(raw) > max_bytes:
        raise YamlProblem(f"file is {len(raw):,} bytes; banks are limited to {max_bytes:,} bytes")
    text = _decode(raw)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise YamlProblem("file is empty: a bank needs at least schema_version, id and questions")
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        if "single document" in (exc.context or ""):
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            raise YamlProblem(
                "a bank is one YAML document; remove the extra '---'", line, col
            ) from None
        raise YamlProblem(*explain(exc, text)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML syntax error: {exc}") from None
    finally:
        loader.dispose()
    if root is None:
        raise YamlProblem("file is empty: a bank needs at least schema_version, id and questions")
    _check_size(root)
    duplicates: list[tuple[Path_, int, int]] = []
    data = _build(root, (), duplicates)
    return YamlDocument(data=data, root=root, duplicate_keys=duplicates)


def _read_bounded(path: Path, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of ``path``; a regular file too big is not read at all."""
    with path.open("rb") as handle:
        info = os.fstat(handle.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
            raise YamlProblem(
                f"file is {info.st_size:,} bytes; banks are limited to {max_bytes:,} bytes"
            )
        raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise YamlProblem(f"file is over {max_bytes:,} bytes; banks are limited to that size")
    return raw


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded; save the file as UTF-8",
            line,
            col,
        ) from None


def _check_size(root: yaml.Node) -> None:
    """Refuse documents whose aliases expand far beyond what was written (alias bombs)."""
    distinct: set[int] = set()
    expanded: dict[int, int] = {}

    def size(node: yaml.Node, depth: int) -> int:
        if depth > MAX_DEPTH:
            mark = node.start_mark
            raise YamlProblem(
                f"nesting deeper than {MAX_DEPTH} levels (or an alias that refers to itself)",
                mark.line + 1,
                mark.column + 1,
            )
        known = expanded.get(id(node))
        if known is not None:
            return known
        distinct.add(id(node))
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(item, depth + 1) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        expanded[id(node)] = total
        if total - len(distinct) > MAX_ALIAS_NODES:
            mark = node.start_mark
            raise YamlProblem(
                f"aliases (*name) expand to more than {MAX_ALIAS_NODES:,} extra values; "
                "write the repeated parts out instead",
                mark.line + 1,
                mark.column + 1,
            )
        return total

    size(root, 0)


def _build(node: yaml.Node, path: Path_, duplicates: list[tuple[Path_, int, int]]) -> Any:
    """Plain values from nodes; ``_check_size`` has already bounded depth and aliases."""
    tag = node.tag
    if tag not in _ALLOWED_TAGS:
        mark = node.start_mark
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        raise YamlProblem(
            f"tag {shown} is not allowed in a bank (nothing in a bank is ever executed)",
            mark.line + 1,
            mark.column + 1,
        )
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), duplicates) for i, item in enumerate(node.value)]
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            mark = key_node.start_mark
            raise YamlProblem(
                "a key must be a plain name, not a list or mapping", mark.line + 1, mark.column + 1
            )
        if key_node.tag == "tag:yaml.org,2002:merge" or (
            key_node.tag == _PLAIN and key_node.value == "<<"
        ):
            mark = key_node.start_mark
            raise YamlProblem(
                "merge keys (<<) are not supported in banks; write the keys out",
                mark.line + 1,
                mark.column + 1,
            )
        key = key_node.value
        if key in mapping:
            duplicates.append(
                ((*path, key), key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            )
            continue  # the first value wins; the duplicate is reported, never silently used
        mapping[key] = _build(value_node, (*path, key), duplicates)
    return mapping


def _scalar(node: yaml.ScalarNode) -> Any:
    value = node.value
    if node.style or node.tag == _STR:  # libyaml marks plain scalars with "", PyYAML with None
        return value  # quoted or block text is always text
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if value in _SPECIAL:
        return _SPECIAL[value]
    number = _INT.match(value) or _INT_BASE.match(value) or _FLOAT.match(value)
    if number is None:
        return value
    digits = sum(ch.isdigit() for ch in value)
    if digits > MAX_NUMBER_DIGITS:
        # Python refuses to print an int past 4,300 digits (a traceback in every message
        # that showed it); no answer or tolerance needs more than a float's 17.
        mark = node.start_mark
        raise YamlProblem(
            f"a number with {digits:,} digits; numbers in a bank have at most "
            f"{MAX_NUMBER_DIGITS} digits (put it in quotes if it is text)",
            mark.line + 1,
            mark.column + 1,
        )
    if _INT.match(value):
        return int(value)
    if _INT_BASE.match(value):
        return int(value, 0)
    return float(value)
