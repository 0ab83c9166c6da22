"""Babel extractors for mentorkit's two kinds of source text: content TOML and notebook Markdown.

Both yield ``pgettext``-style messages, so every entry of a catalog carries its place as the message
context: the key path for TOML (``templates[2].body``), ``<cell id>:<paragraph>`` for notebooks.
They are registered as ``babel.extractors`` entry points (``mentorkit_toml``, ``mentorkit_notebook``)
and called directly by :mod:`mentorkit.i18n.catalogs`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator, Mapping
from pathlib import PurePath
from typing import IO, Any

from ..tomlfile import parse_toml
from .keys import KeyPolicy, leaves, policy

#: What an extractor yields: (line number, function name, (context, message), translator comments).
Extracted = tuple[int, str, tuple[str, str], list[str]]

#: The message context of a notebook's ``metadata.title`` (the HTML page title of a document).
TITLE_CONTEXT = "metadata.title"
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")
_FENCE = re.compile(r"^\s*(```|~~~)")
_COMMENT_ONLY = re.compile(r"^\s*<!--.*?-->\s*$", re.DOTALL)


def placeholders(text: str) -> list[str]:
    """The ``{name}`` placeholders of ``text``, in order, each once."""
    return list(dict.fromkeys(_PLACEHOLDER.findall(text)))


def placeholder_note(text: str) -> list[str]:
    """The translator's note for ``text``: which placeholders to keep (none if it has none)."""
    names = placeholders(text)
    listed = ", ".join("{" + n + "}" for n in names)
    return [f"Keep these placeholders as they are: {listed}"] if names else []


def _name(fileobj: IO[bytes], options: Mapping[str, Any]) -> str:
    if options.get("name"):
        return str(options["name"])
    return str(getattr(fileobj, "name", "") or "")


def toml_messages(text: str, file: str, origin: str, keys: KeyPolicy | None = None) -> Iterator[Extracted]:
    """The prose of content file ``file`` (its stem, e.g. ``ui``) as extracted messages."""
    keys = keys or policy()
    data = parse_toml(text, origin)
    lines = text.splitlines()
    line = 0
    for path, value in leaves(data):
        if not keys.is_prose(file, path, value):
            continue
        line = _find_line(lines, value, line)
        yield line + 1, "pgettext", (path, value), placeholder_note(value)


def _find_line(lines: list[str], value: str, start: int) -> int:
    """Best-effort line (0-based) of ``value`` in the TOML text, searching from ``start``."""
    first = next((part.strip() for part in value.splitlines() if part.strip()), "")[:40]
    probe = json.dumps(first)[1:-1] if first else ""
    for candidate in (first, probe):
        if not candidate:
            continue
        for index in range(start, len(lines)):
            if candidate in lines[index]:
                return index
    return start


def extract_toml(fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str],
                 options: Mapping[str, Any]) -> Iterator[Extracted]:
    """Babel extractor for a content TOML file; ``options['file']`` overrides the file's stem."""
    name = _name(fileobj, options)
    file = str(options.get("file") or PurePath(name).stem)
    yield from toml_messages(fileobj.read().decode("utf-8"), file, name or f"{file}.toml")


def split_blocks(source: str) -> list[str]:
    """Markdown ``source`` cut into blocks at blank lines; a fenced code block stays whole."""
    blocks: list[str] = []
    current: list[str] = []
    fenced = False
    for row in source.splitlines():
        if _FENCE.match(row):
            fenced = not fenced
        if not row.strip() and not fenced:
            if current:
                blocks.append("\n".join(current))
                current = []
            continue
        current.append(row)
    if current:
        blocks.append("\n".join(current))
    return blocks


def join_blocks(blocks: list[str]) -> str:
    """The inverse of :func:`split_blocks` (blocks separated by one blank line)."""
    return "\n\n".join(blocks)


def is_prose_block(block: str) -> bool:
    """False for blocks a translator has nothing to do with: code fences, HTML comments, no letters."""
    if _FENCE.match(block) or _COMMENT_ONLY.match(block):
        return False
    return any(ch.isalpha() for ch in block)


def block_context(cell_id: str, index: int) -> str:
    """The message context of paragraph ``index`` (from 1) of Markdown cell ``cell_id``."""
    return f"{cell_id}:{index}"


def notebook_messages(text: str, origin: str) -> Iterator[Extracted]:
    """The prose paragraphs of a notebook's Markdown cells as extracted messages."""
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{origin}: not a notebook (line {exc.lineno}): {exc.msg}") from None
    title = nb.get("metadata", {}).get("title")
    if isinstance(title, str) and title.strip():
        yield 0, "pgettext", (TITLE_CONTEXT, title), []
    for number, cell in enumerate(nb.get("cells", []), start=1):
        if cell.get("cell_type") != "markdown":
            continue
        cell_id = cell.get("id")
        if not cell_id:
            raise ValueError(f"{origin}: Markdown cell {number} has no id (nbformat 4.5 cell ids needed)")
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        for index, block in enumerate(split_blocks(source), start=1):
            if is_prose_block(block):
                yield number, "pgettext", (block_context(cell_id, index), block), placeholder_note(block)


def extract_notebook(fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str],
                     options: Mapping[str, Any]) -> Iterator[Extracted]:
    """Babel extractor for the Markdown cells of a notebook (line number = cell number)."""
    yield from notebook_messages(fileobj.read().decode("utf-8"), _name(fileobj, options) or "notebook")
