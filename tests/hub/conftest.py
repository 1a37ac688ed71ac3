"""The hub suite: run by ``make test-hub`` (it sets ``LESSONQUIZ_HUB=1``); a plain
``pytest tests`` collects nothing here. One stack (PostgreSQL, the Hub and its proxy, the
lessonquiz service) serves the whole session; see ``tests.hub.stack``."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

if not os.environ.get("LESSONQUIZ_HUB"):
    collect_ignore_glob = ["test_*.py"]
else:
    from tests.hub.stack import Stack

    @pytest.fixture(scope="session")
    def stack() -> Iterator[Stack]:
        running = Stack()
        try:
            running.start()
            yield running
        finally:
            running.stop()
