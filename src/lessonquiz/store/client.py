"""Talking to the lessonquiz hub service from a kernel or the CLI: standard library only.

The token is the server's ``JUPYTERHUB_API_TOKEN`` (a kernel inherits it); the service asks
the Hub whose it is. Nothing here says who the student is.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from typing import Any


class ServiceError(Exception):
    """The service answered with an error (``status`` 4xx/5xx) or could not be reached (0)."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status

    @property
    def retry_later(self) -> bool:
        """Unreachable, overloaded or its database down: keep the answers and send later."""
        return self.status == 0 or self.status >= 500 or self.status == 429


class ServiceClient:
    """JSON calls to the service at ``url`` (e.g. ``http://hub:8000/services/lessonquiz/``)."""

    def __init__(
        self, url: str | None = None, token: str | None = None, timeout: float = 5.0
    ) -> None:
        self.url = (url or os.environ.get("LESSONQUIZ_URL", "")).rstrip("/") + "/"
        self.token = token if token is not None else os.environ.get("JUPYTERHUB_API_TOKEN", "")
        self.timeout = timeout

    def call(self, method: str, path: str, body: Any = None, **params: str | None) -> Any:
        query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        url = urllib.parse.urljoin(self.url, path) + (f"?{query}" if query else "")
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"token {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return json.loads(answer.read())
        except urllib.error.HTTPError as exc:
            raise ServiceError(_message(exc), exc.code) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ServiceError(
                f"lessonquiz service not reachable at {self.url}: {reason}"
            ) from None

    def post_attempts(self, attempts: list[dict[str, Any]]) -> dict[str, Any]:
        return self.call("POST", "api/attempts", {"attempts": attempts})

    def attempts(self, bank_id: str | None = None, student: str | None = None) -> list[Any]:
        return self.call("GET", "api/attempts", bank_id=bank_id, student=student)["attempts"]

    def tally(self, bank_id: str | None = None) -> dict[str, Any]:
        return self.call("GET", "api/tally", bank_id=bank_id)

    def whoami(self) -> dict[str, Any]:
        return self.call("GET", "api/whoami")


def _message(exc: urllib.error.HTTPError) -> str:
    try:
        text = json.loads(exc.read()).get("message") or exc.reason
    except (ValueError, AttributeError, OSError):
        text = exc.reason
    return f"lessonquiz service: {exc.code} {text}"
