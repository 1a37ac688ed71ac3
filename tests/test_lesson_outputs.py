"""What a student sees in the committed lessons: whole table cells, money not typeset as maths,
no raw pandas reprs, and a printable reading guide that matches data/article.yaml.

These read the executed notebooks as files (no kernel). They exist because the first edition
shipped tables cut at 50 characters ("Kishida did not visit Kazakhstan and Uzbekista…"), dollar
amounts typeset as LaTeX in Lab, Notebook 7 and Voilà, and `Name: ..., dtype: float64` reprs.
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
NOTEBOOKS = sorted(LESSONS.glob("[0-9][0-9]-*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]
MARKDOWN_PAGES = sorted(LESSONS.glob("*.md"))

TD = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S)
TRUNCATED = ("…", "...")
# Markdown renderers in Lab, Notebook 7 and Voilà typeset $...$ as TeX. Code spans are literal.
CODE_SPAN = re.compile(r"```.*?```|`[^`\n]*`", re.S)
UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")
SERIES_REPR = re.compile(r"^(Name: .*, )?dtype: \w+$", re.M)


@functools.lru_cache
def notebook(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def table_cells(text: str) -> list[str]:
    """The text of every <td>/<th> in an HTML table, tags stripped and entities decoded."""
    return [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in TD.findall(text)]


def truncated_cells(text: str) -> list[str]:
    return [cell for cell in table_cells(text) if cell.endswith(TRUNCATED)]


def dollar_pairs(markdown: str) -> list[str]:
    """Stretches between two unescaped dollar signs, outside code: what would be typeset as TeX."""
    prose = CODE_SPAN.sub("", markdown)
    signs = [m.start() for m in UNESCAPED_DOLLAR.finditer(prose)]
    return [prose[a : b + 1] for a, b in zip(signs[::2], signs[1::2], strict=False)]


def outputs(path: Path):
    for index, cell in enumerate(notebook(path).cells):
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                yield index, out


# --- the checks can fail -------------------------------------------------------------------


def test_truncated_cell_check_catches_an_ellipsis():
    cut = "Kishida did not visit Kazakhstan and Uzbekista…"
    assert truncated_cells(f"<table><tr><td>{cut}</td><td>ok</td></tr></table>") == [cut]
    assert truncated_cells("<table><tr><th>a</th><td>the 86 is unconfir...</td></tr></table>")
    assert not truncated_cells("<table><tr><td>complete text.</td></tr></table>")


def test_dollar_check_catches_a_pair_and_spares_escapes_and_code():
    assert dollar_pairs("trade was $31.5 bn and $26 bn") == ["$31.5 bn and $"]
    assert not dollar_pairs(r"trade was \$31.5 bn and \$26 bn")
    assert not dollar_pairs("trade was USD 31.5 bn; one sign $ alone is not a pair")
    assert not dollar_pairs("code `df['$a'] + df['$b']` is literal")


# --- the committed lessons -----------------------------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_table_cell_is_cut_short(path):
    for index, out in outputs(path):
        cut = truncated_cells(out.get("data", {}).get("text/html", ""))
        assert not cut, f"cell {index}: table cells cut short {cut[:3]}; set display.max_colwidth"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_text_table_is_cut_short(path):
    """The plain-text form (what nbval compares, and what a terminal shows) is whole too."""
    for index, out in outputs(path):
        text = out.get("data", {}).get("text/plain", "")
        if "<table" in out.get("data", {}).get("text/html", ""):
            assert "..." not in text and "…" not in text, f"cell {index}: {text[:200]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_tables_are_not_typeset_as_maths(path):
    for index, out in outputs(path):
        table = out.get("data", {}).get("text/html", "")
        if "<table" in table and "$" in table:
            assert "tex2jax_ignore" in table, f"cell {index}: set display.html.use_mathjax False"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_markdown_has_no_dollar_pair(path):
    for index, cell in enumerate(notebook(path).cells):
        if cell.cell_type == "markdown":
            pairs = dollar_pairs(cell.source)
            assert not pairs, f"cell {index}: {pairs[0]!r} is typeset as TeX; write USD or \\$"


@pytest.mark.parametrize("page", MARKDOWN_PAGES, ids=[p.name for p in MARKDOWN_PAGES])
def test_lesson_pages_have_no_dollar_pair(page):
    pairs = dollar_pairs(page.read_text(encoding="utf-8"))
    assert not pairs, f"{page.name}: {pairs[0]!r} would be typeset as TeX"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_raw_series_repr(path):
    """A bare pandas Series shows `Name: ..., dtype: float64` in Voilà; show a DataFrame."""
    for index, out in outputs(path):
        shown = out.get("text", "") + out.get("data", {}).get("text/plain", "")
        assert not SERIES_REPR.search(shown), f"cell {index}: {shown[:120]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_setup_cell_shows_whole_cells(path):
    first = next(c for c in notebook(path).cells if c.cell_type == "code")
    assert 'pd.set_option("display.max_colwidth", None)' in first.source


# --- the printable reading guide -----------------------------------------------------------


def test_reading_guide_matches_the_paragraph_map():
    doc = yaml.safe_load((ROOT / "data" / "article.yaml").read_text(encoding="utf-8"))
    guide = (LESSONS / "READING-GUIDE.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| (\w+) \| (.+) \|$", guide, re.M)
    expected = [(str(p["n"]), p["role"], p["paraphrase"]) for p in doc["paragraphs"]]
    assert rows == expected, "regenerate lessons/READING-GUIDE.md from data/article.yaml"


def test_every_lesson_links_the_glossary():
    assert (LESSONS / "GLOSSARY.md").is_file()
    for path in NOTEBOOKS:
        text = "\n".join(c.source for c in notebook(path).cells if c.cell_type == "markdown")
        assert "(GLOSSARY.md)" in text, path.name


def test_bank_texts_have_no_dollar_pair():
    """Prompts, choices, feedback and explanations are rendered as Markdown in the quiz too."""
    for bank in sorted((ROOT / "quizzes").glob("[0-9][0-9]-*.yaml")):
        pairs = dollar_pairs(bank.read_text(encoding="utf-8"))
        assert not pairs, f"{bank.name}: {pairs[0]!r} is typeset as TeX; write USD"
