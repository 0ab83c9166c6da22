"""Key paths in content files, and the declared list of keys that are not translated prose.

A key path names one value of a parsed TOML file: ``templates[2].body``, ``goals.kinds[0][1]``.
``mentorkit/content/i18n.toml`` lists, per content file, the *rules* (word lists the checkers match
on, replaced per language by ``content/rules/<lang>/<file>.toml``) and the *fixed* keys (ids, enum
values); everything else that is a string is prose and goes into the catalogs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..tomlfile import parse_toml

#: The file in ``mentorkit/content`` that declares rules and fixed keys (not itself content).
KEYS_FILE = "i18n.toml"

_TOKEN = re.compile(r"\*\*|\[\*\]|\[\d+\]|\*|[A-Za-z0-9_\-]+|\.")


def join(path: str, step: str | int) -> str:
    """``path`` extended by a key name or a list index."""
    if isinstance(step, int):
        return f"{path}[{step}]"
    return f"{path}.{step}" if path else step


def leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every scalar of parsed TOML with its key path, in document order."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from leaves(item, join(path, str(key)))
    elif isinstance(value, Sequence) and not isinstance(value, str):
        for index, item in enumerate(value):
            yield from leaves(item, join(path, index))
    else:
        yield path, value


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A regular expression matching the key paths ``pattern`` covers (itself and everything below)."""
    parts: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(pattern):
        if match.start() != pos:
            raise ValueError(f"bad key pattern {pattern!r} at {pos + 1}")
        token = match.group()
        pos = match.end()
        if token == "**":
            parts.append(r".*")
        elif token == "[*]":
            parts.append(r"\[\d+\]")
        elif token == "*":
            parts.append(r"[^.\[\]]+")
        elif token == ".":
            parts.append(r"\.")
        else:
            parts.append(re.escape(token))
    if pos != len(pattern) or not pattern:
        raise ValueError(f"bad key pattern {pattern!r}")
    return re.compile("".join(parts) + r"(?:[.\[].*)?")


@dataclass(frozen=True)
class KeyPatterns:
    """The patterns of one kind (rules or fixed) for one content file."""

    patterns: tuple[str, ...]

    def covers(self, path: str) -> bool:
        """True if ``path`` is one of the keys or lies below one."""
        return any(p.fullmatch(path) for p in _compiled(self.patterns))


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(compile_pattern(p) for p in patterns)


@dataclass(frozen=True)
class KeyPolicy:
    """Rules and fixed keys per content file, as declared in ``mentorkit/content/i18n.toml``."""

    rules: Mapping[str, KeyPatterns]
    fixed: Mapping[str, KeyPatterns]

    def is_rule(self, file: str, path: str) -> bool:
        """True if ``path`` of content file ``file`` is a per-language rule."""
        found = self.rules.get(file)
        return found is not None and found.covers(path)

    def is_prose(self, file: str, path: str, value: Any) -> bool:
        """True if the value at ``path`` is translated through the catalogs."""
        if not isinstance(value, str) or not any(ch.isalpha() for ch in value):
            return False
        fixed = self.fixed.get(file)
        return not self.is_rule(file, path) and not (fixed is not None and fixed.covers(path))


def parse_policy(text: str, origin: str) -> KeyPolicy:
    """The policy in ``text`` (the format of ``i18n.toml``); bad patterns name ``origin``."""
    data = parse_toml(text, origin)
    tables: dict[str, dict[str, KeyPatterns]] = {}
    for kind in ("rules", "fixed"):
        table = data.get(kind, {})
        if not isinstance(table, Mapping):
            raise ValueError(f"{origin}: [{kind}] must be a table")
        found: dict[str, KeyPatterns] = {}
        for file, patterns in table.items():
            if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
                raise ValueError(f"{origin}: {kind}.{file} must be a list of key patterns")
            for p in patterns:
                try:
                    compile_pattern(p)
                except ValueError as exc:
                    raise ValueError(f"{origin}: {kind}.{file}: {exc}") from None
            found[str(file)] = KeyPatterns(tuple(patterns))
        tables[kind] = found
    return KeyPolicy(tables["rules"], tables["fixed"])


@cache
def policy() -> KeyPolicy:
    """The policy shipped in ``mentorkit/content/i18n.toml``."""
    text = resources.files("mentorkit.content").joinpath(KEYS_FILE).read_text(encoding="utf-8")
    return parse_policy(text, f"mentorkit/content/{KEYS_FILE}")
