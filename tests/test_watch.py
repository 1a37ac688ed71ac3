"""`lessonquiz preview --watch`: a real HTTP server on 127.0.0.1 whose page follows the file."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from lessonquiz.watch import PreviewServer
from tests.conftest import FIXTURES


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return response.read().decode("utf-8")


@pytest.fixture
def served(tmp_path: Path):
    bank = tmp_path / "bank.yaml"
    shutil.copyfile(FIXTURES / "banks" / "good-every-type.yaml", bank)
    server = PreviewServer(bank)
    server.start()
    yield bank, server.url
    server.stop()


def test_the_page_follows_each_save_with_the_messages_on_it(served) -> None:
    bank, url = served
    assert url.startswith("http://127.0.0.1:")
    first = get(url)
    assert "Which one?" in first and 'fetch("/version"' in first  # messages, if any, above
    before = get(url + "version")
    bank.write_text(bank.read_text().replace("Which one?", "Which one now?"))
    assert get(url + "version") != before
    assert "Which one now?" in get(url)
    bank.write_text(
        bank.read_text().replace("    prompt: Which one now?", "    promt: Which one now?")
    )
    broken = get(url)
    assert "does not load" in broken and "unknown key &#x27;promt&#x27;" in broken
    assert f"{bank}:" in broken  # path:line:col, as validate prints it


def test_the_command_serves_until_interrupted(tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    shutil.copyfile(FIXTURES / "banks" / "good-every-type.yaml", bank)
    process = subprocess.Popen(
        [sys.executable, "-m", "lessonquiz.cli", "preview", "--watch", str(bank)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stderr.readline()  # type: ignore[union-attr]
        url = line.split(" at ", 1)[1].split(" ", 1)[0]
        assert "Which one?" in get(url)
    except BaseException:  # show what failed, not a wait on a server nobody stopped
        process.kill()
        process.wait()
        raise
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 0  # a loaded machine can be slow; exit 0 is the point
