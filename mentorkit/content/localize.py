"""Content in another language: English TOML -> the language's rules -> prose from the catalogs.

``rules/<lang>/<file>.toml`` (in mentorkit and in ``<cohort>/content/``) replaces the keys that
``i18n.toml`` declares as rules for that file (:func:`with_rules_of`, the one overlay: also behind
:func:`mentorkit.content.overlay.with_rules`); tables merge key by key, arrays of tables item by
item, in order (or by their ``key`` when a rules item names one). Keys of a rules file that are not
rules are ignored with a warning. Prose is then looked up in the ``content-<file>`` catalogs by its
key path *and* its English text, so a cohort override with its own wording stays English until
translated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import UnusableInput
from ..i18n.keys import KeyPolicy, join, policy
from ..i18n.locales import candidates, log
from ..i18n.runtime import Table, translations
from ..tomlfile import parse_toml
from .loader import freeze, thaw

RULES_DIR = "rules"


def rules_files(name: str, lang: str, cohort_root: Path | None) -> list[tuple[str, Mapping[str, Any]]]:
    """``(origin, data)`` of every rules file for content file ``name`` in ``lang``, general first."""
    found: list[tuple[str, Mapping[str, Any]]] = []
    package = resources.files("mentorkit.content").joinpath(RULES_DIR)
    for candidate in reversed(candidates(lang)):
        places: list[tuple[str, Any]] = [(f"mentorkit/content/{RULES_DIR}/{candidate}/{name}.toml",
                                          package.joinpath(candidate).joinpath(f"{name}.toml"))]
        if cohort_root is not None:
            path = cohort_root / "content" / RULES_DIR / candidate / f"{name}.toml"
            places.append((str(path), path))
        for origin, entry in places:
            if not entry.is_file():
                continue
            try:
                found.append((origin, parse_toml(entry.read_text(encoding="utf-8"), origin)))
            except (UnusableInput, OSError, UnicodeDecodeError) as exc:
                log.warning("%s: rules file ignored, the English rules apply: %s", origin, exc)
    return found


def merge(base: Any, rules: Any) -> Any:
    """``base`` with ``rules`` laid over it (same key paths); both frozen, the result frozen.

    Tables merge key by key; arrays and values are replaced whole; an array of tables merges item by
    item, in order, except that a rules item naming a ``key`` goes to the base table with that key
    (tables beyond the rules' are kept as they are; rules beyond the base's, or naming an unknown
    key, are ignored).
    """
    if isinstance(base, Mapping) and isinstance(rules, Mapping):
        merged = dict(base)
        for key, value in rules.items():
            merged[key] = merge(base[key], value) if key in base else value
        return MappingProxyType(merged)
    if isinstance(base, tuple) and _tables(rules) and all(isinstance(b, Mapping) for b in base):
        # item by item; a cohort that lists more tables keeps its extra ones as they are
        out = list(base)
        by_key = {str(b["key"]): i for i, b in enumerate(base) if b.get("key") is not None}
        for position, item in enumerate(rules):
            index = by_key.get(str(item["key"])) if item.get("key") is not None else position
            if index is not None and index < len(out):
                out[index] = merge(out[index], item)
        return tuple(out)
    return rules


def rule_keys(name: str, rules: Any, origin: str, keys: KeyPolicy | None = None) -> Any:
    """The part of a rules file that ``i18n.toml`` declares as rules of ``name``.toml (frozen).

    Any other key (prose, ids) is dropped with a warning: prose is translated in the catalogs.
    Arrays of tables keep their positions (an emptied table stays), so they still merge in order.
    """
    keys = keys or policy()

    def keep(value: Any, path: str) -> Any:
        if path and keys.is_rule(name, path):
            return value
        if isinstance(value, Mapping):
            out = {}
            for key, item in value.items():
                if key == "key" and path.endswith("]"):  # names the table of an array it applies to
                    out[key] = item
                    continue
                kept = keep(item, join(path, str(key)))
                if kept is not _DROPPED:
                    out[key] = kept
            return MappingProxyType(out) if out or not path else _DROPPED
        if _tables(value):
            items = [keep(item, join(path, index)) for index, item in enumerate(value)]
            if all(item is _DROPPED for item in items):
                return _DROPPED
            return tuple(MappingProxyType({}) if item is _DROPPED else item for item in items)
        log.warning("%s: %s is not a rules key of %s.toml (see mentorkit/content/i18n.toml); ignored",
                    origin, path or "(top)", name)
        return _DROPPED

    kept = keep(freeze(rules), "")
    return kept if kept is not _DROPPED else MappingProxyType({})


def with_rules_of(name: str, data: Mapping[str, Any], found: list[tuple[str, Mapping[str, Any]]],
                  keys: KeyPolicy | None = None) -> Mapping[str, Any]:
    """Content file ``name`` (frozen) with each ``(origin, rules)`` of ``found`` laid over it, in order.

    The one way rules reach content: :func:`localize` (``content_for(root, locale)``) and
    :func:`mentorkit.content.overlay.with_rules` both call it.
    """
    for origin, rules in found:
        data = merge(data, rule_keys(name, rules, origin, keys))
    return data


_DROPPED = object()


def _tables(value: Any) -> bool:
    return (isinstance(value, list | tuple) and bool(value)
            and all(isinstance(v, Mapping) for v in value))


def translate(name: str, data: Any, table: Table, keys: KeyPolicy | None = None) -> Any:
    """``data`` (thawed) with each prose string replaced by its translation from ``table``."""
    keys = keys or policy()

    def walk(value: Any, path: str) -> Any:
        if isinstance(value, Mapping):
            return {k: walk(v, join(path, str(k))) for k, v in value.items()}
        if isinstance(value, Sequence) and not isinstance(value, str):
            return [walk(v, join(path, i)) for i, v in enumerate(value)]
        if isinstance(value, str) and keys.is_prose(name, path, value):
            return table.get((path, value), value)
        return value

    return walk(data, "")


def localize(files: Mapping[str, Mapping[str, Any]], lang: str, cohort_root: Path | None,
             dirs: tuple[Path, ...]) -> dict[str, Mapping[str, Any]]:
    """Every content file in ``lang``: rules overlaid, prose translated, frozen again."""
    out: dict[str, Mapping[str, Any]] = {}
    for name, frozen in files.items():
        data = thaw(with_rules_of(name, frozen, rules_files(name, lang, cohort_root)))
        data = translate(name, data, translations(lang, f"content-{name}", dirs))
        out[name] = freeze(data)
    return out
