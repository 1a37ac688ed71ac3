"""Markdown -> sanitized HTML for prompts, feedback and hints.

Why sanitize although instructors write the banks: banks travel (shared, forked, pasted from
the web), and the HTML lands in a live notebook page with a kernel behind it. So every piece
of bank text goes through markdown-it-py and then nh3 with a small allow-list: no
``<script>``, no event-handler attributes, no ``javascript:`` or ``data:`` URLs.
"""

from __future__ import annotations

import html
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"p", "em", "strong", "code", "pre", "a", "ul", "ol", "li", "br", "blockquote", "sup", "sub"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # html=True so <sup>/<sub> written in a bank survive; nh3 removes everything else.
    return MarkdownIt("commonmark", {"html": True})


def sanitize(fragment: str) -> str:
    """Keep only the allow-listed tags and attributes; drop scripts with their content."""
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        clean_content_tags={"script", "style"},
        strip_comments=True,
    )


@lru_cache(maxsize=2048)
def markdown(text: str) -> str:
    """Block Markdown (paragraphs, lists) as sanitized HTML."""
    return sanitize(_parser().render(text)).strip()


@lru_cache(maxsize=2048)
def inline(text: str) -> str:
    """Inline Markdown (emphasis, code, links) as sanitized HTML, without a wrapping ``<p>``."""
    return sanitize(_parser().renderInline(text)).strip()


def escape(text: str) -> str:
    """Plain text made safe to place inside HTML (for labels that are not Markdown)."""
    return html.escape(text, quote=True)
