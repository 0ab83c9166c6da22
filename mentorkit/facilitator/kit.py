"""``mentorkit kit``: everything the facilitator needs for one moment of the workshop, in one folder.

* ``before`` -> ``OUT/before/``: the intake form (``intake-form.csv`` header, ``intake-form.txt`` to paste
  into Google/Microsoft Forms) and one pre-workshop e-mail per participant (``emails/<id>.eml``).
* ``room`` -> ``OUT/room/``: ``slides.html`` (offline), ``timer.ipynb`` (the breakout timer) and the
  anonymised ``dashboard.html`` for the debrief.
* ``after`` -> ``OUT/after/``: one follow-up e-mail per participant (``emails/<id>.eml``, the worksheet
  attached when ``COHORT/worksheets/<id>/worksheet.pdf`` was rendered, else linked or announced), the
  evaluation form (``evaluation-form.csv`` / ``.txt``), a certificate per participant
  (``certificates/<id>/certificate.pdf``) and a mentor's briefing per matched pair
  (``briefings/<mentee id>/briefing.pdf``), both rendered with the worksheet pipeline; with
  ``--evaluation FILE`` the form's results are imported first and the dashboard shows them.

Resumable: a file whose inputs have not changed since it was written is left alone (``up to date``);
the certificates and briefings use render's own stamps. ``OUT/<moment>/report.csv`` lists every item.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UnusableInput
from ..model import Workbook
from ..store import Cohort, write_atomic

MOMENTS = ("before", "room", "after")
STAMP = ".kit.json"
REPORT_COLUMNS = ("item", "participant", "status", "path", "message")


@dataclass
class KitItem:
    item: str
    participant: str
    status: str  # written, up to date, failed, note
    path: str = ""
    message: str = ""


@dataclass
class KitReport:
    moment: str
    out: Path
    items: list[KitItem] = field(default_factory=list)
    report_path: Path | None = None

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)

    @property
    def failed(self) -> list[KitItem]:
        return [i for i in self.items if i.status == "failed"]

    def summary(self) -> str:
        return (f"{self.moment}: {len(self.items)} item(s): {self.count('written')} written, "
                f"{self.count('up to date')} up to date, {len(self.failed)} failed -> {self.out}")


def _digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


class _Folder:
    """One moment's output folder and its stamps (``.kit.json``: relative path -> inputs digest)."""

    def __init__(self, cohort: Cohort, root: Path, report: KitReport):
        self.cohort, self.root, self.report = cohort, root, report
        cohort.make_dir(root)
        try:
            self.stamps: dict[str, str] = json.loads((root / STAMP).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.stamps = {}

    def write(self, item: str, who: str, relative: str, inputs: str, make: Callable[[], str | bytes],
              mode: int = 0o600) -> None:
        """Write ``relative`` from ``make()`` unless it exists and its inputs are unchanged."""
        path = self.root / relative
        if path.is_file() and self.stamps.get(relative) == inputs:
            self.report.items.append(KitItem(item, who, "up to date", relative))
            return
        try:
            data = make()
            self.cohort.make_dir(path.parent)
            if isinstance(data, bytes):
                tmp = path.with_name(f".tmp-{path.name}")
                tmp.write_bytes(data)
                tmp.chmod(mode)
                tmp.replace(path)
            else:
                write_atomic(path, data, mode)
        except Exception as exc:  # one participant's problem never stops the others
            self.stamps.pop(relative, None)
            self.report.items.append(KitItem(item, who, "failed", relative, str(exc).splitlines()[0]))
            return
        self.stamps[relative] = inputs
        self.report.items.append(KitItem(item, who, "written", relative))

    def save(self) -> None:
        write_atomic(self.root / STAMP, json.dumps(self.stamps, indent=1, sort_keys=True) + "\n", 0o600)


def _content_digest(cohort: Cohort) -> str:
    from ..render.plan import PACKAGE_DIR, tree_digest

    return _digest(tree_digest(cohort.root / "content", (".toml",)), tree_digest(PACKAGE_DIR))


def run_kit(cohort_root: Path | str, moment: str, out: Path | str | None = None, *, link: str = "",
            sender: str | None = None, evaluation: Path | None = None, jobs: int = 0,
            render_documents: bool = True) -> KitReport:
    """Produce everything for ``moment`` into ``OUT/<moment>/`` (default ``COHORT/kit``) and report."""
    if moment not in MOMENTS:
        raise UnusableInput(f"--moment {moment!r}: use one of {', '.join(MOMENTS)}")
    cohort = Cohort(cohort_root)
    if not cohort.workbooks_dir.is_dir():
        raise UnusableInput(f"{cohort.root}: not a cohort folder (no workbooks/ inside)")
    base = Path(out) if out is not None else cohort.root / "kit"
    report = KitReport(moment, base / moment)
    folder = _Folder(cohort, base / moment, report)
    books, errors = cohort.load_all()
    for error in errors:
        for line in error.lines():
            report.items.append(KitItem("workbook", "", "failed", "", f"{line} (skipped)"))
    code = _content_digest(cohort)
    try:
        if moment == "before":
            _before(cohort, folder, books, code, link, sender)
        elif moment == "room":
            _room(cohort, folder, books, code)
        else:
            _after(cohort, folder, books, code, link, sender, evaluation, jobs, render_documents)
    finally:
        folder.save()
        from ..csvsafe import write_safe_csv

        report.report_path = folder.root / "report.csv"
        rows = [(i.item, i.participant, i.status, i.path, i.message) for i in report.items]
        write_safe_csv(report.report_path, REPORT_COLUMNS, rows, cohort.file_mode)
    return report


def _forms(folder: _Folder, cohort: Cohort, code: str, name: str,
           header: Callable[[], list[str]], text: Callable[[], str]) -> None:
    from ..csvsafe import csv_text

    folder.write("form", "", f"{name}.csv", code, lambda: csv_text(header(), []), 0o644)
    folder.write("form", "", f"{name}.txt", code, text, 0o644)


def _before(cohort: Cohort, folder: _Folder, books: list[Workbook], code: str, link: str,
            sender: str | None) -> None:
    from .emails import pre_workshop
    from .forms import intake_header, intake_text

    content = cohort.content
    _forms(folder, cohort, code, "intake-form", lambda: intake_header(content), lambda: intake_text(content))
    for book in books:
        def make(wb: Workbook = book) -> str:
            message, notes = pre_workshop(wb, cohort.content_in(wb.profile.locale or None), link, sender)
            folder.report.items.extend(KitItem("pre-workshop e-mail", wb.id, "note", "", n) for n in notes)
            return message.as_string()
        inputs = _digest(code, book.model_dump_json(), link, sender)
        folder.write("pre-workshop e-mail", book.id, f"emails/{book.id}.eml", inputs, make)


def _dashboard(cohort: Cohort, folder: _Folder, books: list[Workbook]) -> None:
    from .aggregate import summarise
    from .dashboard_html import dashboard_html
    from .evaluation import load_evaluation

    def make() -> str:
        summary = summarise(books, cohort.content, evaluation=load_evaluation(cohort))
        return dashboard_html(summary, title="Cohort dashboard (anonymised)")
    folder.write("dashboard", "", "dashboard.html", "always", make, cohort.file_mode)
    folder.stamps.pop("dashboard.html", None)  # it shows the cohort as it is now: always rewritten


def _room(cohort: Cohort, folder: _Folder, books: list[Workbook], code: str) -> None:
    from ..resources import kit_file
    from .slides import slides_html

    slides = kit_file("notebooks/facilitator/slides.ipynb")
    folder.write("slides", "", "slides.html", _digest(code, slides.read_bytes()),
                 lambda: slides_html(slides), 0o644)
    timer = kit_file("notebooks/facilitator/timer.ipynb")
    folder.write("timer", "", "timer.ipynb", _digest(timer.read_bytes()), timer.read_bytes, 0o644)
    _dashboard(cohort, folder, books)


def _after(cohort: Cohort, folder: _Folder, books: list[Workbook], code: str, link: str, sender: str | None,
           evaluation: Path | None, jobs: int, render_documents: bool) -> None:
    from .emails import follow_up
    from .evaluation import read_evaluation, save_evaluation
    from .forms import evaluation_header, evaluation_text

    content = cohort.content
    if evaluation is not None:
        imported = read_evaluation(evaluation, content)
        for r in imported.reports:
            folder.report.items.append(KitItem("evaluation", "", "note", str(evaluation), str(r)))
        save_evaluation(cohort, imported.responses)
        folder.report.items.append(KitItem("evaluation", "", "written", str(cohort.root / "evaluation.json"),
                                           f"{len(imported.responses)} response(s) imported"))
    _forms(folder, cohort, code, "evaluation-form", lambda: evaluation_header(content),
           lambda: evaluation_text(content))
    for book in books:
        sheet = cohort.root / "worksheets" / book.id / "worksheet.pdf"
        if not sheet.is_file():
            html = sheet.with_suffix(".html")
            sheet = html if html.is_file() else sheet

        def make(wb: Workbook = book, ws: Path = sheet) -> str:
            own = cohort.content_in(wb.profile.locale or None)  # each participant in their language
            message, notes = follow_up(wb, own, link, ws if ws.is_file() else None, sender)
            folder.report.items.extend(KitItem("follow-up e-mail", wb.id, "note", "", n) for n in notes)
            return message.as_string()
        attached = sheet.read_bytes() if sheet.is_file() else b""
        inputs = _digest(code, book.model_dump_json(), link, sender, attached)
        folder.write("follow-up e-mail", book.id, f"emails/{book.id}.eml", inputs, make)
    if render_documents and books:
        _render(cohort, folder, "certificate", "Certificate of participation", None, jobs)
        paired = [b.id for b in books if b.proposed_mentor is not None]
        if paired:
            _render(cohort, folder, "briefing", "Mentor's briefing", paired, jobs)
        else:
            folder.report.items.append(KitItem("briefing", "", "note", "", "no matched pairs yet: "
                                               "run mentorkit match --apply first"))
    _dashboard(cohort, folder, books)


def _render(cohort: Cohort, folder: _Folder, document: str, title: str, only: list[str] | None,
            jobs: int) -> None:
    from ..render.run import render_cohort
    from ..resources import kit_file

    out = folder.root / f"{document}s"
    template = kit_file(f"worksheets/{document}.ipynb")
    result = render_cohort(cohort.root, out, formats=("pdf",), template=template, document=document,
                           title=title, only=only, jobs=jobs or 1)
    for r in result.results:
        status = {"ok": "written", "skipped": "up to date"}.get(r.status, "failed")
        path = ", ".join(f"{document}s/{o}" for o in r.outputs)
        folder.report.items.append(KitItem(document, r.participant_id, status, path,
                                           "" if status != "failed" else r.message))

