"""``OUT/report.csv``: one row per participant, safe to open in a spreadsheet."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..csvsafe import write_safe_csv
from .worker import Result

REPORT_NAME = "report.csv"
HEADER = ("id", "status", "seconds", "error", "outputs")


def report_rows(results: Iterable[Result]) -> list[tuple[str, str, str, str, str]]:
    """Rows sorted by participant id; ``error`` holds the skip reason for skipped rows."""
    rows = []
    for r in sorted(results, key=lambda r: r.participant_id):
        seconds = "" if r.seconds is None else f"{r.seconds:.2f}"
        rows.append((r.participant_id, r.status, seconds, r.error or r.note, ";".join(r.outputs)))
    return rows


def write_report(out: Path, results: Iterable[Result], mode: int = 0o600) -> Path:
    """Write (atomically) and return the report's path."""
    path = out / REPORT_NAME
    write_safe_csv(path, HEADER, report_rows(results), mode)
    return path


def summary(results: Iterable[Result], seconds: float) -> str:
    """``12 worksheets in 8.4 s: 11 ok, 1 failed, 0 skipped``."""
    results = list(results)
    counts = Counter(r.status for r in results)
    return (f"{len(results)} worksheet(s) in {seconds:.1f} s: {counts['ok']} ok, {counts['failed']} failed, "
            f"{counts['skipped']} skipped")
