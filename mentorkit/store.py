"""Workbooks on disk: one JSON file per participant in ``<cohort>/workbooks/``.

Guarantees:

* Saves are atomic: the new content goes to a temp file in the same folder, is fsynced, then renamed
  over the old file. A crash leaves either the old or the new file, never half of one.
* A file that fails to parse is never overwritten; the error names it and it stays as it was.
* Concurrent writers (two kernels of the same participant) do not lose each other's changes: a save
  takes an exclusive lock on the workbook, re-reads the file and applies only what this writer
  changed since it last read: a three-way merge by section, by item id within lists (goals,
  contacts, ...) and by field within items (see :func:`merge3`).
* Files are readable by their owner only, unless the cohort is configured as group-shared.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from pydantic import ValidationError

from .content import Content, content_for
from .errors import MentorkitError, WorkbookError
from .migrations import migrate
from .model import SECTIONS, Workbook
from .tomlfile import read_toml

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
CONFIG_NAME = "mentorkit.toml"


def check_participant_id(participant_id: str) -> str:
    """Return ``participant_id`` if it is a safe slug (``[a-z0-9-]``), else raise."""
    if not isinstance(participant_id, str) or not ID_PATTERN.match(participant_id):
        raise MentorkitError(
            f"participant id {participant_id!r} is not a lowercase slug of a-z, 0-9 and '-'"
        )
    return participant_id


def validation_problems(exc: ValidationError) -> list[tuple[str, str]]:
    """Turn pydantic's errors into ``(field path, message)`` pairs."""
    problems = []
    for err in exc.errors():
        parts = [str(part) for part in err["loc"]]
        if err["type"] == "extra_forbidden" and parts:
            # The key itself is data from the file and may be answer text: do not echo it.
            parts[-1] = f"<unknown key of {len(parts[-1])} characters>"
        problems.append((".".join(parts), err["msg"]))
    return problems


def parse_workbook(raw: object, path: Path | str | None = None) -> Workbook:
    """Validate raw JSON data (any schema version) into a current :class:`Workbook`."""
    if not isinstance(raw, dict):
        raise WorkbookError(path, [("", "a workbook must be a JSON object")])
    try:
        current = migrate(raw)
    except (ValueError, TypeError, AttributeError) as exc:
        raise WorkbookError(path, [("schema_version", str(exc))]) from None
    try:
        return Workbook.model_validate(current)
    except ValidationError as exc:
        raise WorkbookError(path, validation_problems(exc)) from None


def read_workbook(path: Path | str) -> Workbook:
    """Read and validate one workbook file, migrating older versions in memory."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WorkbookError(path, [("", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkbookError(path, [("", f"cannot read file: {exc}")]) from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WorkbookError(
            path, [("", f"not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}")]
        ) from None
    return parse_workbook(raw, path)


def dump_workbook(workbook: Workbook) -> str:
    """The canonical JSON text of a workbook."""
    return json.dumps(workbook.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def write_atomic(path: Path, text: str, mode: int = 0o600) -> None:
    """Write ``text`` to ``path`` atomically: temp file in the same folder, fsync, rename."""
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _load_config(root: Path) -> dict:
    path = root / CONFIG_NAME
    if not path.exists():
        return {}
    return read_toml(path, "cohort settings")


class Cohort:
    """A cohort folder: ``workbooks/`` plus, later, ``worksheets/`` and reports beside it.

    Sharing is set in ``<cohort>/mentorkit.toml``::

        [sharing]
        mode = "group"   # default "private": files 0600, folders 0700

    With ``group`` files are created 0660 and folders 2770, so a facilitator in the same Unix group
    (for example on a JupyterHub) can read them.
    """

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.config = _load_config(self.root)
        mode = self.config.get("sharing", {}).get("mode", "private")
        if mode not in ("private", "group"):
            raise MentorkitError(
                f"{self.root / CONFIG_NAME}: sharing.mode must be 'private' or 'group', not {mode!r}"
            )
        self.group_shared = mode == "group"

    def __repr__(self) -> str:
        return f"Cohort({str(self.root)!r})"

    @property
    def file_mode(self) -> int:
        return 0o660 if self.group_shared else 0o600

    @property
    def dir_mode(self) -> int:
        return 0o2770 if self.group_shared else 0o700

    @property
    def content(self) -> Content:
        """The cohort's content (bundled files plus ``content/*.toml`` overrides), current as of now."""
        return content_for(self.root)

    @property
    def workbooks_dir(self) -> Path:
        return self.root / "workbooks"

    def make_dir(self, path: Path) -> Path:
        """Create ``path`` (and parents) if missing, with the cohort's folder permissions.

        Existing folders keep their permissions: on a shared server they may belong to someone else.
        """
        if not path.is_dir():
            path.mkdir(parents=True, exist_ok=True)
            os.chmod(path, self.dir_mode)
        return path

    def ensure(self) -> Cohort:
        """Create the cohort's folders if they are missing."""
        self.make_dir(self.root)
        self.make_dir(self.workbooks_dir)
        return self

    def path_for(self, participant_id: str) -> Path:
        return self.workbooks_dir / f"{check_participant_id(participant_id)}.json"

    def ids(self) -> list[str]:
        """Participant ids with a workbook file, sorted."""
        if not self.workbooks_dir.is_dir():
            return []
        return sorted(
            p.stem for p in self.workbooks_dir.glob("*.json") if ID_PATTERN.match(p.stem)
        )

    def exists(self, participant_id: str) -> bool:
        return self.path_for(participant_id).exists()

    def load(self, participant_id: str) -> Workbook:
        return read_workbook(self.path_for(participant_id))

    def load_all(self) -> tuple[list[Workbook], list[WorkbookError]]:
        """Every workbook that loads, and the errors of those that do not."""
        books, errors = [], []
        for pid in self.ids():
            try:
                books.append(self.load(pid))
            except WorkbookError as exc:
                errors.append(exc)
        return books, errors

    @contextlib.contextmanager
    def lock(self, participant_id: str) -> Iterator[None]:
        """Hold the exclusive lock of one workbook (an flock on a hidden lock file)."""
        self.ensure()
        lock_dir = self.root / ".locks"
        if not lock_dir.is_dir():
            self.make_dir(lock_dir)
        lock_path = lock_dir / f"{check_participant_id(participant_id)}.lock"
        # Read-only is enough for flock, so a group member can lock a file another member created.
        fd = os.open(lock_path, os.O_RDONLY | os.O_CREAT, self.file_mode)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _write(self, workbook: Workbook) -> None:
        write_atomic(self.path_for(workbook.id), dump_workbook(workbook), self.file_mode)

    def save(self, workbook: Workbook, base: Workbook | None = None) -> Workbook:
        """Save ``workbook``, merging with what is on disk; return the merged result.

        ``base`` is the version this writer last read. Sections equal in ``workbook`` and ``base``
        were not touched here, so the disk's version of them is kept (another writer may have changed
        them). Without ``base``, the whole workbook replaces the file.
        An unparsable file on disk raises :class:`WorkbookError` and is left untouched.
        """
        with self.lock(workbook.id):
            path = self.path_for(workbook.id)
            if base is None or not path.exists():
                merged = workbook
            else:
                on_disk = read_workbook(path)
                merged = merge_sections(on_disk, workbook, base)
            self._write(merged)
            return merged

    def update(self, participant_id: str, change: Callable[[Workbook], Workbook | None]) -> Workbook:
        """Read-modify-write one workbook under its lock. ``change`` may edit in place or return."""
        with self.lock(participant_id):
            workbook = self.load(participant_id)
            result = change(workbook) or workbook
            self._write(result)
            return result

    def create(self, workbook: Workbook) -> Workbook:
        """Write a new workbook; refuse to replace an existing one."""
        with self.lock(workbook.id):
            if self.path_for(workbook.id).exists():
                raise MentorkitError(f"{self.path_for(workbook.id)}: already exists")
            self._write(workbook)
            return workbook


def changed_sections(workbook: Workbook, base: Workbook) -> list[str]:
    """The top-level sections whose content differs between ``workbook`` and ``base``."""
    return [s for s in SECTIONS if workbook.section_data(s) != base.section_data(s)]


_MISSING = object()


def _by_id(items: object) -> dict[str, dict] | None:
    """``{id: item}`` when ``items`` is a list of objects with unique ids, else None."""
    if not isinstance(items, list):
        return None
    keyed: dict[str, dict] = {}
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or item["id"] in keyed:
            return None
        keyed[item["id"]] = item
    return keyed


def merge3(theirs: object, mine: object, base: object) -> object:
    """Three-way merge of JSON values: apply what changed from ``base`` to ``mine`` onto ``theirs``.

    Objects merge key by key; lists of items with ids merge item by item (added, removed and edited
    items each carried over, edits again key by key). Anything else that ``mine`` changed replaces
    ``theirs``, so when both sides edited the same value, the later save wins.
    """
    if mine == base:
        return theirs
    if isinstance(mine, dict) and isinstance(base, dict) and isinstance(theirs, dict):
        merged = dict(theirs)
        for key in mine.keys() | base.keys():
            new, old = mine.get(key, _MISSING), base.get(key, _MISSING)
            if new == old:
                continue
            if new is _MISSING:
                merged.pop(key, None)
            elif old is _MISSING or key not in theirs:
                merged[key] = new
            else:
                merged[key] = merge3(theirs[key], new, old)
        return merged
    mine_items, base_items, their_items = _by_id(mine), _by_id(base), _by_id(theirs)
    if mine_items is None or base_items is None or their_items is None:
        return mine
    merged_items = []
    for item_id, item in their_items.items():
        if item_id in base_items and item_id not in mine_items:
            continue  # removed here
        if item_id in mine_items and item_id in base_items:
            item = merge3(item, mine_items[item_id], base_items[item_id])
        merged_items.append(item)
    present = {item["id"] for item in merged_items}
    for item_id, item in mine_items.items():
        if item_id not in present and (item_id not in base_items or item != base_items[item_id]):
            merged_items.append(item)  # added here (or edited here while removed there: keep it)
    return merged_items


def merge_sections(on_disk: Workbook, mine: Workbook, base: Workbook) -> Workbook:
    """Apply the changes ``mine`` made relative to ``base`` onto ``on_disk`` (see :func:`merge3`)."""
    data = on_disk.model_dump(mode="json")
    for section in changed_sections(mine, base):
        data[section] = merge3(data[section], mine.section_data(section), base.section_data(section))
    return Workbook.model_validate(data)
