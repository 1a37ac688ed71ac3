"""Markdown -> sanitized HTML for prompts, feedback and hints.

Why sanitize although instructors write the banks: banks travel (shared, forked, pasted from
the web), and the HTML lands in a live notebook page with a kernel behind it. So every piece
of bank text goes through markdown-it-py and then nh3 with a small allow-list: no
``<script>``, no event-handler attributes, no ``javascript:`` or ``data:`` URLs.

markdown-it and nh3 are imported on first use, and a text rendered once is remembered: the
bank cache (``lessonquiz.bank.cache``) hands back the HTML of a bank's prompts with
``remember``, so a lesson's quiz cell does not import or run either of them at all.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"p", "em", "strong", "code", "pre", "a", "ul", "ol", "li", "br", "blockquote", "sup", "sub"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # html=True so <sup>/<sub> written in a bank survive; nh3 removes everything else.
    return MarkdownIt("commonmark", {"html": True})


def sanitize(fragment: str) -> str:
    """Keep only the allow-listed tags and attributes; drop scripts with their content."""
    import nh3

    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        clean_content_tags={"script", "style"},
        strip_comments=True,
    )


_MEMO_SIZE = 4096
_BLOCK: dict[str, str] = {}
_INLINE: dict[str, str] = {}


def markdown(text: str) -> str:
    """Block Markdown (paragraphs, lists) as sanitized HTML."""
    found = _BLOCK.get(text)
    if found is None:
        found = _keep(_BLOCK, text, sanitize(_parser().render(text)).strip())
    return found


def inline(text: str) -> str:
    """Inline Markdown (emphasis, code, links) as sanitized HTML, without a wrapping ``<p>``."""
    found = _INLINE.get(text)
    if found is None:
        found = _keep(_INLINE, text, sanitize(_parser().renderInline(text)).strip())
    return found


def remembered(texts: list[str], *, block: bool = True) -> dict[str, str]:
    """The HTML of each of ``texts`` (rendered now if need be), to store with a bank."""
    render = markdown if block else inline
    return {text: render(text) for text in texts}


def remember(html_by_text: Mapping[str, str], *, block: bool = True) -> None:
    """Take HTML rendered earlier by ``markdown`` (or ``inline``) for these texts."""
    memo = _BLOCK if block else _INLINE
    for text, rendered in html_by_text.items():
        _keep(memo, text, rendered)


def _keep(memo: dict[str, str], text: str, rendered: str) -> str:
    if len(memo) >= _MEMO_SIZE:  # a long-lived kernel or service: start over, never grow
        memo.clear()
    memo[text] = rendered
    return rendered


def escape(text: str) -> str:
    """Plain text made safe to place inside HTML (for labels that are not Markdown)."""
    return html.escape(text, quote=True)
