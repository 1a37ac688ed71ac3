"""One test per defect of the robustness review (../shared/reviews/robustness-review.md) that
the loader and the validate/import/export messages own: D3-D6, D9, D13, D18, D21, duplicate
bank ids, and issue #12's items 4-5. Each fails on the code the review tested (8e6f951).
Grading's share (D10, D20, D7/D11's core side) is in test_responses.py."""

from __future__ import annotations

import os
import shutil
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from lessonquiz.bank import yamlbuild
from lessonquiz.bank.errors import BankError
from lessonquiz.bank.loader import check_bank, load_bank
from lessonquiz.bank.yamlsafe import YamlProblem, read_yaml
from lessonquiz.cli import main
from lessonquiz.limits import MAX_BANK_BYTES, MAX_LISTED, MAX_PROBLEMS_PER_FILE
from tests.conftest import ROOT

HEAD = "schema_version: 1\nid: {id}\ntitle: T\nobjectives:\n{objectives}questions:\n"
QUESTION = (
    "  - id: q{i}\n    type: true_false\n    objective: {objective}\n"
    "    source: {{paragraph: 1}}\n    prompt: P{i}\n    answer: true\n"
)


def bank_text(*extra: str, objective: str = "obj", bank_id: str = "x", questions: int = 1) -> str:
    head = HEAD.format(id=bank_id, objectives="  - id: obj\n    text: Do it.\n")
    body = "".join(QUESTION.format(i=i, objective=objective) for i in range(questions))
    return head + body + "".join(extra)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A course project (quizzes/ beside data/), so the ¶ and source checks run."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "quizzes").mkdir()
    return tmp_path / "quizzes"


def test_d3_undefined_objective_messages_list_a_bounded_number(project: Path) -> None:
    n = 1_000
    objectives = "".join(f"  - id: defined-{i}\n    text: T\n" for i in range(n))
    questions = "".join(QUESTION.format(i=i, objective=f"missing-{i}") for i in range(n))
    path = project / "b.yaml"
    path.write_text(HEAD.format(id="b", objectives=objectives) + questions, encoding="utf-8")
    code, output = run("validate", str(path))
    assert code == 1
    lines = output.splitlines()
    assert len(lines) == MAX_PROBLEMS_PER_FILE + 2  # listed, "... and N more", the summary
    assert f"and {n - MAX_PROBLEMS_PER_FILE:,} more problems" in lines[-2]
    assert all(len(line) < 400 for line in lines)  # each listed ~1,000 ids (14 kB) before
    assert f"and {n - MAX_LISTED:,} more)" in lines[0]


def test_d4_every_problem_is_located_in_one_walk(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = project / "b.yaml"
    keys = "".join(f"    unknown-{i}: 1\n" for i in range(3_000))
    path.write_text(bank_text(keys), encoding="utf-8")
    walks = []
    real = yamlbuild.positions
    monkeypatch.setattr(
        "lessonquiz.bank.yamlsafe.positions", lambda *a: walks.append(1) or real(*a)
    )
    checked = check_bank(path)
    assert len(checked.problems) == 3_000 and len(walks) == 1  # a scan per problem before
    assert (checked.problems[-1].line, checked.problems[-1].col) == (3_013, 5)


def test_d5_a_4301_digit_number_is_a_located_problem(project: Path) -> None:
    path = project / "b.yaml"
    path.write_text(bank_text("    explanation: " + "9" * 4_301 + "\n"), encoding="utf-8")
    code, output = run("validate", str(path))
    assert code == 1 and "b.yaml:14:18: a number with 4,301 digits" in output
    with pytest.raises(BankError):  # what show() catches: the lesson shows the message
        load_bank(path)


def test_d6_a_question_id_that_is_a_list(project: Path) -> None:
    path = project / "b.yaml"
    path.write_text(bank_text().replace("id: q0", "id: []"), encoding="utf-8")
    code, output = run("validate", str(path))
    assert code == 1 and "id: expected text, found a list" in output


def test_d6_two_list_ids_and_a_list_type(project: Path) -> None:
    path = project / "b.yaml"
    text = bank_text(questions=2).replace("id: q0", "id: []").replace("id: q1", "id: []")
    path.write_text(text.replace("type: true_false", "type: [a]", 1), encoding="utf-8")
    assert run("validate", str(path))[0] == 1


def test_d9_dev_zero_is_refused_without_reading_it_whole() -> None:
    code, output = run("validate", "/dev/zero")
    assert code == 1 and "/dev/zero:1:1: not a regular file" in output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_in_a_folder_is_refused_not_waited_for(project: Path) -> None:
    os.mkfifo(project / "pipe.yaml")  # opening it for reading would wait for a writer
    code, output = run("validate", str(project))
    assert code == 1 and "pipe.yaml:1:1: not a regular file" in output


def test_a_file_that_grows_past_the_limit_is_read_only_up_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "b.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_BANK_BYTES + 10))
    real_stat = Path.stat
    monkeypatch.setattr(Path, "stat", lambda self, **kw: _small(real_stat(self, **kw)))
    with pytest.raises(YamlProblem, match=f"over {MAX_BANK_BYTES:,} bytes"):
        read_yaml(path)


def _small(info: os.stat_result) -> os.stat_result:
    """``info`` claiming a size of 10 bytes, as a file that is still being written may."""
    fields = list(info)
    fields[6] = 10  # st_size
    return os.stat_result(fields)


def test_d9_a_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # sparse: 1 GiB on disk costs nothing
        handle.truncate(1 << 30)
    tracemalloc.start()
    try:
        with pytest.raises(YamlProblem, match="1,073,741,824 bytes"):
            read_yaml(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20  # 1.06 GB was read before the check


def test_d13_bank_text_reaches_the_terminal_inert(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    evil = "\\e]52;c;SGk=\\a\\e[2J\\u202e"
    path.write_text(bank_text(f'    "k{evil}": 1\n'), encoding="utf-8")
    for args in (["validate"], ["validate", "--format", "json"], ["preview", "-o", "-"]):
        result = CliRunner().invoke(main, [*args, str(path)])
        assert result.exit_code == 1
        for raw in ("\x1b", "\x07", "\u202e"):
            assert raw not in result.output, args
        assert "\\x1b]52" in result.output or "\\u001b]52" in result.output


def test_d13_import_gift_warnings_reach_the_terminal_inert(tmp_path: Path) -> None:
    gift = tmp_path / "q.gift"
    gift.write_text("::essay\x1b[2J::Write.{}\n\n::ok::Yes?{T}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "gift", str(gift), "-o", "-"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "essay\\x1b[2J" in result.output


def test_d18_non_finite_numbers_are_refused(project: Path) -> None:
    path = project / "b.yaml"
    numeric = (
        "  - id: n{i}\n    type: numeric\n    objective: obj\n    source: {{paragraph: 1}}\n"
        "    prompt: P\n    answer: {answer}\n    tolerance: {tolerance}\n"
    )
    cases = [("1", "1.0e+999"), (".inf", "0"), (".nan", "0"), ("1", "-.inf")]
    extra = [numeric.format(i=i, answer=a, tolerance=t) for i, (a, t) in enumerate(cases)]
    path.write_text(bank_text(*extra), encoding="utf-8")
    code, output = run("validate", str(path))
    assert code == 1 and output.count("expected a finite number") == 4


def test_d21_yaml_1_2_floats_and_a_plain_equals_sign() -> None:
    assert read_yaml(b"a: 1e5\nb: =\nc: -2.5E-3\nd: 0x1F\n").data == {
        "a": 100000.0,
        "b": "=",
        "c": -0.0025,
        "d": 31,
    }


def test_duplicate_bank_ids_are_reported_when_the_banks_have_other_errors(project: Path) -> None:
    for name in ("a", "b"):
        (project / f"{name}.yaml").write_text(bank_text("    promt: typo\n"), encoding="utf-8")
    code, output = run("validate", str(project))
    assert code == 1
    assert "b.yaml:2:5: bank id 'x' is already used by" in output
    assert output.count("unknown key 'promt'") == 2


@pytest.mark.parametrize(
    ("text", "where", "fix"),
    [
        ("a: 1\nprompt: Note: this\n", "2:13", "put the whole text in quotes"),
        ("a:\n\tb: 1\n", "2:1", "a tab character"),
        ('a: 1\nprompt: "never closed\nb: 2\n', "2:9", "is never closed"),
        ("a:\n  - b: 1\n - c: 2\n", "3:2", "check the indentation"),
        ("a:\n  b: 1\n    c: 2\n", "3:6", "indented further than the line above"),
        ('prompt: "Peskov" said so\n', "1:18", "text goes on after its closing quote"),
        ("prompt: *bold* text\n", "1:14", "text starting with * or & needs quotes"),
        ("prompt: @user\n", "1:9", "text cannot start with @"),
    ],
)
def test_12_4_yaml_syntax_errors_name_the_likely_fix(text: str, where: str, fix: str) -> None:
    with pytest.raises(YamlProblem) as raised:
        read_yaml(text.encode())
    assert f"{raised.value.line}:{raised.value.col}" == where
    assert fix in raised.value.message and "YAML parser:" in raised.value.message


def test_12_4_a_dedented_key_says_check_the_indentation(project: Path) -> None:
    path = project / "b.yaml"
    path.write_text(bank_text("explanation: dedented\n"), encoding="utf-8")
    _, output = run("validate", str(path))
    assert "b.yaml:14:1: unknown key 'explanation': 'explanation' is a key of a question" in output
    assert "one level down; check the indentation" in output
    assert "show_explanation_after" not in output


def test_12_4_a_key_one_level_too_deep_says_check_the_indentation(project: Path) -> None:
    path = project / "b.yaml"
    nested = "    source:\n      paragraph: 1\n      hint: x\n"
    path.write_text(bank_text().replace("    source: {paragraph: 1}\n", nested), encoding="utf-8")
    _, output = run("validate", str(path))
    assert "'hint' is a key of a question, one level up; check the indentation" in output


def test_12_4_summary_counts_the_questions_of_a_bank_with_errors(project: Path) -> None:
    path = project / "b.yaml"
    path.write_text(bank_text("    promt: typo\n", questions=3), encoding="utf-8")
    code, output = run("validate", str(path))
    assert code == 1 and output.splitlines()[-1].startswith("1 bank, 3 questions: 1 error")


def test_12_5_a_bank_outside_the_project_says_which_checks_did_not_run(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(bank_text(), encoding="utf-8")
    code, output = run("validate", str(path))
    assert code == 0 and "warning: no data/ folder with article.yaml" in output
    assert "the ¶ numbers (source: paragraph)" in output and "(source: data)" in output
    assert run("validate", "--strict", str(path))[0] == 1
    assert load_bank(path).id == "x"  # a warning, not an error: the bank still loads


def test_12_5_a_data_folder_without_sources_names_that_check(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / "data" / "article.yaml", tmp_path / "data" / "article.yaml")
    path = tmp_path / "b.yaml"
    path.write_text(bank_text(), encoding="utf-8")
    checked = check_bank(path)
    assert [p.message for p in checked.problems if "sources.yaml" in p.message]
    assert not [p.message for p in checked.problems if "article.yaml in" in p.message]


def test_problems_per_file_are_bounded_and_the_summary_counts_them_all(project: Path) -> None:
    path = project / "b.yaml"
    keys = "".join(f"    unknown-{i}: 1\n" for i in range(MAX_PROBLEMS_PER_FILE + 50))
    path.write_text(bank_text(keys), encoding="utf-8")
    _, output = run("validate", str(path))
    lines = output.splitlines()
    assert "... and 50 more problems in this file" in lines[-2]
    assert lines[-1].endswith(f"{MAX_PROBLEMS_PER_FILE + 50} errors, 0 warnings")
    with pytest.raises(BankError) as raised:
        load_bank(path)
    assert len(raised.value.problems) == MAX_PROBLEMS_PER_FILE + 1
    assert raised.value.total == MAX_PROBLEMS_PER_FILE + 50


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_d9_show_in_a_lesson_gets_a_message_too() -> None:
    with pytest.raises(BankError, match="not a regular file"):
        load_bank("/dev/zero")
