"""Workshop content as data: need categories, benefits, templates, clauses, prompts.

Each content file is a TOML file in this folder. A facilitator overrides one for their programme by
placing a file of the same name in ``<cohort>/content/``; the whole file replaces the bundled one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import MentorkitError
from ..tomlfile import parse_toml


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    help: str = ""


def _bundled_text(name: str) -> str:
    return resources.files(__name__).joinpath(f"{name}.toml").read_text(encoding="utf-8")


_parse = lru_cache(maxsize=64)(parse_toml)


def load(name: str, cohort: Path | str | None = None) -> dict:
    """The content file ``name`` (without ``.toml``), from the cohort's override if it has one."""
    if cohort is not None:
        override = Path(cohort) / "content" / f"{name}.toml"
        if override.is_file():
            return _parse(override.read_text(encoding="utf-8"), str(override))
    return _parse(_bundled_text(name), f"mentorkit/content/{name}.toml")


def _categories(name: str, table: str, cohort: Path | str | None) -> list[Category]:
    data = load(name, cohort)
    items = data.get(table)
    if not isinstance(items, list) or not items:
        raise MentorkitError(f"content file {name}.toml: needs a non-empty [[{table}]] list")
    result = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not item.get("key") or not item.get("label"):
            raise MentorkitError(f"content file {name}.toml: {table} #{index} needs key and label")
        result.append(Category(str(item["key"]), str(item["label"]), str(item.get("help", ""))))
    return result


def need_categories(cohort: Path | str | None = None) -> list[Category]:
    """The mentor map's need categories (about ten), in display order."""
    return _categories("needs", "needs", cohort)


def benefits(cohort: Path | str | None = None) -> list[Category]:
    """The five benefits of mentorship, keyed like :class:`mentorkit.model.Benefit`."""
    return _categories("benefits", "benefits", cohort)


def match_need(text: str, categories: list[Category]) -> str:
    """Map free text (a key or a label, any case) to a category key; unknown text is kept as is."""
    wanted = " ".join(text.replace("_", " ").split()).casefold()
    for cat in categories:
        if wanted in (cat.key.replace("_", " ").casefold(), cat.label.casefold()):
            return cat.key
    return text.strip()
