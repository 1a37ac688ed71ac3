"""Checks on the committed lessons: manifest, skeleton, cleanliness, figures, sources, quotations.

The lessons are executed notebooks (outputs stored for nbval); these tests read them as files and
never start a kernel. `make test-lessons` re-runs them under nbval.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import nbformat
import pytest
import yaml

from lessonquiz.bank import copycheck
from lessonquiz.bank.course import load_course
from lessonquiz.lesson.skeleton import skeleton_problems

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
QUIZZES = ROOT / "quizzes"
DATA = ROOT / "data"
RULES = load_course(ROOT).rules  # the copy rule's article and run length: lessons/course.yaml
ARTICLE_MD = (ROOT / str(RULES.article_text)).resolve()
ARTICLE_URL = "https://www.toutiao.com/article/7517094387441123876/"

ENTRY_KEYS = {"file", "title", "question", "bank"}
MAX_RUN = int(RULES.max_copied_words or 12)  # this many words of the article in a row: a copy
ABSOLUTE_PATH = re.compile(
    r"(?<![\w.:/])/(?:home|root|tmp|work|Users|usr|var|opt|private)/|[A-Za-z]:\\\\"
)
NETWORK = ("http://", "https://", "urllib", "requests", "urlopen", "socket", "httpx")
SOURCE_ID = re.compile(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`")


def manifest() -> list[dict]:
    return yaml.safe_load((LESSONS / "index.yaml").read_text(encoding="utf-8"))["lessons"]


ENTRIES = manifest()
IDS = [Path(e["file"]).stem for e in ENTRIES]


def read(entry: dict) -> nbformat.NotebookNode:
    return _read(entry["file"])


@functools.lru_cache
def _read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(LESSONS / name, as_version=4)


def raw_bank(entry: dict) -> dict:
    return _raw_bank(Path(entry["file"]).stem)


@functools.lru_cache
def _raw_bank(stem: str) -> dict:
    return yaml.safe_load((QUIZZES / f"{stem}.yaml").read_text(encoding="utf-8"))


def sections(nb: nbformat.NotebookNode) -> dict[str, list[nbformat.NotebookNode]]:
    """Cells grouped under their H2 heading (the heading cell included); '' = before the first."""
    grouped: dict[str, list] = {"": []}
    current = ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            heading = re.match(r"## (.+)", cell.source)
            if heading:
                current = heading.group(1).strip()
                grouped[current] = []
        grouped[current].append(cell)
    return grouped


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def has_figure(cell) -> bool:
    return any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))


def output_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        for mime in ("text/plain", "text/html", "text/markdown"):
            if mime in out.get("data", {}):
                parts.append(out.data[mime])
    return "\n".join(parts)


@functools.lru_cache
def source_ids() -> frozenset[str]:
    doc = yaml.safe_load((DATA / "sources.yaml").read_text(encoding="utf-8"))
    return frozenset(s["id"] for s in doc["sources"])


# --- manifest, notebooks and banks agree -----------------------------------------------------


def test_manifest_lists_every_lesson_in_order():
    on_disk = sorted(p.name for p in LESSONS.glob("[0-9][0-9]-*.ipynb"))
    listed = [e["file"] for e in ENTRIES]
    assert listed == on_disk, "lessons/index.yaml and the notebooks in lessons/ disagree"
    assert [name[:2] for name in listed] == [f"{i:02d}" for i in range(len(listed))]
    for entry in ENTRIES:
        assert set(entry) == ENTRY_KEYS, f"{entry['file']}: keys {sorted(entry)}"


def test_every_bank_belongs_to_a_lesson():
    banks = sorted(p.stem for p in QUIZZES.glob("[0-9][0-9]-*.yaml"))
    assert banks == IDS, "each lesson NN-slug.ipynb needs exactly one bank quizzes/NN-slug.yaml"


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_bank_points_back_to_its_lesson(entry):
    bank = raw_bank(entry)
    assert bank["id"] == entry["bank"]
    assert bank["lesson"] == Path(entry["file"]).stem


# --- the skeleton ----------------------------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_lesson_follows_the_skeleton(entry):
    """Title, question, sections, imports, quiz cell, prompts and figure captions; each miss
    is reported in words (lessonquiz.lesson.skeleton), one line per cell to fix."""
    problems = skeleton_problems(LESSONS / entry["file"], entry)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_objectives_are_the_banks(entry):
    cell = sections(read(entry))["Learning objectives"][0]
    listed = [line[2:].strip() for line in cell.source.splitlines() if line.startswith("- ")]
    assert listed == [o["text"] for o in raw_bank(entry)["objectives"]]


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_quiz_output_has_a_text_form(entry):
    cells = [c for c in sections(read(entry))["Quiz"] if c.cell_type == "code"]
    assert "text/plain" in cells[0].outputs[0].data, "the stored quiz output has a text form"


def test_the_skeleton_check_speaks_in_words(tmp_path):
    """A figure without its caption is named by cell, in words."""
    entry = ENTRIES[-1]
    nb = read(entry)
    figure = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and has_figure(c))
    broken = nbformat.from_dict(json.loads(json.dumps(nb)))
    broken.cells[figure - 1].source = "A figure."
    path = tmp_path / entry["file"]
    nbformat.write(broken, path)
    problems = skeleton_problems(path, entry)
    assert problems == [
        f'lessons/{entry["file"]}: cell {figure + 1}: a figure needs a caption with "Alt text:" '
        "in the Markdown cell above it"
    ]


def test_the_skeleton_check_refuses_a_fixed_seed(tmp_path):
    """``show(bank, seed=1)`` would give the whole class one order (the key's place a cue)."""
    entry = ENTRIES[0]
    nb = read(entry)
    quiz = next(c for c in sections(nb)["Quiz"] if c.cell_type == "code")
    index = nb.cells.index(quiz)
    broken = nbformat.from_dict(json.loads(json.dumps(nb)))
    broken.cells[index].source = f'lessonquiz.show("{entry["bank"]}", seed=1)'
    path = tmp_path / entry["file"]
    nbformat.write(broken, path)
    problems = skeleton_problems(path, entry)
    assert len(problems) == 1 and f"cell {index + 1}: drop seed=" in problems[0], problems


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e["file"] > "01"], ids=lambda e: e["file"])
def test_lessons_from_01_have_a_figure(entry):
    assert any(c.cell_type == "code" and has_figure(c) for c in read(entry).cells)


# --- clean, executed notebooks ---------------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_notebook_is_clean(entry):
    path = LESSONS / entry["file"]
    nb = read(entry)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    assert set(nb.metadata) <= {"kernelspec", "language_info"}, "run tools/clean_notebooks.py"
    for cell in nb.cells:
        assert set(cell.metadata) <= {"tags"}, f"volatile cell metadata {sorted(cell.metadata)}"
    raw = path.read_text(encoding="utf-8")
    found = ABSOLUTE_PATH.search(raw)
    assert not found, f"absolute path near {raw[max(found.start() - 40, 0) : found.end() + 40]!r}"


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_notebook_is_executed_in_order_without_errors(entry):
    cells = code_cells(read(entry))
    assert [c.execution_count for c in cells] == list(range(1, len(cells) + 1))
    for cell in cells:
        for out in cell.outputs:
            assert out.output_type != "error", f"error output in {cell.source[:60]!r}"
            assert not (out.output_type == "stream" and out.name == "stderr"), cell.source[:60]
            if out.output_type == "execute_result":
                assert out.execution_count == cell.execution_count


# --- figures ---------------------------------------------------------------------------------


# --- data, sources, network ------------------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_nothing_reaches_the_network(entry):
    for cell in code_cells(read(entry)):
        for word in NETWORK:
            assert word not in cell.source, f"{word!r} in {cell.source[:60]!r}"
        for name in re.findall(r"""open\(\s*["']([^"']+)|read_csv\(\s*["']([^"']+)""", cell.source):
            path = next(p for p in name if p)
            assert path.startswith("../data/"), path
            assert (LESSONS / path).resolve().is_file(), path


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_sources_section_links_the_article_and_lists_known_sources(entry):
    nb = read(entry)
    cells = sections(nb)["Sources"]
    assert ARTICLE_URL in cells[0].source
    listing = next(c for c in cells if c.cell_type == "code")
    used = re.findall(r'^\s+"([a-z0-9-]+)",$', listing.source, re.M)
    known = source_ids()
    assert used and set(used) <= known, sorted(set(used) - known)
    cited = set()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cited |= set(SOURCE_ID.findall(cell.source))
    assert cited <= known, f"unknown source ids {sorted(cited - known)}"
    assert cited <= set(used), f"cited but not listed under Sources: {sorted(cited - set(used))}"


def test_orientation_links_the_article():
    nb = read(ENTRIES[0])
    assert ARTICLE_URL in sections(nb)["What the article says"][0].source


# --- quotations ------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_quotes_in_lessons_are_short(entry):
    for cell in read(entry).cells:
        if cell.cell_type != "markdown":
            continue
        for quote in re.findall(r'"([^"\n]+)"|“([^”\n]+)”', cell.source):
            text = next(q for q in quote if q)
            assert len(text.split()) < MAX_RUN, f"quotation too long: {text!r}"


def article_runs() -> copycheck.Runs:
    if not ARTICLE_MD.is_file():
        pytest.skip(f"the article is not at {ARTICLE_MD}")
    runs = copycheck.article_runs(ARTICLE_MD, MAX_RUN)
    assert runs, "no paragraphs found in the article file"
    return runs


def copied_run(text: str, runs: copycheck.Runs) -> str | None:
    """The run copied (the one `validate` finds with the course's copy rule), or None."""
    hit = copycheck.copied_run(text, runs, MAX_RUN)
    return hit[0] if hit else None


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_lesson_copies_no_long_run_of_the_article(entry):
    runs = article_runs()
    for cell in read(entry).cells:
        for text in (cell.source, output_text(cell) if cell.cell_type == "code" else ""):
            found = copied_run(text, runs)
            assert found is None, f"{MAX_RUN} words copied from the article: {found!r}"


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_bank_copies_no_long_run_of_the_article(entry):
    runs = article_runs()
    for text in strings(raw_bank(entry)):
        found = copied_run(text, runs)
        assert found is None, f"{MAX_RUN} words copied from the article: {found!r}"


def test_the_copy_check_catches_a_copy():
    runs = article_runs()
    line = next(
        ln for ln in ARTICLE_MD.read_text(encoding="utf-8").splitlines() if ln.startswith("¶11.")
    )
    assert copied_run(json.dumps(line), runs)
