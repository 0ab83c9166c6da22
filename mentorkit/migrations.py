"""Bring workbook files written by older versions of mentorkit up to the current schema.

Each step takes the raw JSON of version N and returns version N+1. Steps never drop a participant's
answers: anything without a place in the new shape is kept under ``profile.extra``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .schema_version import SCHEMA_VERSION

Raw = dict[str, Any]


def _v0_to_v1(old: Raw) -> Raw:
    """v0 (the prototype) kept the profile flat, skills as ``{name: level}`` and goals as strings."""
    old = dict(old)
    old.pop("schema_version", None)
    profile: Raw = {key: old.pop(key) for key in ("id", "name", "email", "role") if key in old}
    if "stage" in old:
        profile["career_stage"] = old.pop("stage")
    if "field" in old:
        profile["field"] = old.pop("field")
    skills = [
        {"name": name, "current": level if level else None}
        for name, level in (old.pop("skills", None) or {}).items()
    ]
    goals = [{"text": text} for text in old.pop("goals", None) or [] if str(text).strip()]
    contacts = [
        {"name": person.get("name", ""), "needs": list(person.get("needs", []))}
        for person in old.pop("network", None) or []
    ]
    new: Raw = {
        "schema_version": 1,
        "profile": profile,
        "values": list(old.pop("values", None) or []),
        "skills": skills,
        "goals": goals,
        "contacts": contacts,
    }
    leftovers = {key: str(value) for key, value in old.items()}
    if leftovers:
        profile["extra"] = leftovers
    return new


#: v1 contact statuses whose meaning changed in v2. ``drafted`` was set by typing a draft; in v2 the
#: participant sets the status and the draft speaks for itself, so a drafted contact is not contacted.
V1_STATUSES = {"drafted": "not_contacted"}


def _v1_to_v2(old: Raw) -> Raw:
    """v2 only added optional fields (see :data:`mentorkit.model.SCHEMA_VERSION`); statuses are mapped.

    Everything else is copied as it is, including v2 fields that later v1 builds already wrote.
    """
    new = dict(old)
    new["schema_version"] = 2
    contacts = new.get("contacts")
    if isinstance(contacts, list):
        new["contacts"] = [_v1_contact(c) for c in contacts]
    return new


def _v1_contact(contact: object) -> object:
    if not isinstance(contact, dict):
        return contact  # validation names it
    status = contact.get("outreach_status")
    if isinstance(status, str) and status in V1_STATUSES:
        return {**contact, "outreach_status": V1_STATUSES[status]}
    return contact


MIGRATIONS: dict[int, Callable[[Raw], Raw]] = {0: _v0_to_v1, 1: _v1_to_v2}


def version_of(raw: Raw) -> int:
    """The schema version a raw workbook declares (files without one are v0)."""
    version = raw.get("schema_version", 0)
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError(f"schema_version must be an integer, got {version!r}")
    return version


def migrate(raw: Raw) -> Raw:
    """Return ``raw`` upgraded to the current schema version (unchanged if already current)."""
    version = version_of(raw)
    if version > SCHEMA_VERSION:
        raise ValueError(
            f"schema_version {version} is newer than this mentorkit understands "
            f"({SCHEMA_VERSION}); upgrade mentorkit"
        )
    if version < 0:
        raise ValueError(f"schema_version {version} is not a version mentorkit ever wrote")
    while version < SCHEMA_VERSION:
        raw = MIGRATIONS[version](raw)
        version = version_of(raw)
    return raw
