"""Reading content files: the bundled TOML files once per process, a cohort's overrides when they change.

A cohort's ``content/`` folder is checked with one ``stat`` per file on every :func:`content_for`
call; the files are parsed again only when a name, size, modification time or inode differs.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Hashable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar, cast

from ..errors import UnusableInput
from ..tomlfile import parse_toml

#: ``(file name, size, mtime_ns, inode)`` of every ``*.toml`` in a cohort's ``content/`` folder.
Signature = tuple[tuple[str, int, int, int], ...]
T = TypeVar("T")

_lock = threading.Lock()
_cache: dict[str, tuple[Hashable, Any]] = {}
#: How many content files were parsed (bundled and overrides); tests use it to prove caching.
parse_count = 0


def freeze(value: Any) -> Any:
    """A read-only copy of parsed TOML: tables become mapping proxies, arrays tuples."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """A plain, mutable copy of frozen content: mapping proxies become dicts, tuples lists."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value


def _parse(text: str, origin: str) -> Mapping[str, Any]:
    global parse_count
    parse_count += 1
    frozen: Mapping[str, Any] = freeze(parse_toml(text, origin))
    return frozen


@lru_cache(maxsize=1)
def bundled_files() -> Mapping[str, Mapping[str, Any]]:
    """Every content file shipped with mentorkit, parsed once per process."""
    folder = resources.files("mentorkit.content")
    files = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml") and entry.name != "i18n.toml":  # i18n.toml: about content
            name = entry.name[: -len(".toml")]
            files[name] = _parse(entry.read_text(encoding="utf-8"), f"mentorkit/content/{entry.name}")
    return MappingProxyType(files)


def signature(folder: Path) -> Signature:
    """Name, size, mtime and inode of each ``*.toml`` in ``folder`` (empty if there is no folder)."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return ()
    except OSError as exc:
        raise UnusableInput(f"{folder}: cannot list content overrides: {exc.strerror or exc}") from None
    found = []
    for entry in entries:
        if not entry.name.endswith(".toml") or entry.name.startswith("."):
            continue
        try:
            st = entry.stat()
        except FileNotFoundError:  # removed while we looked
            continue
        found.append((entry.name, st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(sorted(found))


def read_overrides(folder: Path, sig: Signature) -> tuple[dict[str, Mapping[str, Any]], dict[str, str]]:
    """Parse the override files named in ``sig``; returns ``(files, origins)`` keyed by content name."""
    files: dict[str, Mapping[str, Any]] = {}
    origins: dict[str, str] = {}
    for file_name, *_ in sig:
        path = folder / file_name
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:  # removed since the stat: the next call sees a new signature
            continue
        except (OSError, UnicodeDecodeError) as exc:
            raise UnusableInput(f"{path}: cannot read content override: {exc}") from None
        name = file_name[: -len(".toml")]
        files[name] = _parse(text, str(path))
        origins[name] = str(path)
    return files, origins


def cached(root: Path, build: Callable[[Path, Signature], T], variant: str = "",
           extra: Callable[[], Hashable] | None = None) -> T:
    """The object ``build(folder, signature)`` made for ``root``, rebuilt when the overrides change.

    ``variant`` keeps one object per kind (a language); ``extra()`` adds to the signature whatever
    else the object is built from (the language's rules files and catalogs).
    """
    folder = root / "content"
    key = f"{os.path.abspath(root)}\0{variant}"
    sig = signature(folder)
    stamp = (sig, extra() if extra is not None else None)
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == stamp:
            return cast(T, hit[1])
    made = build(folder, sig)
    with _lock:
        _cache[key] = (stamp, made)
    return made
