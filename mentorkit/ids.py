"""Participant ids: lowercase ASCII slugs made from an email's local part or a name."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping

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


def login_map(people: Iterable[tuple[str, str]]) -> dict[str, str]:
    """``{login: participant id}`` from ``(participant id, email)`` pairs: the email's local part.

    A local part that two participants share is left out (it would not say who is who).
    """
    seen: dict[str, set[str]] = {}
    for pid, email in people:
        if "@" in email:
            seen.setdefault(email.split("@", 1)[0].strip().casefold(), set()).add(pid)
    return {local: next(iter(ids)) for local, ids in seen.items() if local and len(ids) == 1}


def login_id(login: str, roster: Mapping[str, str] | None = None) -> str:
    """The participant id of a login (``JUPYTERHUB_USER``), never shared by two different logins.

    A login that is already a slug (ignoring case) is its own id. Otherwise, a login equal to the
    local part of exactly one participant's email (``roster``, see :func:`login_map`) is that
    participant. Any other login gets its slug, ``--`` and 8 hex digits of a hash of the exact
    login, so ``ana.lima``, ``ana_lima`` and ``ána-lima`` map to different workbooks (and none of
    them to ``ana-lima``'s). A slug never contains ``--``, so no plain login can take a hashed id.
    """
    text = str(login).strip()
    lowered = text.lower()
    if lowered and slugify(lowered) == lowered and len(lowered) <= MAX_LENGTH:
        return lowered
    if roster and text.casefold() in roster:
        return roster[text.casefold()]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    base = slugify(text)[: MAX_LENGTH - 10].strip("-") or "user"
    return f"{base}--{digest}"


def unique_id(base: str, taken: set[str]) -> str:
    """``base`` if free, else ``base-2``, ``base-3`` ...; the result is added to ``taken``."""
    base = base or "participant"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate
