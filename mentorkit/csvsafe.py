"""CSV files that are safe to open in a spreadsheet program.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can be read as a formula
by Excel, LibreOffice or Google Sheets. Such cells get a leading apostrophe, which spreadsheets show
as plain text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from .store import write_atomic

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """The cell text, with an apostrophe in front if a spreadsheet could run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()


def write_safe_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], mode: int = 0o600
) -> None:
    """Write a spreadsheet-safe CSV atomically (temp file, fsync, rename)."""
    write_atomic(path, csv_text(header, rows), mode)
