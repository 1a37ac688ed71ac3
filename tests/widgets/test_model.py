"""The widget protocol the quiz speaks without ipywidgets (``lessonquiz.widgets.model``).

A recording comm (the ``comms`` fixture) stands in for the kernel's: these tests read what
would go to the page.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from lessonquiz.widgets.model import VIEW_MIME, Synced, WidgetModel

HERE = Path(__file__).parent


class Counter(WidgetModel):
    _esm = HERE / "conftest.py"  # any text file: the model only reads and sends it
    _css = HERE / "__init__.py"
    count = Synced()
    label = Synced()


def test_the_comm_opens_with_anywidgets_names_the_page_code_and_the_state(comms) -> None:
    Counter(count=1, label="a")
    (opened,) = comms
    assert opened.opened["target_name"] == "jupyter.widget"
    assert opened.opened["metadata"] == {"version": "2.1.0"}
    state = opened.opened["data"]["state"]
    major, minor = version("anywidget").split(".")[:2]
    assert state["_model_name"] == "AnyModel" and state["_view_name"] == "AnyView"
    assert state["_model_module"] == state["_view_module"] == "anywidget"
    assert state["_model_module_version"] == f"~{major}.{minor}.*"
    assert state["_esm"] == (HERE / "conftest.py").read_text(encoding="utf-8")
    assert state["_anywidget_id"].endswith(".Counter")
    assert (state["count"], state["label"]) == (1, "a")


def test_a_new_value_is_sent_once_and_an_unchanged_one_not_at_all(comms) -> None:
    model = Counter(count=1, label="a")
    model.count = 2
    model.count = 2
    model.label = "a"
    assert comms[0].sent == [{"method": "update", "state": {"count": 2}, "buffer_paths": []}]
    assert model.count == 2 and model.get_state()["count"] == 2


def test_a_page_asking_for_the_state_gets_all_of_it(comms) -> None:
    model = Counter(count=3, label="b")
    comms[0].receive({"method": "request_state"})
    (reply,) = comms[0].sent
    assert reply["method"] == "update" and reply["state"] == model.get_state()
    assert reply["state"]["_view_name"] == "AnyView" and reply["state"]["count"] == 3


def test_custom_messages_go_both_ways_and_page_updates_change_nothing(comms) -> None:
    model = Counter(count=0, label="")
    heard: list[tuple[Any, Any, list[bytes]]] = []
    model.on_msg(lambda widget, content, buffers: heard.append((widget, content, buffers)))
    comms[0].receive({"method": "custom", "content": {"kind": "ping"}}, [b"x"])
    comms[0].receive({"method": "update", "state": {"count": 99}})
    model.send({"kind": "pong"})
    assert heard == [(model, {"kind": "ping"}, [b"x"])]
    assert model.count == 0
    assert comms[0].sent == [{"method": "custom", "content": {"kind": "pong"}}]


def test_the_display_names_the_model_and_a_typo_in_the_state_is_refused(comms) -> None:
    model = Counter(count=0, label="")
    bundle, metadata = model._repr_mimebundle_()
    assert bundle[VIEW_MIME] == {"version_major": 2, "version_minor": 1, "model_id": "c0ffee"}
    assert metadata == {}
    model.close()
    assert comms[0].closed
    with pytest.raises(TypeError, match="syncs no cuont"):
        Counter(cuont=1, label="")
