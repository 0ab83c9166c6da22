"""Evaluation results: read a form export back (before/after confidence 1-5, usefulness per exercise
1-5, open comments), keep them in the cohort (``<cohort>/evaluation.json``) and count them for the
dashboard.

The columns are the ones :func:`.forms.evaluation_header` gives (matched ignoring case, spacing and
punctuation; other columns such as a timestamp are ignored). A cell that is not a whole number 1-5 is
reported (row, column, value) and skipped; the rest of that row is used. The same participant code
answering twice keeps the later answer. Codes are not stored: only the ratings and the comments are.
Comments are shown on the dashboard only when names are switched on (facilitator only).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..content import Content
from ..roster import GRID, RowReport, _norm, _rating, read_table
from ..store import Cohort, write_atomic
from .forms import kit_content

FILE_NAME = "evaluation.json"


@dataclass
class Response:
    """One person's evaluation (no code, no name)."""

    before: int | None = None
    after: int | None = None
    usefulness: dict[str, int] = field(default_factory=dict)
    comment: str = ""


@dataclass
class EvaluationImport:
    responses: list[Response] = field(default_factory=list)
    reports: list[RowReport] = field(default_factory=list)


def read_evaluation(path: Path | str, content: Content | None = None) -> EvaluationImport:
    """Read an evaluation form export (CSV or XLSX) into responses and reports."""
    ev = kit_content(content)["evaluation"]
    table = read_table(path)
    wanted = {_norm(str(ev[k])): k for k in ("code", "confidence_before", "confidence_after", "comments")}
    exercises = {_norm(str(x)): str(x) for x in ev["exercises"]}
    columns: dict[str, int] = {}
    grid: dict[int, str] = {}
    for index, header in enumerate(table.header):
        key = wanted.get(_norm(header))
        if key and key not in columns:
            columns[key] = index
            continue
        match = GRID.match(header)
        if match and _norm(match.group("question")) == _norm(str(ev["usefulness"])):
            grid[index] = exercises.get(_norm(match.group("row")), " ".join(match.group("row").split()))
    result = EvaluationImport()
    by_code: dict[str, int] = {}
    for number, cells in table.rows:
        if not any(c.strip() for c in cells):
            continue
        response = Response()

        def rating(index: int, row: int = number, row_cells: list[str] = cells) -> int | None:
            cell = row_cells[index].strip()
            if not cell:
                return None
            level = _rating(cell)
            if level is None:
                result.reports.append(RowReport(row, "", f"column {index + 1} '{table.header[index]}': "
                                                f"{cell[:40]!r} is not a whole number 1-5; skipped", False))
            return level

        if "confidence_before" in columns:
            response.before = rating(columns["confidence_before"])
        if "confidence_after" in columns:
            response.after = rating(columns["confidence_after"])
        for index, name in grid.items():
            level = rating(index)
            if level is not None:
                response.usefulness[name] = level
        if "comments" in columns:
            response.comment = " ".join(cells[columns["comments"]].split())
        code = cells[columns["code"]].strip().casefold() if "code" in columns else ""
        if code and code in by_code:
            earlier = by_code[code]
            result.responses[earlier] = response
            result.reports.append(RowReport(number, "", "same participant code as an earlier row: "
                                            "this later answer is kept", False))
            continue
        if code:
            by_code[code] = len(result.responses)
        result.responses.append(response)
    return result


def save_evaluation(cohort: Cohort, responses: list[Response]) -> Path:
    """Write the responses to ``<cohort>/evaluation.json`` (owner-only: it holds comments)."""
    path = cohort.root / FILE_NAME
    data = [{"before": r.before, "after": r.after, "usefulness": r.usefulness, "comment": r.comment}
            for r in responses]
    write_atomic(path, json.dumps({"responses": data}, indent=1, ensure_ascii=False) + "\n", 0o600)
    return path


def load_evaluation(cohort: Cohort) -> list[Response] | None:
    """The cohort's saved responses, or None when no evaluation was imported yet."""
    path = cohort.root / FILE_NAME
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Response(r.get("before"), r.get("after"),
                     {str(k): int(v) for k, v in r.get("usefulness", {}).items()},
                     str(r.get("comment", ""))) for r in data.get("responses", [])]


def evaluation_counts(responses: list[Response]) -> dict[str, Counter[str]]:
    """People per rating for ``confidence before``, ``confidence after`` and each exercise."""
    counts: dict[str, Counter[str]] = {"Confidence before": Counter(), "Confidence after": Counter()}
    for r in responses:
        if r.before is not None:
            counts["Confidence before"][str(r.before)] += 1
        if r.after is not None:
            counts["Confidence after"][str(r.after)] += 1
        for name, level in r.usefulness.items():
            counts.setdefault(f"Useful: {name}", Counter())[str(level)] += 1
    return counts
