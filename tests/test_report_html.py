"""The HTML report without a browser: standalone, escaped, every figure's numbers on the page."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lessonquiz.report import build_report
from lessonquiz.report.html import as_html
from lessonquiz.store import Attempt
from tests.simclass import record, shipped_banks, simulate

BANKS = shipped_banks()


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    attempts = simulate(BANKS)
    question = next(q for q in BANKS["orientation"].questions if q.type == "text")
    attempts.append(  # a student name and an answer that would run if not escaped
        Attempt(
            "<script>alert(1)</script>",
            "orientation",
            question.id,
            question.content_hash,  # an answer to the question as it is (issue #12)
            "<img src=x onerror=alert(2)>",
            0.0,
            False,
            "2026-11-09T09:00:00+00:00",
        )
    )
    path = record(tmp_path_factory.mktemp("h") / "p.sqlite", attempts)
    return as_html(build_report(path, banks=BANKS, days=True))


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_the_page_is_standalone_and_escapes_what_students_typed(page: str) -> None:
    parser = Tags()
    parser.feed(page)
    names = [tag for tag, _ in parser.tags]
    assert "script" not in names and "img" not in names and "link" not in names
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)
    csp = [a for t, a in parser.tags if t == "meta" and a.get("http-equiv")]
    assert csp and "default-src 'none'" in str(csp[0]["content"])


def test_every_chart_has_its_text_and_numbers(page: str) -> None:
    for name in ("items", "objectives", "scores", "days"):
        block = page.split(f'data-chart="{name}"', 1)[1].split('<div class="figure"', 1)[0]
        assert '<p class="says">' in block and "<svg" in block and "<table>" in block, name
    assert 'data-chart="mastery grid"' in page and 'data-chart="options"' in page
    assert page.count("✓ key") > 50


def test_the_page_is_the_same_every_time_and_its_ids_unique(tmp_path: Path) -> None:
    """pygal names a chart by a fresh uuid4 and dates its output: the same store must still
    give the same page, in another process on another day, and 28 charts on one page must
    not share an id (their styles are scoped by it)."""
    path = record(tmp_path / "p.sqlite", simulate(BANKS, students=4))
    code = (
        "import sys; from pathlib import Path\n"
        "from lessonquiz.report import build_report\n"
        "from lessonquiz.report.html import as_html\n"
        "from tests.simclass import shipped_banks\n"
        f"report = build_report(Path({str(path)!r}), banks=shipped_banks(), days=True)\n"
        "sys.stdout.write(as_html(report))"
    )
    run = [sys.executable, "-c", code]
    root = Path(__file__).parents[1]
    first = subprocess.run(run, capture_output=True, text=True, check=True, cwd=root).stdout
    again = subprocess.run(run, capture_output=True, text=True, check=True, cwd=root).stdout
    assert again == first
    assert "<!--" not in first  # pygal's comment carries today's date
    parser = Tags()
    parser.feed(first)
    ids = [str(a["id"]) for _, a in parser.tags if a.get("id")]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    charts = [a for tag, a in parser.tags if tag == "svg"]
    assert len(charts) == 4 * (1 + len(BANKS))
    assert all(a.get("role") == "img" and a.get("aria-label") for a in charts)


def test_the_plain_report_never_imports_a_plotting_library(tmp_path: Path) -> None:
    path = record(tmp_path / "p.sqlite", simulate(BANKS, students=3))
    code = (
        "import sys; from pathlib import Path\n"
        "from lessonquiz.report import build_report, as_table\n"
        f"as_table(build_report(Path({str(path)!r})))\n"
        "print(sorted(m for m in ('matplotlib', 'pygal') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_cli_writes_the_page(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from lessonquiz.cli import main
    from tests.simclass import QUIZZES

    path = record(tmp_path / "p.sqlite", simulate(BANKS, students=5))
    out = tmp_path / "report.html"
    args = ["report", "--db", str(path), "--banks", str(QUIZZES), "--format", "html"]
    result = CliRunner().invoke(main, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert CliRunner().invoke(main, [*args, "--table", "help"]).exit_code == 2


def test_the_page_replaces_a_file_only_with_force_and_never_the_store(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from lessonquiz.cli import main
    from tests.simclass import QUIZZES

    path = record(tmp_path / "p.sqlite", simulate(BANKS, students=3))
    out = tmp_path / "report.html"
    out.write_text("old", encoding="utf-8")
    args = ["report", "--db", str(path), "--banks", str(QUIZZES), "--format", "html", "-o"]
    refused = CliRunner().invoke(main, [*args, str(out)])
    assert refused.exit_code == 2 and "--force" in refused.output
    assert out.read_text(encoding="utf-8") == "old"
    assert CliRunner().invoke(main, [*args, str(out), "--force"]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    before = path.read_bytes()
    assert CliRunner().invoke(main, [*args, str(path), "--force"]).exit_code == 2
    assert path.read_bytes() == before
