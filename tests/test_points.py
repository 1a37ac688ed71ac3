"""`points` weighs a question in the quiz, the report and the exports that can carry it."""

from __future__ import annotations

from pathlib import Path

from lessonquiz import Quiz
from lessonquiz.bank.loader import load_bank
from lessonquiz.export import FORMATS
from lessonquiz.report import build_report
from tests.conftest import FIXTURES

EVERY_TYPE = FIXTURES / "banks" / "good-every-type.yaml"


def weighted(tmp_path: Path):
    text = EVERY_TYPE.read_text(encoding="utf-8").replace(
        "  - id: q1\n", "  - id: q1\n    points: 3\n", 1
    )
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    return load_bank(path)


def test_points_weigh_the_quiz_and_the_report_alike(tmp_path: Path) -> None:
    bank = weighted(tmp_path)
    db = tmp_path / "progress.sqlite"
    quiz = Quiz(bank, student="ana", db=db)
    quiz.view("q1").response = "First"
    quiz.view("q1").check()
    quiz.view("q-tf").response = True
    quiz.view("q-tf").check()
    assert quiz.score == (4.0, 9)  # 3 + 1 of 3 + 6 * 1
    (row,) = build_report(db, bank.id, {bank.id: bank}).students
    assert (row.points, row.out_of) == (4.0, 9)


def test_points_in_the_exports(tmp_path: Path) -> None:
    bank = weighted(tmp_path)
    xml = FORMATS["moodle-xml"].write(bank).files[f"{bank.id}.xml"].decode()
    assert "<defaultgrade>3</defaultgrade>" in xml and "<defaultgrade>1</defaultgrade>" in xml
    gift = FORMATS["gift"].write(bank)
    assert any(w.question_id == "q1" and "3 points" in w.message for w in gift.warnings)
    printed = FORMATS["markdown"].write(bank).files
    key, sheet = printed[f"{bank.id}-key.md"].decode(), printed[f"{bank.id}-student.md"].decode()
    assert "9 points" in key and "| 3 |" in key  # the total, and q1's row of the marking grid
    assert "(3 points)" in sheet and "(1 point)" in sheet


def test_points_in_qti(tmp_path: Path) -> None:
    import io
    import zipfile

    bank = weighted(tmp_path)
    (data,) = FORMATS["qti"].write(bank).files.values()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))
    assert "<fieldentry>3.0</fieldentry>" in text and "<fieldentry>1.0</fieldentry>" in text
