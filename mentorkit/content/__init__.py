"""Workshop content as data: need categories, benefits, templates, clauses, prompts, UI texts.

Each content file is a TOML file in this folder. A facilitator overrides one for their programme by
placing a file of the same name in ``<cohort>/content/``; the whole file replaces the bundled one.

Code reads content through a :class:`Content` object: ``content_for(cohort_root, locale)`` for a
cohort in a language (English by default), ``bundled()`` for the files shipped with mentorkit. In
another language the rule keys come from ``rules/<lang>/`` and the prose from the catalogs (see
:mod:`mentorkit.content.localize`); untranslated texts stay English. The object is built once and
shared; it is replaced (not changed) when an override, rules or catalog file is added, edited or
removed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar, cast

from ..errors import MentorkitError
from ..i18n import locales, runtime
from . import loader, localize
from .loader import thaw

T = TypeVar("T")
_PACKAGE_CONTENT = Path(__file__).resolve().parent

__all__ = ["Category", "Content", "benefits", "bundled", "content_for", "match_need", "need_categories",
           "thaw"]


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    help: str = ""


@dataclass(frozen=True, eq=False)
class Content:
    """The content files of one cohort (bundled files plus its overrides), read-only.

    ``origins`` names where each file came from (``mentorkit/content/x.toml`` or the override path).
    Derived data (compiled word lists, parsed choices) is cached on the instance with :meth:`derived`.
    """

    files: Mapping[str, Mapping[str, Any]]
    origins: Mapping[str, str]
    #: The language these texts are in (``en``, ``es`` ...), for formatting dates, numbers and lists.
    locale: str = "en"
    #: Where this content's catalogs were looked up (the cohort's ``locale/``, then mentorkit's).
    locale_dirs: tuple[Path, ...] = ()
    _derived: dict[str, Any] = field(default_factory=dict, repr=False)

    def get(self, name: str) -> Mapping[str, Any]:
        """The content file ``name`` (without ``.toml``) as a read-only mapping (arrays are tuples)."""
        try:
            return self.files[name]
        except KeyError:
            raise MentorkitError(f"no content file {name}.toml") from None

    def derived(self, key: str, build: Callable[[Content], T]) -> T:
        """``build(self)``, computed once per Content object and kept under ``key``."""
        if key not in self._derived:
            self._derived[key] = build(self)
        return cast(T, self._derived[key])

    def tr(self, text: str) -> str:
        """``text``, an English string written in code, in this content's language.

        Such strings are extracted into the ``python`` catalog domain by ``make i18n`` (any call
        ``tr("...")``; the English is the key); untranslated ones stay English.
        """
        if self.locale == locales.SOURCE:
            return text
        table: Mapping[str, str] = self.derived("i18n.python", _python_table)
        return table.get(text, text)

    def ui(self, section: str) -> Mapping[str, Any]:
        """The texts of one exercise (``[section]`` of ``ui.toml``); empty if it has none."""
        texts: Mapping[str, Any] = self.get("ui").get(section, MappingProxyType({}))
        return texts

    @cached_property
    def need_categories(self) -> tuple[Category, ...]:
        """The mentor map's need categories (about ten), in display order."""
        return self._categories("needs", "needs")

    @cached_property
    def benefits(self) -> tuple[Category, ...]:
        """The five benefits of mentorship, keyed like :class:`mentorkit.model.Benefit`."""
        return self._categories("benefits", "benefits")

    @cached_property
    def prompts(self) -> tuple[str, ...]:
        """The reflection prompts of ``prompts.toml``."""
        return tuple(str(p["text"]) for p in self.get("prompts").get("prompts", ()) if p.get("text"))

    def _categories(self, name: str, table: str) -> tuple[Category, ...]:
        items = self.get(name).get(table)
        origin = self.origins.get(name, f"{name}.toml")
        if not isinstance(items, tuple) or not items:
            raise MentorkitError(f"content file {origin}: needs a non-empty [[{table}]] list")
        result = []
        for index, item in enumerate(items, start=1):
            if not isinstance(item, Mapping) or not item.get("key") or not item.get("label"):
                raise MentorkitError(f"content file {origin}: {table} #{index} needs key and label")
            result.append(Category(str(item["key"]), str(item["label"]), str(item.get("help", ""))))
        return tuple(result)


def _python_table(content: Content) -> Mapping[str, str]:
    found = runtime.translations(content.locale, "python", content.locale_dirs or (locales.LOCALE_DIR,))
    return {english: text for (_context, english), text in found.items()}


@cache
def bundled() -> Content:
    """The content shipped with mentorkit (no cohort overrides), one object per process."""
    files = loader.bundled_files()
    return Content(files, MappingProxyType({n: f"mentorkit/content/{n}.toml" for n in files}))


def content_for(cohort_root: Path | str | None, locale: str | None = None) -> Content:
    """The content of the cohort at ``cohort_root`` (bundled files plus ``<root>/content/*.toml``).

    ``locale`` (``es``, ``es-MX`` ...) gives the texts in that language, falling back to the nearest
    shipped one (``es_MX`` -> ``es``) and to English for an unknown tag or an untranslated text.
    Returns the same object while the override files, rules files and catalogs are unchanged and a
    freshly read one once one of them changes. ``None`` as root: the bundled files.
    """
    root = Path(cohort_root) if cohort_root is not None else None
    dirs = runtime.locale_dirs(root)
    lang = locales.resolve(locale, dirs) if locale else locales.SOURCE
    if root is None and lang == locales.SOURCE:
        return bundled()

    def build(folder: Path, sig: loader.Signature) -> Content:
        base = bundled()
        files: Mapping[str, Mapping[str, Any]] = base.files
        origins: Mapping[str, str] = base.origins
        if sig:
            overrides, where = loader.read_overrides(folder, sig)
            files = MappingProxyType({**base.files, **overrides})
            origins = MappingProxyType({**base.origins, **where})
        if lang == locales.SOURCE:
            return base if not sig else Content(files, origins)
        translated = localize.localize(files, lang, root, dirs)
        return Content(MappingProxyType(translated), origins, locale=lang, locale_dirs=dirs)

    def stamps() -> tuple[object, ...]:
        if lang == locales.SOURCE:
            return ()
        rules = [loader.signature(d / localize.RULES_DIR / c) for d in (_PACKAGE_CONTENT, *(
            [root / "content"] if root is not None else [])) for c in locales.candidates(lang)]
        return (tuple(rules), runtime.catalog_stamps(lang, dirs))

    return loader.cached(root if root is not None else _PACKAGE_CONTENT, build, variant=lang, extra=stamps)


def need_categories(cohort_root: Path | str | None = None) -> list[Category]:
    """The need categories of ``content_for(cohort_root)`` as a list."""
    return list(content_for(cohort_root).need_categories)


def benefits(cohort_root: Path | str | None = None) -> list[Category]:
    """The benefits of ``content_for(cohort_root)`` as a list."""
    return list(content_for(cohort_root).benefits)


def match_need(text: str, categories: Sequence[Category]) -> str:
    """Map free text (a key or a label, any case) to a category key; unknown text is kept as is."""
    wanted = " ".join(text.replace("_", " ").split()).casefold()
    for cat in categories:
        if wanted in (cat.key.replace("_", " ").casefold(), cat.label.casefold()):
            return cat.key
    return text.strip()
