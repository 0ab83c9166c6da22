"""Bring workbook files written by older versions of mentorkit up to the current schema.

Each step takes the raw JSON of version N and returns version N+1. Steps never drop a participant's
answers: anything without a place in the new shape is kept under ``profile.extra``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .model import SCHEMA_VERSION

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


MIGRATIONS: dict[int, Callable[[Raw], Raw]] = {0: _v0_to_v1}


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
    while version < SCHEMA_VERSION:
        raw = MIGRATIONS[version](raw)
        version = version_of(raw)
    return raw
