"""The printed quiz as PDF, rendered back to PNG: page counts, A4, nothing off the page.

Needs Debian's chromium (to print) and poppler-utils (pdfinfo, pdftotext, pdftoppm, to read
the PDF back): run by ``make test-browser`` (``LESSONQUIZ_BROWSER=1``), which installs both.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from lessonquiz.bank.loader import load_bank
from lessonquiz.export import pdf
from tests.simclass import QUIZZES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        os.environ.get("LESSONQUIZ_BROWSER") != "1", reason="needs Chromium: make test-browser"
    ),
]

A4 = (595.0, 842.0)  # points
MM = 72 / 25.4
BAND = 9 * MM
"""The outer band that must stay blank: the print CSS's margins are 13-14 mm."""
BANKS = sorted(QUIZZES.glob("*.yaml"))


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info.stdout)
    assert size and abs(float(size[1]) - A4[0]) < 2 and abs(float(size[2]) - A4[1]) < 2
    return int(re.search(r"Pages:\s+(\d+)", info.stdout)[1])


def page_text(path: Path, page: int) -> str:
    args = ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def words_inside(path: Path) -> None:
    """Every word's box (pdftotext -bbox) lies within the page less the blank band."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    boxes = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', out)
    assert boxes
    for x0, y0, x1, y1 in ((float(v) for v in box) for box in boxes):
        assert x0 >= BAND and x1 <= A4[0] - BAND and y0 >= BAND and y1 <= A4[1] - BAND, path


def margins_blank(path: Path, folder: Path) -> None:
    """Rendered to PNG, the outer band of every page holds no ink."""
    prefix = folder / path.stem
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(prefix)], check=True)
    images = sorted(folder.glob(f"{path.stem}-*.png"))
    assert images
    for image_path in images:
        image = Image.open(image_path).convert("L")
        w, h = image.size
        band = round(BAND / 72 * 40)
        for box in ((0, 0, w, band), (0, h - band, w, h), (0, 0, band, h), (w - band, 0, w, h)):
            assert image.crop(box).getextrema()[0] > 200, (image_path, box)


@pytest.mark.parametrize("bank_path", BANKS, ids=lambda p: p.stem)
@pytest.mark.parametrize("version", ["A", "B"])
def test_sheet_on_two_pages_key_grid_on_one(bank_path: Path, version: str, tmp_path) -> None:
    bank = load_bank(bank_path)
    assert 9 <= len(bank.questions) <= 13
    files = pdf.write(bank, version).files
    sheet, key = tmp_path / "sheet.pdf", tmp_path / "key.pdf"
    sheet.write_bytes(files[f"{bank.id}-{version}-student.pdf"])
    key.write_bytes(files[f"{bank.id}-{version}-key.pdf"])
    assert pages(sheet) <= 2
    first = page_text(sheet, 1)
    assert "Name" in first and "Class" in first and "Date" in first and "points" in first
    assert f"Version {version}" in first
    assert pages(key) >= 2
    grid = page_text(key, 1)
    assert "answer key" in grid and "Every answer, explained" not in grid
    assert re.search(rf"(?m)^{len(bank.questions)}$", grid)  # the last row is on page 1
    assert page_text(key, 2).lstrip().startswith("Every answer, explained")
    for path in (sheet, key):
        words_inside(path)
        margins_blank(path, tmp_path)
