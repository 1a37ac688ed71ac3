"""The printable quiz as PDF: the HTML of ``printable``, printed to A4 by a headless Chromium.

Chromium is the browser the browser tests already install (Debian's ``chromium``); it lays
out and paginates the page exactly as its print preview does and honours the print CSS
(``@page`` size and margins, ``break-inside``). Found as ``$CHROMIUM``, else ``chromium``,
``chromium-browser`` or ``google-chrome`` on the PATH; a missing browser is a clear error
naming the package, never a half-written file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from lessonquiz.bank.model import Bank
from lessonquiz.export import Export, printable
from lessonquiz.export.paper import DEFAULT_VERSION

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT = 120


class PdfError(Exception):
    """The PDF cannot be made (no browser, or the browser failed)."""


def browser() -> str:
    """The Chromium to print with; ``PdfError`` saying how to install one."""
    configured = os.environ.get("CHROMIUM")
    if configured:
        return configured
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError(
        "--format pdf prints with Chromium, which is not installed: apt-get install chromium "
        "(or set CHROMIUM=/path/to/chrome); --format html writes the page to print yourself"
    )


def print_pdf(html: bytes, chromium: str | None = None) -> bytes:
    """``html`` printed to PDF by headless Chromium (A4, no header or footer)."""
    chromium = chromium or browser()
    with tempfile.TemporaryDirectory(prefix="lessonquiz-pdf-") as folder:
        page, out = Path(folder) / "page.html", Path(folder) / "page.pdf"
        page.write_bytes(html)
        command = [
            chromium,
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root otherwise
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfError(f"{chromium} could not print the quiz: {exc}") from None
        if done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise PdfError(f"{chromium} could not print the quiz: {' '.join(tail)}")
        return out.read_bytes()


def write(bank: Bank, version: str = DEFAULT_VERSION) -> Export:
    """``<bank>-<version>-student.pdf`` and ``<bank>-<version>-key.pdf``."""
    pages = printable.write(bank, version)
    chromium = browser()
    result = Export(warnings=pages.warnings)
    for name, html in pages.files.items():
        result.files[name.removesuffix(".html") + ".pdf"] = print_pdf(html, chromium)
    return result
