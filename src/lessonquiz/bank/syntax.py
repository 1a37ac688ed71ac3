"""YAML syntax errors in an instructor's words: the likely fix, at the line and column.

libyaml reports what its parser saw ("mapping values are not allowed in this context",
"did not find expected key"); an instructor needs what to change. ``explain`` reads the
parser's problem and the offending line and names the usual cause: an indentation slip, a
tab, text with ``: `` that needs quotes, a quote never closed, text starting with a YAML
character. The parser's own words stay at the end, in brackets, for anyone searching them.
"""

from __future__ import annotations

import yaml

_STARTERS = {"@": "@", "`": "`", "%": "%", "*": "*", "&": "&", "!": "!", "|": "|", ">": ">"}


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, int, int]:
    """(message, line, column), 1-based, for a libyaml syntax error in ``text``."""
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    start = exc.context_mark
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    parser = f"(YAML parser: {problem}{f', {context}' if context else ''})"

    def said(fix: str, at: tuple[int, int] | None = None) -> tuple[str, int, int]:
        where = at or (line, col)
        return f"YAML syntax error: {fix} {parser}", where[0], where[1]

    if "tab" in problem or "\t" in _indent(here) or (here[col - 1 : col] == "\t"):
        return said("a tab character; YAML indents with spaces only: replace the tab with spaces")
    if "quoted scalar" in context and start is not None:
        return said(
            f"the quote opened at line {start.line + 1}, column {start.column + 1} is never "
            "closed: add the closing quote (\" or ') at the end of the text",
            (start.line + 1, start.column + 1),
        )
    if "mapping values are not allowed" in problem:
        above = _previous_line(lines, line)
        if above is not None and len(_indent(here)) > len(_indent(above)):
            return said(
                "this line is indented further than the line above, so it reads as the rest "
                "of that text; check the indentation: line its key up with the keys above"
            )
        return said(
            "a colon followed by a space (': ') inside text starts a new key; put the whole "
            f"text in quotes, for example {_quoted(here)}"
        )
    if "alias" in context or "anchor" in context or "undefined alias" in problem:
        return said(
            "text starting with * or & needs quotes (in YAML *name and &name are aliases "
            f"and anchors), for example {_quoted(here)}"
        )
    if "cannot start any token" in problem:
        char = here[col - 1 : col]
        shown = _STARTERS.get(char, repr(char))
        return said(f"text cannot start with {shown}; put the text in quotes: {_quoted(here)}")
    if "flow sequence" in context or "flow mapping" in context:
        opener = "[" if "sequence" in context else "{"
        at = f" opened at line {start.line + 1}" if start is not None else ""
        return said(
            f"the {opener}...{']' if opener == '[' else '}'}{at} is not closed, or two items "
            "lack a comma between them; text with commas or brackets in it needs quotes"
        )
    if "simple key" in context and start is not None:
        return said(
            "a line without 'key: value': add the colon after the key, or, if this line "
            "continues the text above, indent it further than that key or quote the text",
            (start.line + 1, start.column + 1),
        )
    if "expected key" in problem or "indicator" in problem or "block end" in problem:
        before = here[: col - 1].rstrip()
        if before.endswith(('"', "'")) and ": " in before:
            return said(
                "text goes on after its closing quote; quote the whole text and use the "
                f"other kind of quote inside, for example {_quoted(here, prefer_single=True)}"
            )
        opened = f" (the block that starts at line {start.line + 1})" if start else ""
        return said(
            "check the indentation: keys of one mapping start in the same column and the "
            f"items of one list ('- ') line up{opened}; indent with spaces only"
        )
    return said("the file is not valid YAML here")


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _previous_line(lines: list[str], line: int) -> str | None:
    for candidate in reversed(lines[: line - 1]):
        if candidate.strip() and not candidate.lstrip().startswith("#"):
            return candidate
    return None


def _quoted(line: str, *, prefer_single: bool = False) -> str:
    """``key: "the text"`` from a ``key: the text`` line, to show the fix (bounded length)."""
    stripped = line.strip()
    if stripped.startswith("- "):
        stripped = stripped[2:]
    key, sep, value = stripped.partition(": ")
    if not sep:
        key, value = "", stripped
    value = value.strip()
    if len(value) > 40:
        value = value[:37] + "..."
    if prefer_single or '"' in value:
        body = "'" + value.replace("'", "''") + "'"
    else:
        body = '"' + value.replace("\\", "\\\\") + '"'
    return f"{key}: {body}" if key else body
