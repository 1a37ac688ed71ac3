"""Course rules: what the course asks of its banks, read from ``lessons/course.yaml``, checked.

Why data: an instructor changes a threshold (questions per bank, how often each objective is
assessed, which ¶ must be covered) by editing YAML, and ``lessonquiz validate`` applies it with
a ``path:line:col`` message saying how to fix each miss. The tests call the same checks on the
shipped course, so a bank that ``validate --strict`` accepts cannot fail them.

The rules apply to the banks in a project's ``quizzes/`` folder (the folder beside
``lessons/``); a bank elsewhere (a test fixture, an import in progress) gets the model's checks
only. Rules about the whole course run when every bank of ``lessons/index.yaml`` is checked.

One module past 300 lines on purpose: it is the list of the course's rules, one short function
per group, each with the message an instructor reads; split, the list would be harder to check
against the manual's "Course rules" section.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from lessonquiz.bank import copycheck
from lessonquiz.bank.datacheck import DataCheckError, compute
from lessonquiz.bank.errors import Problem, Severity
from lessonquiz.bank.loader import CheckedBank
from lessonquiz.bank.model import QUESTION_MODELS, Bank, NumericQuestion
from lessonquiz.bank.yamlsafe import YamlDocument, YamlProblem, read_yaml

COURSE_FILE = "course.yaml"
INDEX_FILE = "index.yaml"


def _share(value: Any) -> Any:
    """A share written as a fraction (``1/3``) or a decimal (``0.5``), between 0 and 1."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return value
    try:
        share = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        raise PydanticCustomError(
            "lessonquiz", f"expected a share such as 1/3 or 0.5, found '{value}'"
        ) from None
    if not 0 <= share <= 1:
        raise PydanticCustomError("lessonquiz", f"a share is between 0 and 1, not {value}")
    return share


def _paragraphs(value: Any) -> Any:
    """¶ numbers as a range ``1-22``, a list ``[1, 3, 5]`` or one number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return [value]
    if isinstance(value, str):
        first, sep, last = value.partition("-")
        try:
            return list(range(int(first), int(last) + 1)) if sep else [int(first)]
        except ValueError:
            raise PydanticCustomError(
                "lessonquiz", f"expected ¶ numbers as 1-22 or [1, 2, 3], found '{value}'"
            ) from None
    return value


Share = Annotated[Fraction, BeforeValidator(_share)]
ENTRY_KEYS = {"file", "title", "question", "bank"}  # what index.yaml says of each lesson


class CourseRules(BaseModel):
    """The thresholds of ``lessons/course.yaml``; a rule left out is not applied."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    min_questions_per_bank: int | None = None
    min_questions_per_objective: int | None = None
    level_required: bool = False
    min_share_beyond_recall: Share | None = None
    min_questions_total: int | None = None
    min_share_analyse_or_evaluate: Share | None = None
    every_type_used: bool = False
    paragraphs_to_cover: Annotated[list[int], BeforeValidator(_paragraphs)] = []
    # the copy rule (bank/copycheck.py): the article's file, relative to the project folder
    article_text: str | None = None
    max_copied_words: int | None = None


@dataclass
class Course:
    """A project's course: its rules, its lessons (from ``index.yaml``) and its folders."""

    root: Path
    rules: CourseRules
    lessons: list[dict[str, Any]]
    document: YamlDocument | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.root / "lessons" / COURSE_FILE

    @property
    def quizzes(self) -> Path:
        return self.root / "quizzes"

    @property
    def data(self) -> Path:
        return self.root / "data"

    def shown(self, path: Path) -> str:
        """``path`` relative to the working folder when it is inside it (as validate prints)."""
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)

    def locate(self, rule: str) -> tuple[str, int, int]:
        line, col = self.document.locate(("rules", rule), key=True) if self.document else (1, 1)
        return self.shown(self.path), line, col


def find_course(bank_path: Path) -> Course | None:
    """The course a bank belongs to: its folder is ``quizzes/`` beside ``lessons/course.yaml``."""
    folder = bank_path.resolve().parent
    if folder.name != "quizzes" or not (folder.parent / "lessons" / COURSE_FILE).is_file():
        return None
    return load_course(folder.parent)


def load_course(root: Path) -> Course:
    """The course of the project at ``root``; problems in its files are in ``problems``."""
    course = Course(root=root.resolve(), rules=CourseRules(), lessons=[])
    where = course.shown(course.path)
    try:
        course.document = read_yaml(course.path)
        raw = course.document.data or {}
        course.rules = CourseRules.model_validate((raw or {}).get("rules") or {})
    except YamlProblem as exc:
        course.problems.append(Problem(where, exc.line, exc.col, exc.message))
    except (ValidationError, AttributeError) as exc:
        for error in getattr(exc, "errors", lambda **_: [])(include_url=False) or [
            {"loc": (), "msg": "rules must be a mapping of rule: value"}
        ]:
            loc = ("rules", *error["loc"])
            line, col = course.document.locate(loc, key=True) if course.document else (1, 1)
            message = error["msg"].removeprefix("Value error, ")
            if error.get("type") == "extra_forbidden":
                known = ", ".join(CourseRules.model_fields)
                message = f"unknown rule '{loc[-1]}' (the rules are: {known})"
            course.problems.append(Problem(where, line, col, f"{message}"))
    index = root / "lessons" / INDEX_FILE
    if index.is_file():
        try:
            course.lessons = list((read_yaml(index).data or {}).get("lessons") or [])
        except YamlProblem as exc:
            course.problems.append(Problem(course.shown(index), exc.line, exc.col, exc.message))
    return course


def check_courses(checked: Iterable[CheckedBank]) -> list[Problem]:
    """Every course rule for the banks in ``checked``, grouped by the course each belongs to."""
    by_course: dict[Path, tuple[Course, list[CheckedBank]]] = {}
    for item in checked:
        course = find_course(item.path)
        if course is not None:
            by_course.setdefault(course.root, (course, []))[1].append(item)
    problems: list[Problem] = []
    for course, items in by_course.values():
        problems.extend(check_course(course, items))
    return problems


def check_course(course: Course, checked: list[CheckedBank]) -> list[Problem]:
    """The course's rules applied to ``checked`` (banks of its ``quizzes/`` folder)."""
    problems = list(course.problems)
    loaded = [item for item in checked if item.bank is not None]
    for item in loaded:
        problems.extend(_bank_rules(course, item))
        problems.extend(_lesson_agreement(course, item))
        problems.extend(_data_answers(course, item))
        problems.extend(_stale_outputs(course, item))
    problems.extend(_copies(course, loaded))
    problems.extend(_skeletons(course, loaded))
    listed = {_bank_file(course, entry) for entry in course.lessons}
    covered = {item.path.resolve() for item in checked}
    if listed and listed <= covered and len(loaded) == len(checked):
        problems.extend(_course_rules(course, [item.bank for item in loaded if item.bank]))
    problems.extend(_missing_banks(course, covered))
    return problems


def _bank_file(course: Course, entry: dict[str, Any]) -> Path:
    return course.quizzes / f"{Path(str(entry.get('file', ''))).stem}.yaml"


def _entry(course: Course, item: CheckedBank) -> dict[str, Any] | None:
    """The bank's lesson in ``index.yaml`` (None: no lesson lists it)."""
    return next((e for e in course.lessons if _bank_file(course, e) == item.path.resolve()), None)


def _notebook(course: Course, item: CheckedBank) -> Path:
    """The lesson notebook of a bank in ``quizzes/``: ``lessons/`` + the bank file's stem."""
    return course.root / "lessons" / f"{item.path.stem}.ipynb"


def _at(item: CheckedBank, loc: tuple[Any, ...], message: str, key: bool = False) -> Problem:
    line, col = item.document.locate(loc, key=key) if item.document else (1, 1)
    qid = None
    if len(loc) > 1 and loc[0] == "questions" and item.bank is not None:
        qid = item.bank.questions[loc[1]].id
    return Problem(str(item.path), line, col, message, qid)


def _rule(name: str) -> str:
    return f"rule {name} in lessons/{COURSE_FILE}"


def _bank_rules(course: Course, item: CheckedBank) -> list[Problem]:
    bank, rules, found = item.bank, course.rules, []
    assert bank is not None
    n = len(bank.questions)
    if rules.min_questions_per_bank is not None and n < rules.min_questions_per_bank:
        found.append(
            _at(
                item,
                ("questions",),
                f"the bank has {n} question{'s' * (n != 1)}; the course asks for at least "
                f"{rules.min_questions_per_bank} ({_rule('min_questions_per_bank')}): add "
                f"{rules.min_questions_per_bank - n} more, or lower the rule",
                key=True,
            )
        )
    if rules.min_questions_per_objective is not None:
        counts = Counter(q.objective for q in bank.questions)
        for i, objective in enumerate(bank.objectives):
            if counts[objective.id] < rules.min_questions_per_objective:
                found.append(
                    _at(
                        item,
                        ("objectives", i, "id"),
                        f"objective '{objective.id}' is assessed by {counts[objective.id]} "
                        f"question(s); the course asks for at least "
                        f"{rules.min_questions_per_objective} "
                        f"({_rule('min_questions_per_objective')}): add a question with "
                        f"objective: {objective.id}, or merge the objective into another",
                    )
                )
    if rules.level_required:
        for i, question in enumerate(bank.questions):
            if question.level is None:
                found.append(
                    _at(
                        item,
                        ("questions", i),
                        "no level: the course asks every question to name one "
                        f"({_rule('level_required')}); add level: recall, understand, "
                        "analyse or evaluate",
                    )
                )
    share = rules.min_share_beyond_recall
    beyond = sum(q.level not in (None, "recall") for q in bank.questions)
    if share is not None and Fraction(beyond, n) < share:
        found.append(
            _at(
                item,
                ("questions",),
                f"{beyond} of {n} questions go beyond recall; the course asks for at least "
                f"{share} ({_rule('min_share_beyond_recall')}): raise a question's level to "
                "understand, analyse or evaluate (and make it ask for that), or add one",
                key=True,
            )
        )
    return found


def _lesson_agreement(course: Course, item: CheckedBank) -> list[Problem]:
    """The bank, its entry in ``index.yaml`` and its lesson's objectives cell agree."""
    bank = item.bank
    assert bank is not None
    entry = _entry(course, item)
    if entry is None:
        if not course.lessons:
            return []
        return [
            _at(
                item,
                ("id",),
                f"no lesson in lessons/{INDEX_FILE} has this bank: each bank "
                "quizzes/NN-slug.yaml belongs to the lesson lessons/NN-slug.ipynb listed there "
                "(add the lesson with `lessonquiz new lesson NN-slug`, or move the bank out "
                "of quizzes/)",
            )
        ]
    found, stem = [], Path(str(entry["file"])).stem
    if bank.id != entry.get("bank"):
        found.append(
            _at(
                item,
                ("id",),
                f"lessons/{INDEX_FILE} gives this lesson's bank id as '{entry.get('bank')}'; "
                "make the two the same",
            )
        )
    if bank.lesson != stem:
        found.append(_at(item, ("lesson",) if bank.lesson else ("id",), f"lesson must be '{stem}'"))
    listed = lesson_objectives(course.root / "lessons" / str(entry["file"]))
    written = [o.text for o in bank.objectives]
    if listed is not None and listed != written:
        found.append(
            _at(
                item,
                ("objectives",),
                f"the objectives differ from the list under '## Learning objectives' in "
                f"lessons/{entry['file']} (it lists: {'; '.join(listed) or 'none'}); keep "
                "the two word for word the same, then run make regen",
                key=True,
            )
        )
    return found


def lesson_objectives(notebook: Path) -> list[str] | None:
    """The ``- ...`` lines of a notebook's Learning objectives cell (None: no notebook/cell)."""
    if not notebook.is_file():
        return None
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    for i, cell in enumerate(cells):
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown" and source.startswith("## Learning objectives"):
            lines = source.splitlines()[1:]
            if not any(line.startswith("- ") for line in lines) and i + 1 < len(cells):
                lines = "".join(cells[i + 1].get("source", "")).splitlines()
            return [line[2:].strip() for line in lines if line.startswith("- ")]
    return None


def _stale_outputs(course: Course, item: CheckedBank) -> list[Problem]:
    """A warning when the bank's lesson has stored outputs made before the bank's last edit:
    nbval would then fail on its quiz cell. Lessons never recorded are left alone."""
    from lessonquiz.lesson.regen import inputs_hash, record

    notebook = _notebook(course, item)
    made_from = record(course.root).get(notebook.name)
    if made_from is None or not notebook.is_file():
        return []
    if made_from == inputs_hash(course.root, notebook):
        return []
    return [
        Problem(
            str(item.path),
            1,
            1,
            f"lessons/{notebook.name} shows outputs from before the last change to it, this "
            "bank or data/: run make regen (it re-executes only the lessons that changed)",
            severity=Severity.WARNING,
        )
    ]


def _skeletons(course: Course, loaded: list[CheckedBank]) -> list[Problem]:
    """The lesson skeleton (lesson/skeleton.py) for each bank's lesson, at the cell's line:
    the same check as the project's tests, so a lesson validate accepts passes them too."""
    from lessonquiz.lesson.skeleton import skeleton_misses

    found = []
    for item in loaded:
        entry = _entry(course, item)
        notebook = _notebook(course, item)
        if entry is None or not notebook.is_file() or not set(entry) >= ENTRY_KEYS:
            continue
        starts = copycheck.cell_lines(notebook.read_text(encoding="utf-8"))
        for index, message in skeleton_misses(notebook, entry):
            line = starts[index] if index is not None and index < len(starts) else 1
            where = f"cell {index + 1}: " if index is not None else ""
            found.append(Problem(course.shown(notebook), line, 1, f"{where}{message}"))
    return found


def _copies(course: Course, loaded: list[CheckedBank]) -> list[Problem]:
    """The copy rule on each bank and its lesson; a note when the article is not there."""
    rules = course.rules
    if not rules.article_text or not rules.max_copied_words or not loaded:
        return []
    article = (course.root / rules.article_text).resolve()
    if not article.is_file():
        return [
            Problem(
                *course.locate("article_text"),
                f"the article's text is not at {course.shown(article)}, so the copy rule "
                f"(max_copied_words: {rules.max_copied_words}) was not checked: put the "
                "¶-numbered text there, or change article_text",
                severity=Severity.NOTE,
            )
        ]
    runs = copycheck.article_runs(article, rules.max_copied_words)
    found = []
    for item in loaded:
        found.extend(copycheck.bank_copies(item, runs, rules.max_copied_words))
        notebook = _notebook(course, item)
        shown = course.shown(notebook)
        found.extend(copycheck.lesson_copies(notebook, shown, runs, rules.max_copied_words))
    return found


def _data_answers(course: Course, item: CheckedBank) -> list[Problem]:
    bank, found = item.bank, []
    assert bank is not None
    for i, question in enumerate(bank.questions):
        if not isinstance(question, NumericQuestion) or question.from_data is None:
            continue
        at = ("questions", i, "from_data")
        try:
            value, values = compute(question.from_data, course.data)
        except DataCheckError as exc:
            found.append(_at(item, (*at, *exc.at), f"from_data: {exc}"))
            continue
        if abs(question.answer - value) > max(question.tolerance, 1e-9):
            shown = ", ".join(f"{k} = {v:g}" for k, v in values.items())
            found.append(
                _at(
                    item,
                    ("questions", i, "answer"),
                    f"answer {question.answer:g} but data/ gives {value:g} ({shown}); correct "
                    "the answer (or the data, with its source), or widen the tolerance if "
                    "both are right",
                )
            )
    return found


def _course_rules(course: Course, banks: list[Bank]) -> list[Problem]:
    rules, found = course.rules, []
    questions = [q for bank in banks for q in bank.questions]
    total = len(questions)
    if rules.min_questions_total is not None and total < rules.min_questions_total:
        found.append(
            Problem(
                *course.locate("min_questions_total"),
                f"the course has {total} questions in all; the rule asks for at least "
                f"{rules.min_questions_total}: add {rules.min_questions_total - total} to any "
                "banks, or lower the rule",
            )
        )
    share = rules.min_share_analyse_or_evaluate
    higher = sum(q.level in ("analyse", "evaluate") for q in questions)
    if share is not None and total and Fraction(higher, total) < share:
        found.append(
            Problem(
                *course.locate("min_share_analyse_or_evaluate"),
                f"{higher} of {total} questions are at level analyse or evaluate; the rule "
                f"asks for at least {share}: raise some questions to those levels (and make "
                "them ask for that), or lower the rule",
            )
        )
    if rules.every_type_used:
        missing = [t for t in QUESTION_MODELS if t not in {q.type for q in questions}]
        if missing:
            found.append(
                Problem(
                    *course.locate("every_type_used"),
                    f"no question of type {', '.join(missing)} in any bank; the rule asks for "
                    "every type: add one (quizzes/README.md shows each type)",
                )
            )
    cited = {p for q in questions for p in q.source.paragraphs}
    missing_paragraphs = [p for p in rules.paragraphs_to_cover if p not in cited]
    if missing_paragraphs:
        numbers = ", ".join(f"¶{p}" for p in missing_paragraphs)
        found.append(
            Problem(
                *course.locate("paragraphs_to_cover"),
                f"no question cites {numbers}; the rule asks for every ¶ of "
                "paragraphs_to_cover: add a question with source: {paragraph: "
                f"{missing_paragraphs[0]}}}, or take the number out of the rule",
            )
        )
    return found


def _missing_banks(course: Course, covered: set[Path]) -> list[Problem]:
    """Each lesson of ``index.yaml`` whose bank file is missing (when its folder is checked)."""
    if not any(path.parent == course.quizzes for path in covered):
        return []
    found = []
    index = course.root / "lessons" / INDEX_FILE
    for entry in course.lessons:
        path = _bank_file(course, entry)
        if not path.is_file():
            found.append(
                Problem(
                    course.shown(index),
                    1,
                    1,
                    f"lesson {entry.get('file')} has no bank {course.shown(path)}: create it "
                    "(lessonquiz new lesson writes one) or remove the lesson from the list",
                )
            )
    return found
