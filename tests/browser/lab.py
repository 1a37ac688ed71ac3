"""Helpers shared by the browser tests: drive JupyterLab, find quiz questions, read the banks.

Pitfalls handled here (see shared notes, JupyterLab 4.6):

* the execution indicator says "idle" before a kernel exists; firing Run All then clears the
  outputs and runs nothing, so we wait for ``kernel.connectionStatus == 'connected'`` and idle;
* ``page.evaluate`` on a command's promise has no timeout and once never settled: commands are
  fired and forgotten, their promise sets a flag on ``window`` that we wait for (with a timeout);
* after a restart the old quiz views stay in the DOM until the quiz cell runs again, so old
  quizzes are marked ``data-lq-stale`` and only fresh ones are looked at.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

import lessonquiz
from lessonquiz.store import ProgressStore

from .conftest import SITE_SOURCE, STUDENT, Server

KERNEL_READY_JS = """(path) => {
  const app = window.jupyterapp;
  const w = app && app.shell.currentWidget;
  if (!w || !w.context || w.context.path !== path) return false;
  const k = w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.connectionStatus === 'connected' && k.status === 'idle';
}"""

# Fire a command and forget it; its promise records the outcome in window.__lq[key].
FIRE_JS = """([command, key]) => {
  window.__lq = window.__lq || {};
  window.__lq[key] = {done: false};
  window.jupyterapp.commands.execute(command).then(
    (value) => { window.__lq[key] = {done: true, value: value === undefined ? null : value}; },
    (err) => { window.__lq[key] = {done: true, error: String(err)}; });
}"""

# What the notebook's model holds: unexecuted code cells, error outputs, stderr text.
NOTEBOOK_STATE_JS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  const out = {kernel: k ? k.status : null, unexecuted: [], errors: [], stderr: []};
  w.content.widgets.forEach((cell, i) => {
    if (cell.model.type !== 'code') return;
    if (cell.model.executionCount === null) out.unexecuted.push(i);
    for (const o of cell.model.outputs.toJSON()) {
      if (o.output_type === 'error') out.errors.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
      if (o.output_type === 'stream' && o.name === 'stderr') {
        const text = Array.isArray(o.text) ? o.text.join('') : o.text;
        out.stderr.push(`cell ${i}: ${text}`);
      }
    }
  });
  return out;
}"""

# stderr that is not an error: matplotlib's one-off font-cache message on a fresh machine.
HARMLESS_STDERR = re.compile(r"Matplotlib is building the font cache", re.I)


class Lab:
    """One JupyterLab page on the shared test server."""

    def __init__(self, page: Page, server: Server) -> None:
        self.page = page
        self.server = server
        self.path = ""
        self._t0 = self._last = time.perf_counter()

    def step(self, what: str) -> None:
        """Log how long the last step took (shown with -s, and in a failure's captured output)."""
        now = time.perf_counter()
        print(f"[lab] {what}: {now - self._last:.1f}s (total {now - self._t0:.1f}s)", flush=True)
        self._last = now

    # -- notebook lifecycle

    def open(self, lesson: str) -> None:
        self.path = f"lessons/{lesson}.ipynb"
        # A workspace of its own (and reset): otherwise Lab re-opens every notebook an earlier
        # test opened, each with a kernel of its own.
        workspace = f"t{secrets.token_hex(6)}"
        self.page.goto(
            f"{self.server.base}/lab/workspaces/{workspace}/tree/{self.path}"
            f"?reset&token={self.server.token}"
        )
        self.wait_kernel_ready()

    def wait_kernel_ready(self, timeout: float = 90_000) -> None:
        self.page.wait_for_function(KERNEL_READY_JS, arg=self.path, timeout=timeout)

    def _fire(self, command: str) -> str:
        key = f"{command}-{id(self)}-{self.page.evaluate('() => performance.now()')}"
        self.page.evaluate(FIRE_JS, [command, key])
        return key

    def _wait_fired(self, key: str, timeout: float = 120_000) -> None:
        self.page.wait_for_function(
            "(key) => window.__lq && window.__lq[key] && window.__lq[key].done",
            arg=key,
            timeout=timeout,
        )
        result = self.page.evaluate("(key) => window.__lq[key]", key)
        assert "error" not in result, f"command failed: {result['error']}"

    def wait_all_ran(self, timeout: float = 120_000) -> None:
        """Every code cell has an execution count and the kernel is idle again."""
        self.page.wait_for_function(
            """() => {
              const w = window.jupyterapp.shell.currentWidget;
              const k = w.sessionContext.session && w.sessionContext.session.kernel;
              if (!k || k.status !== 'idle') return false;
              return w.content.widgets.every(
                c => c.model.type !== 'code' || c.model.executionCount !== null);
            }""",
            timeout=timeout,
        )

    def run_all(self) -> None:
        """Run All Cells and wait until every cell has run."""
        key = self._fire("notebook:run-all-cells")
        self._wait_fired(key)
        self.wait_all_ran()

    def mark_stale(self) -> None:
        """Mark the quizzes on the page now, so ``quiz()`` finds only one drawn after this."""
        self.page.evaluate(
            "() => document.querySelectorAll('.lq-quiz').forEach(e => e.dataset.lqStale = '1')"
        )

    def restart_run_all(self) -> None:
        """Kernel ▸ Restart Kernel and Run All Cells…, confirming the dialog."""
        self.mark_stale()
        self._restart("notebook:restart-run-all")
        self.wait_all_ran()

    def _restart(self, command: str) -> None:
        """Fire a restart command, confirm its dialog, wait for the new kernel."""
        key = self._fire(command)
        dialog = self.page.locator(".jp-Dialog")
        expect(dialog).to_contain_text("Restart")
        dialog.locator(".jp-Dialog-button.jp-mod-accept").click()
        expect(dialog).to_have_count(0)
        self._wait_fired(key)
        self.wait_kernel_ready()

    def restart_kernel(self) -> None:
        """Kernel ▸ Restart Kernel…, confirming the dialog, without running any cell."""
        self._restart("notebook:restart-kernel")

    def shutdown_kernel(self) -> None:
        """Kernel ▸ Shut Down Kernel (confirming a dialog if Lab asks), until no kernel is left."""
        key = self._fire("kernelmenu:shutdown")
        dialog = self.page.locator(".jp-Dialog")
        accept = dialog.locator(".jp-Dialog-button.jp-mod-accept")
        self.page.wait_for_function(
            "(key) => (window.__lq[key] && window.__lq[key].done)"
            " || document.querySelector('.jp-Dialog')",
            arg=key,
        )
        if dialog.count():
            accept.click()
            expect(dialog).to_have_count(0)
        self._wait_fired(key)
        self.page.wait_for_function(
            """() => { const w = window.jupyterapp.shell.currentWidget;
                       return !(w.sessionContext.session && w.sessionContext.session.kernel); }"""
        )

    def set_theme(self, theme: str) -> None:
        """Settings ▸ Theme (``apputils:change-theme``), waiting until the page shows it."""
        self.page.evaluate(
            "(theme) => { window.jupyterapp.commands.execute('apputils:change-theme', {theme}); }",
            theme,
        )
        self.page.wait_for_function(
            "(theme) => document.body.dataset.jpThemeName === theme", arg=theme, timeout=30_000
        )
        self.page.wait_for_timeout(300)  # the theme's stylesheet applies

    def open_notebook7(self, name: str) -> None:
        """Open ``lessons/<name>.ipynb`` in Notebook 7 (served by the same server)."""
        self.path = f"lessons/{name}.ipynb"
        self.page.goto(f"{self.server.base}/notebooks/{self.path}?token={self.server.token}")
        self.wait_kernel_ready()

    def assert_no_errors(self) -> None:
        state = self.page.evaluate(NOTEBOOK_STATE_JS)
        assert not state["unexecuted"], f"code cells not executed: {state['unexecuted']}"
        assert not state["errors"], "error outputs:\n" + "\n".join(state["errors"])
        stderr = [s for s in state["stderr"] if not HARMLESS_STDERR.search(s)]
        assert not stderr, "stderr outputs:\n" + "\n".join(stderr)
        # A widget the front end could not render shows this text instead of the widget.
        expect(
            self.page.locator(".jp-OutputArea-output", has_text="Error displaying widget")
        ).to_have_count(0)

    def quiz(self) -> Locator:
        """The (fresh) quiz shell of the open lesson."""
        return self.page.locator(".lq-quiz:not([data-lq-stale])").first


# ---------------------------------------------------------------- banks and questions


@dataclass(frozen=True)
class Pick:
    """A choice question of a lesson's bank and the labels to click."""

    bank_id: str
    question_id: str
    prompt: str
    right: str
    wrong: str
    labels: tuple[str, ...]


_MARKDOWN = re.compile(r"[*_`\[\]<>#\\]")


def bank_for(lesson: str):
    """The bank whose ``lesson`` is this notebook (quizzes/NN-slug.yaml)."""
    for path in sorted((SITE_SOURCE / "quizzes").glob("*.yaml")):
        bank = lessonquiz.load_bank(path)
        if bank.lesson == lesson:
            return bank
    raise LookupError(f"no bank in quizzes/ has lesson: {lesson}")


def single_questions(lesson: str, skip: int = 0) -> list[Pick]:
    """The lesson's ``single`` questions whose choice labels are plain text and unique in the bank.

    Plain text, so the label the browser shows is the text in the YAML; unique, so a label
    finds exactly one radio (and hence its question box).
    """
    bank = bank_for(lesson)
    counts: dict[str, int] = {}
    for q in bank.questions:
        for c in getattr(q, "choices", None) or ():
            counts[c.text] = counts.get(c.text, 0) + 1
    picks = []
    for q in bank.questions:
        if q.type != "single":
            continue
        texts = [c.text for c in q.choices]
        if any(_MARKDOWN.search(t) or counts[t] > 1 for t in texts):
            continue
        right = next(c.text for c in q.choices if c.correct)
        wrong = next(c.text for c in q.choices if not c.correct)
        picks.append(Pick(bank.id, q.id, q.prompt, right, wrong, tuple(texts)))
    assert len(picks) > skip, f"{lesson}: not enough plain single questions in bank {bank.id}"
    return picks[skip:]


def question_box(scope: Locator | Page, pick: Pick) -> Locator:
    """The ``.lq-question`` box holding ``pick``'s radios (found by a unique choice label)."""
    page = scope.page if isinstance(scope, Locator) else scope
    radio = page.get_by_role("radio", name=pick.right, exact=True)  # `has` is relative
    return scope.locator(".lq-question").filter(has=radio)


def feedback(box: Locator) -> Locator:
    return box.locator(".lq-feedback")


def stored(server: Server, bank_id: str, question_id: str) -> list[bool]:
    """Whether each attempt the server's kernels saved at this question was right, oldest
    first: what the class report will see (a Check the page never sent adds nothing)."""
    store = ProgressStore(server.env["LESSONQUIZ_DB"])
    try:
        return [
            a.correct
            for a in store.attempts(bank_id=bank_id, student=STUDENT)
            if a.question_id == question_id
        ]
    finally:
        store.close()


def site_lessons() -> list[str]:
    return sorted(p.stem for p in (SITE_SOURCE / "lessons").glob("[0-9][0-9]-*.ipynb"))


def notebook_path(lesson: str) -> Path:
    return SITE_SOURCE / "lessons" / f"{lesson}.ipynb"
