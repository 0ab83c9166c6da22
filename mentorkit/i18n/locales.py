"""Locale tags: normalising what people write (``es-ES``, ``es_mx``, ``ES``) and falling back.

No Babel here beyond :class:`babel.Locale` for validation and language names.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

#: The source language: texts in the content files and notebooks are English.
SOURCE = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_TAG = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$")
log = logging.getLogger("mentorkit.i18n")


@lru_cache(maxsize=256)
def normalize(tag: str | None) -> str | None:
    """``es-es`` -> ``es_ES``; None for an empty or malformed tag (never raises)."""
    if not tag or not isinstance(tag, str) or not _TAG.match(tag.strip()):
        return None
    try:
        return str(Locale.parse(tag.strip().replace("-", "_")))
    except (ValueError, UnknownLocaleError):
        return None


def candidates(tag: str | None) -> list[str]:
    """The catalog folders to try for ``tag``, most specific first: ``es_MX`` -> ``[es_MX, es]``."""
    norm = normalize(tag)
    if not norm:
        return []
    parts = norm.split("_")
    return ["_".join(parts[:n]) for n in range(len(parts), 0, -1)]


def shipped(extra_dirs: tuple[Path, ...] = ()) -> list[str]:
    """The languages with catalogs (bundled or in ``extra_dirs``), English first."""
    found = {SOURCE}
    for folder in (LOCALE_DIR, *extra_dirs):
        found |= _languages_in(folder)
    return [SOURCE, *sorted(found - {SOURCE})]


_looked: dict[Path, tuple[int, frozenset[str]]] = {}


def _languages_in(folder: Path) -> frozenset[str]:
    """The language folders of ``folder``, listed again only when the folder changes (its mtime)."""
    try:
        stamp = folder.stat().st_mtime_ns
    except OSError:
        return frozenset()
    hit = _looked.get(folder)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    try:
        names = frozenset(p.name for p in folder.iterdir()
                          if p.is_dir() and normalize(p.name) is not None and p.name != "templates")
    except OSError:
        names = frozenset()
    _looked[folder] = (stamp, names)
    return names


def resolve(tag: str | None, extra_dirs: tuple[Path, ...] = (), origin: str = "") -> str:
    """The language to show for ``tag``: the most specific shipped match, else English.

    ``es_MX`` resolves to ``es_MX`` if it has catalogs, else ``es``; an unknown or malformed tag
    resolves to English and is logged (with ``origin``, e.g. the settings file it came from).
    """
    if not tag:
        return SOURCE
    available = set(shipped(extra_dirs))
    for candidate in candidates(tag):
        if candidate in available:
            return candidate
    log.warning("%slocale %r has no catalogs (available: %s); showing English",
                f"{origin}: " if origin else "", tag, ", ".join(sorted(available)))
    return SOURCE


def display_name(lang: str, in_lang: str | None = None) -> str:
    """``es`` -> ``español`` (in its own language by default), capitalised for a menu."""
    try:
        name = Locale.parse(lang).get_display_name(Locale.parse(in_lang or lang)) or lang
    except (ValueError, UnknownLocaleError):
        return lang
    return name[:1].upper() + name[1:]
