"""``lessonquiz new lesson``: a new lesson notebook, its bank and its ``index.yaml`` entry.

Why generated: a lesson follows a skeleton (``lessonquiz.lesson.skeleton``) that the tests
check, and its bank must meet the course rules; copying another lesson by hand brings its
content along and its mistakes back as test failures. The scaffold already meets both: its
TODO text marks where the instructor writes (``validate`` lists each TODO left), and once
executed (``make regen``) it passes ``make test``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from lessonquiz.bank.schema import SCHEMA_LINE
from lessonquiz.bank.yamlsafe import read_yaml
from lessonquiz.lesson.listing import add_row

NAME = re.compile(r"^(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)$")


class ScaffoldError(Exception):
    """The lesson cannot be written; the message says why and what to do."""


def new_lesson(root: Path, name: str, title: str, question: str) -> list[Path]:
    """Write ``lessons/NAME.ipynb``, ``quizzes/NAME.yaml`` and the ``index.yaml`` entry."""
    match = NAME.match(name)
    if not match:
        raise ScaffoldError(
            f"'{name}' is not a lesson name: two digits, a hyphen, then lowercase words joined "
            "by hyphens (for example 06-sanctions)"
        )
    number, slug = match.groups()
    index = root / "lessons" / "index.yaml"
    lessons = (read_yaml(index).data or {}).get("lessons") or []
    if int(number) != len(lessons):
        raise ScaffoldError(
            f"lessons/index.yaml has {len(lessons)} lessons, so the next one is number "
            f"{len(lessons):02d} (lessons are numbered in order from 00): "
            f"lessonquiz new lesson {len(lessons):02d}-{slug}"
        )
    if any(entry.get("bank") == slug for entry in lessons):
        raise ScaffoldError(f"a lesson already has the bank id '{slug}'; choose another name")
    notebook = root / "lessons" / f"{name}.ipynb"
    bank = root / "quizzes" / f"{name}.yaml"
    for path in (notebook, bank):
        if path.exists():
            raise ScaffoldError(f"{path} exists; nothing was written")
    url = _article_url(root)
    notebook.write_text(_notebook(number, slug, title, question, url), encoding="utf-8")
    bank.write_text(_bank(name, slug, title), encoding="utf-8")
    text = index.read_text(encoding="utf-8")
    entry = (
        f"  - file: {name}.ipynb\n    title: {json.dumps(title, ensure_ascii=False)}\n"
        f"    question: {json.dumps(question, ensure_ascii=False)}\n    bank: {slug}\n"
    )
    index.write_text(text.rstrip("\n") + "\n" + entry, encoding="utf-8")
    readme = root / "lessons" / "README.md"
    add_row(readme, {"file": f"{name}.ipynb", "bank": slug}, len(lessons) + 1)
    return [notebook, bank, index, *([readme] if readme.is_file() else [])]


def _article_url(root: Path) -> str:
    sources = (read_yaml(root / "data" / "sources.yaml").data or {}).get("sources") or []
    return next((str(s.get("url")) for s in sources if s.get("id") == "article"), "")


OBJECTIVES = (
    "TODO: what students can do after this lesson, starting with a verb (Explain, Compare).",
    "TODO: a second objective.",
)


def _notebook(number: str, slug: str, title: str, question: str, url: str) -> str:
    objectives = "\n".join(f"- {text}" for text in OBJECTIVES)
    shown = url.removeprefix("https://").rstrip("/")
    cells = [
        ("markdown", f"# {number} · {title}\n\n**This lesson's question:** {question}"),
        (
            "markdown",
            f"## Learning objectives\n\nBy the end of this lesson you can:\n\n{objectives}",
        ),
        (
            "markdown",
            "## What the article says\n\n- TODO: paraphrase the paragraphs this lesson is "
            "about, each with its number (for example ¶1). Quote at most a short phrase.\n\n"
            "Words in **bold** and the names of organisations are explained in the "
            "[glossary](GLOSSARY.md).",
        ),
        (
            "code",
            "import pandas as pd\nimport matplotlib.pyplot as plt\n"
            "import yaml  # read below with yaml.CSafeLoader: the safe reader, in C (fast)\n"
            "import lessonquiz\n\n"
            'pd.set_option("display.max_colwidth", None)  # show every table cell in full\n'
            'pd.set_option("display.html.use_mathjax", False)  # "$" is money, not maths',
        ),
        (
            "markdown",
            "## Analysis\n\nTODO: say what the table below shows and what it means for the "
            "article's claim (an example table from the course data; replace it).",
        ),
        (
            "code",
            'trade = pd.read_csv("../data/trade.csv")\n'
            'figures = trade[(trade["year"] == 2023) & (trade["reporter"] == "the article")]\n'
            'figures[["pair", "value_usd_bn"]]',
        ),
        (
            "markdown",
            "*Figure 1: TODO: what the figure shows.* Alt text: TODO: describe the figure for "
            "a reader who cannot see it (here, one bar for each row of the table above).",
        ),
        (
            "code",
            "fig, ax = plt.subplots(figsize=(6, 2.5))\n"
            'ax.barh(figures["pair"], figures["value_usd_bn"], color="lightgrey", '
            'edgecolor="black")\n'
            'ax.set_xlabel("billion USD")\nplt.show()',
        ),
        (
            "markdown",
            "## Think about it\n\n1. TODO: a question that asks students to weigh the claim.\n"
            "2. TODO: a second question.",
        ),
        ("markdown", "## Quiz\n\nTODO: one line on what the quiz checks."),
        ("code", f'lessonquiz.show("{slug}")'),
        ("markdown", "## Key points\n\n- TODO: the lesson's points, one line each."),
        (
            "markdown",
            f"## Sources\n\nThe article: [{shown}]({url}). Every other fact used in this "
            "lesson comes from the sources below, listed by their id in `data/sources.yaml`.",
        ),
        (
            "code",
            'used = [\n    "article",\n]\n'
            'with open("../data/sources.yaml", encoding="utf-8") as f:\n'
            '    listed = yaml.load(f, Loader=yaml.CSafeLoader)\n'
            'sources = pd.DataFrame(listed["sources"]).set_index("id")\n'
            'sources.loc[used, ["title", "publisher"]]',
        ),
    ]
    notebook = {
        "cells": [
            {
                "cell_type": kind,
                "id": f"{slug[:50]}-{i}",
                "metadata": {},
                "source": text,
                **({"execution_count": None, "outputs": []} if kind == "code" else {}),
            }
            for i, (kind, text) in enumerate(cells)
        ],
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
                "name": "python3",
            },
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def _bank(name: str, slug: str, title: str) -> str:
    q = json.dumps
    return f"""{SCHEMA_LINE}
# Written by `lessonquiz new lesson`. Replace every TODO (`lessonquiz validate` lists those
# left), keep the objectives word for word the same as in the lesson's Learning objectives,
# then run `make regen`. quizzes/README.md shows every key and question type.
schema_version: 1
id: {slug}
title: {q(title, ensure_ascii=False)}
lesson: {name}
objectives:
  - id: objective-1
    text: {q(OBJECTIVES[0], ensure_ascii=False)}
  - id: objective-2
    text: {q(OBJECTIVES[1], ensure_ascii=False)}
questions:
  - id: todo-true-false
    type: true_false
    objective: objective-1
    level: understand
    source: {{paragraph: 1}}
    prompt: "TODO: a statement about the article that students judge true or false."
    answer: true
    feedback: "TODO: what a wrong answer missed, and the ¶ that answers it."
    explanation: "TODO: why the statement is true."
  - id: todo-multiple
    type: multiple
    objective: objective-1
    level: analyse
    source: {{paragraph: 1}}
    prompt: "TODO: a question with several right answers. Tick all that apply."
    explanation: "TODO: why the right choices are right."
    choices:
      - text: "TODO: a right choice."
        correct: true
      - text: "TODO: another right choice."
        correct: true
      - text: "TODO: a wrong choice."
        feedback: "TODO: the misconception behind this choice, and the ¶ that corrects it."
  - id: todo-text
    type: text
    objective: objective-1
    level: recall
    source: {{paragraph: 1}}
    prompt: "TODO: a question answered in a word or two."
    accept: ["TODO-ANSWER"]
    feedback: "TODO: where to look for the answer."
    explanation: "TODO: the answer and why."
  - id: todo-numeric
    type: numeric
    objective: objective-2
    level: analyse
    source: {{paragraph: 1}}
    prompt: "TODO: a question whose answer is a number (link it to data/ with from_data)."
    answer: 0
    tolerance: 0
    feedback: "TODO: how to get the number."
    explanation: "TODO: the calculation."
  - id: todo-order
    type: order
    objective: objective-2
    level: understand
    source: {{paragraph: 1}}
    prompt: "TODO: put these in order."
    items:
      - "TODO: the first item."
      - "TODO: the second item."
      - "TODO: the third item."
    feedback: "TODO: what decides the order."
    explanation: "TODO: the order and why."
  - id: todo-match
    type: match
    objective: objective-2
    level: evaluate
    source: {{paragraph: 1}}
    prompt: "TODO: match each item to its category."
    explanation: "TODO: what sets the categories apart."
    pairs:
      - left: "TODO: an item of the first category."
        right: "TODO: first category"
        feedback: "TODO: why it belongs to the first category."
      - left: "TODO: an item of the second category."
        right: "TODO: second category"
        feedback: "TODO: why it belongs to the second category."
"""
