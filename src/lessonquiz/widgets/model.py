"""``WidgetModel``: one Jupyter widget model on one comm, drawn by anywidget's front end.

Why not ``anywidget.AnyWidget``: it is an ipywidgets ``DOMWidget``, and ``import anywidget``
imports ipywidgets, whose hundred-odd widget classes traitlets sets up one by one. In a
lesson's kernel that import took 40-60 ms of the quiz cell, and a kernel that had made it took
about 70 ms longer to exit (nbval and ``make regen`` wait for that). The quiz uses none of
those classes: it is a single
model whose page code (``quiz.js``) anywidget's front end runs (``AnyModel``/``AnyView``, from
the lab and notebook extensions the anywidget package installs). So the kernel side speaks the
Jupyter widget message protocol 2.1 itself, as anywidget's own ``MimeBundleDescriptor`` does:

- a ``jupyter.widget`` comm opens with the whole state (anywidget's model and view names, the
  ESM and CSS, then the subclass's ``Synced`` attributes);
- setting a ``Synced`` attribute to a new value sends an ``update`` with that key;
- the page's ``request_state`` (a reloaded page, a second tab) is answered with the whole state;
- ``custom`` messages go both ways: ``send()`` and ``on_msg()``.

Any front end that renders anywidgets (JupyterLab, Notebook 7, Voilà, VS Code) renders this,
because that is all it sees of a widget. Outside a kernel ``comm`` gives a comm that sends
nothing, so headless tests drive the model as they drove ipywidgets.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

PROTOCOL_VERSION = "2.1.0"
"""The Jupyter widget message protocol spoken here (ipywidgets 8 speaks the same)."""
VIEW_MIME = "application/vnd.jupyter.widget-view+json"

MessageHandler = Callable[[Any, Any, list[Any]], None]
"""``handler(model, content, buffers)`` for a custom message from the page (as ipywidgets)."""


class Synced:
    """An attribute of a ``WidgetModel`` that the page sees: a new value is sent at once."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, model: WidgetModel | None, owner: type | None = None) -> Any:
        if model is None:
            return self
        return model._state[self.name]

    def __set__(self, model: WidgetModel, value: Any) -> None:
        if self.name in model._state and model._state[self.name] == value:
            return  # unchanged: nothing to send (traitlets behaved the same)
        model._state[self.name] = value
        model._send_update({self.name: value})


class WidgetModel:
    """A widget model whose page code is ``_esm`` (and ``_css``), run by anywidget's front end.

    A subclass names its page code in ``_esm`` and ``_css`` (paths next to it), declares what
    the page sees as ``Synced()`` class attributes, and passes their first values to
    ``__init__``. The comm opens in ``__init__``, as an ipywidget's does.
    """

    _esm: ClassVar[Path]
    _css: ClassVar[Path]

    def __init__(self, **state: Any) -> None:
        import comm  # the kernel's comm implementation; outside a kernel one that sends nothing

        synced = _synced_names(type(self))
        unknown = set(state) - set(synced)
        if unknown:
            raise TypeError(f"{type(self).__name__} syncs no {', '.join(sorted(unknown))}")
        self._state: dict[str, Any] = dict(state)
        self._handlers: list[MessageHandler] = []
        self.comm: Any = comm.create_comm(
            target_name="jupyter.widget",
            data={"state": self.get_state(), "buffer_paths": []},
            metadata={"version": PROTOCOL_VERSION},
        )
        self.comm.on_msg(self._on_comm_message)

    @property
    def model_id(self) -> str:
        """The comm's id, which the page's widget manager knows the model by."""
        return str(self.comm.comm_id)

    def get_state(self) -> dict[str, Any]:
        """Everything the page gets: anywidget's names, the page code, then the synced state."""
        return {**_front_end(type(self)), **self._state}

    def send(self, content: Any, buffers: list[bytes] | None = None) -> None:
        """A custom message to the page (``model.on("msg:custom")`` in the ESM)."""
        self.comm.send(data={"method": "custom", "content": content}, buffers=buffers)

    def on_msg(self, handler: MessageHandler) -> None:
        """Call ``handler(model, content, buffers)`` for each custom message from the page."""
        self._handlers.append(handler)

    def close(self) -> None:
        """Close the comm: the page shows the model as gone."""
        self.comm.close()

    def _send_update(self, state: dict[str, Any]) -> None:
        self.comm.send(data={"method": "update", "state": state, "buffer_paths": []})

    def _on_comm_message(self, message: dict[str, Any]) -> None:
        data = message["content"]["data"]
        method = data.get("method")
        if method == "request_state":  # a reloaded page or a second tab: the whole state
            self._send_update(self.get_state())
        elif method == "custom":
            for handler in self._handlers:
                handler(self, data.get("content"), message.get("buffers") or [])
        # "update" from the page: the quiz's page never sets state, so there is nothing to take

    def _repr_mimebundle_(self, **_kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        view = {"version_major": 2, "version_minor": 1, "model_id": self.model_id}
        return {"text/plain": repr(self), VIEW_MIME: view}, {}


@cache
def _synced_names(cls: type) -> tuple[str, ...]:
    """The ``Synced`` attributes a model class declares, its bases' included (read once)."""
    return tuple(
        name
        for klass in reversed(cls.__mro__)
        for name, value in vars(klass).items()
        if isinstance(value, Synced)
    )


@cache
def _front_end(cls: type[WidgetModel]) -> dict[str, Any]:
    """The state that names anywidget's front end and carries the page code (read once)."""
    version = _anywidget_range()
    return {
        "_model_module": "anywidget",
        "_model_name": "AnyModel",
        "_model_module_version": version,
        "_view_module": "anywidget",
        "_view_name": "AnyView",
        "_view_module_version": version,
        "_view_count": None,
        "_anywidget_id": f"{cls.__module__}.{cls.__name__}",
        "_esm": cls._esm.read_text(encoding="utf-8"),
        "_css": cls._css.read_text(encoding="utf-8"),
    }


@cache
def _anywidget_range() -> str:
    """The front-end version range anywidget itself announces ("~0.11.*" for 0.11.0): the
    installed package's, read from its metadata (importing it would import ipywidgets)."""
    from importlib.metadata import version

    major, minor, rest = version("anywidget").split(".", maxsplit=2)
    if "a" in rest or "b" in rest:  # a pre-release names itself exactly, as anywidget does
        return f"{major}.{minor}.{rest}"
    return f"~{major}.{minor}.*"
