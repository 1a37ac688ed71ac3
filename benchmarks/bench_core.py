"""Core speed: validating a big bank, and importing the package.

1. `lessonquiz validate` logic (read + check + lint) on a generated 10,000-question bank
   against PyYAML's C loader merely parsing the same file. Target: ratio <= 2.
2. `import lessonquiz` (and `from lessonquiz import load_bank, grade`) against
   `import ipywidgets`, each in a fresh interpreter. Target: ratio <= 1.2 for the package import.

Prints a Markdown table; medians of several runs; nothing here fails the build.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from timing import median_seconds

from lessonquiz.bank.lint import lint
from lessonquiz.bank.loader import check_bank
from lessonquiz.bank.model import References

QUESTIONS = 10_000
REPEATS = 5
IMPORT_REPEATS = 15
TYPES = ("single", "multiple", "true_false", "numeric", "text", "order", "match")


def question(i: int) -> str:
    head = (
        f"  - id: q{i}\n    type: {TYPES[i % 7]}\n    objective: obj\n"
        f"    source: {{paragraph: {i % 22 + 1}}}\n    level: analyse\n"
        f"    prompt: Question number {i}, about the figures given in the article?\n"
        f"    hint: Read the paragraph again.\n    explanation: Because of reason {i}.\n"
    )
    body = {
        "single": "    choices:\n      - text: Right\n        correct: true\n"
        "      - text: Wrong answer\n        feedback: Not this.\n"
        "      - text: Also wrong\n        feedback: Nor this.\n",
        "multiple": "    choices:\n      - text: Right\n        correct: true\n"
        "      - text: Also right\n        correct: true\n"
        "      - text: Wrong\n        feedback: Not this.\n",
        "true_false": "    answer: true\n    feedback: Check again.\n",
        "numeric": "    answer: 5.5\n    tolerance: 0.1\n    unit: billion USD\n"
        "    feedback: Subtract.\n",
        "text": "    accept: [Peskov, Dmitry Peskov]\n    feedback: See the quote.\n",
        "order": "    items: [First, Second, Third]\n    feedback: Claim first.\n",
        "match": "    pairs:\n      - left: A figure\n        right: fact\n"
        "        feedback: Checkable.\n"
        "      - left: A motive\n        right: opinion\n        feedback: Not checkable.\n",
    }[TYPES[i % 7]]
    return head + body


def generate(path: Path) -> None:
    header = (
        "schema_version: 1\nid: big\ntitle: Generated\nobjectives:\n"
        "  - id: obj\n    text: Do it.\nquestions:\n"
    )
    path.write_text(header + "".join(question(i) for i in range(QUESTIONS)), encoding="utf-8")


def import_time(statement: str) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(IMPORT_REPEATS)
    ]
    return statistics.median(runs)


def row(name: str, seconds: float, base: float, target: str) -> str:
    return f"| {name} | {seconds * 1000:,.1f} | {seconds / base:.2f} | {target} |"


def main() -> None:
    refs = References(paragraphs=frozenset(range(1, 25)))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        generate(path)
        size = path.stat().st_size
        text = path.read_text(encoding="utf-8")
        parse = median_seconds(lambda: yaml.load(text, Loader=yaml.CSafeLoader), REPEATS)

        def validate() -> None:
            checked = check_bank(path, references=refs)
            assert checked.bank is not None, checked.problems[:3]
            lint(checked)

        check = median_seconds(validate, REPEATS)
    print(f"Bank: {QUESTIONS:,} questions, {size / 1e6:.1f} MB; median of {REPEATS} runs.\n")
    print("| what | ms | ratio | target |\n| --- | ---: | ---: | --- |")
    print(row("yaml.load(CSafeLoader) parse only (baseline)", parse, parse, ""))
    print(row("lessonquiz validate: read + check + lint", check, parse, "<= 2"))
    print(f"\nImports in a fresh interpreter; median of {IMPORT_REPEATS} runs.\n")
    widgets = import_time("import ipywidgets")
    package = import_time("import lessonquiz")
    core = import_time("from lessonquiz import load_bank, grade")
    print("| what | ms | ratio | target |\n| --- | ---: | ---: | --- |")
    print(row("import ipywidgets (baseline)", widgets, widgets, ""))
    print(row("import lessonquiz", package, widgets, "<= 1.2"))
    print(
        row("from lessonquiz import load_bank, grade (the core, loaded)", core, widgets, "(info)")
    )


if __name__ == "__main__":
    main()
