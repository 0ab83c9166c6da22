"""Per-language checker rules: word lists, phrase lists and patterns, kept apart from catalog text.

The English rules are part of the content files themselves (``smart.toml``, ``outreach.toml``,
``agreement.toml``). Another language's rules live in ``mentorkit/content/rules/<lang>/<file>.toml``
and use the **same key paths** as the English file: each key a rules file sets replaces that key
for the language; every other key (messages, templates, labels) is left to the catalogs.

Tables are merged key by key; arrays and values are replaced whole; an array of tables
(``[[frequencies]]``) is merged item by item, in order, so a rules file can give ``aliases`` to each
frequency without repeating its key and label (tables beyond the rules file's are kept as they are;
rules beyond the content's are ignored). ``with_rules(content, "es")`` is ``content`` with the
Spanish rules laid over it and nothing translated, built once per Content object: for the checker
benchmark, tests and scripts. A workshop in Spanish gets the same rules (and translated prose) from
``content_for(root, locale)``. See ``docs/adding-a-language-rules.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from ..tomlfile import parse_toml
from . import Content
from .loader import freeze

#: The language of the rules written into the content files themselves.
SOURCE_LANGUAGE = "en"


def _lang_key(lang: str) -> str:
    """``"es-MX"`` / ``"es_AR"`` -> ``"es"``: rules are per language, not per region."""
    return lang.replace("-", "_").split("_", 1)[0].casefold()


@cache
def bundled_rules(lang: str) -> Mapping[str, Mapping[str, Any]]:
    """The rules files shipped for ``lang`` (``{"smart": {...}, ...}``); empty for English or a
    language without rules. Parsed once per process."""
    lang = _lang_key(lang)
    if lang == SOURCE_LANGUAGE:
        return MappingProxyType({})
    folder = resources.files("mentorkit.content").joinpath("rules").joinpath(lang)
    if not folder.is_dir():
        return MappingProxyType({})
    files = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            origin = f"mentorkit/content/rules/{lang}/{entry.name}"
            files[entry.name[: -len(".toml")]] = freeze(parse_toml(entry.read_text(encoding="utf-8"), origin))
    return MappingProxyType(files)


def languages() -> tuple[str, ...]:
    """The languages the checkers have rules for, English first."""
    root = resources.files("mentorkit.content").joinpath("rules")
    found = sorted(e.name for e in root.iterdir() if e.is_dir() and not e.name.startswith(("_", ".")))
    return (SOURCE_LANGUAGE, *found)


def merge(base: Any, rules: Any) -> Any:
    """``base`` with ``rules`` laid over it (same key paths); both frozen, the result frozen."""
    if isinstance(base, Mapping) and isinstance(rules, Mapping):
        merged = dict(base)
        for key, value in rules.items():
            merged[key] = merge(base[key], value) if key in base else value
        return MappingProxyType(merged)
    if (
        isinstance(base, tuple)
        and isinstance(rules, tuple)
        and rules
        and all(isinstance(i, Mapping) for i in (*base, *rules))
    ):
        # item by item, in order; a cohort that lists more tables keeps its extra ones as they are
        return tuple(merge(b, r) for b, r in zip(base, rules, strict=False)) + base[len(rules) :]
    return rules


def with_rules(content: Content, lang: str) -> Content:
    """``content`` with the checker rules of ``lang`` laid over it (English: ``content`` itself).

    Only content files that have a rules file change; their ``origins`` name both files. The
    result is cached on ``content``, so calling this on every check costs a dictionary look-up.
    """
    rules = bundled_rules(lang)
    if not rules:
        return content

    def build(base: Content) -> Content:
        files = dict(base.files)
        origins = dict(base.origins)
        for name, table in rules.items():
            if name in files:
                files[name] = merge(files[name], table)
                origins[name] = f"{origins.get(name, name + '.toml')} + rules/{_lang_key(lang)}/{name}.toml"
        return Content(MappingProxyType(files), MappingProxyType(origins))

    return content.derived(f"rules.{_lang_key(lang)}", build)


def language_of(content: Content | None, name: str = "smart") -> str:
    """The language the rules of content file ``name`` are written for (``language`` key; "en")."""
    if content is None:
        return SOURCE_LANGUAGE
    return str(content.get(name).get("language", SOURCE_LANGUAGE))
