"""Markdown rendering: the formatting instructors use survives, anything executable does not."""

from __future__ import annotations

import pytest

from lessonquiz import render

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "<iframe src=https://example.org></iframe>",
    '<b onmouseover="alert(1)">bold</b>',
    "<style>body{display:none}</style>",
    "<details open ontoggle=alert(1)>",
    "**ok** <scr<script>ipt>alert(1)</script>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("function", [render.markdown, render.inline])
def test_payload_neutralized(function, payload: str) -> None:
    out = function(f"Before {payload} after").lower()
    assert "<script" not in out
    # A refused link may stay as literal text; it must never become a URL.
    assert 'href="javascript' not in out and 'href="data' not in out and "src=" not in out
    assert "<iframe" not in out and "<style" not in out and "<img" not in out
    for handler in ("onerror", "onload", "onclick", "onmouseover", "ontoggle"):
        assert f"{handler}=" not in out


def test_markdown_keeps_safe_formatting() -> None:
    html = render.markdown(
        "**bold** *em* `code` [link](https://example.org) CO<sub>2</sub>\n\n- a\n- b"
    )
    assert "<strong>bold</strong>" in html and "<em>em</em>" in html and "<code>code</code>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">link</a>' in html
    assert "<sub>2</sub>" in html
    assert "<ul>" in html and "<li>a</li>" in html


def test_inline_has_no_paragraph() -> None:
    assert render.inline("*x*") == "<em>x</em>"
    assert render.markdown("*x*") == "<p><em>x</em></p>"


def test_mailto_allowed_other_schemes_not() -> None:
    assert 'href="mailto:a@b.org"' in render.inline("[m](mailto:a@b.org)")
    assert "href" not in render.inline('<a href="vbscript:x">v</a>')


def test_escape() -> None:
    assert render.escape('<b a="1">') == "&lt;b a=&quot;1&quot;&gt;"
