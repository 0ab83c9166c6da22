"""Reading translations at run time: the ``.po`` catalogs with Babel's ``read_po``, no build step.

A catalog is read once per process and again when its file changes (one ``stat`` per lookup of a
domain). A catalog that cannot be read is logged with its file and line and treated as empty, so a
participant's page shows English rather than an error. Entries that are empty, fuzzy, or whose
``{placeholders}`` differ from the English are not used.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from babel.messages.pofile import PoFileError, read_po

from .extract import placeholders
from .locales import LOCALE_DIR, candidates, log

#: ``(context, English) -> translation`` for one domain.
Table = Mapping[tuple[str, str], str]
_EMPTY: Table = MappingProxyType({})
_lock = threading.Lock()
_files: dict[Path, tuple[tuple[int, int], Table]] = {}


_KEYWORD_LINE = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+"(.*)"\s*$')
_STRING_LINE = re.compile(r'^"(.*)"\s*$')


def lint(text: str) -> tuple[int, str] | None:
    """The first line Babel would read wrongly rather than refuse (an unquoted or half-quoted string),
    as ``(line number, what)``; None if every line is well formed."""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("msgctxt", "msgid", "msgstr")):
            if not _KEYWORD_LINE.match(line):
                return number, f"expected {line.split()[0]} followed by a quoted string"
        elif not _STRING_LINE.match(line):
            return number, "expected a quoted string"
    return None


def _read(path: Path) -> Table:
    try:
        found = lint(path.read_text(encoding="utf-8"))
        if found is not None:
            log.warning("%s:%s: cannot read this catalog, showing English instead: %s", path, *found)
            return _EMPTY
        with path.open("rb") as fileobj:
            catalog = read_po(fileobj, abort_invalid=True)
    except (PoFileError, OSError, UnicodeDecodeError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        log.warning("%s%s: cannot read this catalog, showing English instead: %s",
                    path, f":{line}" if line else "", exc)
        return _EMPTY
    table: dict[tuple[str, str], str] = {}
    for message in catalog:
        if not message.id or not isinstance(message.id, str) or not isinstance(message.string, str):
            continue
        if not message.string or message.fuzzy:
            continue
        if sorted(placeholders(message.id)) != sorted(placeholders(message.string)):
            log.warning("%s:%s: [%s] the translation's placeholders differ from the English; "
                        "showing English", path, message.lineno, message.context)
            continue
        table[(message.context or "", message.id)] = message.string
    return MappingProxyType(table)


def catalog_table(path: Path) -> Table:
    """The usable entries of the ``.po`` file at ``path`` (empty if it is missing or broken)."""
    try:
        st = path.stat()
    except OSError:
        return _EMPTY
    stamp = (st.st_mtime_ns, st.st_size)
    with _lock:
        hit = _files.get(path)
        if hit is not None and hit[0] == stamp:
            return hit[1]
    table = _read(path)
    with _lock:
        _files[path] = (stamp, table)
    return table


def locale_dirs(cohort_root: Path | None) -> tuple[Path, ...]:
    """Where catalogs are looked up, first match wins: the cohort's ``locale/``, then mentorkit's."""
    dirs = [cohort_root / "locale"] if cohort_root is not None else []
    return (*dirs, LOCALE_DIR)


def translations(lang: str, domain: str, dirs: tuple[Path, ...] = (LOCALE_DIR,)) -> Table:
    """Every usable translation of ``domain`` for ``lang`` (``es_MX`` also takes ``es``'s)."""
    merged: dict[tuple[str, str], str] = {}
    for candidate in reversed(candidates(lang)):  # general first, specific overrides
        for folder in reversed(dirs):
            merged.update(catalog_table(folder / candidate / "LC_MESSAGES" / f"{domain}.po"))
    return MappingProxyType(merged)


#: How long a look at a folder of catalogs stays valid: edits show within this many seconds, and a
#: page that asks for its content many times does not stat thirty files each time.
STAMP_SECONDS = 1.0
_stamps: dict[Path, tuple[float, tuple[tuple[str, int, int], ...]]] = {}


def _folder_stamps(sub: Path) -> tuple[tuple[str, int, int], ...]:
    now = time.monotonic()
    with _lock:
        hit = _stamps.get(sub)
        if hit is not None and now - hit[0] < STAMP_SECONDS:
            return hit[1]
    found = []
    try:
        names = sorted(e.name for e in os.scandir(sub) if e.name.endswith(".po"))
    except OSError:
        names = []
    for name in names:
        try:
            st = (sub / name).stat()
        except OSError:
            continue
        found.append((str(sub / name), st.st_mtime_ns, st.st_size))
    stamps = tuple(found)
    with _lock:
        _stamps[sub] = (now, stamps)
    return stamps


def catalog_stamps(lang: str, dirs: tuple[Path, ...]) -> tuple[tuple[str, int, int], ...]:
    """``(path, mtime, size)`` of every catalog of ``lang`` in ``dirs``: a cache key for derived data
    (looked at again at most every :data:`STAMP_SECONDS` per folder)."""
    found: list[tuple[str, int, int]] = []
    for candidate in candidates(lang):
        for folder in dirs:
            found += _folder_stamps(folder / candidate / "LC_MESSAGES")
    return tuple(found)
