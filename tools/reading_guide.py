"""Write lessons/READING-GUIDE.md, the printable reading guide, from data/article.yaml.

The guide is one table: every paragraph's number, its role and our one-sentence paraphrase.
``tests/test_lesson_outputs.py`` fails when the two disagree; run this after editing the map.

Usage: ``python tools/reading_guide.py``
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
INTRO = """# Reading guide: the article paragraph by paragraph

A printable page for students. One line per paragraph of the article, numbered as in the course
(¶1–¶24): our one-sentence paraphrase and the role the paragraph plays in the argument. Words in
quotation marks are the article's own; everything else is our wording. The full text comes from
your teacher (see `INSTRUCTOR.md`); the original is at
<https://www.toutiao.com/article/7517094387441123876/>.

Generated from `data/article.yaml` by `tools/reading_guide.py`; `tests/test_lesson_outputs.py`
checks that the two agree.

| ¶ | Role | Paraphrase |
|---|---|---|
"""


def render(doc: dict) -> str:
    rows = [f"| {p['n']} | {p['role']} | {p['paraphrase']} |" for p in doc["paragraphs"]]
    return INTRO + "\n".join(rows) + "\n"


def main() -> None:
    doc = yaml.safe_load((ROOT / "data" / "article.yaml").read_text(encoding="utf-8"))
    (ROOT / "lessons" / "READING-GUIDE.md").write_text(render(doc), encoding="utf-8")


if __name__ == "__main__":
    main()
