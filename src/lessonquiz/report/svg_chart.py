"""One pygal chart as the report page needs it: its look, and what we change in pygal's SVG.

Each change goes through pygal's documented options or its xml filter (``add_xml_filter``,
a function of the tree before it is written):

- ``js=[]`` (pygal otherwise links its tooltip script from the network); the filter drops the
  inline ``<script>`` pygal still writes (that script's config; the page's
  Content-Security-Policy forbids scripts) and pygal's comments (one holds today's date, and
  the same store must give the same page, byte for byte);
- pygal names each chart ``chart-<uuid4>`` and prefixes its ``<style>`` rules with that id
  (no option sets it; its ``uuid`` attribute, set at creation, is read only when rendering):
  each chart gets a name of its own instead (``items-class``, ``items-2``, ...), so the page
  is deterministic and its ids unique; the legend's ids (``activate-serie-N``, for the
  script) repeat from chart to chart and are dropped;
- each chart is one ``<svg role="img">`` whose ``aria-label`` and ``<title>`` say what it
  shows; each mark is pygal's ``<g>`` whose ``<desc class="value">`` holds what the caller's
  formatter says of it (its numbers in words), copied into a ``<title>`` (what a pointer
  shows, there being no tooltip script);
- a printed point label (a flagged item's id) takes the flag's colour and, on the right half
  of the plot, goes left of its point so it stays inside the chart.

pygal is imported here, in ``new_chart``, not at the top: only the HTML page needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

FONT = 11
"""Text size in the chart's own units (the chart scales with the page, the text with it)."""
WIDTH = 480
INK, SOFT = "#1d1d1f", "#555"
"""Text on white: contrast 16.8 and 7.5 to 1 (WCAG AA asks 4.5)."""


def _finish(label: str, flag: str) -> Callable[[Any], Any]:
    """pygal's xml filter for one chart: accessible, deterministic, script-free (module doc)."""

    def finish(root: Any) -> Any:
        root.set("role", "img")
        root.set("aria-label", label)
        for parent in list(root.iter()):
            for child in list(parent):
                if _dropped(child):
                    parent.remove(child)
            if parent.get("class", "").startswith("legend "):
                parent.attrib.pop("id", None)
            value = parent.find("desc[@class='value']")
            if value is not None and parent.tag == "g":
                title = root.makeelement("title", {})
                title.text = value.text
                parent.insert(0, title)
        root.find("title").text = label
        _beside_points(root, flag)
        return root

    return finish


def _dropped(node: Any) -> bool:
    """What pygal writes for its script, or with today's date: its comments (a comment's tag
    is a function, in ElementTree as in lxml), the script's config, the tooltip it moves."""
    return callable(node.tag) or node.tag == "script" or node.get("class") == "plot tooltip-overlay"


def _beside_points(root: Any, flag: str) -> None:
    """Put each printed point label (a flagged item's id) in the flag's colour, and on the
    right half of the plot to the left of its point, so it stays inside the chart; a label
    that would run into one already placed moves down a line, or up, until it is clear (two
    flagged items close together read as one word otherwise)."""
    plot = root.find(".//g[@class='plot']/rect")
    placed: list[tuple[float, float, float, float]] = []
    texts = sorted(root.iterfind(".//text[@class='label']"), key=lambda t: float(t.get("y")))
    for text in texts:
        x = float(text.get("x")) - FONT  # pygal writes it a value font size right of the point
        width = LABEL_EM * (FONT - 1) * len(text.text or "")
        if plot is not None and x > float(plot.get("width")) / 2:
            x -= 0.8 * FONT
            text.set("x", f"{x:.2f}")
            text.set("style", f"fill:{flag};text-anchor:end")
            left = x - width
        else:
            text.set("style", f"fill:{flag}")
            left = x
        size = FONT - 1  # value_label_font_size
        y = float(text.get("y"))  # the baseline
        for step in (0, 1, -1, 2, -2, 3, -3, 4, -4):
            baseline = y + step * LINE
            box = (left, baseline - ASCENT * size, left + width, baseline + DESCENT * size)
            if not any(_overlap(box, other) for other in placed):
                break
        placed.append(box)
        text.set("y", f"{baseline:.2f}")


LABEL_EM = 0.62
"""A generous average glyph width, in ems, of the labels' sans-serif (ids are lowercase)."""
ASCENT, DESCENT = 1.0, 0.3
"""A generous glyph box above and below the baseline, in ems (as a browser measures it)."""
LINE = 1.4 * (FONT - 1)
"""How far a label moves to clear another: a little more than its box."""


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether two boxes (left, top, right, bottom) intersect."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def new_chart(
    kind: str, name: str, label: str, colours: Sequence[str], labels: str = INK, **config: Any
) -> Any:
    """A pygal chart of ``kind`` (``XY``, ``Bar``...) named ``name`` (unique on the page),
    saying ``label``, its series in ``colours``, printed point labels in colour ``labels``;
    ``config``: pygal's options for this chart."""
    import pygal  # here, not at the top: only the HTML page needs it
    from pygal.style import Style

    look = Style(
        background="white",
        plot_background="white",
        foreground=INK,
        foreground_strong=INK,
        foreground_subtle=SOFT,
        font_family="system-ui, sans-serif",
        label_font_size=FONT,
        major_label_font_size=FONT,
        legend_font_size=FONT,
        title_font_size=FONT + 1,
        value_font_size=FONT,
        value_label_font_size=FONT - 1,
        guide_stroke_color="#c9ced6",
        major_guide_stroke_color="#8a9099",
        colors=tuple(colours),
        opacity="0.85",
        opacity_hover="0.95",
    )
    chart = getattr(pygal, kind)(
        style=look,
        js=[],
        disable_xml_declaration=True,
        explicit_size=True,
        width=WIDTH,
        legend_at_bottom=True,
        truncate_label=-1,
        truncate_legend=-1,
        margin=12,
        **config,
    )
    chart.uuid = name  # no option for it: the attribute pygal sets to a uuid4 at creation
    chart.add_xml_filter(_finish(label, labels))
    return chart
