"""The HTML report in Debian's Chromium: offline, no console error, every chart, axe-clean.

Run by ``make test-browser`` (``LESSONQUIZ_BROWSER=1``); skipped in the unit run. Chromium
is Debian's (``/usr/bin/chromium``, or ``CHROMIUM``), driven by Playwright's
``executable_path``; axe-core is the pinned one in tests/browser/node_modules.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from lessonquiz.cli import main
from tests.simclass import QUIZZES, record, shipped_banks, simulate

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        os.environ.get("LESSONQUIZ_BROWSER") != "1", reason="browser tests: make test-browser"
    ),
]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE_JS = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
CHARTS = ("items", "objectives", "mastery grid", "scores", "days", "options")


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("html")
    store = record(folder / "progress.sqlite", simulate(shipped_banks()))
    out = folder / "report.html"
    result = CliRunner().invoke(
        main,
        ["report", "--db", str(store), "--banks", str(QUIZZES), "--format", "html", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield chromium
        chromium.close()


def test_the_page_fetches_nothing_logs_nothing_and_shows_every_chart(browser, page_file) -> None:
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else 0)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    assert requests == [page_file.as_uri()], requests
    assert errors == []
    for name in CHARTS:
        chart = page.locator(f'[data-chart="{name}"]')
        assert chart.count() >= 1, name
        assert chart.first.bounding_box()["height"] > 50, name
    for bank in shipped_banks():  # each bank's own four charts, in its section
        for name in ("items", "objectives", "scores", "days"):
            chart = page.locator(f'#bank-{bank} [data-chart="{name}"][data-bank="{bank}"]')
            assert chart.count() == 1, (bank, name)
            assert chart.locator("svg[role=img]").bounding_box()["height"] > 100, (bank, name)
    svgs = page.locator("svg[role=img]")
    assert svgs.count() == 4 * (1 + len(shipped_banks()))  # the class's four, each bank's four
    for i in range(svgs.count()):
        assert svgs.nth(i).get_attribute("aria-label")
        assert svgs.nth(i).bounding_box()["width"] > 200
    page.close()


def test_flagged_labels_stay_apart_and_inside_their_chart(browser, page_file) -> None:
    """Two flagged items close together once printed their ids over each other (read as one
    word); each printed label must be clear of the others and inside its chart, as drawn."""
    page = browser.new_page()
    page.goto(page_file.as_uri())
    charts = page.evaluate(
        """() => [...document.querySelectorAll('svg[role=img]')].map((svg) => {
          const frame = svg.getBoundingClientRect();
          const labels = [...svg.querySelectorAll('text.label')].map((t) => {
            const r = t.getBoundingClientRect();
            return {text: t.textContent, left: r.left, right: r.right, top: r.top,
                    bottom: r.bottom};
          });
          return {name: svg.getAttribute('aria-label'), labels, frame: {left: frame.left,
                  right: frame.right, top: frame.top, bottom: frame.bottom}};
        })"""
    )
    labelled = [chart for chart in charts if chart["labels"]]
    assert labelled, "no chart prints a flagged item's id"
    assert sum(len(chart["labels"]) for chart in labelled) >= 5
    for chart in labelled:
        boxes, frame = chart["labels"], chart["frame"]
        for box in boxes:
            assert frame["left"] <= box["left"] and box["right"] <= frame["right"], box
            assert frame["top"] <= box["top"] and box["bottom"] <= frame["bottom"], box
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                apart = (a["right"] <= b["left"] or b["right"] <= a["left"]
                         or a["bottom"] <= b["top"] or b["bottom"] <= a["top"])
                assert apart, (chart["name"], a, b)
    page.close()


def test_axe_finds_no_serious_violation(browser, page_file) -> None:
    assert AXE_JS.exists(), "npm ci --prefix tests/browser (make test-browser does it)"
    context = browser.new_context(bypass_csp=True)  # the page's CSP would refuse axe itself
    page = context.new_page()
    page.goto(page_file.as_uri())
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => {
          const r = await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']});
          return {passes: r.passes.length, violations: r.violations.map(v => ({id: v.id,
            impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))
            .slice(0, 5)}))};
        }"""
    )
    assert result["passes"] > 0
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, json.dumps(bad, indent=1, ensure_ascii=False)
    context.close()
