"""The shipped quiz banks meet the course's rules, as `lessonquiz validate` applies them.

The rules and thresholds live in lessons/course.yaml (documented in quizzes/README.md); this
file keeps no copy of them: it runs the same checks as `validate` on the shipped course, and
shows on a copy of the project that each rule can fail, with a message that says how to fix it.
Bank counts and ids are read from lessons/index.yaml, never written here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lessonquiz.bank.course import CourseRules, check_course, load_course
from lessonquiz.bank.datacheck import DataCheckError, evaluate
from lessonquiz.bank.errors import Severity
from lessonquiz.bank.lint import lint
from lessonquiz.bank.loader import check_banks
from tests.conftest import ROOT


def problems_of(root: Path) -> list[str]:
    """Every problem `lessonquiz validate --strict` reports for the course at ``root``."""
    checked = check_banks([root / "quizzes"])
    found = [p for item in checked for p in (*item.problems, *lint(item))]
    found += check_course(load_course(root), checked)
    return [str(p) for p in sorted(found) if p.severity is not Severity.NOTE]


def test_the_shipped_course_keeps_its_own_rules() -> None:
    assert problems_of(ROOT) == []


def test_the_course_file_sets_every_rule() -> None:
    """A rule dropped from lessons/course.yaml would silently stop being checked."""
    rules = load_course(ROOT).rules
    assert load_course(ROOT).problems == []
    assert set(rules.model_fields_set) == set(CourseRules.model_fields)


def test_every_lesson_has_its_bank() -> None:
    course = load_course(ROOT)
    assert course.lessons, "lessons/index.yaml lists no lesson"
    for entry in course.lessons:
        assert (ROOT / "quizzes" / f"{Path(entry['file']).stem}.yaml").is_file(), entry["file"]


@pytest.fixture
def project(course_copy: Path) -> Path:
    return course_copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def first_bank(project: Path) -> Path:
    entry = load_course(project).lessons[0]
    return project / "quizzes" / f"{Path(entry['file']).stem}.yaml"


def test_a_bank_below_the_threshold_is_named(project: Path) -> None:
    bank = first_bank(project)
    count = len(check_banks([bank])[0].bank.questions)  # type: ignore[union-attr]
    edit(
        project / "lessons" / "course.yaml",
        "min_questions_per_bank: 6",
        f"min_questions_per_bank: {count + 1}",
    )
    found = [p for p in problems_of(project) if "min_questions_per_bank" in p]
    (message,) = [p for p in found if p.startswith(f"{bank}:")]
    assert f"has {count} questions" in message
    assert "add 1 more" in message


def test_a_question_without_level_is_refused(project: Path) -> None:
    bank = first_bank(project)
    text = bank.read_text(encoding="utf-8")
    bank.write_text(re.sub(r"\n    level: \w+", "", text, count=1), encoding="utf-8")
    found = [p for p in problems_of(project) if "no level" in p]
    assert len(found) == 1 and "add level: recall, understand, analyse or evaluate" in found[0]


def test_a_paragraph_nobody_cites_is_named(project: Path) -> None:
    edit(
        project / "lessons" / "course.yaml",
        "paragraphs_to_cover: 1-22",
        "paragraphs_to_cover: [1, 99]",
    )
    (message,) = [p for p in problems_of(project) if "¶99" in p]
    assert message.startswith("lessons/course.yaml:")  # relative to the working folder
    assert "source: {paragraph: 99}" in message


def test_an_unknown_rule_is_refused(project: Path) -> None:
    edit(project / "lessons" / "course.yaml", "rules:\n", "rules:\n  min_question_per_bank: 3\n")
    assert any("unknown rule 'min_question_per_bank'" in p for p in problems_of(project))


def test_a_stale_numeric_answer_is_caught_from_data(project: Path) -> None:
    """Correct a figure in data/ and the answer computed from it is flagged."""
    edit(
        project / "data" / "trade.csv",
        "2023,China-Kazakhstan,the article,total,31.5",
        "2023,China-Kazakhstan,the article,total,32.5",
    )
    stale = [p for p in problems_of(project) if "but data/ gives" in p]
    assert stale, "no numeric answer follows the article's China-Kazakhstan figure"
    assert all("correct the answer" in p for p in stale)


def test_a_numeric_answer_without_a_data_link_is_accepted(project: Path) -> None:
    linked = [
        p for p in sorted((project / "quizzes").glob("*.yaml")) if "from_data:" in p.read_text()
    ]
    assert linked, "no shipped question links its answer to data/"
    text = linked[0].read_text(encoding="utf-8")
    text = re.sub(r"\n    from_data:\n(?:      .*\n)+", "\n", text, count=1)
    linked[0].write_text(text, encoding="utf-8")
    found = [p for p in problems_of(project) if "run make regen" not in p]  # the edit itself
    assert found == []


def test_a_lesson_objective_list_must_match_its_bank(project: Path) -> None:
    bank = first_bank(project)
    edit(bank, "  - id: ", "  - id: extra-objective\n    text: Something new.\n  - id: ")
    found = [p for p in problems_of(project) if "Learning objectives" in p]
    assert found and "word for word" in found[0]


@pytest.mark.parametrize(
    ("formula", "expected"),
    [("a - b", 1.5), ("round(100 * (a - b) / b, 1)", 150.0), ("-a + 2", -0.5), ("abs(b - a)", 1.5)],
)
def test_formulas(formula: str, expected: float) -> None:
    assert evaluate(formula, {"a": 2.5, "b": 1.0}) == expected


@pytest.mark.parametrize("formula", ["__import__('os')", "a ** 2", "a.real", "c + 1", "a +"])
def test_formulas_refuse_anything_else(formula: str) -> None:
    with pytest.raises(DataCheckError):
        evaluate(formula, {"a": 2.5})


# --- the copy rule: no bank or lesson repeats the article (bank/copycheck.py) ---------------

MADE_UP_ARTICLE = (
    "¶1. The river town kept its old bridge because the council could never agree on a "
    "new design for the crossing and the merchants liked the tolls it paid them.\n"
    "¶2. A second paragraph about harvests that came late in the year of the long rains.\n"
)
COPIED = "the council could never agree on a new design for the crossing and"


def with_article(project: Path) -> Path:
    """The project's copy rule pointed at a made-up article, so the test needs no ../shared."""
    (project / "article.md").write_text(MADE_UP_ARTICLE, encoding="utf-8")
    edit(
        project / "lessons" / "course.yaml",
        "article_text: ../shared/article/paragraphs.md",
        "article_text: article.md",
    )
    return project


def test_a_bank_that_copies_the_article_is_refused_at_its_line(project: Path) -> None:
    bank = first_bank(with_article(project))
    text = bank.read_text(encoding="utf-8")
    prompt_line = next(i for i, ln in enumerate(text.splitlines(), 1) if "prompt:" in ln)
    edit(bank, 'prompt: "', f'prompt: "In ¶1, {COPIED.upper()}, the writer says. ')
    (message,) = [p for p in problems_of(project) if "copied from the article" in p]
    assert message.startswith(f"{bank}:{prompt_line}:")
    assert "12 words in a row copied from the article (¶1)" in message
    assert "the council could never agree" in message


def test_a_lesson_that_copies_the_article_is_refused_with_its_cell(project: Path) -> None:
    with_article(project)
    notebook = project / "lessons" / f"{first_bank(project).stem}.ipynb"
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    nb["cells"][1]["source"] = f"As the writer puts it, {COPIED}, which matters.\n"
    notebook.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    found = [p for p in problems_of(project) if "copied from the article" in p]
    (message,) = [p for p in found if p.startswith("lessons/")]
    assert "cell 2 (" in message
    line = int(message.split(":")[1])
    lines = notebook.read_text(encoding="utf-8").splitlines()
    assert '"cell_type"' in lines[line - 1]  # the line that opens the second cell
    assert sum('"cell_type"' in ln for ln in lines[:line]) == 2


def test_a_long_quotation_in_a_lesson_is_refused(project: Path) -> None:
    with_article(project)
    notebook = project / "lessons" / f"{first_bank(project).stem}.ipynb"
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    long_quote = " ".join(f"word{i}" for i in range(12))
    nb["cells"][1]["source"] = f'The speaker said "{long_quote}" at the end.\n'
    notebook.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    assert any("a quotation of 12 words" in p for p in problems_of(project))


def test_a_missing_article_is_a_note_not_a_silent_pass(project: Path) -> None:
    edit(
        project / "lessons" / "course.yaml",
        "article_text: ../shared/article/paragraphs.md",
        "article_text: nowhere/article.md",
    )
    checked = check_banks([project / "quizzes"])
    notes = [p for p in check_course(load_course(project), checked) if p.severity is Severity.NOTE]
    (note,) = notes
    assert "was not checked" in str(note) and "nowhere/article.md" in str(note)
    assert str(note).startswith("lessons/course.yaml:")


def test_a_lesson_off_the_skeleton_is_named_at_its_cell(project: Path) -> None:
    """validate runs the skeleton check the lesson tests run, so a lesson it accepts passes."""
    notebook = project / "lessons" / f"{first_bank(project).stem}.ipynb"
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    think = next(
        i
        for i, cell in enumerate(nb["cells"])
        if "".join(cell["source"]).startswith("## Think about it")
    )
    nb["cells"][think]["source"] = "## Think about it\n\nWhat do you make of it?\n"
    notebook.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    (message,) = [p for p in problems_of(project) if "numbered prompts" in p]
    assert message.startswith(f"lessons/{notebook.name}:")
    assert f"cell {think + 1}: give 2 or 3 numbered prompts" in message
    line = int(message.split(":")[1])
    assert '"cell_type"' in notebook.read_text(encoding="utf-8").splitlines()[line - 1]
