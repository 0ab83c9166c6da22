"""Catalog files: extracting templates (``.pot``) and updating each language's ``.po`` files.

One domain per source file, so translators can work on different files at once:

- ``content-<stem>``: ``mentorkit/content/<stem>.toml`` (prose keys only, see ``i18n.toml``)
- ``notebook-<stem>``: ``notebooks/0*.ipynb``, ``notebooks/facilitator/slides.ipynb`` and
  ``worksheets/*.ipynb``

Templates live in ``mentorkit/locale/templates/<domain>.pot``, translations in
``mentorkit/locale/<lang>/LC_MESSAGES/<domain>.po``. Updating keeps each translation whose place
(msgctxt) still exists: unchanged English keeps it as it is, changed English keeps it marked fuzzy
(with the previous English as ``#| msgid``), entries whose place is gone are dropped.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, cast

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract
from babel.messages.pofile import read_po, write_po

from .extract import extract_notebook, extract_toml, placeholder_note, placeholders
from .keys import KEYS_FILE

PACKAGE_DIR = Path(__file__).resolve().parent.parent
#: The source checkout (content, notebooks and worksheets are read from here when extracting).
REPO_DIR = PACKAGE_DIR.parent
LOCALE_DIR = PACKAGE_DIR / "locale"
TEMPLATES = "templates"
SOURCE_LANGUAGE = "en"
#: Strings written in code, marked ``tr("...")`` (see :meth:`mentorkit.content.Content.tr`).
PYTHON_DOMAIN = "python"
PROJECT = "mentorkit"
_STABLE_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Source:
    """One source file and the catalog domain its texts go to."""

    domain: str
    path: Path
    kind: str  # "toml" or "notebook"

    @property
    def relative(self) -> str:
        try:
            return self.path.relative_to(REPO_DIR).as_posix()
        except ValueError:
            return self.path.as_posix()


def sources(repo: Path = REPO_DIR) -> list[Source]:
    """Every source file with translatable text, in a stable order."""
    found: list[Source] = []
    for path in sorted((repo / "mentorkit" / "content").glob("*.toml")):
        if path.name != KEYS_FILE:
            found.append(Source(f"content-{path.stem}", path, "toml"))
    notebooks = sorted((repo / "notebooks").glob("0*.ipynb"))
    notebooks += sorted((repo / "notebooks" / "facilitator").glob("slides.ipynb"))
    notebooks += sorted((repo / "worksheets").glob("*.ipynb"))
    for path in notebooks:
        found.append(Source(f"notebook-{path.stem}", path, "notebook"))
    found.append(Source(PYTHON_DOMAIN, repo / "mentorkit", "python"))
    return found


def template_for(source: Source) -> Catalog:
    """The template catalog of ``source``: every message with its context, no translations."""
    catalog = new_catalog(None, source.domain)
    if source.kind == "python":
        return _python_template(source, catalog)
    method = extract_toml if source.kind == "toml" else extract_notebook
    with source.path.open("rb") as fileobj:
        found = extract(cast(Any, method), fileobj, options={"name": source.relative})
        for lineno, message, comments, context in found:
            catalog.add(message, context=context, locations=[(source.relative, lineno)],
                        auto_comments=comments)
    return catalog


def _python_template(source: Source, catalog: Catalog) -> Catalog:
    """Every ``tr("...")`` string in the package's modules; the context is the module's file."""
    for path in sorted(source.path.rglob("*.py")):
        relative = path.relative_to(source.path.parent).as_posix()
        with path.open("rb") as fileobj:
            for lineno, message, comments, _context in extract("python", fileobj, keywords={"tr": None}):
                if isinstance(message, str) and message:
                    catalog.add(message, context=relative, locations=[(relative, lineno)],
                                auto_comments=comments or placeholder_note(message))
    return catalog


def new_catalog(locale: str | None, domain: str) -> Catalog:
    """An empty catalog with mentorkit's stable header (no changing dates: diffs stay small)."""
    catalog = Catalog(locale=locale, domain=domain, project=PROJECT, version="1",
                      copyright_holder="mentorkit developers", msgid_bugs_address="",
                      creation_date=_STABLE_DATE, revision_date=_STABLE_DATE, fuzzy=False)
    catalog.language_team = f"{locale} <LL@li.org>" if locale else "LANGUAGE <LL@li.org>"
    return catalog


def po_path(lang: str, domain: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{domain}.po"


def pot_path(domain: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / TEMPLATES / f"{domain}.pot"


def languages(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """The shipped languages: every folder of ``locale_dir`` except the templates."""
    if not locale_dir.is_dir():
        return []
    return sorted(p.name for p in locale_dir.iterdir() if p.is_dir() and p.name != TEMPLATES
                  and not p.name.startswith((".", "_")))


def load(path: Path, locale: str | None = None) -> Catalog:
    """Read the ``.po``/``.pot`` file at ``path``; a syntax error names the file and line."""
    from .runtime import lint

    found = lint(path.read_text(encoding="utf-8"))
    if found is not None:
        raise ValueError(f"{path}:{found[0]}: cannot read catalog: {found[1]}")
    with path.open("rb") as fileobj:
        try:
            return read_po(fileobj, locale=locale, abort_invalid=True)
        except Exception as exc:  # babel raises PoFileError, UnicodeDecodeError, ValueError ...
            raise ValueError(f"{path}: cannot read catalog: {exc}") from None


def render(catalog: Catalog) -> bytes:
    """The catalog as ``.po`` text: extraction order, file names without line numbers, no obsolete."""
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, ignore_obsolete=True, include_lineno=False,
             include_previous=True)
    return out.getvalue()


def merge(catalog: Catalog, template: Catalog) -> Catalog:
    """``catalog`` updated to ``template`` by place: changed English makes an entry fuzzy."""
    by_context: dict[str, Message] = {m.context: m for m in catalog if m.id and m.context}
    wanted = {(m.id, m.context) for m in template if m.id}
    previous: dict[str, str] = {}
    for message in template:
        old = by_context.get(message.context) if message.context else None
        if not message.id or not message.context or old is None or (old.id, old.context) in wanted:
            continue
        catalog.delete(old.id, context=old.context)
        flags = set(old.flags) | ({"fuzzy"} if old.string else set())
        catalog.add(message.id, string=old.string, context=message.context, flags=flags,
                    user_comments=old.user_comments)
        if old.string:
            previous[message.context] = str(old.id)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False,
                   update_creation_date=False)
    for message in catalog:
        if message.context is not None and message.context in previous:
            message.previous_id = [previous[message.context]]
    catalog.obsolete.clear()
    return catalog


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly that; True if written."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def update(langs: list[str] | None = None, repo: Path = REPO_DIR,
           locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Extract every template and bring each language's catalogs up to date; returns files written."""
    written: list[Path] = []
    langs = languages(locale_dir) if langs is None else langs
    domains = set()
    for source in sources(repo):
        template = template_for(source)
        if not any(m.id for m in template):
            continue  # nothing to translate (smart.toml is all rules): no catalog
        domains.add(source.domain)
        if write_if_changed(pot_path(source.domain, locale_dir), render(template)):
            written.append(pot_path(source.domain, locale_dir))
        for lang in langs:
            path = po_path(lang, source.domain, locale_dir)
            catalog = load(path, lang) if path.is_file() else new_catalog(lang, source.domain)
            catalog = merge(catalog, template)
            catalog.fuzzy = False
            if write_if_changed(path, render(catalog)):
                written.append(path)
    for stale in _stale_files(domains, langs, locale_dir):
        stale.unlink()
        written.append(stale)
    return written


def _stale_files(domains: set[str], langs: list[str], locale_dir: Path) -> Iterator[Path]:
    """Templates and catalogs whose source file no longer exists."""
    for path in sorted((locale_dir / TEMPLATES).glob("*.pot")):
        if path.stem not in domains:
            yield path
    for lang in langs:
        for path in sorted((locale_dir / lang / "LC_MESSAGES").glob("*.po")):
            if path.stem not in domains:
                yield path


@dataclass(frozen=True)
class Problem:
    """One entry of a catalog that is not ready to ship."""

    path: Path
    lineno: int
    context: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.lineno}: [{self.context}] {self.what}"


def message_problems(message: Message) -> list[str]:
    """What is wrong with one entry: untranslated, fuzzy, or placeholders that differ."""
    if not message.string:
        return ["not translated"]
    found = []
    if message.fuzzy:
        found.append("fuzzy (the English changed: check the translation, then remove the fuzzy flag)")
    if sorted(placeholders(str(message.id))) != sorted(placeholders(str(message.string))):
        found.append(f"placeholders differ: English {placeholders(str(message.id))}, "
                     f"translation {placeholders(str(message.string))}")
    return found


def check(lang: str, locale_dir: Path = LOCALE_DIR) -> list[Problem]:
    """Every missing, fuzzy or broken entry of ``lang``'s catalogs against the templates."""
    problems: list[Problem] = []
    for pot in sorted((locale_dir / TEMPLATES).glob("*.pot")):
        path = po_path(lang, pot.stem, locale_dir)
        if not path.is_file():
            problems.append(Problem(path, 0, "", "catalog missing (run `make i18n`)"))
            continue
        template = load(pot)
        catalog = load(path, lang)
        for entry in template:
            if not entry.id:
                continue
            message = catalog.get(entry.id, context=entry.context)
            if message is None:
                problems.append(Problem(path, 0, str(entry.context), "missing (run `make i18n`)"))
                continue
            for what in message_problems(message):
                problems.append(Problem(path, message.lineno or 0, str(entry.context), what))
    return problems
