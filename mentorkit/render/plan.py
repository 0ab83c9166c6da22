"""Who needs rendering: inputs are fingerprinted, outputs carry a stamp of the inputs they came from.

A participant's outputs are up to date when ``OUT/<id>/.render.json`` says ``ok``, lists every
requested format, and records the same fingerprints as now: the workbook file, the template, the
cohort's content overrides, mentorkit's own code and the paper size. The stamp is written after the
outputs are in place, so a run killed half-way leaves those participants without a current stamp and
the next run renders them again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UnusableInput
from ..store import Cohort, check_participant_id
from .report import ParticipantResult
from .worker import DOCUMENT, Task, output_names, stamp_name

PACKAGE_DIR = Path(__file__).resolve().parent.parent
CODE_SUFFIXES = (".py", ".toml", ".css", ".j2", ".json")


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(root: Path, suffixes: tuple[str, ...] = CODE_SUFFIXES) -> str:
    """One digest over the names and bytes of every file under ``root`` with one of ``suffixes``."""
    digest = hashlib.sha256()
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in suffixes):
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class Template:
    """A checked worksheet template."""

    path: Path
    digest: str
    kernel_name: str
    warm_imports: tuple[str, ...]


def check_template(path: Path) -> Template:
    """Read the template notebook; :class:`UnusableInput` names what is wrong with it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UnusableInput(f"template {path}: cannot read it: {exc.strerror or exc}") from None
    try:
        nb = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UnusableInput(f"template {path}: not a notebook (invalid JSON: {exc})") from None
    if not isinstance(nb, dict) or nb.get("nbformat") != 4 or not isinstance(nb.get("cells"), list):
        raise UnusableInput(f"template {path}: not a version 4 Jupyter notebook")
    tagged = [
        c for c in nb["cells"]
        if isinstance(c, dict) and "parameters" in (c.get("metadata") or {}).get("tags", [])
    ]
    if not tagged:
        raise UnusableInput(f"template {path}: no cell is tagged 'parameters' (it should set workbook_path)")
    meta = nb.get("metadata") or {}
    kernel = (meta.get("kernelspec") or {}).get("name") or "python3"
    warm = (meta.get("mentorkit") or {}).get("warm_imports") or []
    if not isinstance(warm, list) or not all(isinstance(m, str) for m in warm):
        raise UnusableInput(
            f"template {path}: metadata.mentorkit.warm_imports must be a list of module names"
        )
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(kernel)
    except NoSuchKernel:
        raise UnusableInput(f"template {path}: its kernel {kernel!r} is not installed here") from None
    return Template(path, hashlib.sha256(raw).hexdigest(), kernel, tuple(warm))


@dataclass
class Plan:
    """The participants to render now, and the ones left as they are."""

    tasks: list[Task] = field(default_factory=list)
    skipped: list[ParticipantResult] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # "<path>: skipped: <reason>" per unusable file

    @property
    def total(self) -> int:
        return len(self.tasks) + len(self.skipped)


def read_stamp(folder: Path, document: str = "worksheet") -> dict[str, Any]:
    """The stamp of a participant's outputs, or ``{}`` when there is none (or it is unreadable)."""
    try:
        stamp = json.loads((folder / stamp_name(document)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def up_to_date(stamp: dict[str, Any], inputs: dict[str, str], formats: tuple[str, ...], folder: Path,
               document: str = DOCUMENT) -> bool:
    return why_render(stamp, inputs, formats, folder, document) is None


def why_render(stamp: dict[str, Any], inputs: dict[str, str], formats: tuple[str, ...], folder: Path,
               document: str = DOCUMENT) -> str | None:
    """Why a participant must be rendered again, from its stamp alone; ``None`` when up to date."""
    names = output_names(document)
    if not stamp:
        started = folder.is_dir() and any(p.name in names.values() or p.name.startswith(f".tmp-{document}.")
                                          for p in folder.iterdir())
        return "unfinished" if started else "new"
    if stamp.get("status") == "failed":
        return "failed last time"
    if stamp.get("status") != "ok":
        return "unfinished"
    old = stamp.get("inputs")
    if not isinstance(old, dict) or old != inputs:
        changed = sorted(k for k in inputs if not isinstance(old, dict) or old.get(k) != inputs[k])
        return "changed: " + ", ".join(changed or ["inputs"])
    if not set(formats) <= set(stamp.get("formats", [])):
        return "new format"
    if not all((folder / names[f]).is_file() for f in formats):
        return "output missing"
    return None


def make_plan(
    cohort: Cohort,
    out: Path,
    template: Template,
    formats: tuple[str, ...],
    paper: str,
    only: list[str] | None = None,
    force: bool = False,
    retry_failed: bool = False,
    document: str = DOCUMENT,
) -> Plan:
    """Decide, per participant, whether to render or skip (see the module docstring).

    ``document`` (``worksheet``, ``agreement``): whose outputs and stamp to look at; each document
    has its own (``<id>/agreement.pdf``, ``<id>/.render-agreement.json``), so each resumes alone.
    """
    if not cohort.workbooks_dir.is_dir():
        raise UnusableInput(f"{cohort.root}: not a cohort folder (no workbooks/ inside)")
    scan = cohort.scan(workbooks=False)  # ids only: the plan of 50,000 holds no workbook
    # A workbook that does not validate is still a task: it fails alone, with its error in the report.
    ids = sorted(scan.ids + scan.invalid)
    plan = Plan()
    plan.ignored = [line for (path, _), line in zip(scan.skipped, scan.lines(), strict=True)
                    if path.stem not in scan.invalid]
    if only:
        for pid in only:
            try:
                check_participant_id(pid)
            except Exception as exc:
                raise UnusableInput(f"--only {pid!r}: {exc}") from None
        missing = [pid for pid in only if pid not in ids]
        if missing:
            raise UnusableInput(
                f"--only: no workbook for {', '.join(missing)} in {cohort.workbooks_dir}"
            )
        ids = [pid for pid in ids if pid in set(only)]
    if not ids:
        raise UnusableInput(f"{cohort.workbooks_dir}: no workbooks to render")

    shared = {
        "template": template.digest,
        "content": tree_digest(cohort.root / "content", (".toml",)),
        "mentorkit": tree_digest(PACKAGE_DIR),
        "paper": paper,
    }
    for pid in ids:
        workbook = cohort.path_for(pid)  # not resolved: the template finds the cohort as its parent
        inputs = {"workbook": file_digest(workbook), **shared}
        folder = out / pid
        stamp = read_stamp(folder, document)
        reason = why_render(stamp, inputs, formats, folder, document)
        note = "up to date"
        if retry_failed and stamp.get("status") != "failed":
            note = "not failed last time" if reason else note
            reason = None
        elif force:
            reason = reason or "forced"
        if reason:
            plan.tasks.append(Task(pid, workbook, inputs, reason))
        else:
            names = output_names(document).values()
            outputs = [f"{pid}/{name}" for name in names if (folder / name).is_file()]
            plan.skipped.append(ParticipantResult(pid, "skipped", outputs=outputs, message=note))
    return plan
