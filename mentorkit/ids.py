"""Participant ids: lowercase ASCII slugs made from an email's local part or a name."""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 48

# Windows reserves these names whatever the extension; a cohort folder may be copied there.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}


def slugify(text: str) -> str:
    """``'Zoë Ãlvarez-Ng'`` -> ``'zoe-alvarez-ng'``; empty string if nothing usable is left."""
    ascii_text = (
        unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").lower()
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:MAX_LENGTH].strip("-")
    if slug in _RESERVED:
        slug = f"{slug}-p"
    return slug


def id_from(name: str = "", email: str = "") -> str:
    """A participant id from the email's local part, else from the name."""
    local = email.split("@", 1)[0] if "@" in email else ""
    return slugify(local) or slugify(name)


def unique_id(base: str, taken: set[str]) -> str:
    """``base`` if free, else ``base-2``, ``base-3`` ...; the result is added to ``taken``."""
    base = base or "participant"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate
