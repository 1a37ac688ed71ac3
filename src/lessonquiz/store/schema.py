"""The store's one schema and one set of queries, and the dialect each engine needs.

Why one place: the laptop's SQLite file and the class's PostgreSQL database hold the same
history and the same two summaries, and the report reads both with the same SQL. What differs
between the engines is small and named in ``Dialect``: how a row numbers itself, the 8-byte
float's name (PostgreSQL's ``REAL`` is 4 bytes), the time column's type, the parameter style,
how a write transaction starts, and how the summary trigger is wrapped (a SQLite trigger body,
a PL/pgSQL trigger function). Statements are written with ``?`` parameters and the tokens
``{ID}``, ``{FLOAT}``, ``{TIME}``, ``{EXTRA}``; ``Dialect.sql`` fills them in.

The service's history (PostgreSQL) has two columns the laptop store does not need, listed in
``Dialect.extra_columns``: ``attempt_uid`` (made by the kernel at Check, so a retried post is
stored once) and ``claimed_score`` (what the kernel said, kept beside the service's own grade).
"""

from __future__ import annotations

from dataclasses import dataclass

PROGRESS_COLUMNS = (
    "student, bank_id, question_id, attempts, first_correct, tries_to_correct, best_score"
)
"""The columns of ``question_progress``, in the order ``PROGRESS_FROM_ATTEMPTS`` yields them."""

COLUMNS = "student, bank_id, question_id, question_hash, response, score, correct, created_at"
"""The columns every engine's history has, in the order ``Attempt`` takes them."""

HINTS_COLUMN = "hints_used"
"""Added later in both engines (SQLite schema 5, PostgreSQL schema 2; issue 15): how many of
the question's hints were open at the attempt, NULL where that was not recorded. Not in
``TABLES``: each engine adds it to older histories in its own migration."""


def with_hints(query: str) -> str:
    """A history query over ``COLUMNS`` that also reads ``hints_used`` (after them)."""
    return query.replace(f"SELECT {COLUMNS} ", f"SELECT {COLUMNS}, {HINTS_COLUMN} ", 1)

TABLES = (
    """CREATE TABLE IF NOT EXISTS attempts (
        {ID},
        student TEXT NOT NULL,
        bank_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        question_hash TEXT NOT NULL,
        response TEXT NOT NULL,
        score {FLOAT} NOT NULL,
        correct INTEGER NOT NULL,
        created_at {TIME} NOT NULL{EXTRA}
    )""",
    "DROP INDEX IF EXISTS attempts_by_question",
    # Covering: restoring a quiz (and a report on a store too old for the summaries) reads only
    # this index, not the table.
    """CREATE INDEX IF NOT EXISTS attempts_by_student_question
        ON attempts (student, bank_id, question_id, id, correct, score)""",
    """CREATE TABLE IF NOT EXISTS question_progress (
        student TEXT NOT NULL,
        bank_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        first_correct INTEGER NOT NULL,
        tries_to_correct INTEGER,
        best_score {FLOAT} NOT NULL,
        PRIMARY KEY (student, bank_id, question_id)
    )""",
    """CREATE TABLE IF NOT EXISTS wrong_responses (
        bank_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        response TEXT NOT NULL,
        times INTEGER NOT NULL,
        PRIMARY KEY (bank_id, question_id, response)
    )""",
)

PROGRESS_FROM_ATTEMPTS = """
SELECT g.student, g.bank_id, g.question_id, g.n,
       CASE WHEN g.first_id = g.first_right_id THEN 1 ELSE 0 END,
       CASE WHEN g.first_right_id IS NULL THEN NULL
            WHEN g.first_id = g.first_right_id THEN 1
            ELSE (SELECT COUNT(*) FROM attempts b
                   WHERE b.student = g.student AND b.bank_id = g.bank_id
                     AND b.question_id = g.question_id AND b.id <= g.first_right_id) END,
       g.best
  FROM (SELECT student, bank_id, question_id, COUNT(*) AS n, MIN(id) AS first_id,
               MIN(CASE WHEN correct = 1 THEN id END) AS first_right_id, MAX(score) AS best
          FROM attempts
         GROUP BY student, bank_id, question_id) AS g
"""
"""``question_progress`` computed from the history: the migration's rebuild, and what the report
reads from a store it may not upgrade (opened read-only)."""

WRONG_FROM_ATTEMPTS = """
SELECT bank_id, question_id, response, COUNT(*) FROM attempts WHERE correct = 0
 GROUP BY bank_id, question_id, response
"""
"""``wrong_responses`` computed from the history (same two uses)."""

SUMMARY_STATEMENTS = f"""
    INSERT INTO question_progress ({PROGRESS_COLUMNS})
        VALUES (NEW.student, NEW.bank_id, NEW.question_id, 1, NEW.correct,
                CASE WHEN NEW.correct = 1 THEN 1 END, NEW.score)
        ON CONFLICT (student, bank_id, question_id) DO UPDATE SET
            attempts = question_progress.attempts + 1,
            tries_to_correct = COALESCE(question_progress.tries_to_correct,
                CASE WHEN excluded.first_correct = 1 THEN question_progress.attempts + 1 END),
            best_score = CASE WHEN excluded.best_score > question_progress.best_score
                THEN excluded.best_score ELSE question_progress.best_score END;
    INSERT INTO wrong_responses (bank_id, question_id, response, times)
        SELECT NEW.bank_id, NEW.question_id, NEW.response, 1 WHERE NEW.correct = 0
        ON CONFLICT (bank_id, question_id, response) DO UPDATE SET
            times = wrong_responses.times + 1;"""
"""The trigger's two statements, the same in both engines. On conflict, each right-hand side
reads the row as it was before this attempt."""

REBUILD = (  # the summaries rebuilt from the history when the schema is applied
    "DELETE FROM question_progress",
    "DELETE FROM wrong_responses",
    f"INSERT INTO question_progress ({PROGRESS_COLUMNS}) {PROGRESS_FROM_ATTEMPTS}",
    f"INSERT INTO wrong_responses (bank_id, question_id, response, times) {WRONG_FROM_ATTEMPTS}",
)

LATEST = f"""SELECT {COLUMNS} FROM attempts WHERE id IN (
    SELECT MAX(id) FROM attempts WHERE student = ? AND bank_id = ? GROUP BY question_id)"""

READ_PROGRESS = f"SELECT {PROGRESS_COLUMNS} FROM question_progress"
READ_WRONG = "SELECT bank_id, question_id, response, times FROM wrong_responses"


def select_attempts(bank_id: str | None, student: str | None) -> tuple[str, list[str]]:
    """The history, optionally of one bank and/or one student, oldest first, and its params."""
    where, params = [], []
    if bank_id is not None:
        where.append("bank_id = ?")
        params.append(bank_id)
    if student is not None:
        where.append("student = ?")
        params.append(student)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return f"SELECT {COLUMNS} FROM attempts{clause} ORDER BY created_at, id", params


@dataclass(frozen=True)
class Dialect:
    """What one engine needs changed in the shared statements."""

    name: str
    id_column: str
    float_type: str
    time_type: str
    placeholder: str
    begin_write: str
    extra_columns: tuple[tuple[str, str], ...] = ()

    def sql(self, statement: str) -> str:
        """``statement`` with this engine's tokens and parameter style."""
        extra = "".join(f",\n        {name} {kind}" for name, kind in self.extra_columns)
        text = (
            statement.replace("{ID}", self.id_column)
            .replace("{FLOAT}", self.float_type)
            .replace("{TIME}", self.time_type)
            .replace("{EXTRA}", extra)
        )
        return text.replace("?", self.placeholder) if self.placeholder != "?" else text

    def trigger(self) -> tuple[str, ...]:
        """The statements that (re)create the summary trigger."""
        if self.name == "sqlite":
            return (
                "DROP TRIGGER IF EXISTS attempts_keep_summaries",
                "CREATE TRIGGER attempts_keep_summaries AFTER INSERT ON attempts\nBEGIN"
                f"{SUMMARY_STATEMENTS}\nEND",
            )
        # SECURITY DEFINER: the function runs as the schema's owner, so the service's role
        # needs no UPDATE on the summaries (and has none on the history).
        return (
            "CREATE OR REPLACE FUNCTION attempts_keep_summaries() RETURNS trigger"
            " LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$\nBEGIN"
            f"{SUMMARY_STATEMENTS}\n    RETURN NULL;\nEND $$",
            "DROP TRIGGER IF EXISTS attempts_keep_summaries ON attempts",
            "CREATE TRIGGER attempts_keep_summaries AFTER INSERT ON attempts"
            " FOR EACH ROW EXECUTE FUNCTION attempts_keep_summaries()",
        )


SQLITE = Dialect(
    name="sqlite",
    id_column="id INTEGER PRIMARY KEY",  # SQLite numbers rows itself
    float_type="REAL",  # 8 bytes in SQLite
    time_type="TEXT",  # ISO 8601 UTC, written by the kernel
    placeholder="?",
    begin_write="BEGIN IMMEDIATE",  # take the write lock first: writers queue, none fails
)

POSTGRES = Dialect(
    name="postgresql",
    id_column="id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
    float_type="DOUBLE PRECISION",
    time_type="TIMESTAMPTZ",  # the service's clock, not the kernel's
    placeholder="%s",
    begin_write="BEGIN",  # plus a per-student advisory lock, see store.postgres
    extra_columns=(("attempt_uid", "TEXT NOT NULL"), ("claimed_score", "DOUBLE PRECISION")),
)
