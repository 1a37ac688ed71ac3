"""Read a bank's YAML safely, keeping the way back from a value to its line and column.

Why not ``yaml.safe_load``: it turns ``No`` into ``False`` and leaves ``1e5`` as text (YAML
1.1), keeps the last of two duplicate keys without a word, and forgets where each value came
from. Here libyaml parses (fast, and nothing is ever constructed from a tag) and
``yamlbuild`` makes plain Python values from its events with YAML 1.2 core rules, refusing
tags, duplicate keys, deep nesting and alias bombs. Positions are found only when a problem
needs one, so a clean bank pays nothing for them. Every limit comes from ``lessonquiz.limits``.
"""

from __future__ import annotations

import re
import stat
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lessonquiz.bank.syntax import explain
from lessonquiz.bank.yamlbuild import Builder, Path_, nearest, positions
from lessonquiz.bank.yamlbuild import Problem as BuildProblem
from lessonquiz.limits import MAX_BANK_BYTES, MAX_NUMBER_DIGITS

try:  # libyaml's parser is several times faster; fall back to pure Python where it is absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = MAX_BANK_BYTES
"""Largest bank file read, in bytes (kept under this name for callers; see lessonquiz.limits)."""

_STR = "tag:yaml.org,2002:str"
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


class YamlProblem(Exception):
    """The file cannot be read as a bank at all; ``line``/``col`` are 1-based."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


@dataclass
class YamlDocument:
    """Plain data read from one file; positions are found again only when a problem needs one."""

    data: Any
    packed: bytes = field(repr=False)
    """The file's UTF-8 bytes, zlib-compressed: positions need the text again only when a
    problem is found, and a 5 MB bank's text was a tenth of the peak memory of validating it."""
    duplicate_keys: list[tuple[Path_, int, int]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The file's text, as read."""
        return zlib.decompress(self.packed).decode("utf-8-sig")

    def locate_all(self, requests: list[tuple[Path_, bool]]) -> list[tuple[int, int]]:
        """Line and column (1-based) for each ``(path, key)``: of the value at ``path`` (of its
        mapping key with ``key=True``, where an unknown key is reported), or of the nearest
        parent found. One walk of the file answers them all, so locating costs the same per
        problem whether the file has one or forty thousand (a scan per problem made 40,000
        unknown keys take 36 s).
        """
        if not requests:
            return []
        loader = _Loader(_Unpacking(self.packed))  # read in chunks: never the whole text again
        try:
            found = positions(loader, [path for path, _ in requests])
        finally:
            loader.dispose()
        return [nearest(found, path, key=key) for path, key in requests]

    def locate(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """``locate_all`` for one path (a walk of the file each call: use ``locate_all``
        for many)."""
        return self.locate_all([(path, key)])[0]


class _Unpacking:
    """A file-like view of zlib-compressed bytes that libyaml reads chunk by chunk."""

    def __init__(self, packed: bytes) -> None:
        self._packed = packed
        self._offset = 0
        self._inflate = zlib.decompressobj()

    def read(self, size: int = -1) -> bytes:
        chunk = 64 * 1024
        out = b""
        while (size < 0 or len(out) < size) and not self._inflate.eof:
            if self._inflate.unconsumed_tail:
                data = self._inflate.unconsumed_tail
            else:
                data = self._packed[self._offset : self._offset + chunk]
                self._offset += len(data)
            want = 0 if size < 0 else size - len(out)
            out += self._inflate.decompress(data, want)
            if not data:
                break
        return out


def read_yaml(source: str | Path | bytes, *, max_bytes: int = MAX_BYTES) -> YamlDocument:
    """Read one YAML document from a path or bytes; raise ``YamlProblem`` with a position.

    A path is never read past ``max_bytes`` (its size is checked before reading) and only a
    regular file is read, so ``/dev/zero`` or a named pipe is refused, not swallowed or
    waited for.
    """
    raw = source if isinstance(source, bytes) else _read_bounded(Path(source), max_bytes)
    if len(raw) > max_bytes:
        raise YamlProblem(f"file is {len(raw):,} bytes; banks are limited to {max_bytes:,} bytes")
    text = _decode(raw)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise YamlProblem("file is empty: a bank needs at least schema_version, id and questions")
    del text  # valid UTF-8: libyaml parses the bytes (given text, it would encode a copy)
    loader = _Loader(raw)
    builder = Builder(loader, _scalar)
    try:
        data = builder.document()
    except BuildProblem as exc:
        raise YamlProblem(exc.message, exc.line, exc.col) from None
    except yaml.MarkedYAMLError as exc:
        raise YamlProblem(*explain(exc, raw.decode("utf-8-sig"))) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML syntax error: {exc}") from None
    finally:
        loader.dispose()
    return YamlDocument(data, zlib.compress(raw, 1), builder.duplicates)


def _read_bounded(path: Path, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of ``path``; a file too big is not read at all.

    Only regular files are read: ``/dev/zero`` would never end, and opening a named pipe
    with no writer would wait forever.
    """
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise YamlProblem("not a regular file (a device, pipe or socket); give a bank file")
    if info.st_size > max_bytes:
        raise YamlProblem(
            f"file is {info.st_size:,} bytes; banks are limited to {max_bytes:,} bytes"
        )
    with path.open("rb") as handle:
        raw = handle.read(max_bytes + 1)  # it may have grown since
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


def _scalar(event: Any) -> Any:
    """A scalar's value by YAML 1.2 core rules: quoted or block text, or ``!!str``, is text."""
    value = event.value
    if event.style or event.tag == _STR:  # libyaml marks plain scalars with "", PyYAML with None
        return value
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
        mark = event.start_mark
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
