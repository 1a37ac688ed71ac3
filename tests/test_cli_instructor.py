"""The instructor commands end to end: preview, export, import gift, report.

Every bad input must end in a message and a documented exit code, never a traceback.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from lessonquiz.bank.loader import load_bank
from lessonquiz.cli import main
from lessonquiz.store import ProgressStore
from tests.conftest import FIXTURES, ROOT
from tests.test_report import fixture_attempts

GOOD = FIXTURES / "banks" / "good-every-type.yaml"
BAD = FIXTURES / "banks" / "bad-unknown-key.yaml"


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_preview_writes_a_standalone_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "p.html"
    result = run("preview", GOOD, "-o", out)
    assert result.exit_code == 0
    assert "q-order" in out.read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    default = run("preview", GOOD)
    assert default.exit_code == 0
    assert list(tmp_path.iterdir()) == [out], "preview without -o wrote into the folder it ran in"
    written = Path(default.stderr.split("wrote ", 1)[1].split(" (", 1)[0])
    assert written.name == "fixture-preview.html" and "q-order" in written.read_text()
    assert written.parent.parent == Path(tempfile.gettempdir())
    shutil.rmtree(written.parent)
    assert run("preview", GOOD, "-o", "-").output.startswith("<!DOCTYPE html>")


def test_export_gift_prints_and_warns() -> None:
    result = run("export", GOOD, "--format", "gift")
    assert result.exit_code == 0
    assert "::q1::" in result.stdout
    assert "{>3 ALL VERTICAL" in result.stdout  # Moodle 4.4+ reads ordering from GIFT
    assert result.stderr.splitlines()[-1] == (
        "7 exported, 4 changed (q1, q-numeric, q-order, q-match), 0 skipped"
    )
    older = run("export", GOOD, "--format", "gift", "--moodle", "4.1", "--strict")
    assert older.exit_code == 1
    assert "warning: [q-order] skipped: GIFT ordering questions need Moodle 4.4" in older.stderr
    assert older.stderr.splitlines()[-1].endswith("1 skipped (q-order)")


def test_export_files(tmp_path: Path) -> None:
    xml = tmp_path / "bank.xml"
    assert run("export", GOOD, "-f", "moodle-xml", "-o", xml).exit_code == 0
    assert xml.read_bytes().startswith(b"<?xml")
    zipped = tmp_path / "bank.zip"
    assert run("export", GOOD, "-f", "qti", "-o", zipped).exit_code == 0
    assert "imsmanifest.xml" in zipfile.ZipFile(zipped).namelist()
    folder = tmp_path / "print"
    folder.mkdir()
    assert run("export", GOOD, "-f", "markdown", "-o", folder).exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["fixture-key.md", "fixture-student.md"]
    assert run("export", GOOD, "-f", "markdown", "-o", tmp_path / "week1.md").exit_code == 0
    assert (tmp_path / "week1-key.md").is_file() and (tmp_path / "week1-student.md").is_file()
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize(
    ("fmt", "name"), [("gift", "fixture.gift"), ("moodle-xml", "fixture.xml"), ("qti", "x")]
)
def test_export_to_a_folder_is_a_message_not_a_traceback(
    tmp_path: Path, fmt: str, name: str
) -> None:
    result = run("export", GOOD, "-f", fmt, "-o", tmp_path)
    assert result.exit_code == 2
    assert f"{tmp_path} is a folder; give the file to write" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error used to be a PermissionError traceback naming the temporary file."""
    locked = tmp_path / "locked"
    locked.mkdir()

    def refuse(*, dir: Path, prefix: str, suffix: str) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied", f"{dir}/{prefix}abc{suffix}")

    monkeypatch.setattr("lessonquiz.cli.common.tempfile.mkstemp", refuse)
    for args in (
        ["export", GOOD, "-f", "gift", "-o", locked / "x.gift"],
        ["export", GOOD, "-f", "markdown", "-o", locked],
        ["preview", GOOD, "-o", locked / "x.html"],
    ):
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert f"cannot write {locked}{os.sep}" in result.output
        assert "Permission denied" in result.output and ".tmp" not in result.output


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_written_files_get_the_usual_mode(tmp_path: Path) -> None:
    """mkstemp makes 0600 files; an export is no secret, and an overwrite keeps its mode."""
    old = os.umask(0o022)
    try:
        new = tmp_path / "new.gift"
        assert run("export", GOOD, "-f", "gift", "-o", new).exit_code == 0
        assert new.stat().st_mode & 0o777 == 0o644
        shared = tmp_path / "shared.xml"
        shared.write_text("old", encoding="utf-8")
        shared.chmod(0o664)
        assert run("export", GOOD, "-f", "moodle-xml", "-o", shared, "--force").exit_code == 0
        assert shared.stat().st_mode & 0o777 == 0o664
        assert shared.read_bytes().startswith(b"<?xml")
        os.umask(0o077)
        assert run("preview", GOOD, "-o", tmp_path / "private.html").exit_code == 0
        assert (tmp_path / "private.html").stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)


def test_dash_means_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """-o - used to write a file named '-' for every command but preview."""
    monkeypatch.chdir(tmp_path)
    assert run("export", GOOD, "-f", "gift", "-o", "-").stdout.startswith("// lessonquiz bank")
    assert run("export", GOOD, "-f", "moodle-xml", "-o", "-").stdout.startswith("<?xml")
    qti = run("export", GOOD, "-f", "qti", "-o", "-")
    assert qti.exit_code == 0
    assert "imsmanifest.xml" in zipfile.ZipFile(io.BytesIO(qti.stdout_bytes)).namelist()
    markdown = run("export", GOOD, "-f", "markdown", "-o", "-")
    assert markdown.exit_code == 2 and "give a folder" in markdown.output
    gift = tmp_path / "b.gift"
    gift.write_text(run("export", GOOD, "-f", "gift").stdout, encoding="utf-8")
    imported = run("import", "gift", gift, "-o", "-")
    assert imported.exit_code == 0 and imported.stdout.startswith("# Imported from b.gift")
    assert not (tmp_path / "-").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.gift"]


def test_markdown_output_is_a_folder_created_when_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """-o print/ used to write print-student.md here when print/ did not exist."""
    monkeypatch.chdir(tmp_path)
    for given in ("print/", "sheets"):
        result = run("export", GOOD, "-f", "markdown", "-o", given)
        assert result.exit_code == 0, result.output
        folder = tmp_path / given.rstrip("/")
        assert sorted(p.name for p in folder.iterdir()) == ["fixture-key.md", "fixture-student.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["print", "sheets"]
    assert run("export", GOOD, "-f", "markdown", "-o", "no/such/").exit_code == 2
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    taken = run("export", GOOD, "-f", "markdown", "-o", "notes.txt")
    assert taken.exit_code == 2 and "notes.txt is a file" in taken.output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["export", GOOD, "-f", "qti"], 2, "give -o PATH"),
        (["export", GOOD, "-f", "docx"], 2, "Invalid value for '-f'"),
        (["export", "missing.yaml", "-f", "gift"], 2, "no such file: missing.yaml"),
        (["export", BAD, "-f", "gift"], 1, "has errors"),
        (["export", GOOD, "-f", "gift", "-o", "no/such/dir/x.gift"], 2, "no such folder"),
        (["preview", BAD], 1, "unknown key"),
        (["import", "gift", "missing.gift"], 2, "does not exist"),
    ],
)
def test_bad_usage_is_a_message_and_an_exit_code(args: list, code: int, message: str) -> None:
    result = run(*args)
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


def test_import_gift_writes_a_bank_that_validates(tmp_path: Path) -> None:
    gift = tmp_path / "week-1.gift"
    gift.write_text(run("export", GOOD, "-f", "gift").stdout, encoding="utf-8")
    bank_file = tmp_path / "week-1.yaml"
    result = run("import", "gift", gift, "-o", bank_file)
    assert result.exit_code == 0, result.output
    assert "fix the placeholder objective" in result.stderr
    bank = load_bank(bank_file)
    assert bank.id == "week-1" and len(bank.questions) == 7
    assert run("validate", bank_file).exit_code == 0
    again = run("import", "gift", gift, "-o", bank_file)
    assert again.exit_code == 2 and "--force" in again.output
    assert run("import", "gift", gift, "-o", bank_file, "--force").exit_code == 0
    assert run("import", "gift", gift).stdout.startswith("# Imported from week-1.gift")


def test_import_gift_that_is_not_utf8_says_how_to_fix_it(tmp_path: Path) -> None:
    gift = tmp_path / "latin1.gift"
    gift.write_bytes("::Q::Où est Astana ?{=Kazakhstan ~Kirghizistan}\n".encode("latin-1"))
    result = run("import", "gift", gift)
    assert result.exit_code == 1
    assert f"{gift} is not UTF-8 text" in result.output
    assert "save it as UTF-8" in result.output


def test_import_gift_warns_about_what_changes(tmp_path: Path) -> None:
    gift = tmp_path / "week.gift"
    gift.write_text(
        "$CATEGORY: $course$/top/Week 1\n\n::capital::Capital?{=Astana ~%50%Nur-Sultan ~Almaty}\n",
        encoding="utf-8",
    )
    result = run("import", "gift", gift, "-o", tmp_path / "week.yaml")
    assert result.exit_code == 0
    assert f"warning: {gift}: line 1: category '$course$/top/Week 1' not kept" in result.stderr
    assert "partial credit on 'Nur-Sultan' (50%) dropped" in result.stderr
    assert "note: 1 question imported;" in result.stderr
    assert load_bank(tmp_path / "week.yaml").questions[0].type == "single"


def test_import_gift_with_nothing_importable(tmp_path: Path) -> None:
    gift = tmp_path / "empty.gift"
    gift.write_text("// only a comment\n\nA description only.\n", encoding="utf-8")
    result = run("import", "gift", gift)
    assert result.exit_code == 1
    assert "no question could be imported" in result.output


def store_file(tmp_path: Path) -> Path:
    path = tmp_path / "progress.sqlite"
    with ProgressStore(path) as store:
        for attempt in fixture_attempts():
            store.record(attempt)
    return path


def test_report_formats(tmp_path: Path) -> None:
    db = store_file(tmp_path)
    banks = FIXTURES / "report"
    table = run("report", "--db", db, "--banks", banks)
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[3].split()[:7] == ["fx", "pick", "7", "4", "0.25", "0.87", "2"]
    assert "Wrong A (3)" in lines[3]
    assert "point-biserial" in table.stdout
    csv_out = run("report", "--db", db, "--bank", "fx", "--format", "csv").stdout
    assert csv_out.splitlines()[0].startswith("bank,question,attempts,students,facility")
    data = json.loads(run("report", "--db", db, "--format", "json").stdout)
    assert {q["question"] for q in data["questions"]} == {"pick", "tick", "pair"}
    assert {s["student"] for s in data["students"]} == {"a", "b", "c", "d"}


def test_report_finds_the_nearest_quizzes_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scores used to depend on the folder the report ran in (quizzes/ there, or nothing)."""
    course = tmp_path / "course"
    (course / "quizzes").mkdir(parents=True)
    (course / "lessons").mkdir()
    shutil.copy(FIXTURES / "report" / "fx.yaml", course / "quizzes" / "fx.yaml")
    db = tmp_path / "p.sqlite"
    with ProgressStore(db) as store:  # nobody tried 'pair': the file says 3 questions
        store.record_many(a for a in fixture_attempts() if a.question_id != "pair")
    for here in (course, course / "lessons"):
        monkeypatch.chdir(here)
        result = run("report", "--db", db, "--format", "json")
        assert {s["out_of"] for s in json.loads(result.stdout)["students"]} == {3}
        assert "warning" not in result.stderr
    monkeypatch.chdir(tmp_path)
    result = run("report", "--db", db, "--format", "json")
    assert {s["out_of"] for s in json.loads(result.stdout)["students"]} == {2}
    assert (
        f"warning: bank 'fx': no bank file found (no quizzes/ folder in {tmp_path} or above); "
        "scores are out of the questions attempted" in result.stderr
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("report", "--db", db, "--banks", empty)
    assert f"bank 'fx': no bank file found in {empty}" in result.stderr
    missing = run("report", "--db", db, "--banks", tmp_path / "nowhere")
    assert missing.exit_code == 2 and "nowhere" in missing.output


def test_report_names_attempts_at_questions_the_bank_no_longer_has(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    renamed = next(a for a in fixture_attempts() if a.student == "a" and a.correct)
    renamed = dataclasses.replace(renamed, question_id="old-name")
    with ProgressStore(db) as store:
        store.record_many([*fixture_attempts(), renamed])
    result = run("report", "--db", db, "--banks", FIXTURES / "report", "--format", "json")
    assert result.exit_code == 0
    assert (
        "warning: bank 'fx': attempts at questions not in the bank file: old-name; "
        "listed, not scored" in result.stderr
    )
    data = json.loads(result.stdout)
    assert next(s for s in data["students"] if s["student"] == "a")["score"] == 1.0
    assert [q["question"] for q in data["questions"] if not q["scored"]] == ["old-name"]


def test_report_csv_holds_one_table(tmp_path: Path) -> None:
    db = store_file(tmp_path)
    questions = run("report", "--db", db, "--format", "csv").stdout
    assert questions.splitlines()[0].startswith("bank,question,") and "\n\n" not in questions
    students = run("report", "--db", db, "--format", "csv", "--table", "students").stdout
    assert students.splitlines()[0] == "student,bank,points,out_of,score,answered"
    assert len(students.splitlines()) == 5
    table = run("report", "--db", db, "--table", "students").stdout
    assert table.startswith("Students (")


def test_report_uses_lessonquiz_db_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LESSONQUIZ_DB", str(store_file(tmp_path)))
    assert run("report").exit_code == 0


def test_report_errors(tmp_path: Path) -> None:
    missing = run("report", "--db", tmp_path / "none.sqlite")
    assert missing.exit_code == 2 and "no progress store at" in missing.output
    empty = tmp_path / "empty.sqlite"
    ProgressStore(empty).attempts()
    result = run("report", "--db", empty)
    assert result.exit_code == 1 and f"no attempts recorded in {empty}" in result.output
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"x" * 2048)
    result = run("report", "--db", junk)
    assert result.exit_code == 1 and "not a lessonquiz progress store" in result.output
    db = store_file(tmp_path)
    unknown = run("report", "--db", db, "--bank", "nope")
    assert unknown.exit_code == 1 and "banks with attempts: fx" in unknown.output
    assert not (tmp_path / "none.sqlite").exists()  # reading never creates a store


def test_help_states_methods_and_exit_codes() -> None:
    report_help = run("report", "--help").output
    assert "point-biserial" in report_help and "Exits 0" in report_help
    export_help = run("export", "--help").output
    assert "QTI 1.2" in export_help and "Exits 0" in export_help
    assert "Exits 0" in run("import", "gift", "--help").output
    assert "Exits 0" in run("preview", "--help").output


# --- bank ids and --force (review D16) -------------------------------------------------------


def test_commands_take_a_bank_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT / "lessons")  # any folder of the project: the nearest quizzes/
    lesson = yaml.safe_load((ROOT / "lessons" / "index.yaml").read_text())["lessons"][0]
    by_id = run("export", lesson["bank"], "--format", "gift")
    by_path = run("export", ROOT / "quizzes" / f"{Path(lesson['file']).stem}.yaml", "-f", "gift")
    assert by_id.exit_code == 0 and by_id.stdout == by_path.stdout
    assert run("preview", lesson["bank"], "-o", tmp_path / "p.html").exit_code == 0
    unknown = run("export", "no-such-bank", "-f", "gift")
    assert unknown.exit_code == 2 and "ids: " in unknown.output and lesson["bank"] in unknown.output


def test_writing_asks_for_force_and_never_replaces_the_bank(tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    shutil.copyfile(GOOD, bank)
    before = bank.read_bytes()
    for args in (
        ["export", bank, "-f", "gift", "-o", bank, "--force"],
        ["preview", bank, "-o", bank, "--force"],
        ["export", bank, "-f", "markdown", "-o", tmp_path / "bank.yaml"],
    ):
        result = run(*args)
        assert result.exit_code == 2, args
        assert bank.read_bytes() == before, args
    assert "is this command's input" in run("preview", bank, "-o", bank, "--force").output
    target = tmp_path / "out.gift"
    target.write_text("mine")
    refused = run("export", bank, "-f", "gift", "-o", target)
    assert refused.exit_code == 2 and "--force" in refused.output and target.read_text() == "mine"
    assert run("export", bank, "-f", "gift", "-o", target, "--force").exit_code == 0
    assert target.read_text().startswith("// lessonquiz bank")
    (tmp_path / "sheet-key.md").write_text("mine")
    pair = run("export", bank, "-f", "markdown", "-o", tmp_path / "sheet.md")
    assert pair.exit_code == 2 and not (tmp_path / "sheet-student.md").exists()
    gift = tmp_path / "in.gift"
    gift.write_text("::a::Q {T}")
    assert "is this command's input" in run("import", "gift", gift, "-o", gift, "--force").output
