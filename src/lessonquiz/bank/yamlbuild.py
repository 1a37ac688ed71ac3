"""Plain values straight from libyaml's event stream, with no node tree kept.

Why events and not ``compose``: a node tree keeps two position marks per value, about 40
bytes of memory per byte of bank; the plain values alone need a few. Positions are found by
a second walk (``positions``), run only when problems must be located, once for all of
them, recording only the places asked for: a clean bank never pays for positions, and a
bank with 40,000 problems pays one walk, not 40,000 scans.

Refused while walking, each with its position: tags other than YAML's plain ones (nothing
is ever constructed), keys that are not plain text, merge keys, nesting deeper than
``MAX_DEPTH``, aliases that refer to themselves or to no anchor, and aliases that would
expand to more than ``MAX_ALIAS_NODES`` extra values (alias bombs).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from yaml import events

from lessonquiz.limits import MAX_ALIAS_NODES, MAX_DEPTH

Path_ = tuple[str | int, ...]
"""Where a value sits in the document: keys and list indexes from the top."""
Pos = tuple[int, int]

_PLAIN_TAGS = {None, "!"}
_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


class Problem(Exception):
    """What the walk refused, at 1-based ``line``/``col`` (turned into ``YamlProblem``)."""

    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


def _pos(event: Any) -> Pos:
    return event.start_mark.line + 1, event.start_mark.column + 1


class Builder:
    """One walk over one document's events; ``scalar`` turns a scalar event into a value."""

    def __init__(self, loader: Any, scalar: Callable[[Any], Any]) -> None:
        self.loader = loader
        self.scalar = scalar
        self.duplicates: list[tuple[Path_, int, int]] = []
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # value, expanded size, height
        self.open_anchors: set[str] = set()
        self.extra = 0

    def document(self) -> Any:
        """The one document's value; raises ``Problem`` for a second document."""
        loader = self.loader
        loader.get_event()  # StreamStart
        if loader.check_event(events.StreamEndEvent):
            return None
        loader.get_event()  # DocumentStart
        value = self.value(loader.get_event(), (), 0)[0]
        loader.get_event()  # DocumentEnd
        if not loader.check_event(events.StreamEndEvent):
            raise Problem(
                "a bank is one YAML document; remove the extra '---'", *_pos(loader.peek_event())
            )
        return value

    def value(self, event: Any, path: Path_, depth: int) -> tuple[Any, int, int]:
        """(value, expanded size, height) of the value that starts with ``event``."""
        if depth > MAX_DEPTH:
            raise Problem(
                f"nesting deeper than {MAX_DEPTH} levels (or an alias that refers to itself)",
                *_pos(event),
            )
        if isinstance(event, events.AliasEvent):
            return self.alias(event, depth)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.open_anchors.add(anchor)
        if isinstance(event, events.ScalarEvent):
            if event.tag not in _PLAIN_TAGS and event.tag not in _SCALAR_TAGS:
                raise _tag_problem(event)
            built = (self.scalar(event), 1, 0)
        elif isinstance(event, events.SequenceStartEvent):
            built = self.sequence(event, path, depth)
        else:
            built = self.mapping(event, path, depth)
        if anchor is not None:
            self.open_anchors.discard(anchor)
            self.anchors[anchor] = built
        return built

    def alias(self, event: Any, depth: int) -> tuple[Any, int, int]:
        name = event.anchor
        if name in self.open_anchors:
            raise Problem(
                f"nesting deeper than {MAX_DEPTH} levels (or an alias that refers to itself)",
                *_pos(event),
            )
        if name not in self.anchors:
            raise Problem(
                f"*{name} refers to no anchor &{name}; text starting with * needs quotes",
                *_pos(event),
            )
        value, size, height = self.anchors[name]
        if depth + height > MAX_DEPTH:
            raise Problem(f"nesting deeper than {MAX_DEPTH} levels", *_pos(event))
        self.extra += size
        if self.extra > MAX_ALIAS_NODES:
            raise Problem(
                f"aliases (*name) expand to more than {MAX_ALIAS_NODES:,} extra values; "
                "write the repeated parts out instead",
                *_pos(event),
            )
        return value, size, height

    def sequence(self, event: Any, path: Path_, depth: int) -> tuple[Any, int, int]:
        if event.tag not in _COLLECTION_TAGS:
            raise _tag_problem(event)
        items: list[Any] = []
        size, height = 1, 0
        loader = self.loader
        while not loader.check_event(events.SequenceEndEvent):
            value, n, h = self.value(loader.get_event(), (*path, len(items)), depth + 1)
            items.append(value)
            size, height = size + n, max(height, h + 1)
        loader.get_event()
        return items, size, height

    def mapping(self, event: Any, path: Path_, depth: int) -> tuple[Any, int, int]:
        if event.tag not in _COLLECTION_TAGS:
            raise _tag_problem(event)
        mapping: dict[str, Any] = {}
        size, height = 1, 0
        loader = self.loader
        while not loader.check_event(events.MappingEndEvent):
            key_event = loader.get_event()
            key = self.key(key_event, depth)
            value, n, h = self.value(loader.get_event(), (*path, key), depth + 1)
            size, height = size + n + 1, max(height, h + 1)
            if key in mapping:
                self.duplicates.append(((*path, key), *_pos(key_event)))
                continue  # the first value wins; the duplicate is reported, never silently used
            mapping[key] = value
        loader.get_event()
        return mapping, size, height

    def key(self, event: Any, depth: int) -> str:
        if isinstance(event, events.AliasEvent):
            value = self.alias(event, depth)[0]
            if isinstance(value, str):
                return value
        elif isinstance(event, events.ScalarEvent):
            if event.tag not in _PLAIN_TAGS and event.tag not in _SCALAR_TAGS:
                raise _tag_problem(event)
            if event.value == "<<" and event.style == "" and event.tag in _PLAIN_TAGS:
                raise Problem(
                    "merge keys (<<) are not supported in banks; write the keys out",
                    *_pos(event),
                )
            return sys.intern(str(event.value))  # keys repeat: one object each
        raise Problem("a key must be a plain name, not a list or mapping", *_pos(event))


_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


def _tag_problem(event: Any) -> Problem:
    shown = str(event.tag).replace("tag:yaml.org,2002:", "!!")
    return Problem(
        f"tag {shown} is not allowed in a bank (nothing in a bank is ever executed)",
        *_pos(event),
    )


Wanted = dict[Any, "Wanted"]
"""A trie of the document paths whose positions are asked for."""


def positions(loader: Any, paths: list[Path_]) -> dict[Path_, tuple[Pos | None, Pos]]:
    """(key position, value position) of every value on the way to each of ``paths``.

    One walk over the events, recording only what was asked for: memory grows with the
    number of paths, not with the document (a full index of a 5 MB bank took 30 MB).
    """
    wanted: Wanted = {}
    for path in paths:
        node = wanted
        for step in path:
            node = node.setdefault(step, {})
    found: dict[Path_, tuple[Pos | None, Pos]] = {}
    loader.get_event()  # StreamStart
    if loader.check_event(events.StreamEndEvent):
        return found
    loader.get_event()  # DocumentStart
    first = loader.get_event()
    found[()] = (None, _pos(first))
    _visit(loader, first, (), wanted, found)
    return found


def _visit(loader: Any, event: Any, path: Path_, wanted: Wanted | None, found: dict) -> None:
    """Consume the events of the value that starts with ``event``, recording wanted places."""
    if isinstance(event, events.SequenceStartEvent):
        index = 0
        while not loader.check_event(events.SequenceEndEvent):
            item = loader.get_event()
            sub = wanted.get(index) if wanted else None
            if sub is not None:
                found[(*path, index)] = (None, _pos(item))
            _visit(loader, item, (*path, index), sub, found)
            index += 1
        loader.get_event()
    elif isinstance(event, events.MappingStartEvent):
        while not loader.check_event(events.MappingEndEvent):
            key_event = loader.get_event()
            if isinstance(key_event, events.CollectionStartEvent):
                _visit(loader, key_event, path, None, found)  # refused on reading; skip it
            value_event = loader.get_event()
            key = key_event.value if isinstance(key_event, events.ScalarEvent) else None
            sub = wanted.get(key) if wanted and key is not None else None
            if sub is not None and (*path, key) in found:
                sub = None  # a duplicate key: the first one is the one used
            if sub is not None:
                found[(*path, key)] = (_pos(key_event), _pos(value_event))
            _visit(loader, value_event, (*path, key), sub, found)
        loader.get_event()


def nearest(found: dict[Path_, tuple[Pos | None, Pos]], path: Path_, *, key: bool) -> Pos:
    """The position of ``path`` (its key with ``key=True``), or of the nearest parent found."""
    for length in range(len(path), -1, -1):
        place = found.get(path[:length])
        if place is not None:
            key_pos, value_pos = place
            return key_pos if key and key_pos is not None and length == len(path) else value_pos
    return 1, 1
