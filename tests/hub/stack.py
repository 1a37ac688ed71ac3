"""A whole class on one machine: PostgreSQL, the Hub with its proxy, the lessonquiz service.

Everything listens on 127.0.0.1 on free ports and lives in one temporary folder. Users
(alice, bob: students; iris: in the ``instructors`` group) and their API tokens are made
through the Hub's REST API with a test-only admin service token. The Hub runs
``DummyAuthenticator`` and ``SimpleLocalProcessSpawner``: test stand-ins with no isolation
between users (docs/hub.md says what a class needs instead).
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import psycopg

from tests.hub.pg import Cluster
from tests.hub.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHP = ROOT / "tests" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
REPORT_SCOPE = "custom:lessonquiz:report"

CONFIG = """
import os
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {proxy_port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.JupyterHub.db_url = "sqlite:///{folder}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{folder}/cookie_secret"
c.JupyterHub.pid_file = "{folder}/jupyterhub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {{"alice", "bob", "iris"}}
c.JupyterHub.spawner_class = "simple"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = ["--ServerApp.allow_root=True"] if os.geteuid() == 0 else []
c.Spawner.home_dir_template = "{folder}/home/{{username}}"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
# The Hub polls a managed service every 30 s (its spawner takes no config): a test that kills
# the service should not wait that long for the restart.
from jupyterhub.services.service import _ServiceSpawner
_ServiceSpawner.class_traits()["poll_interval"].default_value = 1
c.Spawner.environment = {{
    "LESSONQUIZ_URL": "http://127.0.0.1:{proxy_port}/services/lessonquiz/",
    "LESSONQUIZ_DB": lambda spawner: "{folder}/home/" + spawner.user.name + "/progress.sqlite",
    "LESSONQUIZ_STUDENT": "somebody-else",  # must be ignored on the hub
}}
c.Spawner.server_token_scopes = [
    "users:activity!user", "access:servers!server",
    "access:services!service=lessonquiz", "{report}",
]
c.JupyterHub.custom_scopes = {{
    "{report}": {{"description": "Read the class report and every student's attempts"}},
}}
c.JupyterHub.load_groups = {{"instructors": {{"users": ["iris"]}}}}
c.JupyterHub.load_roles = [
    {{"name": "user", "scopes": ["self", "access:services!service=lessonquiz"]}},
    {{"name": "lessonquiz-instructors", "groups": ["instructors"],
      "scopes": ["{report}", "access:services!service=lessonquiz"]}},
    {{"name": "test-admin", "services": ["test-admin"],
      "scopes": ["admin:users", "tokens", "admin:servers", "servers", "{report}",
                 "access:services!service=lessonquiz", "list:users", "read:users"]}},
]
c.JupyterHub.services = [
    {{"name": "lessonquiz", "url": "http://127.0.0.1:{service_port}",
      "command": [{service!r}, "--course", {course!r}],
      "environment": {{"LESSONQUIZ_DB_URL": {db_url!r}}}}},
    {{"name": "test-admin", "api_token": {admin_token!r}}},
]
"""


class Stack:
    """Start with ``start()``; ``stop()`` ends every process it started."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="lq-hub-"))
        (self.folder / "home").mkdir()
        self.pg = Cluster()
        self.proxy_port, self.hub_port = free_port(), free_port()
        self.service_port = free_port()
        self.admin_token = secrets.token_hex(16)
        self.hub: subprocess.Popen[bytes] | None = None
        self.tokens: dict[str, str] = {}

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    @property
    def service_url(self) -> str:
        return f"{self.base}/services/lessonquiz/"

    def db_url(self, user: str = "lq") -> str:
        return self.pg.url(user, "lessonquiz")

    def start(self) -> None:
        if not CHP.exists():
            subprocess.run(
                ["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(CHP.parents[2])],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        self.pg.start()
        self.pg.wait_ready()
        with psycopg.connect(self.pg.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE lessonquiz")
            conn.execute("CREATE ROLE lq_service LOGIN")
            conn.execute("CREATE ROLE lq_report LOGIN")
        subprocess.run(
            [
                str(BIN / "lessonquiz-service"),
                "--setup",
                "--db",
                self.db_url(),
                "--service-role",
                "lq_service",
                "--report-role",
                "lq_report",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        config = CONFIG.format(
            proxy_port=self.proxy_port,
            hub_port=self.hub_port,
            proxy_api_port=free_port(),
            chp=str(CHP),
            folder=self.folder,
            singleuser=str(BIN / "jupyterhub-singleuser"),
            report=REPORT_SCOPE,
            service_port=self.service_port,
            service=str(BIN / "lessonquiz-service"),
            course=str(ROOT / "quizzes"),
            db_url=self.db_url("lq_service"),
            admin_token=self.admin_token,
        )
        (self.folder / "jupyterhub_config.py").write_text(config)
        env = {**os.environ, "PATH": f"{BIN}:{os.environ.get('PATH', '')}"}
        with open(self.folder / "hub.log", "wb") as log:
            self.hub = subprocess.Popen(
                [str(BIN / "jupyterhub"), "-f", str(self.folder / "jupyterhub_config.py")],
                cwd=self.folder,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_for(lambda: self.hub_api("GET", "/users") is not None, "the Hub")
        self.wait_for(self.service_up, "the lessonquiz service")
        for name in ("alice", "bob", "iris"):
            self.hub_api("POST", f"/users/{name}")
            scopes = ["access:services!service=lessonquiz", f"access:servers!user={name}"]
            if name == "iris":
                scopes.append(REPORT_SCOPE)
            self.tokens[name] = self.hub_api(
                "POST", f"/users/{name}/tokens", {"scopes": scopes, "note": "hub tests"}
            )["token"]

    def wait_for(self, ready: Any, what: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.hub is not None and self.hub.poll() is not None:
                raise RuntimeError(f"the Hub exited: {self.log()[-3000:]}")
            try:
                if ready():
                    return
            except (urllib.error.URLError, OSError, ValueError, RuntimeError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{what} did not start in {timeout} s: {self.log()[-3000:]}")

    def service_up(self) -> bool:
        status, _ = call(self.service_url + "api/whoami", self.admin_token)
        return status == 200

    def log(self) -> str:
        path = self.folder / "hub.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def hub_api(self, method: str, path: str, body: Any = None) -> Any:
        status, answer = call(f"{self.base}/hub/api{path}", self.admin_token, method, body)
        if status >= 400 and not (status == 409 and method == "POST"):
            raise RuntimeError(f"{method} {path}: {status} {answer}")
        return answer

    def server_ready(self, user: str, timeout: float = 120.0) -> None:
        """Start ``user``'s single-user server unless it runs, and wait until it is ready
        (several tests run kernels; the first one starts the server)."""

        def ready() -> bool:
            return bool(self.hub_api("GET", f"/users/{user}")["servers"].get("", {}).get("ready"))

        if not ready():
            status, answer = call(
                f"{self.base}/hub/api/users/{user}/server", self.admin_token, "POST"
            )
            if status >= 400 and "already running" not in str(answer):
                raise RuntimeError(f"starting {user}'s server: {status} {answer}")
        deadline = time.monotonic() + timeout
        while not ready():
            if time.monotonic() > deadline:
                raise RuntimeError(f"{user}'s server not ready: {self.log()[-3000:]}")
            time.sleep(0.5)

    def service_pid(self, timeout: float = 10.0) -> int:
        """The lessonquiz service's process (started by the Hub). Looked for again for up to
        ``timeout`` s: once seen missing in a run where the Hub had restarted the service."""
        deadline = time.monotonic() + timeout
        while True:
            out = subprocess.run(
                ["pgrep", "-P", str(self.hub.pid), "-f", "lessonquiz-service"],
                capture_output=True,
                text=True,
            )
            pids = [int(p) for p in out.stdout.split()]
            if pids:
                return pids[0]
            if time.monotonic() > deadline:
                children = subprocess.run(
                    ["ps", "-o", "pid,stat,cmd", "--ppid", str(self.hub.pid)],
                    capture_output=True,
                    text=True,
                ).stdout
                raise RuntimeError(f"no lessonquiz service; the Hub's children:\n{children}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.hub is not None and self.hub.poll() is None:
            for name in ("alice", "bob", "iris"):
                call(f"{self.base}/hub/api/users/{name}/server", self.admin_token, "DELETE")
            self.hub.send_signal(signal.SIGTERM)
            try:
                self.hub.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.hub.pid, signal.SIGKILL)
                self.hub.wait()
        self.pg.destroy()


def call(
    url: str, token: str | None, method: str = "GET", body: Any = None, timeout: float = 30.0
) -> tuple[int, Any]:
    """(status, decoded JSON or text) of one request; never raises for an HTTP status."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if token:
        request.add_header("Authorization", f"token {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            status, raw = answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode(errors="replace")
