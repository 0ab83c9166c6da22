"""Content in another language: English TOML -> the language's rules -> prose from the catalogs.

``rules/<lang>/<file>.toml`` (in mentorkit and in ``<cohort>/content/``) replaces the keys that
``i18n.toml`` declares as rules for that file; tables merge key by key, arrays of tables item by item
(by their ``key`` field when both sides have one, else by position). Keys of a rules file that are not
rules are ignored with a warning. Prose is then looked up in the ``content-<file>`` catalogs by its key
path *and* its English text, so a cohort override with its own wording stays English until translated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
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


def overlay_rules(name: str, data: Any, rules: Any, origin: str, keys: KeyPolicy | None = None) -> Any:
    """``data`` (thawed) with the rule keys of ``rules`` put in; other keys are ignored and logged."""
    keys = keys or policy()

    def merge(base: Any, over: Any, path: str) -> Any:
        if isinstance(over, Mapping) and isinstance(base, Mapping):
            out = dict(base)
            for key, value in over.items():
                out[key] = merge(base.get(key), value, join(path, str(key)))
            return out
        if _tables(over) and _tables(base):
            return _merge_tables(base, over, path, merge)
        if path and keys.is_rule(name, path):
            return over
        if base is None and isinstance(over, Mapping):
            return merge({}, over, path)
        log.warning("%s: %s is not a rules key of %s.toml (see mentorkit/content/i18n.toml); ignored",
                    origin, path or "(top)", name)
        return base

    return merge(data, rules, "")


def _tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _merge_tables(base: list[Any], over: list[Any], path: str, merge: Any) -> list[Any]:
    out = list(base)
    by_key = {str(item.get("key")): i for i, item in enumerate(base) if item.get("key") is not None}
    for position, item in enumerate(over):
        index = by_key.get(str(item.get("key"))) if item.get("key") is not None else position
        if index is None or index >= len(out):
            continue
        out[index] = merge(out[index], item, f"{path}[{index}]")
    return out


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
        data = thaw(frozen)
        for origin, rules in rules_files(name, lang, cohort_root):
            data = overlay_rules(name, data, rules, origin)
        data = translate(name, data, translations(lang, f"content-{name}", dirs))
        out[name] = freeze(data)
    return out
