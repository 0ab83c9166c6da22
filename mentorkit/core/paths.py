"""Career advancement: two or three career paths held against the participant's values and skills.

Loose word matching (shared word roots, :func:`mentorkit.core.text.related`) of the participant's
values and skill names with each career family's lists; plain-language reasons say why a path came
up. Takes the parsed ``career_paths`` content (``content/career_paths.toml``) as ``data``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import Skill, Workbook
from .text import content_words, related


@dataclass(frozen=True)
class CareerPath:
    """A career family from the content file."""

    key: str
    label: str
    summary: str = ""
    values: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    try_: str = ""


@dataclass
class PathFit:
    """How a path fits: which of the participant's values and skills it draws on, and why."""

    path: CareerPath
    values: list[str] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    growing: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def score(self) -> int:
        """Values count double (a path against your values rarely lasts), strengths and growth once."""
        return 2 * len(self.values) + len(self.strengths) + len(self.growing)


def career_paths(data: Mapping[str, Any]) -> list[CareerPath]:
    """The career families of the content file, in order."""
    return [
        CareerPath(
            str(p["key"]), str(p.get("label", p["key"])), str(p.get("summary", "")),
            tuple(str(v) for v in p.get("values", [])), tuple(str(s) for s in p.get("skills", [])),
            str(p.get("try", "")),
        )
        for p in data.get("paths", [])
        if isinstance(p, Mapping) and p.get("key")
    ]


def _matches(text: str, words: tuple[str, ...]) -> bool:
    """True when the phrase ``text`` matches one of ``words`` (every content word of the shorter
    phrase finds a related word in the longer one)."""
    mine = content_words(text)
    if not mine:
        return False
    for phrase in words:
        theirs = content_words(phrase)
        if not theirs:
            continue
        short, long_ = sorted((mine, theirs), key=len)
        if all(any(related(a, b) for b in long_) for a in short):
            return True
    return False


def _join(items: list[str], text: Mapping[str, Any]) -> str:
    """``a, b and c`` with the separators of the content's ``[reading]``."""
    if len(items) == 1:
        return items[0]
    last = str(text.get("last_separator", " and "))
    return str(text.get("separator", ", ")).join(items[:-1]) + last + items[-1]


def fit(path: CareerPath, values: list[str], skills: list[Skill], data: Mapping[str, Any]) -> PathFit:
    """How ``path`` fits these values and skills, with the reasons in plain words."""
    settings = data.get("settings", {})
    strong = int(settings.get("strong_rating", 3))
    gap = int(settings.get("growing_gap", 1))
    text = data.get("reading", {})
    result = PathFit(path)
    result.values = [v.strip() for v in values if v.strip() and _matches(v, path.values)]
    for skill in skills:
        if not _matches(skill.name, path.skills):
            continue
        if skill.current is not None and skill.current >= strong:
            result.strengths.append(skill.name)
        elif skill.target is not None and skill.target - (skill.current or 0) >= gap:
            result.growing.append(skill.name)
    for items, key in ((result.values, "value_reason"), (result.strengths, "strength_reason"),
                       (result.growing, "growing_reason")):
        if items:
            listed = _join([i.lower() for i in items], text)
            result.reasons.append(str(text.get(key, "{items}")).format(items=listed))
    if not result.reasons:
        result.reasons.append(str(text.get("no_reason", "")))
    return result


def rank_paths(workbook: Workbook, data: Mapping[str, Any]) -> list[PathFit]:
    """Every path with its fit to the workbook's values and skills, best first (content order on ties)."""
    fits = [fit(p, workbook.values, workbook.skills, data) for p in career_paths(data)]
    return sorted(fits, key=lambda f: -f.score)


def suggest_paths(workbook: Workbook, data: Mapping[str, Any]) -> list[PathFit]:
    """The few (``settings.show``, default 3) paths that fit best; empty when nothing overlaps."""
    show = int(data.get("settings", {}).get("show", 3))
    return [f for f in rank_paths(workbook, data) if f.score > 0][:show]
