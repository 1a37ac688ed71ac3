"""Building a 50-question quiz: lessonquiz ``Quiz`` against jupyterquiz ``display_quiz``.

Both sides get the same 50 questions (single, multiple, true/false, numeric and text, 10 of
each; jupyterquiz has no order or match type, so those are left out to keep it like for like).
lessonquiz builds its widget tree, opens its progress store (a fresh temporary file) and
produces its display bundle; jupyterquiz builds its HTML and JavaScript, with IPython's
``display`` replaced by a collector since no kernel runs here. Construction only: rendering
happens in the browser for both. Run: ``.venv/bin/python benchmarks/bench_widgets.py``.

Two reference rows show the floor of any ipywidgets-based quiz: creating one ``HTML`` widget
(with its layout and style models, as every DOM widget has), and one anywidget carrying the 50
questions' prompts and choices as synced JSON, i.e. a whole quiz drawn by a single front-end.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets
import traitlets
import yaml
from timing import median_seconds

N_QUESTIONS = 50
REPEATS = 15
TARGET = 1.0


def questions() -> list[dict[str, Any]]:
    """50 bank questions, 10 of each type both tools support."""
    made: list[dict[str, Any]] = []
    for i in range(N_QUESTIONS):
        common = {
            "id": f"q{i}",
            "objective": "obj",
            "source": {"paragraph": 1},
            "prompt": f"Question {i}: what does **¶{i % 20 + 1}** say about trade?",
            "hint": ["Reread the paragraph.", "Look at the figures."],
            "explanation": f"Because paragraph {i % 20 + 1} says so.",
        }
        kind = ["single", "multiple", "true_false", "numeric", "text"][i % 5]
        if kind in ("single", "multiple"):
            common["choices"] = [
                {
                    "text": f"Option {j} of {i}",
                    "correct": j == 0 or (kind == "multiple" and j == 1),
                    "feedback": f"Feedback {j}.",
                }
                for j in range(4)
            ]
        elif kind == "true_false":
            common["answer"] = i % 2 == 0
        elif kind == "numeric":
            common.update(answer=5.5, tolerance=0.1, unit="billion USD")
        else:
            common["accept"] = ["Peskov", "Dmitry Peskov"]
        made.append({"type": kind, **common})
    return made


def bank_yaml(items: list[dict[str, Any]]) -> str:
    """The questions as a lessonquiz bank file."""
    return yaml.safe_dump(
        {
            "schema_version": 1,
            "id": "bench",
            "title": "Benchmark",
            "objectives": [{"id": "obj", "text": "Read the article."}],
            "questions": items,
        },
        allow_unicode=True,
        sort_keys=False,
    )


def to_jupyterquiz(item: dict[str, Any]) -> dict[str, Any]:
    """One bank question in jupyterquiz's JSON question format."""
    kind = item["type"]
    if kind in ("single", "multiple"):
        return {
            "question": item["prompt"],
            "type": "multiple_choice" if kind == "single" else "many_choice",
            "answers": [
                {"answer": c["text"], "correct": c["correct"], "feedback": c["feedback"]}
                for c in item["choices"]
            ],
        }
    if kind == "true_false":
        return {
            "question": item["prompt"],
            "type": "multiple_choice",
            "answers": [
                {"answer": "True", "correct": item["answer"], "feedback": ""},
                {"answer": "False", "correct": not item["answer"], "feedback": ""},
            ],
        }
    if kind == "numeric":
        low, high = item["answer"] - item["tolerance"], item["answer"] + item["tolerance"]
        return {
            "question": item["prompt"],
            "type": "numeric",
            "answers": [
                {"type": "range", "range": [low, high], "correct": True, "feedback": "Correct."},
                {"type": "default", "feedback": "Not yet."},
            ],
        }
    return {
        "question": item["prompt"],
        "type": "string",
        "answers": [
            {"answer": a, "correct": True, "match_case": False, "feedback": "Correct."}
            for a in item["accept"]
        ],
    }


class _OneWidget(anywidget.AnyWidget):
    """The smallest whole-quiz widget: every question's text synced to one front-end."""

    _esm = "export default { render() {} }"
    questions = traitlets.List().tag(sync=True)


def _as_json(bank: Any) -> list[dict[str, Any]]:
    """What a single front-end would need: ids, types, prompts and choice texts (no key)."""
    return [
        {
            "id": q.id,
            "type": q.type,
            "prompt": q.prompt,
            "choices": [c.text for c in getattr(q, "choices", [])],
        }
        for q in bank.questions
    ]


def main() -> None:
    import jupyterquiz.dynamic.display as jq_display

    from lessonquiz import Quiz, load_bank

    items = questions()
    with tempfile.TemporaryDirectory() as tmp:
        bank_path = Path(tmp) / "bench.yaml"
        bank_path.write_text(bank_yaml(items), encoding="utf-8")
        bank = load_bank(bank_path)
        jq_questions = [to_jupyterquiz(item) for item in items]
        collected: list[Any] = []
        jq_display.display = lambda *objs: collected.extend(objs)  # no kernel: collect instead
        runs = iter(range(10**6))

        def build_lessonquiz() -> None:
            quiz = Quiz(bank, student="bench", db=Path(tmp) / f"p{next(runs)}.sqlite", seed=1)
            quiz._repr_mimebundle_()
            quiz.store.close() if quiz.store else None
            quiz.close_all()

        def build_jupyterquiz() -> None:
            collected.clear()
            jq_display.display_quiz(jq_questions)
            for obj in collected:
                obj._repr_html_() if hasattr(obj, "_repr_html_") else obj._repr_javascript_()

        def median(action: Callable[[], object]) -> float:
            return median_seconds(action, REPEATS, warm_up=True)  # warm-up: imports, caches

        ours = median(build_lessonquiz)
        theirs = median(build_jupyterquiz)
        floors = {
            "one ipywidgets.HTML widget": median(lambda: ipywidgets.HTML("x").close()),
            "one anywidget holding the 50 questions": median(
                lambda: _OneWidget(questions=_as_json(bank)).close()
            ),
        }

    print(f"{N_QUESTIONS} questions, median of {REPEATS} runs\n")
    print("| name | median s | ratio | target |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| jupyterquiz display_quiz | {theirs:.4f} | 1.00 | |")
    for name, seconds in floors.items():
        print(f"| {name} (floor, information) | {seconds:.4f} | {seconds / theirs:.2f} | |")
    print(f"| lessonquiz Quiz | {ours:.4f} | {ours / theirs:.2f} | <= {TARGET:.2f} |")


if __name__ == "__main__":
    main()
