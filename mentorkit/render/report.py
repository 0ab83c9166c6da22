"""What a render did: one :class:`ParticipantResult` per participant, a :class:`RenderReport` per run.

Both are plain, picklable data (they cross process boundaries), and ``OUT/report.csv`` is written
from them: one row per participant, safe to open in a spreadsheet. This module imports only the
standard library (:mod:`mentorkit.csvsafe` when writing the CSV).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Status = Literal["ok", "failed", "skipped"]
STATUSES: tuple[Status, ...] = ("ok", "failed", "skipped")
REPORT_NAME = "report.csv"
HEADER = ("id", "status", "seconds", "error", "outputs")


def one_line(text: str, limit: int = 400) -> str:
    """``text`` on one line, shortened to ``limit`` characters."""
    flat = " / ".join(part.strip() for part in str(text).splitlines() if part.strip())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass
class ParticipantResult:
    """What happened to one participant.

    ``outputs`` are paths relative to the output folder (``ana-lima/worksheet.pdf``). For a failure,
    ``message`` says what went wrong, ``exception_name`` names the exception (if one was raised) and
    ``cell_index`` / ``execution_count`` the notebook cell that raised it (if it was a cell). For a
    skipped participant, ``message`` says why it was skipped.
    """

    participant_id: str
    status: Status
    seconds: float | None = None
    outputs: list[str] = field(default_factory=list)
    message: str = ""
    exception_name: str = ""
    cell_index: int | None = None
    execution_count: int | None = None

    @classmethod
    def failure(
        cls, participant_id: str, message: str, exception_name: str = "", **fields: Any
    ) -> ParticipantResult:
        """A failure; ``message`` is flattened to one line."""
        return cls(participant_id, "failed", message=one_line(message), exception_name=exception_name,
                   **fields)

    @classmethod
    def from_exception(cls, participant_id: str, exc: BaseException) -> ParticipantResult:
        return cls.failure(participant_id, str(exc), type(exc).__name__)

    @property
    def error(self) -> str:
        """The failure on one line (``cell 3 (In [3]): KeyError: 'x'``); empty unless failed."""
        if self.status != "failed":
            return ""
        text = f"{self.exception_name}: {self.message}" if self.exception_name else self.message
        if self.cell_index is not None:
            count = "" if self.execution_count is None else f" (In [{self.execution_count}])"
            text = f"cell {self.cell_index}{count}: {text}"
        return text


@dataclass
class RenderReport:
    """The outcome of one :func:`mentorkit.render.render_cohort` run.

    ``results`` has one entry per participant considered (rendered, failed or skipped); ``ignored``
    lists files in ``workbooks/`` that are not participants; ``warnings`` what the workers reported
    (e.g. a module the template wanted warm that would not import); ``interrupted`` is true when the
    run was stopped (Ctrl-C, SIGTERM) before every participant had a result.
    """

    out: Path
    results: list[ParticipantResult] = field(default_factory=list)
    seconds: float = 0.0
    formats: tuple[str, ...] = ()
    workers: int = 0
    ignored: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    interrupted: bool = False
    report_path: Path | None = None
    document: str = "worksheet"

    def with_status(self, status: Status) -> list[ParticipantResult]:
        return [r for r in self.results if r.status == status]

    @property
    def ok(self) -> list[ParticipantResult]:
        return self.with_status("ok")

    @property
    def failed(self) -> list[ParticipantResult]:
        return self.with_status("failed")

    @property
    def skipped(self) -> list[ParticipantResult]:
        return self.with_status("skipped")

    def counts(self) -> dict[Status, int]:
        """``{"ok": n, "failed": n, "skipped": n}``."""
        found = Counter(r.status for r in self.results)
        return {status: found[status] for status in STATUSES}

    def result(self, participant_id: str) -> ParticipantResult:
        """The result for one participant (``KeyError`` if it was not part of the run)."""
        for r in self.results:
            if r.participant_id == participant_id:
                return r
        raise KeyError(participant_id)

    def summary(self) -> str:
        """``12 worksheet(s) in 8.4 s: 11 ok, 1 failed, 0 skipped``."""
        c = self.counts()
        return (f"{len(self.results)} {self.document}(s) in {self.seconds:.1f} s: {c['ok']} ok, "
                f"{c['failed']} failed, {c['skipped']} skipped")


def report_rows(results: Iterable[ParticipantResult]) -> list[tuple[str, str, str, str, str]]:
    """Rows sorted by participant id; ``error`` holds the skip reason for skipped rows."""
    rows: list[tuple[str, str, str, str, str]] = []
    for r in sorted(results, key=lambda r: r.participant_id):
        seconds = "" if r.seconds is None else f"{r.seconds:.2f}"
        rows.append((r.participant_id, r.status, seconds, r.error or r.message, ";".join(r.outputs)))
    return rows


def report_name(document: str = "worksheet") -> str:
    """``report.csv`` for the worksheets, ``report-<document>.csv`` for another document."""
    return REPORT_NAME if document == "worksheet" else f"report-{document}.csv"


def write_report(out: Path, results: Iterable[ParticipantResult], mode: int = 0o600,
                 document: str = "worksheet") -> Path:
    """Write ``OUT/report.csv`` (``report-<document>.csv``) atomically and return its path."""
    from ..csvsafe import write_safe_csv

    path = out / report_name(document)
    write_safe_csv(path, HEADER, report_rows(results), mode)
    return path
