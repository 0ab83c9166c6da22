"""Rendering each participant in their own language: which one, and the template in it.

The language is the participant's choice (``profile.locale``), else their cohort's default
(``locale`` in ``mentorkit.toml``), else English. The template's Markdown comes from the
``notebook-<template>`` catalog; the template also receives the language as its ``locale``
parameter, which the document code uses for its texts, dates, numbers and lists.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..i18n.extract import TITLE_CONTEXT
from ..i18n.locales import SOURCE
from ..i18n.notebooks import translate_notebook
from ..i18n.runtime import locale_dirs, translations
from ..store import cohort_of, participant_locale

__all__ = ["cohort_of", "participant_locale", "template_in", "title_in"]


def template_in(template: Path, lang: str, cohort: Path | None = None) -> Any:
    """The template notebook (an ``nbformat`` node) with its Markdown in ``lang``."""
    import nbformat

    data = _translated(template, template.stat().st_mtime_ns, lang, cohort)
    reads: Any = nbformat.reads  # untyped
    return reads(data, as_version=4)


@lru_cache(maxsize=32)
def _translated(template: Path, _mtime: int, lang: str, cohort: Path | None) -> str:
    nb = json.loads(template.read_text(encoding="utf-8"))
    table = translations(lang, f"notebook-{template.stem}", locale_dirs(cohort))
    return json.dumps(translate_notebook(nb, table, lang))


def title_in(template: Path, title: str, lang: str, cohort: Path | None = None) -> str:
    """A document's page title in ``lang`` (the template's ``metadata.title`` entry), else ``title``."""
    if lang == SOURCE:
        return title
    table = translations(lang, f"notebook-{template.stem}", locale_dirs(cohort))
    return table.get((TITLE_CONTEXT, title), title)
