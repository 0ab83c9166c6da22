"""Per-language checker rules: word lists, phrase lists and patterns, kept apart from catalog text.

The English rules are part of the content files themselves (``smart.toml``, ``outreach.toml``,
``agreement.toml``). Another language's rules live in ``mentorkit/content/rules/<lang>/<file>.toml``
and use the **same key paths** as the English file: each key a rules file sets replaces that key
for the language; every other key (messages, templates, labels) is left to the catalogs.

The overlay itself is :func:`mentorkit.content.localize.with_rules_of`, the same one
``content_for(root, locale)`` uses: only keys ``i18n.toml`` declares as rules are taken; tables are
merged key by key; arrays and values are replaced whole; an array of tables (``[[frequencies]]``)
is merged item by item, in order, so a rules file can give ``aliases`` to each frequency without
repeating its key and label (tables beyond the rules file's are kept as they are; rules beyond the
content's are ignored). ``with_rules(content, "es")`` is ``content`` with the Spanish rules laid
over it and nothing translated, built once per Content object: for the checker benchmark, tests and
scripts. A workshop in Spanish gets the same rules (and translated prose) from
``content_for(root, locale)``. See ``docs/adding-a-language-rules.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from . import Content
from .localize import RULES_DIR, merge, rules_files, with_rules_of

__all__ = ["SOURCE_LANGUAGE", "bundled_rules", "language_of", "languages", "merge", "with_rules"]

#: The language of the rules written into the content files themselves.
SOURCE_LANGUAGE = "en"


def _lang_key(lang: str) -> str:
    """``"es-MX"`` / ``"es_AR"`` -> ``"es"``: rules are per language, not per region."""
    return lang.replace("-", "_").split("_", 1)[0].casefold()


@cache
def bundled_rules(lang: str) -> Mapping[str, Mapping[str, Any]]:
    """The rules shipped for ``lang`` (``{"smart": {...}, ...}``, only the keys ``i18n.toml`` declares
    as rules); empty for English or a language without rules. Parsed once per process."""
    lang = _lang_key(lang)
    if lang == SOURCE_LANGUAGE:
        return MappingProxyType({})
    folder = resources.files("mentorkit.content").joinpath(RULES_DIR).joinpath(lang)
    if not folder.is_dir():
        return MappingProxyType({})
    files = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            name = entry.name[: -len(".toml")]
            files[name] = with_rules_of(name, MappingProxyType({}), rules_files(name, lang, None))
    return MappingProxyType(files)


def languages() -> tuple[str, ...]:
    """The languages the checkers have rules for, English first."""
    root = resources.files("mentorkit.content").joinpath("rules")
    found = sorted(e.name for e in root.iterdir() if e.is_dir() and not e.name.startswith(("_", ".")))
    return (SOURCE_LANGUAGE, *found)


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
        for name in rules:
            if name in files:
                files[name] = with_rules_of(name, files[name], rules_files(name, _lang_key(lang), None))
                origins[name] = f"{origins.get(name, name + '.toml')} + rules/{_lang_key(lang)}/{name}.toml"
        return Content(MappingProxyType(files), MappingProxyType(origins))

    return content.derived(f"rules.{_lang_key(lang)}", build)


def language_of(content: Content | None, name: str = "smart") -> str:
    """The language the rules of content file ``name`` are written for (``language`` key; "en")."""
    if content is None:
        return SOURCE_LANGUAGE
    return str(content.get(name).get("language", SOURCE_LANGUAGE))
