"""CSV files that are safe to open in a spreadsheet program and to read line by line.

A cell starting with ``=``, ``+``, ``-``, ``@`` (or their full-width forms ``＝＋－＠``), a tab or a line
break can be read as a formula by Excel, LibreOffice or Google Sheets. Such cells get a leading
apostrophe, which spreadsheets show as plain text. The same holds after every line break inside a
cell: a reader that splits lines naively (or a carriage return it takes for a row end) starts a new
row there, so each line of a cell is neutralised on its own. Carriage returns inside a cell become
``\\n`` and every cell with a line break is quoted.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from .store import write_atomic

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: Everything some reader takes for a line end (``str.splitlines`` boundaries).
_BREAKS = re.compile("(\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029])")


def _neutralise_line(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def neutralise(value: object) -> str:
    """The cell text with an apostrophe before each line that a spreadsheet could run as a formula."""
    text = "" if value is None else str(value)
    pieces = _BREAKS.split(text)
    out = [_neutralise_line(pieces[0])]
    for separator, line in zip(pieces[1::2], pieces[2::2], strict=True):
        out.append("\n" if separator in ("\r\n", "\r") else separator)
        out.append(_neutralise_line(line))
    return _neutralise_line("".join(out))  # a cell that starts with a line break


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with every cell neutralised; cells with a line break are always quoted."""
    buffer = io.StringIO()
    # "\n" is the line terminator, so the writer quotes every cell containing one (and, after
    # neutralise, no cell contains a bare "\r").
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
