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
* Reading is bounded: only regular files are opened (never a FIFO or a device), at most
  :data:`MAX_WORKBOOK_BYTES` are read and JSON nesting deeper than :data:`MAX_JSON_DEPTH` is refused.
  :meth:`Cohort.scan` is the one way to list a cohort's workbooks: every file that cannot be used is
  named with its reason and skipped, and a workbook whose ``profile.id`` differs from its file name
  is one of them.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .content import Content, content_for
from .errors import MentorkitError, WorkbookError
from .migrations import migrate
from .model import SECTIONS, Workbook
from .tomlfile import read_toml

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
CONFIG_NAME = "mentorkit.toml"
#: The largest workbook file read (a workbook at every schema cap is well below this).
MAX_WORKBOOK_BYTES = 8 * 1024 * 1024
#: The deepest JSON nesting accepted in a workbook (a real one nests 5 levels).
MAX_JSON_DEPTH = 32


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


def _read_bounded(path: Path) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_WORKBOOK_BYTES`; never opens a FIFO or device."""
    try:
        info = os.stat(path)  # follows a symlink: its target must be a regular file too
    except FileNotFoundError:
        if os.path.lexists(path):
            raise WorkbookError(path, [("", "a symlink to nothing (dangling)")]) from None
        raise WorkbookError(path, [("", "file not found")]) from None
    except OSError as exc:
        raise WorkbookError(path, [("", f"cannot read file: {exc.strerror or exc}")]) from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (pipe, device or socket)"
        raise WorkbookError(path, [("", f"{kind}; only regular files are read")])
    if info.st_size > MAX_WORKBOOK_BYTES:
        raise WorkbookError(path, [("", f"{info.st_size} bytes; the limit is {MAX_WORKBOOK_BYTES}")])
    try:
        # O_NONBLOCK: if the file was swapped for a FIFO since the stat, opening it cannot hang.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise WorkbookError(path, [("", f"cannot read file: {exc.strerror or exc}")]) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise WorkbookError(path, [("", "not a regular file; only regular files are read")])
        chunks, size = [], 0
        while size <= MAX_WORKBOOK_BYTES:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise WorkbookError(path, [("", f"cannot read file: {exc.strerror or exc}")]) from None
    finally:
        os.close(fd)
    if size > MAX_WORKBOOK_BYTES:
        raise WorkbookError(path, [("", f"more than {MAX_WORKBOOK_BYTES} bytes")])
    return b"".join(chunks)


def json_depth(value: object, stop: int = MAX_JSON_DEPTH) -> int:
    """How deep lists and objects nest in a parsed JSON value (iterative: no recursion).

    Stops counting once deeper than ``stop``.
    """
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if deepest > stop:
            break
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def read_json(path: Path | str) -> object:
    """The JSON value of a workbook file, read within the bounds (see :func:`read_workbook`)."""
    path = Path(path)
    data = _read_bounded(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WorkbookError(path, [("", f"cannot read file: not UTF-8 text ({exc.reason})")]) from None
    too_deep = WorkbookError(path, [("", f"JSON nested deeper than the limit of {MAX_JSON_DEPTH} levels")])
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WorkbookError(
            path, [("", f"not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}")]
        ) from None
    except RecursionError:
        raise too_deep from None
    if json_depth(raw) > MAX_JSON_DEPTH:  # before anything walks it recursively
        raise too_deep
    return raw


def read_workbook(path: Path | str) -> Workbook:
    """Read and validate one workbook file, migrating older versions in memory.

    Bounded: regular files only, at most :data:`MAX_WORKBOOK_BYTES`, nesting at most
    :data:`MAX_JSON_DEPTH`; anything else is a :class:`WorkbookError` naming the file.
    """
    return parse_workbook(read_json(path), path)


def _id_mismatch(claimed: object, path: Path) -> WorkbookError:
    return WorkbookError(
        path, [("profile.id", f"is {claimed!r} but the file is named {path.name}; a copied or "
                "linked file? Not used, so two files never stand for one person")]
    )


def check_file_id(workbook: Workbook, path: Path) -> Workbook:
    """``workbook`` if its ``profile.id`` matches the file name ``<id>.json``, else :class:`WorkbookError`."""
    if workbook.id != path.stem:
        raise _id_mismatch(workbook.id, path)
    return workbook


@dataclass
class Entry:
    """One usable workbook of a cohort."""

    id: str
    path: Path
    workbook: Workbook


@dataclass
class Scan:
    """What :meth:`Cohort.scan` found: usable workbooks, and ``(path, reason)`` for each file skipped."""

    #: The usable workbooks (empty when scanned with ``workbooks=False``: then only :attr:`ids`).
    entries: list[Entry] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    #: Ids whose file is safe to read and names its own id but does not validate (also in ``skipped``).
    invalid: list[str] = field(default_factory=list)
    _errors: list[WorkbookError] = field(default_factory=list, repr=False)
    _ids: list[str] = field(default_factory=list, repr=False)

    def skip(self, error: WorkbookError) -> None:
        """Record a file that cannot be used."""
        assert error.path is not None
        self._errors.append(error)
        self.skipped.append((error.path, "; ".join(f"{f}: {m}" if f else m for f, m in error.problems)))

    @property
    def ids(self) -> list[str]:
        """The ids of the usable workbooks, in file-name order."""
        return list(self._ids)

    @property
    def books(self) -> list[Workbook]:
        return [e.workbook for e in self.entries]

    def errors(self) -> list[WorkbookError]:
        """The skipped files as errors (one line per problem: ``<path>: <field>: <message>``)."""
        return list(self._errors)

    def lines(self) -> list[str]:
        """One ``<path>: skipped: <reason>`` line per skipped file."""
        return [f"{path}: skipped: {reason}" for path, reason in self.skipped]


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


def make_dirs(path: Path | str, mode: int = 0o700) -> Path:
    """Create ``path`` and any missing parents with ``mode`` from the start, whatever the umask.

    Each new folder is made with ``mode`` (so it is never wider, even for a moment) and then given
    exactly ``mode`` with chmod (the umask may have narrowed it, and mkdir ignores setgid bits).
    Folders that already exist are left as they are.
    """
    path = Path(path)
    missing = []
    current = path
    while not current.is_dir():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, mode & 0o777)
        except FileExistsError:
            if not folder.is_dir():
                raise MentorkitError(f"{folder}: exists and is not a folder") from None
            continue
        os.chmod(folder, mode)
    return path


def _load_config(root: Path) -> dict[str, Any]:
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
        # One absolute root for every command, notebook and template: symlinks in the path to the
        # cohort are resolved once here; ``workbooks/`` itself is always ``root / "workbooks"``.
        self.root = Path(root).expanduser().resolve()
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
    def locale(self) -> str:
        """The cohort's default language (``locale = "es"`` in ``mentorkit.toml``), resolved to one
        with catalogs; ``en`` when unset or unknown (an unknown tag is logged with the file)."""
        return self.locale_for(None)

    def locale_for(self, chosen: str | None) -> str:
        """The language for a participant who chose ``chosen`` (empty: the cohort's default)."""
        from .i18n import locales, runtime

        tag = chosen or self.config.get("locale")
        origin = "a participant's choice" if chosen else str(self.root / CONFIG_NAME)
        return locales.resolve(str(tag) if tag else None, runtime.locale_dirs(self.root), origin)

    @property
    def content(self) -> Content:
        """The cohort's content (bundled files plus ``content/*.toml`` overrides) in its default
        language, current as of now."""
        return content_for(self.root, self.locale)

    def content_in(self, locale: str | None) -> Content:
        """The cohort's content for a participant who chose ``locale`` (empty: the cohort default)."""
        return content_for(self.root, self.locale_for(locale))

    @property
    def workbooks_dir(self) -> Path:
        return self.root / "workbooks"

    def make_dir(self, path: Path) -> Path:
        """Create ``path`` (and parents) if missing, with the cohort's folder permissions.

        Existing folders keep their permissions: on a shared server they may belong to someone else.
        """
        return make_dirs(path, self.dir_mode)

    def ensure(self) -> Cohort:
        """Create the cohort's folders if they are missing."""
        self.make_dir(self.root)
        self.make_dir(self.workbooks_dir)
        return self

    def path_for(self, participant_id: str) -> Path:
        return self.workbooks_dir / f"{check_participant_id(participant_id)}.json"

    def ids(self) -> list[str]:
        """Participant ids with a ``<id>.json`` entry in ``workbooks/`` (usable or not), sorted."""
        if not self.workbooks_dir.is_dir():
            return []
        return sorted(
            p.stem for p in self.workbooks_dir.glob("*.json") if ID_PATTERN.match(p.stem)
        )

    def scan(self, workbooks: bool = True) -> Scan:
        """The one way to list a cohort's workbooks: usable ones, and each other file with its reason.

        A ``*.json`` entry of ``workbooks/`` is used only if its name is a participant id, it is a
        regular file (or a link to one) within the size and nesting bounds, it validates, and its
        ``profile.id`` equals the file name. Nothing is ever opened that could block (FIFOs, devices).
        ``workbooks=False`` keeps only the ids: each workbook is dropped once it has validated, so
        listing 50,000 costs the memory of one (a render's plan needs no more).
        """
        result = Scan()
        if not self.workbooks_dir.is_dir():
            return result
        for path in sorted(self.workbooks_dir.glob("*.json")):
            if not ID_PATTERN.match(path.stem):
                result.skip(WorkbookError(path, [("", "the file name is not a participant id")]))
                continue
            try:
                raw = read_json(path)
            except WorkbookError as exc:
                result.skip(exc)
                continue
            profile = raw.get("profile") if isinstance(raw, dict) else None
            claimed = profile.get("id") if isinstance(profile, dict) else None
            if claimed is not None and claimed != path.stem:
                result.skip(_id_mismatch(claimed, path))
                continue
            try:
                workbook = check_file_id(parse_workbook(raw, path), path)
            except WorkbookError as exc:
                result.skip(exc)
                result.invalid.append(path.stem)
                continue
            result._ids.append(path.stem)
            if workbooks:
                result.entries.append(Entry(path.stem, path, workbook))
        return result

    def exists(self, participant_id: str) -> bool:
        return os.path.lexists(self.path_for(participant_id))

    def load(self, participant_id: str) -> Workbook:
        """Read one workbook; a file whose ``profile.id`` is not ``participant_id`` is refused."""
        path = self.path_for(participant_id)
        return check_file_id(read_workbook(path), path)

    def load_all(self) -> tuple[list[Workbook], list[WorkbookError]]:
        """Every usable workbook, and an error for each file skipped (see :meth:`scan`)."""
        scan = self.scan()
        return scan.books, scan.errors()

    @contextlib.contextmanager
    def lock(self, participant_id: str) -> Iterator[None]:
        """Hold the exclusive lock of one workbook (an flock on a hidden lock file)."""
        self.ensure()
        lock_dir = self.root / ".locks"
        if lock_dir.is_symlink() or (os.path.lexists(lock_dir) and not lock_dir.is_dir()):
            raise MentorkitError(f"{lock_dir}: is a symlink or not a folder; refusing to create lock "
                                 "files through it (remove it and try again)")
        if not lock_dir.is_dir():
            self.make_dir(lock_dir)
        lock_path = lock_dir / f"{check_participant_id(participant_id)}.lock"
        # Read-only is enough for flock, so a group member can lock a file another member created.
        # O_NOFOLLOW: a lock file planted as a symlink is never followed; O_NONBLOCK: nor a FIFO waited on.
        flags = os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(lock_path, flags, self.file_mode)
        except OSError as exc:
            raise MentorkitError(f"{lock_path}: cannot open the lock file: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _write(self, workbook: Workbook) -> None:
        try:  # in-place edits (a list appended to) are not validated on assignment: check the caps now
            Workbook.model_validate(workbook.model_dump(mode="json"))
        except ValidationError as exc:
            raise WorkbookError(self.path_for(workbook.id), validation_problems(exc)) from None
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
            if base is None or not os.path.lexists(path):
                merged = workbook
            else:
                on_disk = self.load(workbook.id)
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
            if os.path.lexists(self.path_for(workbook.id)):
                raise MentorkitError(f"{self.path_for(workbook.id)}: already exists")
            self._write(workbook)
            return workbook


def changed_sections(workbook: Workbook, base: Workbook) -> list[str]:
    """The top-level sections whose content differs between ``workbook`` and ``base``."""
    return [s for s in SECTIONS if workbook.section_data(s) != base.section_data(s)]


_MISSING = object()


def _by_id(items: object) -> dict[str, dict[str, Any]] | None:
    """``{id: item}`` when ``items`` is a list of objects with unique ids, else None."""
    if not isinstance(items, list):
        return None
    keyed: dict[str, dict[str, Any]] = {}
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
    merged_items: list[object] = []
    for item_id, item in their_items.items():
        if item_id in base_items and item_id not in mine_items:
            continue  # removed here
        if item_id in mine_items and item_id in base_items:
            merged_items.append(merge3(item, mine_items[item_id], base_items[item_id]))
        else:
            merged_items.append(item)
    present = {item_id for item_id in their_items if item_id in mine_items or item_id not in base_items}
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


def cohort_of(workbook: Path) -> Path | None:
    """The cohort folder of ``<cohort>/workbooks/<id>.json``, or None for a loose workbook file."""
    return workbook.parent.parent if workbook.parent.name == "workbooks" else None


def read_for_document(workbook_path: Path | str, locale: str = "") -> tuple[Workbook, Path | None, str]:
    """What a document template needs: the workbook (a clear error names the file if it cannot be
    used), its cohort folder (None for a loose file) and the language (``locale``, or when empty the
    participant's: see :func:`participant_locale`)."""
    if not workbook_path:
        raise ValueError("workbook_path is empty: pass -p workbook_path <cohort>/workbooks/<id>.json")
    path = Path(workbook_path)
    workbook = read_workbook(path)
    return workbook, cohort_of(path), locale or participant_locale(path)


def participant_locale(workbook: Path | str) -> str:
    """The language of a participant's documents: their choice (``profile.locale``), else their
    cohort's default (``locale`` in ``mentorkit.toml``), else English (also for an unreadable file)."""
    workbook = Path(workbook)
    try:
        data = json.loads(workbook.read_text(encoding="utf-8"))
        chosen = str(data.get("profile", {}).get("locale") or "") or None
    except (OSError, ValueError, AttributeError):
        chosen = None
    root = cohort_of(workbook)
    if root is None:
        from .i18n.locales import resolve

        return resolve(chosen)
    return Cohort(root).locale_for(chosen)
