"""``import gift``: GIFT text to the data of a bank file, each question checked by the model."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lessonquiz.export.gift_read import read

IMPORTED_OBJECTIVE = "imported"
PLACEHOLDER_SOURCE = {"paragraph": 1}
"""What an imported question cites until the instructor fixes it (GIFT has no sources)."""


def slug(text: str, default: str) -> str:
    """``text`` as a bank/question id (lowercase letters, digits, single hyphens)."""
    value = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return value or default


def to_bank(text: str, name: str) -> tuple[dict[str, Any], list[str]]:
    """Bank data (ready for YAML) from the GIFT ``text`` of file ``name``, and warnings.

    Questions are checked one by one against the bank model; one that does not fit
    (two choices with the same text, say) is left out with a warning naming it.
    """
    from pydantic import TypeAdapter, ValidationError

    from lessonquiz.bank.model import Question

    parsed = read(text)
    warnings = list(parsed.warnings)
    adapter: TypeAdapter[Any] = TypeAdapter(Question)
    questions: list[dict[str, Any]] = []
    used: set[str] = set()
    for n, raw in enumerate(parsed.questions, start=1):
        title = raw.pop("_title")
        qid = base = raw.pop("_id", None) or slug(title, f"q{n}")
        suffix = 2
        while qid in used:
            qid, suffix = f"{base}-{suffix}", suffix + 1
        data = {
            "id": qid,
            "type": raw.pop("type"),
            "objective": IMPORTED_OBJECTIVE,
            "source": dict(PLACEHOLDER_SOURCE),
            "prompt": raw.pop("prompt"),
            **raw,
        }
        try:
            adapter.validate_python(data)
        except ValidationError as exc:
            reasons = "; ".join(e["msg"] for e in exc.errors(include_url=False))
            warnings.append(f"question '{title}' skipped: {reasons}")
            continue
        used.add(qid)
        questions.append(data)
    bank = {
        "schema_version": 1,
        "id": slug(Path(name).stem, "imported"),
        "title": f"Imported from {Path(name).name}",
        "objectives": [
            {"id": IMPORTED_OBJECTIVE, "text": f"Imported from {Path(name).name}; edit."}
        ],
        "questions": questions,
    }
    return bank, warnings
