"""tools/clean_notebooks.py: volatile metadata goes, widget ids become deterministic."""

from __future__ import annotations

import importlib.util
import uuid

import nbformat

from tests.conftest import ROOT

TOOL = ROOT / "tools" / "clean_notebooks.py"
spec = importlib.util.spec_from_file_location("clean_notebooks", TOOL)
assert spec is not None and spec.loader is not None
clean_notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(clean_notebooks)


def _executed() -> nbformat.NotebookNode:
    """A notebook as nbconvert leaves it: a random widget model id, widget state, timings."""
    cell = nbformat.v4.new_code_cell("quiz", execution_count=1)
    cell.id = "quiz-cell"
    cell.metadata["execution"] = {"iopub.status.busy": "2026-12-01T20:00:00Z"}
    view = {"version_major": 2, "version_minor": 1, "model_id": uuid.uuid4().hex}
    cell.outputs = [
        nbformat.v4.new_output(
            "execute_result",
            {"text/plain": "Quiz: ...", clean_notebooks.WIDGET_VIEW: view},
            execution_count=1,
        )
    ]
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


def test_two_runs_clean_to_the_same_bytes() -> None:
    first, second = (nbformat.writes(clean_notebooks.clean(_executed())) for _ in range(2))
    assert first == second
    cleaned = nbformat.reads(first, as_version=4)
    assert "widgets" not in cleaned.metadata and cleaned.cells[0].metadata == {}
    model_id = cleaned.cells[0].outputs[0].data[clean_notebooks.WIDGET_VIEW]["model_id"]
    assert model_id == clean_notebooks.stable_model_id("quiz-cell", 0) and len(model_id) == 32
