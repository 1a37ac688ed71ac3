"""Where the student waits: the quiz in a real JupyterLab and Chromium, side by side in one run.

Rows (medians of ``BENCH_REPEATS`` interleaved repeats, default 5; ratios against the row
each is compared with, targets from issue #10):

1. running the quiz cell until every question's controls are on the page, 50 questions:
   lessonquiz ``Quiz`` (loading its bank file) against jupyterquiz ``display_quiz`` (loading
   its JSON file) on the same 50 questions, both cells in one notebook, run alternately;
2. lesson 02 Run All (fresh kernel) against the same notebook without its quiz cell, with the
   bank loaded before (the per-user bank cache, as on every Run All after the first) and,
   for information, with that cache emptied first;
3. a Check round trip (click to the reply drawn) against a bare anywidget message round trip,
   both in the same kernel and page;
4. kernel memory added per 50-question quiz built and displayed (the 2nd to 6th in a kernel
   that has imported the package and shown one), against jupyterquiz's;
5. each lesson executed (nbclient, fresh kernel) against a notebook that only starts the
   kernel and imports pandas and matplotlib, run just before it: the ratio is the median of
   these pairs' ratios.

Kernels run as on a student's machine, where Python caches compiled modules: a shell that sets
``PYTHONDONTWRITEBYTECODE`` (this workplace's does) would make every kernel recompile lessonquiz
(the floor's libraries were compiled by pip at install), so the variable is removed for the
server and the kernels, and every notebook is executed once untimed before the timed rounds.

Needs Debian's chromium (never ``playwright install``) and the ``bench`` extra (jupyterquiz).
Run: ``.venv/bin/python benchmarks/bench_browser.py`` (or ``make bench``). Not a test: it
prints numbers and never fails on them. Each step says on stderr what it waits for, and every
wait has a deadline (``BENCH_STEP_SECONDS``, default 180; the whole run ``BENCH_TIMEOUT``,
default 15 + 6 per repeat minutes): a stuck step stops the run with a reason, never silently.
One script of about 450 lines, so that every row is measured in the same run, server and
browser (side by side, as the issue asks).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import nbformat
from bench_widgets import bank_yaml, questions, to_jupyterquiz

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
STEP = float(os.environ.get("BENCH_STEP_SECONDS", "180"))
"""Longest wait for one step (a cell's controls, a Check, a Run All, a lesson's execution)."""
TOTAL = float(os.environ.get("BENCH_TIMEOUT", str(900 + 360 * REPEATS)))
STARTED = time.monotonic()
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}
ECHO = '''import anywidget
class Echo(anywidget.AnyWidget):
    _esm = """export default { render({ model }) {
      window.__echo = () => new Promise((done) => {
        const t0 = performance.now();
        const back = () => { model.off("msg:custom", back); done(performance.now() - t0); };
        model.on("msg:custom", back);
        model.send({ ping: 1 });
      });
    } }"""
    def __init__(self):
        super().__init__()
        self.on_msg(lambda widget, content, buffers: self.send(content))
Echo()'''
QUIZ = "from lessonquiz import Quiz, load_bank\nQuiz(load_bank('bank50.yaml'), seed=1)"
MEMORY = '''import gc, lessonquiz
def rss():
    gc.collect()
    return int(open("/proc/self/statm").read().split()[1]) * {page}
{build}
keep = [make()]
before = rss()
keep += [make() for _ in range(5)]
print((rss() - before) / 5 / 2**20)'''
BUILD = {
    "lessonquiz": "from IPython.display import display\nfrom lessonquiz import Quiz, load_bank\n"
    "bank = load_bank('bank50.yaml')\ndef make():\n    q = Quiz(bank, seed=1)\n    display(q)\n"
    "    return q",
    "jupyterquiz": "import json\nfrom jupyterquiz import display_quiz\n"
    "data = json.load(open('jq50.json'))\ndef make():\n    display_quiz(data)\n    return data",
}

# Every wait inside the page has a deadline (``limit`` ms) and, when it passes, rejects
# with what it saw, so a stuck step ends the run with a reason instead of waiting forever.
RUN_CELL_JS = """async ([index, selector, count, limit]) => {
  const app = window.jupyterapp, nb = app.shell.currentWidget.content;
  const cell = nb.widgets[index];
  nb.activeCellIndex = index;
  await app.commands.execute('notebook:clear-cell-output');
  const t0 = performance.now();
  app.commands.execute('notebook:run-cell');
  return await new Promise((done, fail) => {
    const found = () => cell.node.querySelectorAll(selector).length;
    const failed = () => cell.model.outputs.toJSON().find((o) => o.output_type === 'error');
    const seen = new MutationObserver(() => {
      const error = failed();
      if (error) {
        seen.disconnect();
        clearTimeout(timer);
        fail(new Error(`cell ${index} failed: ${error.ename}: ${error.evalue}`));
      }
      if (found() < count) return;
      seen.disconnect();
      clearTimeout(timer);
      done(performance.now() - t0);
    });
    const timer = setTimeout(() => {
      seen.disconnect();
      fail(new Error(`cell ${index}: ${found()} of ${count} '${selector}' after ${limit} ms; ` +
        `output: ${cell.node.innerText.slice(-300)}`));
    }, limit);
    seen.observe(cell.node, { childList: true, subtree: true });
  });
}"""
# A Check is answered when its button is enabled again. A button still disabled when the
# click is made (the quiz went offline: its Check waits only so long for the kernel) would
# never be answered, so that is an error at once.
CHECKS_JS = """async ([n, limit]) => {
  const quiz = document.querySelector('.lq-quiz'), q = quiz.querySelector('.lq-type-single');
  const radios = q.querySelectorAll('input[type=radio]'), check = q.querySelector('.lq-check');
  const times = [];
  for (let i = 0; i < n; i++) {
    radios[i % 2].click();
    if (check.getAttribute('aria-disabled') === 'true') {
      throw new Error(`Check is disabled before click ${i + 1}: ` +
        (quiz.querySelector('.lq-offline').textContent || 'no reason shown'));
    }
    const t0 = performance.now();
    check.click();
    await new Promise((done, fail) => {
      const timer = setTimeout(() => {
        seen.disconnect();
        fail(new Error(`Check ${i + 1} not answered after ${limit} ms; status: ` +
          q.querySelector('.lq-status').textContent));
      }, limit);
      const seen = new MutationObserver(() => {
        if (check.getAttribute('aria-disabled') === 'false') {
          seen.disconnect(); clearTimeout(timer); done();
        }
      });
      seen.observe(check, { attributes: true });
    });
    times.push(performance.now() - t0);
  }
  return times;
}"""
ECHOES_JS = """async ([n, limit]) => {
  const times = [];
  for (let i = 0; i < n; i++) {
    times.push(await Promise.race([window.__echo(), new Promise((_, fail) => setTimeout(
      () => fail(new Error(`echo ${i + 1} not answered after ${limit} ms`)), limit))]));
  }
  return times;
}"""
RUN_ALL_JS = "() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }"
READY_JS = """(path) => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.context && w.context.path === path && w.sessionContext.session
    && w.sessionContext.session.kernel;
  return !!k && k.connectionStatus === 'connected' && k.status === 'idle';
}"""
ALL_RAN_JS = """(quizzes) => {
  const w = window.jupyterapp.shell.currentWidget, k = w.sessionContext.session.kernel;
  return k.status === 'idle' && w.content.widgets.every(
      (c) => c.model.type !== 'code' || c.model.executionCount !== null)
    && document.querySelectorAll('.lq-quiz .lq-check').length >= quizzes;
}"""


Row = tuple[str, float, str, float, str, float | None]
"""(what, ours, compared with, theirs, target, ratio of paired runs or None for ours/theirs)."""


class Stuck(RuntimeError):
    """A step did not finish within its deadline; the message says which and what it saw."""


def step(text: str) -> None:
    """Progress on stderr (the table alone goes to stdout)."""
    print(f"[bench_browser {time.monotonic() - STARTED:6.0f} s] {text}", file=sys.stderr,
          flush=True)


def _out_of_time(_signum: int, _frame: object) -> None:
    raise Stuck(f"the whole run took longer than BENCH_TIMEOUT={TOTAL:.0f} s")


def write_notebook(path: Path, cells: list[str]) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(nb, path)


def make_site(site: Path) -> None:
    for name in ("lessons", "quizzes", "data"):
        shutil.copytree(ROOT / name, site / name, ignore=shutil.ignore_patterns(".ipynb_*"))
    bench = site / "bench"
    bench.mkdir()
    items = questions()
    (bench / "bank50.yaml").write_text(bank_yaml(items), encoding="utf-8")
    jq = [to_jupyterquiz(item) for item in items]
    (bench / "jq50.json").write_text(json.dumps(jq), encoding="utf-8")
    write_notebook(bench / "cellrun.ipynb", [
        "import json\nimport lessonquiz\nfrom jupyterquiz import display_quiz",
        QUIZ, "display_quiz(json.load(open('jq50.json')))"])
    write_notebook(bench / "roundtrip.ipynb", [ECHO, QUIZ])
    write_notebook(bench / "floor.ipynb", ["import pandas\nimport matplotlib.pyplot"])
    lesson = nbformat.read(site / "lessons" / "02-economics.ipynb", as_version=4)
    lesson.cells = [c for c in lesson.cells if "lessonquiz.show" not in c.source]
    nbformat.write(lesson, site / "lessons" / "02-economics-noquiz.ipynb")


def start_lab(site: Path, env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str, str]:
    """JupyterLab on a free port; its output goes to ``log``, quoted if it does not start."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = secrets.token_hex(16)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(BIN / "jupyter-lab"), "--no-browser", "--ip=127.0.0.1", f"--port={port}",
             "--allow-root", f"--ServerApp.root_dir={site}", f"--IdentityProvider.token={token}",
             "--LabApp.expose_app_in_browser=True"],
            cwd=site, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    step(f"starting JupyterLab on {base} (log: {log})")
    deadline = time.monotonic() + STEP
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5)
            return proc, base, token
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    tail = log.read_text(errors="replace")[-2000:]
    why = f"exited with {proc.poll()}" if proc.poll() is not None else f"no answer in {STEP:.0f} s"
    raise Stuck(f"JupyterLab did not start ({why}); its log ends:\n{tail}")


def delete_sessions(base: str, token: str) -> None:
    headers = {"Authorization": f"token {token}"}
    request = urllib.request.Request(f"{base}/api/sessions", headers=headers)
    with urllib.request.urlopen(request, timeout=30) as r:
        sessions = json.load(r)
    for s in sessions:
        urllib.request.urlopen(urllib.request.Request(
            f"{base}/api/sessions/{s['id']}", method="DELETE", headers=headers), timeout=30)


def open_notebook(page, base: str, token: str, path: str) -> None:
    step(f"opening {path}, waiting for its kernel")
    page.goto(f"{base}/lab/workspaces/b{secrets.token_hex(4)}/tree/{path}?reset&token={token}")
    page.wait_for_function(READY_JS, arg=path, timeout=STEP * 1000)


def evaluate(page, what: str, script: str, arg: object) -> Any:
    """``page.evaluate`` (which has no timeout of its own) for a script whose waits end at
    ``STEP``; a stuck step raises ``Stuck`` naming ``what``."""
    from playwright.sync_api import Error

    try:
        return page.evaluate(script, arg)
    except Error as exc:
        raise Stuck(f"{what}: {exc.message.splitlines()[0]}") from None


def browser_rows(
    page, base: str, token: str, bank_cache: Path
) -> list[Row]:
    # Both quizzes in one notebook and kernel (imports done in cell 0), their cells run
    # alternately: one untimed warm-up each, then REPEATS timed rounds.
    cell_runs: dict[str, list[float]] = {"lq": [], "jq": []}
    wanted = {"lq": (1, ".lq-question .lq-check", 50),
              "jq": (2, ".MultipleChoiceQn, .ManyChoiceQn, .NumericQn, .StringQn", 50)}
    open_notebook(page, base, token, "bench/cellrun.ipynb")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-cell')")
    page.wait_for_function(READY_JS, arg="bench/cellrun.ipynb", timeout=STEP * 1000)
    for round_ in range(REPEATS + 1):
        step(f"cell runs, round {round_} of {REPEATS} (0: warm-up)")
        for side, (index, selector, count) in wanted.items():
            took = evaluate(page, f"running the {side} cell (round {round_})", RUN_CELL_JS,
                            [index, selector, count, STEP * 1000])
            if round_:
                cell_runs[side].append(took)
    delete_sessions(base, token)
    # Interleave: run the comparisons again alternating, so drift hits both.
    # "first": the bank cache emptied before (a student's first Run All of the lesson);
    # "quiz": the bank loaded before (lessonquiz.bank.cache), as on every later Run All.
    run_all: dict[str, list[float]] = {"first": [], "quiz": [], "none": []}
    for round_ in range(REPEATS):
        for side, path in (("first", "lessons/02-economics.ipynb"),
                           ("quiz", "lessons/02-economics.ipynb"),
                           ("none", "lessons/02-economics-noquiz.ipynb")):
            if side == "first":
                shutil.rmtree(bank_cache, ignore_errors=True)
            open_notebook(page, base, token, path)
            step(f"Run All of {path}, round {round_ + 1} of {REPEATS}")
            start = time.perf_counter()
            page.evaluate(RUN_ALL_JS)
            page.wait_for_function(ALL_RAN_JS, arg=0 if side == "none" else 1, polling=20,
                                   timeout=STEP * 1000)
            run_all[side].append((time.perf_counter() - start) * 1000)
            delete_sessions(base, token)
    open_notebook(page, base, token, "bench/roundtrip.ipynb")
    page.evaluate(RUN_ALL_JS)
    page.wait_for_function(ALL_RAN_JS, arg=1, timeout=STEP * 1000)
    page.wait_for_function("() => typeof window.__echo === 'function'", timeout=STEP * 1000)
    echo: list[float] = []
    checks: list[float] = []
    for round_ in range(REPEATS):
        step(f"round trips, round {round_ + 1} of {REPEATS}")
        echo.append(statistics.median(evaluate(page, "bare echo", ECHOES_JS, [10, STEP * 1000])))
        checks.append(statistics.median(evaluate(page, "Check round trip", CHECKS_JS,
                                                 [10, STEP * 1000])))
    delete_sessions(base, token)
    m = statistics.median
    return [
        ("cell run → every control, 50 questions", m(cell_runs["lq"]),
         "jupyterquiz display_quiz, same 50", m(cell_runs["jq"]), "≤ 1.5", None),
        ("lesson 02 Run All", m(run_all["quiz"]), "same without its quiz cell",
         m(run_all["none"]), "≤ 1.15", None),
        ("lesson 02 Run All, first time (no bank cache)", m(run_all["first"]),
         "same without its quiz cell", m(run_all["none"]), "(info)", None),
        ("Check round trip", m(checks), "bare anywidget message round trip", m(echo), "≤ 2", None),
    ]


def execute_seconds(path: Path) -> float:
    import nbclient

    nb = nbformat.read(path, as_version=4)
    step(f"executing {path.name}")
    start = time.perf_counter()
    nbclient.NotebookClient(nb, timeout=STEP, startup_timeout=STEP, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


def kernel_rows(site: Path) -> list[Row]:
    import nbclient

    memory: dict[str, list[float]] = {"lessonquiz": [], "jupyterquiz": []}
    page_size = os.sysconf("SC_PAGE_SIZE")
    for round_ in range(REPEATS):
        for side, build in BUILD.items():
            step(f"kernel memory, {side}, round {round_ + 1} of {REPEATS}")
            nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
                MEMORY.format(page=page_size, build=build))])
            nbclient.NotebookClient(nb, timeout=STEP, startup_timeout=STEP,
                                    kernel_name="python3",
                                    resources={"metadata": {"path": str(site / "bench")}}).execute()
            outputs = nb.cells[0].outputs
            text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
            memory[side].append(float(text.strip()))
    lessons = sorted((site / "lessons").glob("[0-9][0-9]-*.ipynb"))
    lessons = [p for p in lessons if "noquiz" not in p.name]
    floor = site / "bench" / "floor.ipynb"
    for path in [floor, *lessons]:  # untimed: caches, as said above
        execute_seconds(path)
    # Each lesson is paired with a floor run just before it, and its ratio is the median of
    # the pairs' ratios: this machine's speed drifts over seconds, and a pair sees one speed.
    pairs: dict[str, list[tuple[float, float]]] = {p.stem: [] for p in lessons}
    for _ in range(REPEATS):
        for path in lessons:
            pairs[path.stem].append((execute_seconds(floor),
                                     execute_seconds(path)))
    m = statistics.median
    rows: list[Row] = [("kernel MiB per 50-question quiz", m(memory["lessonquiz"]),
                        "jupyterquiz, same 50", m(memory["jupyterquiz"]), "≤ 3 MiB", None)]
    for path in lessons:
        runs = pairs[path.stem]
        rows.append((f"execute {path.stem}", m(lesson for _, lesson in runs) * 1000,
                     "kernel start + import pandas, matplotlib (paired runs)",
                     m(under for under, _ in runs) * 1000, "≤ 1.3",
                     m(lesson / under for under, lesson in runs)))
    return rows


def main() -> None:
    import importlib.util

    from playwright.sync_api import sync_playwright

    if importlib.util.find_spec("jupyterquiz") is None:
        raise Stuck("jupyterquiz is not installed (the `bench` extra): run `make bench`, or "
                    "pip install -e '.[test,bench]'")
    signal.signal(signal.SIGALRM, _out_of_time)  # cleanup in the finally blocks still runs
    signal.alarm(int(TOTAL))
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        site, home = Path(tmp) / "site", Path(tmp) / "home"
        make_site(site)
        for plugin, values in SETTINGS.items():
            f = home / "settings" / f"{plugin}.jupyterlab-settings"
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(json.dumps(values))
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # a student's kernel caches bytecode
        env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
                   JUPYTERLAB_WORKSPACES_DIR=str(home / "ws"), LESSONQUIZ_DB=str(home / "p.db"),
                   LESSONQUIZ_STUDENT="bench", LESSONQUIZ_CACHE_DIR=str(home / "bank-cache"))
        os.environ.update(LESSONQUIZ_DB=env["LESSONQUIZ_DB"], LESSONQUIZ_STUDENT="bench",
                          LESSONQUIZ_CACHE_DIR=env["LESSONQUIZ_CACHE_DIR"])
        proc, base, token = start_lab(site, env, Path(tmp) / "lab.log")
        try:
            with sync_playwright() as p:
                step(f"launching {CHROMIUM}")
                browser = p.chromium.launch(executable_path=CHROMIUM, timeout=STEP * 1000, args=[
                    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                page.set_default_timeout(STEP * 1000)
                rows += browser_rows(page, base, token, home / "bank-cache")
                browser.close()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        rows += kernel_rows(site)
        signal.alarm(0)
    step("done")
    print(f"medians of {REPEATS} repeats; ms unless said\n")
    print("| what | lessonquiz | compared with | value | ratio | target |")
    print("| --- | ---: | --- | ---: | ---: | --- |")
    for name, ours, other, theirs, target, paired in rows:
        if "MiB" in name:
            print(f"| {name} | {ours:.2f} | {other} | {theirs:.2f} | | {target} |")
        else:
            ratio = paired if paired is not None else ours / theirs
            print(f"| {name} | {ours:.0f} | {other} | {theirs:.0f} | {ratio:.2f} | {target} |")


if __name__ == "__main__":
    try:
        main()
    except Stuck as stuck:
        print(f"bench_browser stopped: {stuck}", file=sys.stderr)
        sys.exit(2)
