"""``lessonquiz preview --watch``: the preview served on 127.0.0.1, reloaded on every save.

Why the standard library: one instructor, one page, one bank; ``http.server`` does it with no
dependency. Every request re-reads the bank, so the page is never stale; a few lines of script
ask ``/version`` (a hash of the bank and course files) once a second and reload when it
changes. The page shows what ``validate`` would say about the bank on top, and when the bank
does not load, only that. It binds to 127.0.0.1: the page holds the answer key.
"""

from __future__ import annotations

import hashlib
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from lessonquiz import render
from lessonquiz.bank.course import COURSE_FILE, check_courses
from lessonquiz.bank.errors import Problem
from lessonquiz.bank.lint import lint
from lessonquiz.bank.loader import check_bank
from lessonquiz.bank.stripped import stripped
from lessonquiz.bank.todos import todos

RELOAD = """<script>
(() => {
  const seen = "%s";
  setInterval(async () => {
    try {
      const now = await (await fetch("/version", {cache: "no-store"})).text();
      if (now !== seen) location.reload();
    } catch (e) { /* the server stopped: keep the page */ }
  }, 1000);
})();
</script>"""

PROBLEMS_STYLE = (
    "<style>.lq-problems{border:2px solid #b00020;background:#fff4f4;padding:.5rem 1rem;"
    "margin-bottom:1rem}.lq-problems li{font-family:monospace;white-space:pre-wrap}</style>"
)


def version(bank: Path) -> str:
    """Changes whenever the bank (or the course rules it is checked against) is saved."""
    digest = hashlib.sha256()
    for path in (bank, bank.resolve().parent.parent / "lessons" / COURSE_FILE):
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"-")
    return digest.hexdigest()[:16]


def problems(bank: Path) -> tuple[object | None, list[Problem]]:
    """The bank (None when it does not load) and what ``validate`` reports about it."""
    checked = check_bank(bank)
    found = [
        *checked.problems,
        *lint(checked),
        *todos(checked),
        *stripped(checked),
        *check_courses([checked]),
    ]
    return checked.bank, sorted(found)


def page(bank: Path) -> str:
    """The watched page: the validation messages, then the preview (when the bank loads)."""
    from lessonquiz.preview import page as preview_page

    loaded, found = problems(bank)
    esc = render.escape
    items = "".join(f"<li>{esc(str(p))}</li>" for p in found)
    count = f"{len(found)} problem{'s' * (len(found) != 1)}"
    banner = (
        f'{PROBLEMS_STYLE}<section class="lq-problems" role="alert"><h2>{count} '
        f"(lessonquiz validate)</h2><ul>{items}</ul></section>"
        if found
        else '<p class="lq-clean">lessonquiz validate: no problems.</p>'
    )
    script = RELOAD % version(bank)
    if loaded is None:
        return (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
            f"{esc(bank.name)}: errors</title></head><body><h1>{esc(bank.name)} does not load"
            f"</h1>{banner}{script}</body></html>"
        )
    html = preview_page(loaded)  # type: ignore[arg-type]
    html = html.replace("<body>\n", f"<body>\n{banner}\n", 1)
    return html.replace("</body>", f"{script}\n</body>", 1)


class PreviewServer:
    """The preview of one bank on ``http://127.0.0.1:PORT/`` (port 0: a free one)."""

    def __init__(self, bank: Path, port: int = 0, host: str = "127.0.0.1") -> None:
        self.bank = bank

        watched = bank

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/version":
                    self._send(version(watched), "text/plain; charset=utf-8")
                elif self.path in ("/", "/index.html"):
                    self._send(page(watched), "text/html; charset=utf-8")
                else:
                    self.send_error(HTTPStatus.NOT_FOUND)

            def _send(self, text: str, kind: str) -> None:
                body = text.encode("utf-8")
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # one line per request would drown the terminal

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def serve_forever(self) -> None:
        self.server.serve_forever(poll_interval=0.2)

    def start(self) -> threading.Thread:
        """Serve in a background thread (for tests and tools); ``stop()`` ends it."""
        thread = threading.Thread(target=self.serve_forever, daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        """End ``start()``'s background serving (from another thread), then free the port."""
        self.server.shutdown()
        self.server.server_close()
