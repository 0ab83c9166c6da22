"""Locale tags: normalising what people write (``es-ES``, ``es_mx``, ``ES``) and falling back.

No Babel here beyond :class:`babel.Locale` for validation and language names.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from babel import Locale, UnknownLocaleError

#: The source language: texts in the content files and notebooks are English.
SOURCE = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_TAG = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$")
log = logging.getLogger("mentorkit.i18n")


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
        if folder.is_dir():
            found |= {p.name for p in folder.iterdir() if (p / "LC_MESSAGES").is_dir()}
    return [SOURCE, *sorted(found - {SOURCE})]


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
