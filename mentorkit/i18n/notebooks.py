"""Notebooks in another language: copies whose Markdown comes from the ``notebook-<stem>`` catalogs.

The English notebooks stay the source. ``mentorkit lab`` and ``mentorkit serve`` write, before the
server starts, one folder per shipped language beside them (``notebooks/es/00_start_here.ipynb`` ...,
never committed) with every Markdown paragraph that has a translation replaced; code cells are kept
as they are, so the pages work the same and their relative links stay inside the language's folder.
A marker file (:data:`MARKER`) names the language of such a folder; a kernel started there (its
working directory is the notebook's folder) knows which language its page is in.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from .extract import TITLE_CONTEXT, block_context, is_prose_block, join_blocks, split_blocks
from .locales import LOCALE_DIR, SOURCE, shipped
from .runtime import Table, translations

#: In a generated folder: the language its notebooks are in.
MARKER = ".mentorkit-locale"
#: Which notebooks of a folder get translated copies.
PATTERN = "0*.ipynb"


def translate_notebook(nb: dict[str, Any], table: Table, lang: str) -> dict[str, Any]:
    """A copy of notebook ``nb`` with its Markdown (and title) translated from ``table``."""
    out = copy.deepcopy(nb)
    meta = out.setdefault("metadata", {})
    title = meta.get("title")
    if isinstance(title, str):
        meta["title"] = table.get((TITLE_CONTEXT, title), title)
    meta.setdefault("mentorkit", {})["locale"] = lang
    for cell in out.get("cells", []):
        if cell.get("cell_type") != "markdown" or not cell.get("id"):
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        blocks = split_blocks(source)
        cell["source"] = join_blocks([
            table.get((block_context(cell["id"], i), block), block) if is_prose_block(block) else block
            for i, block in enumerate(blocks, start=1)])
    return out


def translated(path: Path, lang: str, dirs: tuple[Path, ...] = (LOCALE_DIR,)) -> dict[str, Any]:
    """The notebook at ``path`` in ``lang`` (untranslated paragraphs stay English)."""
    nb: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if lang == SOURCE:
        return nb
    return translate_notebook(nb, translations(lang, f"notebook-{path.stem}", dirs), lang)


def write_translations(folder: Path, dirs: tuple[Path, ...] = (LOCALE_DIR,),
                       langs: list[str] | None = None) -> list[Path]:
    """Write ``folder/<lang>/<notebook>`` for every shipped language; returns the files changed."""
    written: list[Path] = []
    for lang in langs if langs is not None else shipped(dirs):
        if lang == SOURCE:
            continue
        target = folder / lang
        target.mkdir(exist_ok=True)
        marker = target / MARKER
        if not marker.is_file() or marker.read_text(encoding="utf-8").strip() != lang:
            marker.write_text(lang + "\n", encoding="utf-8")
        for source in sorted(folder.glob(PATTERN)):
            text = json.dumps(translated(source, lang, dirs), indent=1, ensure_ascii=False) + "\n"
            path = target / source.name
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                written.append(path)
    return written


def page_locale(folder: Path) -> str:
    """The language of the notebooks in ``folder``: its marker's, else English (the sources)."""
    try:
        return (folder / MARKER).read_text(encoding="utf-8").strip() or SOURCE
    except OSError:
        return SOURCE


def page_path(notebook: str, lang: str) -> str:
    """Where ``notebook`` (e.g. ``01_goals``) in ``lang`` lies, relative to the English notebooks."""
    return f"{notebook}.ipynb" if lang == SOURCE else f"{lang}/{notebook}.ipynb"
