"""Real-browser tests: a throw-away JupyterLab (and Voilà) server driven by Debian's Chromium.

Run them with ``make test-browser`` (it sets ``LESSONQUIZ_BROWSER=1``); a plain ``pytest tests``
collects nothing here, so the unit run stays fast and needs no browser.

What the set-up does, once per session:

* installs Debian's ``chromium`` with apt when ``/usr/bin/chromium`` is missing and we are root
  (never ``playwright install``: Playwright drives the system browser via ``executable_path``);
* runs ``npm ci --prefix tests/browser`` when axe-core is missing (accessibility test);
* copies ``lessons/``, ``quizzes/`` and ``data/`` into a temporary folder, so the browser can never
  save over the committed notebooks (autosave is off too), with a temporary progress store
  (``LESSONQUIZ_DB``) and student (``LESSONQUIZ_STUDENT``) in the server's environment, which
  the kernels inherit;
* starts ``jupyter lab`` on 127.0.0.1, a free port and a random token, and stops it by handle
  (SIGTERM, then SIGKILL after a timeout) even when a test fails.

Per test: a new browser context and page; afterwards every kernel session is deleted through
the REST API (tests never share a kernel) and the progress store is emptied. When a test fails,
``artifacts/browser/<test>.png`` and ``<test>-console.log`` are written (``/artifacts/`` is
git-ignored).

Debugging: ``LESSONQUIZ_BROWSER_ROOT=/path`` serves another checkout's lessons/quizzes/data;
``LESSONQUIZ_BROWSER_HEADED=1`` shows the browser (needs a display).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SITE_SOURCE = Path(os.environ.get("LESSONQUIZ_BROWSER_ROOT", ROOT))
ARTIFACTS = ROOT / "artifacts" / "browser"
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROME_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LAB_SETTINGS = {  # JUPYTERLAB_SETTINGS_DIR/<plugin>.jupyterlab-settings
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}
STUDENT = "browser-test-student"

# `pytest tests` (the unit run) must not collect these; `make test-browser` sets the variable.
if os.environ.get("LESSONQUIZ_BROWSER") != "1":
    collect_ignore_glob = ["test_*.py"]


# ---------------------------------------------------------------- set-up: browser and axe-core


def _ensure_chromium() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env)
        if Path(CHROMIUM).exists():
            return CHROMIUM
    pytest.exit(
        f"Chromium not found at {CHROMIUM}. Install Debian's package as root "
        "(apt-get install chromium) or set CHROMIUM=/path/to/chrome. "
        "Do not use `playwright install`.",
        returncode=2,
    )
    raise AssertionError("unreachable")


def ensure_axe() -> Path:
    """Path of axe.min.js, installing the pinned axe-core with `npm ci` when it is missing."""
    if not AXE_JS.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("axe-core is missing and npm is not installed (apt-get install npm)")
        subprocess.run([npm, "ci", "--prefix", str(HERE), "--no-audit", "--no-fund"], check=True)
    return AXE_JS


# ---------------------------------------------------------------- servers


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> float:
    """Poll ``url`` until the server answers anything at all (even 404)."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(
                f"server exited early with {proc.returncode}:\n{log.read_text()[-3000:]}"
            )
        try:
            urllib.request.urlopen(url, timeout=2)
            return time.perf_counter() - t0
        except urllib.error.HTTPError:
            return time.perf_counter() - t0
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer in {timeout}s; log:\n{log.read_text()[-3000:]}")


def _stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    """Stop the one process we started (and its kernels), by handle."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary copy of what the lessons need: lessons/, quizzes/, data/."""
    d = tmp_path_factory.mktemp("site")
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.sqlite*")
    for name in ("lessons", "quizzes", "data"):
        shutil.copytree(SITE_SOURCE / name, d / name, ignore=ignore)
    write_every_type_notebook(d / "lessons")
    write_fixture_notebook(d / "lessons", "good-written.yaml", WRITTEN_NOTEBOOK)
    return d


EVERY_TYPE_NOTEBOOK = "every-type"
"""A notebook (only in the test site) whose one cell shows the fixture bank of every type."""


def write_every_type_notebook(folder: Path) -> None:
    write_fixture_notebook(folder, "good-every-type.yaml", EVERY_TYPE_NOTEBOOK)


WRITTEN_NOTEBOOK = "written"
"""A notebook (only in the test site) whose one cell shows the written-question fixture bank."""


def write_fixture_notebook(folder: Path, bank_file: str, name: str) -> None:
    """A one-cell notebook showing a fixture bank (copied next to it) as a quiz."""
    import nbformat

    shutil.copy(ROOT / "tests" / "fixtures" / "banks" / bank_file, folder)
    cell = f"from lessonquiz import Quiz, load_bank\nQuiz(load_bank({bank_file!r}), seed=1)"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(nb, folder / f"{name}.ipynb")


@pytest.fixture(scope="session")
def server_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment for the servers (kernels inherit it): isolated Jupyter dirs, temp store."""
    base = tmp_path_factory.mktemp("jupyter")
    for plugin, values in LAB_SETTINGS.items():
        f = base / "settings" / f"{plugin}.jupyterlab-settings"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(values))
    return dict(
        os.environ,
        JUPYTERLAB_SETTINGS_DIR=str(base / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        LESSONQUIZ_DB=str(base / "progress.sqlite"),
        LESSONQUIZ_STUDENT=STUDENT,
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )


@dataclass
class Server:
    base: str
    token: str
    proc: subprocess.Popen
    log: Path
    env: dict[str, str] = field(repr=False)

    def api(self, path: str, method: str = "GET"):
        req = urllib.request.Request(
            f"{self.base}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(req, timeout=30) as r:
            body = r.read()
            return json.loads(body) if body else None


@pytest.fixture(scope="session")
def lab_server(site: Path, server_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory):
    port, token = _free_port(), secrets.token_hex(16)
    log = tmp_path_factory.mktemp("logs") / "lab.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [
                str(BIN / "jupyter-lab"),
                "--no-browser",
                "--ip=127.0.0.1",
                f"--port={port}",
                "--allow-root",
                f"--ServerApp.root_dir={site}",
                f"--IdentityProvider.token={token}",
                "--LabApp.expose_app_in_browser=True",
                "--JupyterNotebookApp.expose_app_in_browser=True",
            ],
            cwd=site,
            env=server_env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_http(f"{base}/api/status?token={token}", proc, log)
        yield Server(base, token, proc, log, server_env)
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def voila_env(server_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory):
    """Voilà gets its own progress store, so nothing answered in Lab is restored there."""
    return dict(server_env, LESSONQUIZ_DB=str(tmp_path_factory.mktemp("voila") / "progress.sqlite"))


def start_voila(site: Path, env: dict[str, str], lesson: str, log: Path) -> Server:
    """`voila lessons/<lesson>.ipynb` as `make app` runs it, on a free loopback port."""
    port = _free_port()
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [
                str(BIN / "voila"),
                f"lessons/{lesson}.ipynb",
                "--no-browser",
                f"--port={port}",
                "--Voila.ip=127.0.0.1",
                "--strip_sources=True",
            ],
            cwd=site,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        # GET / would execute the notebook: poll a static path instead.
        _wait_http(f"{base}/favicon.ico", proc, log)
    except BaseException:
        _stop(proc)
        raise
    return Server(base, "", proc, log, env)


VOILA_LESSON = "00-orientation"
"""The lesson the Voilà tests serve as an app."""


@pytest.fixture
def voila(site: Path, voila_env: dict[str, str], tmp_path: Path):
    """Voilà serving VOILA_LESSON for one test, with a progress store of its own (so no test
    sees another's answers restored), stopped afterwards (also on failure)."""
    env = dict(voila_env, LESSONQUIZ_DB=str(tmp_path / "progress.sqlite"))
    server = start_voila(site, env, VOILA_LESSON, tmp_path / "voila.log")
    try:
        yield server
    finally:
        _stop(server.proc)


# ---------------------------------------------------------------- browser and page


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = _ensure_chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=executable,
            args=CHROME_ARGS,
            headless=os.environ.get("LESSONQUIZ_BROWSER_HEADED") != "1",
        )
        try:
            yield b
        finally:
            b.close()


def pytest_sessionstart(session):
    """Start with no artifacts, so what is in artifacts/browser/ is from this run's failures."""
    if os.environ.get("LESSONQUIZ_BROWSER") == "1":
        shutil.rmtree(ARTIFACTS, ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


def _safe_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1]).strip("_")


@pytest.fixture
def page(browser, request):
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = ctx.new_page()
    pg.set_default_timeout(60_000)
    console: list[str] = []
    pg.on("console", lambda m: console.append(f"[{m.type}] {m.text}"))
    pg.on("pageerror", lambda e: console.append(f"[pageerror] {e}"))
    try:
        yield pg
    finally:
        failed = any(
            getattr(request.node, f"rep_{when}", None) is not None
            and getattr(request.node, f"rep_{when}").failed
            for when in ("setup", "call")
        )
        if failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = _safe_name(request.node.nodeid)
            try:
                pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, timeout=15_000)
            except Exception as exc:  # the page may be gone; keep the console log anyway
                console.append(f"[artifact] screenshot failed: {exc}")
            (ARTIFACTS / f"{name}-console.log").write_text("\n".join(console) + "\n")
        ctx.close()


def _clean_lab(server: Server) -> None:
    """Delete every kernel session, then empty the progress store (no kernel holds it now)."""
    for s in server.api("/api/sessions") or []:
        with contextlib.suppress(urllib.error.HTTPError):  # already gone
            server.api(f"/api/sessions/{s['id']}", method="DELETE")
    db = Path(server.env["LESSONQUIZ_DB"])
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


@pytest.fixture
def lab(lab_server: Server, page):
    """A JupyterLab driver on a fresh page; kernels and progress are cleaned after the test."""
    from .lab import Lab

    _clean_lab(lab_server)
    try:
        yield Lab(page, lab_server)
    finally:
        _clean_lab(lab_server)
