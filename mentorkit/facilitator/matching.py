"""Mentor-mentee matching: a transparent weighted score, hard rules, and a global optimum.

Every pair gets ``score = sum(weight * factor)`` over five factors (open needs the mentor offers,
skill gaps the mentor helps with, same or adjacent field, a suitable career-stage gap, and whether
the mentee asked for this mentor). Must-have rules remove pairs outright, and so do three rules that
always apply: a pair the facilitator forbade, a mentor the mentee asked not to have, and a pair with
no shared language when both sides list their languages. Pinned pairs (the facilitator's choice) are
placed first, in file order, while the mentor has places; the assignment then maximises the total
score of everyone else over the places left, each mentor taking at most ``capacity`` mentees:
scipy's ``linear_sum_assignment`` on a mentees x mentor-slots matrix. The same input always gives the
same pairs. Every pair is explained factor by factor (and says when a pin or a preference decided
it); every unmatched mentee gets a reason.

Pure functions: no Jupyter, no file writes. Weights, stage order and field groups are data
(``mentorkit/content/matching.toml``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..content import Category, Content, bundled, thaw
from ..content.overlay import languages as rule_languages
from ..content.overlay import with_rules
from ..errors import MentorkitError, UnusableInput
from ..model import Workbook
from ..tomlfile import read_toml
from .mentors import Mentor, PairOverride, split_list

if TYPE_CHECKING:
    import numpy as np

FACTORS = ("needs", "skills", "field", "stage", "preference")
WEIGHT_KEYS = ("needs", "skills", "same_field", "adjacent_field", "stage", "preferred")
#: Weights a matching.toml may leave out (it predates them), with the value used then.
OPTIONAL_WEIGHTS = {"preferred": 4.0}
RULES: dict[str, str] = {
    "need_or_skill": "the mentor offers an open need or helps with a skill gap",
    "shared_need": "the mentor offers at least one open need",
    "skill_help": "the mentor helps with at least one skill gap",
    "mentor_ahead": "the mentor's career stage is later than the mentee's",
    "same_or_adjacent_field": "same or adjacent field",
    "same_field": "same field",
}


@dataclass
class MatchConfig:
    """Weights, hard rules and the data they use (stage levels, field groups)."""

    weights: dict[str, float]
    must_have: list[str]
    min_score: float = 1.0
    stage_gap: tuple[int, int] = (1, 4)
    stages: dict[str, int] = dc_field(default_factory=dict)
    field_groups: dict[str, str] = dc_field(default_factory=dict)

    def with_weights(self, **weights: float) -> MatchConfig:
        """A copy with some weights changed (for sliders)."""
        unknown = set(weights) - set(WEIGHT_KEYS)
        if unknown:
            raise MentorkitError(f"unknown weight(s): {', '.join(sorted(unknown))}")
        return replace(self, weights={**self.weights, **weights})

    def stage_level(self, stage: str) -> int | None:
        return self.stages.get(" ".join(stage.split()).casefold()) if stage else None

    def field_group(self, name: str) -> str | None:
        return self.field_groups.get(" ".join(name.split()).casefold()) if name else None


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise UnusableInput(f"{where}: must be a number, not {value!r}")
    if value < 0:
        raise UnusableInput(f"{where}: must not be negative")
    return float(value)


def config_from_data(data: Mapping[str, Any], origin: str, base: MatchConfig | None = None) -> MatchConfig:
    """Build (or, with ``base``, update) a config from parsed TOML; errors name file and key."""
    allowed = {"weights", "rules", "stage_gap", "stages", "field_groups"}
    for key in data:
        if key not in allowed:
            raise UnusableInput(f"{origin}: unknown section {key!r}; use {', '.join(sorted(allowed))}")
    weights = dict(base.weights) if base else {}
    for key, value in dict(data.get("weights", {})).items():
        if key not in WEIGHT_KEYS:
            raise UnusableInput(f"{origin}: weights.{key}: unknown weight; use {', '.join(WEIGHT_KEYS)}")
        weights[key] = _number(value, f"{origin}: weights.{key}")
    for key, value in OPTIONAL_WEIGHTS.items():
        weights.setdefault(key, value)
    missing = [k for k in WEIGHT_KEYS if k not in weights]
    if missing:
        raise UnusableInput(f"{origin}: weights: missing {', '.join(missing)}")
    rules = dict(data.get("rules", {}))
    must_have = list(base.must_have) if base else []
    if "must_have" in rules:
        value = rules["must_have"]
        if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
            raise UnusableInput(f"{origin}: rules.must_have: must be a list of rule names")
        for rule in value:
            if rule not in RULES:
                raise UnusableInput(f"{origin}: rules.must_have: unknown rule {rule!r}; "
                                    f"use {', '.join(RULES)}")
        must_have = list(value)
    min_score = base.min_score if base else 1.0
    if "min_score" in rules:
        min_score = _number(rules["min_score"], f"{origin}: rules.min_score")
    extra_rules = set(rules) - {"must_have", "min_score"}
    if extra_rules:
        raise UnusableInput(f"{origin}: rules: unknown key(s) {', '.join(sorted(extra_rules))}")
    gap = base.stage_gap if base else (1, 4)
    if "stage_gap" in data:
        raw = data["stage_gap"]
        low = int(_number(raw.get("min", gap[0]), f"{origin}: stage_gap.min"))
        high = int(_number(raw.get("max", gap[1]), f"{origin}: stage_gap.max"))
        if low > high:
            raise UnusableInput(f"{origin}: stage_gap: min ({low}) is more than max ({high})")
        gap = (low, high)
    stages = dict(base.stages) if base else {}
    if "stages" in data:
        stages = {}
        for index, item in enumerate(data["stages"], start=1):
            level = item.get("level") if isinstance(item, dict) else None
            names = item.get("names") if isinstance(item, dict) else None
            if not isinstance(level, int) or not isinstance(names, list):
                raise UnusableInput(f"{origin}: stages #{index}: needs level (a number) and names (a list)")
            for name in names:
                stages[" ".join(str(name).split()).casefold()] = level
    groups = dict(base.field_groups) if base else {}
    if "field_groups" in data:
        groups = {}
        for index, item in enumerate(data["field_groups"], start=1):
            fields = item.get("fields") if isinstance(item, dict) else None
            if not isinstance(fields, list):
                raise UnusableInput(f"{origin}: field_groups #{index}: needs fields (a list)")
            label = str(item.get("name", f"group {index}"))
            for name in fields:
                groups[" ".join(str(name).split()).casefold()] = label
    return MatchConfig(weights, must_have, min_score, gap, stages, groups)


def load_config(content: Content | None = None, override: Path | str | None = None) -> MatchConfig:
    """The ``matching.toml`` of ``content`` (default: bundled), updated by an optional ``--weights`` file."""
    content = content or bundled()
    config = config_from_data(thaw(content.get("matching")), content.origins.get("matching", "matching.toml"))
    config = _with_every_language(config)
    if override is not None:
        path = Path(override)
        config = config_from_data(read_toml(path, "weights file"), str(path), base=config)
    return config


def _with_every_language(config: MatchConfig) -> MatchConfig:
    """``config`` that also knows the career stages and fields as written in every shipped language.

    Stages and fields are stored as each participant wrote or chose them, in their own language;
    in a mixed cohort a Spanish "doctorado" must count as the same stage as "doctoral". The
    cohort's own names come first; another language's name is added only where the cohort has none.
    """
    stages, groups = dict(config.stages), dict(config.field_groups)
    for lang in rule_languages()[1:]:
        data = with_rules(bundled(), lang).get("matching")
        other = config_from_data(thaw(data), f"mentorkit/content/rules/{lang}/matching.toml")
        for name, level in other.stages.items():
            stages.setdefault(name, level)
        for name, group in other.field_groups.items():
            groups.setdefault(name, group)
    return replace(config, stages=stages, field_groups=groups)


# -- mentees --------------------------------------------------------------------------------------
@dataclass
class Mentee:
    """What matching needs to know about a participant."""

    id: str
    name: str
    needs: list[str] = dc_field(default_factory=list)
    skill_gaps: list[str] = dc_field(default_factory=list)
    field: str = ""
    career_stage: str = ""
    email: str = ""
    languages: list[str] = dc_field(default_factory=list)
    prefer: list[str] = dc_field(default_factory=list)
    avoid: list[str] = dc_field(default_factory=list)


def skill_gaps(workbook: Workbook) -> list[str]:
    """Skills with a target above the current rating, or rated 2 or lower when there is no target."""
    gaps = []
    for skill in workbook.skills:
        if skill.target is not None:
            if skill.current is None or skill.target > skill.current:
                gaps.append(skill.name)
        elif skill.current is not None and skill.current <= 2:
            gaps.append(skill.name)
    return gaps


def covered_needs(workbook: Workbook, categories: Sequence[Category]) -> set[str]:
    """Need keys the participant's own mentor map already covers (someone is named for them).

    A mentor the programme proposed (``source = "programme"``) does not count: matching again after
    ``--apply`` sees the same open needs as before.
    """
    from ..core.mentor_map import analyse_map

    own = workbook.model_copy(update={"contacts": [c for c in workbook.contacts if c.source != "programme"]})
    report = analyse_map(own, categories)
    return {need for need, names in report.coverage.items() if names}


#: Roster columns (kept verbatim in ``profile.extra`` by the import) read when the profile field is empty.
EXTRA_COLUMNS = {
    "languages": "languages", "language": "languages", "languages spoken": "languages",
    "prefer mentors": "prefer", "preferred mentors": "prefer", "prefer mentor": "prefer",
    "avoid mentors": "avoid", "mentors to avoid": "avoid", "avoid mentor": "avoid",
}


def _header_key(header: str) -> str:
    import re

    return " ".join(re.sub(r"[^0-9a-z]+", " ", header.casefold()).split())


def mentee_from_workbook(workbook: Workbook, categories: Sequence[Category]) -> Mentee:
    """Open needs (stated needs the mentor map does not cover yet), skill gaps, languages and mentor
    preferences of one participant.

    Languages and preferences come from ``profile.languages`` and ``profile.mentor_preferences``;
    when those are empty, from the roster columns ``languages``, ``prefer mentors`` and ``avoid
    mentors`` (``;``-separated) that the import kept in ``profile.extra``.
    """
    covered = covered_needs(workbook, categories)
    profile = workbook.profile
    from_extra: dict[str, list[str]] = {}
    for header, value in profile.extra.items():
        target = EXTRA_COLUMNS.get(_header_key(header))
        if target and value.strip():
            from_extra.setdefault(target, []).extend(split_list(value))
    prefs = profile.mentor_preferences
    return Mentee(
        id=profile.id,
        name=profile.name,
        needs=[n for n in workbook.needs if n not in covered],
        skill_gaps=skill_gaps(workbook),
        field=profile.field,
        career_stage=profile.career_stage,
        email=profile.email,
        languages=list(profile.languages) or from_extra.get("languages", []),
        prefer=list(prefs.prefer) or from_extra.get("prefer", []),
        avoid=list(prefs.avoid) or from_extra.get("avoid", []),
    )


# -- scoring ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reason:
    """One factor's contribution to a pair's score."""

    factor: str  # needs | skills | field | stage | preference | language | pin
    points: float
    detail: str

    def __str__(self) -> str:
        if not self.points:
            return f"{self.factor}: {self.detail}"
        return f"{self.factor} +{self.points:g}: {self.detail}"


@dataclass
class PairScore:
    score: float
    reasons: list[Reason]
    broken_rules: list[str]
    #: Rules that always apply, whatever the config: "avoid" (the mentee asked not to have this
    #: mentor) and "language" (both list languages and share none).
    blocked: list[str] = dc_field(default_factory=list)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def names_mentor(names: Iterable[str], mentor: Mentor) -> bool:
    """True when one of ``names`` is the mentor's name or email (ignoring case and spacing)."""
    keys = {_fold(mentor.name), _fold(mentor.email)} - {""}
    return any(_fold(n) in keys for n in names)


def shared_languages(mentee: Mentee, mentor: Mentor) -> list[str] | None:
    """The languages both list (in the mentor's spelling), or None when either lists none."""
    if not mentee.languages or not mentor.languages:
        return None
    mine = {_fold(x) for x in mentee.languages}
    return [x for x in mentor.languages if _fold(x) in mine]


def explain(mentee: Mentee, mentor: Mentor, config: MatchConfig,
            labels: Mapping[str, str] | None = None) -> PairScore:
    """The score of one pair, factor by factor, and the must-have rules it breaks."""
    labels = labels or {}
    w = config.weights
    reasons: list[Reason] = []
    offered = set(mentor.needs)
    needs = [n for n in dict.fromkeys(mentee.needs) if n in offered]
    if needs and w["needs"]:
        names = ", ".join(labels.get(n, n) for n in needs)
        reasons.append(Reason("needs", w["needs"] * len(needs), f"offers {len(needs)} open need(s): {names}"))
    helps = {_fold(s) for s in mentor.skills}
    skills = [s for s in dict.fromkeys(mentee.skill_gaps) if _fold(s) in helps]
    if skills and w["skills"]:
        reasons.append(Reason("skills", w["skills"] * len(skills),
                              f"helps with {len(skills)} skill gap(s): {', '.join(skills)}"))
    same = bool(mentee.field) and _fold(mentee.field) == _fold(mentor.field)
    group = config.field_group(mentee.field)
    adjacent = not same and group is not None and group == config.field_group(mentor.field)
    if same and w["same_field"]:
        reasons.append(Reason("field", w["same_field"], f"same field ({mentor.field})"))
    elif adjacent and w["adjacent_field"]:
        reasons.append(Reason("field", w["adjacent_field"],
                              f"adjacent fields ({mentee.field} / {mentor.field}: {group})"))
    mine, theirs = config.stage_level(mentee.career_stage), config.stage_level(mentor.career_stage)
    gap = theirs - mine if mine is not None and theirs is not None else None
    if gap is not None and config.stage_gap[0] <= gap <= config.stage_gap[1] and w["stage"]:
        reasons.append(Reason("stage", w["stage"], f"{mentor.career_stage} is {gap} stage(s) ahead of "
                              f"{mentee.career_stage}"))
    if names_mentor(mentee.prefer, mentor) and w["preferred"]:
        reasons.append(Reason("preference", w["preferred"], "the mentee asked for this mentor"))
    blocked = []
    common = shared_languages(mentee, mentor)
    if common:
        reasons.append(Reason("language", 0, f"both speak {', '.join(common)}"))
    elif common is not None:
        blocked.append("language")
    if names_mentor(mentee.avoid, mentor):
        blocked.append("avoid")
    broken = []
    for rule in config.must_have:
        ok = {
            "need_or_skill": bool(needs or skills),
            "shared_need": bool(needs),
            "skill_help": bool(skills),
            "mentor_ahead": gap is None or gap > 0,
            "same_or_adjacent_field": same or adjacent,
            "same_field": same,
        }[rule]
        if not ok:
            broken.append(rule)
    return PairScore(round(sum(r.points for r in reasons), 6), reasons, broken, blocked)


@dataclass
class Matrices:
    """Scores and eligibility for every mentee (rows) x mentor (columns) pair."""

    score: np.ndarray  # float: the weighted sum
    rule_ok: np.ndarray  # bool: passes every must-have
    broken: dict[str, np.ndarray]  # rule -> bool array of the pairs it rules out
    excluded: np.ndarray  # bool: forbidden by the facilitator
    avoided: np.ndarray  # bool: the mentee asked not to have this mentor
    no_language: np.ndarray  # bool: both list languages and share none

    @property
    def hard_ok(self) -> np.ndarray:
        """Pairs no rule that always applies rules out (forbidden, avoided, no shared language)."""
        ok: np.ndarray = ~self.excluded & ~self.avoided & ~self.no_language
        return ok


def score_matrices(mentees: list[Mentee], mentors: list[Mentor], config: MatchConfig,
                   excluded: Iterable[tuple[int, int]] = frozenset()) -> Matrices:
    """All pair scores at once (numpy); equal to :func:`explain` pair by pair, only faster."""
    import numpy as np

    m, p = len(mentees), len(mentors)
    w = config.weights

    def incidence(rows: Sequence[Iterable[str]], vocab: dict[str, int]) -> np.ndarray:
        out = np.zeros((len(rows), max(len(vocab), 1)), dtype=np.float64)
        for i, items in enumerate(rows):
            for item in items:
                out[i, vocab[item]] = 1.0
        return out

    need_vocab: dict[str, int] = {}
    for items in [x.needs for x in mentees] + [x.needs for x in mentors]:
        for item in items:
            need_vocab.setdefault(item, len(need_vocab))
    skill_vocab: dict[str, int] = {}
    mentee_skills = [{_fold(s) for s in x.skill_gaps} for x in mentees]
    mentor_skills = [{_fold(s) for s in x.skills} for x in mentors]
    for skill_set in mentee_skills + mentor_skills:
        for item in skill_set:
            skill_vocab.setdefault(item, len(skill_vocab))
    shared_needs = incidence([set(x.needs) for x in mentees], need_vocab) @ incidence(
        [set(x.needs) for x in mentors], need_vocab).T
    shared_skills = incidence(mentee_skills, skill_vocab) @ incidence(mentor_skills, skill_vocab).T

    def codes(values: list[str | None]) -> np.ndarray:
        lookup: dict[str, int] = {}
        return np.array([-1 if v is None else lookup.setdefault(v, len(lookup)) for v in values],
                        dtype=np.int64)

    fields = codes([_fold(x.field) or None for x in mentees] + [_fold(x.field) or None for x in mentors])
    groups = codes([config.field_group(x.field) for x in mentees] +
                   [config.field_group(x.field) for x in mentors])
    ef, rf = fields[:m, None], fields[None, m:]
    eg, rg = groups[:m, None], groups[None, m:]
    same = (ef >= 0) & (ef == rf)
    adjacent = ~same & (eg >= 0) & (eg == rg)
    levels = np.array([-1 if (v := config.stage_level(x.career_stage)) is None else v
                       for x in mentees + mentors], dtype=np.int64)
    el, rl = levels[:m, None], levels[None, m:]
    known = (el >= 0) & (rl >= 0)
    gap = rl - el
    stage_ok = known & (gap >= config.stage_gap[0]) & (gap <= config.stage_gap[1])
    mentor_keys: dict[str, list[int]] = {}
    for j, r in enumerate(mentors):
        for key in {_fold(r.name), _fold(r.email)} - {""}:
            mentor_keys.setdefault(key, []).append(j)

    def named(lists: list[list[str]]) -> np.ndarray:
        out = np.zeros((m, p), dtype=bool)
        for i, names in enumerate(lists):
            for name in names:
                out[i, mentor_keys.get(_fold(name), [])] = True
        return out

    preferred = named([e.prefer for e in mentees])
    avoided = named([e.avoid for e in mentees])
    language_vocab: dict[str, int] = {}
    mentee_langs = [{_fold(x) for x in e.languages} for e in mentees]
    mentor_langs = [{_fold(x) for x in r.languages} for r in mentors]
    for lang_set in mentee_langs + mentor_langs:
        for item in lang_set:
            language_vocab.setdefault(item, len(language_vocab))
    shared_lang = incidence(mentee_langs, language_vocab) @ incidence(mentor_langs, language_vocab).T
    listed = np.array([bool(x) for x in mentee_langs], dtype=bool)[:, None] & np.array(
        [bool(x) for x in mentor_langs], dtype=bool)[None, :]
    no_language = listed & (shared_lang == 0)
    score = (w["needs"] * shared_needs + w["skills"] * shared_skills + w["same_field"] * same
             + w["adjacent_field"] * adjacent + w["stage"] * stage_ok + w["preferred"] * preferred).round(6)
    rule_tests = {
        "need_or_skill": (shared_needs > 0) | (shared_skills > 0),
        "shared_need": shared_needs > 0,
        "skill_help": shared_skills > 0,
        "mentor_ahead": ~known | (gap > 0),
        "same_or_adjacent_field": same | adjacent,
        "same_field": same,
    }
    rule_ok = np.ones((m, p), dtype=bool)
    broken = {}
    for rule in config.must_have:
        ok = np.broadcast_to(rule_tests[rule], (m, p))
        broken[rule] = ~ok
        rule_ok &= ok
    excl = np.zeros((m, p), dtype=bool)
    for i, j in excluded:
        excl[i, j] = True
    return Matrices(score, rule_ok, broken, excl, avoided, np.broadcast_to(no_language, (m, p)))


# -- assignment -----------------------------------------------------------------------------------
@dataclass
class Pair:
    mentee: Mentee
    mentor: Mentor
    score: float
    reasons: list[Reason]
    pinned: bool = False

    def points(self, factor: str) -> float:
        return sum(r.points for r in self.reasons if r.factor == factor)

    @property
    def decided_by(self) -> str:
        """``pin`` (the facilitator's choice), ``preference`` (the mentee asked) or ``score``."""
        if self.pinned:
            return "pin"
        return "preference" if self.points("preference") else "score"


@dataclass
class Unmatched:
    mentee: Mentee
    why: str


@dataclass
class MatchResult:
    pairs: list[Pair]
    unmatched: list[Unmatched]
    config: MatchConfig
    notes: list[str] = dc_field(default_factory=list)

    @property
    def total_score(self) -> float:
        return round(sum(p.score for p in self.pairs), 6)

    def load(self) -> dict[str, int]:
        """Mentees assigned per mentor name."""
        out: dict[str, int] = {}
        for pair in self.pairs:
            out[pair.mentor.name] = out.get(pair.mentor.name, 0) + 1
        return out

    def summary(self) -> str:
        n = len(self.pairs) + len(self.unmatched)
        pinned = sum(p.pinned for p in self.pairs)
        pins = f" ({pinned} pinned)" if pinned else ""
        return (f"{len(self.pairs)} of {n} mentees matched{pins}, {len(self.unmatched)} unmatched, "
                f"total score {self.total_score:g}")


def _indexes(mentees: list[Mentee], mentors: list[Mentor]) -> tuple[dict[str, list[int]],
                                                                     dict[str, list[int]]]:
    mentee_index: dict[str, list[int]] = {}
    for i, x in enumerate(mentees):
        for key in {_fold(k) for k in (x.id, x.email, x.name) if k}:
            mentee_index.setdefault(key, []).append(i)
    mentor_index: dict[str, list[int]] = {}
    for j, r in enumerate(mentors):
        for key in {_fold(k) for k in (r.email, r.name) if k}:
            mentor_index.setdefault(key, []).append(j)
    return mentee_index, mentor_index


def resolve_overrides(pairs: Iterable[PairOverride], mentees: list[Mentee], mentors: list[Mentor]
                      ) -> tuple[set[tuple[int, int]], list[tuple[int, int, str]], list[str]]:
    """Index the facilitator's pairs for :func:`match`: forbidden pairs, pins (in file order, with
    where they came from) and notes for entries that name nobody we know or are ambiguous."""
    mentee_index, mentor_index = _indexes(mentees, mentors)
    forbidden: set[tuple[int, int]] = set()
    pins: list[tuple[int, int, str]] = []
    notes: list[str] = []
    for pair in pairs:
        rows = mentee_index.get(_fold(pair.mentee))
        cols = mentor_index.get(_fold(pair.mentor))
        kind = "pin" if pair.action == "pin" else "exclusion"
        where = f"{kind} row {pair.row}: " if pair.row else f"{kind}: "
        if not rows:
            notes.append(f"{where}no mentee called {pair.mentee!r}; ignored")
        elif not cols:
            notes.append(f"{where}no mentor called {pair.mentor!r}; ignored")
        elif pair.action != "pin":
            forbidden.update((i, j) for i in rows for j in cols)
        elif len(rows) > 1 or len(cols) > 1:
            who = pair.mentee if len(rows) > 1 else pair.mentor
            notes.append(f"{where}{who!r} names more than one person; use an id or email; not pinned")
        else:
            pins.append((rows[0], cols[0], where))
    return forbidden, pins, notes


def resolve_exclusions(pairs: Iterable[PairOverride], mentees: list[Mentee],
                       mentors: list[Mentor]) -> tuple[set[tuple[int, int]], list[str]]:
    """Index forbidden pairs for :func:`match`; notes for entries that name nobody we know."""
    forbidden, _pins, notes = resolve_overrides([replace(p, action="forbid") for p in pairs], mentees,
                                                mentors)
    return forbidden, notes


def preference_notes(mentees: list[Mentee], mentors: list[Mentor]) -> list[str]:
    """Notes for mentor preferences that name nobody in the pool (they are ignored)."""
    notes = []
    known = {_fold(k) for r in mentors for k in (r.name, r.email) if k}
    for mentee in mentees:
        for kind, names in (("asked for", mentee.prefer), ("asked not to have", mentee.avoid)):
            for name in names:
                if _fold(name) not in known:
                    notes.append(f"{mentee.id}: {kind} {name!r}, who is not in the mentor list; ignored")
    return notes


def _place_pins(pins: list[tuple[int, int, str]], mentees: list[Mentee], mentors: list[Mentor],
                mat: Matrices, places: list[int], notes: list[str]) -> dict[int, int]:
    """Pinned pairs in file order while the mentor has a place; notes for the pins not honoured."""
    pinned: dict[int, int] = {}
    for i, j, where in pins:
        mentee, mentor = mentees[i], mentors[j]
        if i in pinned:
            if pinned[i] != j:
                notes.append(f"{where}{mentee.id} is already pinned to {mentors[pinned[i]].name}; "
                             f"not pinned to {mentor.name}")
        elif mat.excluded[i, j]:
            notes.append(f"{where}{mentee.id} with {mentor.name} is also forbidden; not pinned")
        elif mat.avoided[i, j]:
            notes.append(f"{where}{mentee.id} asked not to have {mentor.name}; not pinned")
        elif places[j] <= 0:
            notes.append(f"{where}{mentor.name} has no place left for {mentee.id}; not pinned")
        else:
            pinned[i] = j
            places[j] -= 1
    return pinned


def _pin_reason(detail: PairScore, config: MatchConfig) -> Reason:
    overridden = [f"must-have '{r}'" for r in detail.broken_rules]
    if "language" in detail.blocked:
        overridden.append("no shared language")
    if detail.score < max(config.min_score, 1e-9):
        overridden.append(f"score below {config.min_score:g}")
    extra = f" (over: {', '.join(overridden)})" if overridden else ""
    return Reason("pin", 0, f"pinned by the facilitator{extra}")


def match(mentees: list[Mentee], mentors: list[Mentor], config: MatchConfig,
          exclude: Iterable[PairOverride] = (), labels: Mapping[str, str] | None = None,
          overrides: Iterable[PairOverride] = ()) -> MatchResult:
    """The assignment with the highest total score under capacities, rules, pins and exclusions.

    ``exclude`` and ``overrides`` are the facilitator's pairs: ``forbid`` ones are never proposed,
    ``pin`` ones are placed first (in order, while the mentor has a place), over must-have rules,
    the minimum score and languages, but never over a forbid or the mentee's "avoid".
    Deterministic: mentees are taken in id order and mentors in the given order, and the solver is
    exact. Any other pair must pass every must-have rule, not be forbidden or avoided, share a
    language when both list languages, and score more than 0 and at least ``config.min_score``.
    """
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    mentees = sorted(mentees, key=lambda x: x.id)
    forbidden, pins, notes = resolve_overrides([*exclude, *overrides], mentees, mentors)
    notes += preference_notes(mentees, mentors)
    mat = score_matrices(mentees, mentors, config, forbidden)
    threshold = max(config.min_score, 1e-9)
    allowed = mat.rule_ok & mat.hard_ok & (mat.score >= threshold)
    places = [max(x.capacity, 0) for x in mentors]
    chosen = _place_pins(pins, mentees, mentors, mat, places, notes)
    pinned = set(chosen)
    free = [i for i in range(len(mentees)) if i not in pinned]
    owners = np.repeat(np.arange(len(mentors)), places)
    if free and len(owners):
        weight = np.where(allowed[free], mat.score[free], 0.0)[:, owners]
        rows, cols = linear_sum_assignment(weight, maximize=True)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            i, j = free[r], int(owners[c])
            if allowed[i, j]:
                chosen[i] = j
    pairs, unmatched = [], []
    for i, mentee in enumerate(mentees):
        if i in chosen:
            mentor = mentors[chosen[i]]
            detail = explain(mentee, mentor, config, labels)
            reasons = ([_pin_reason(detail, config)] if i in pinned else []) + detail.reasons
            pairs.append(Pair(mentee, mentor, detail.score, reasons, pinned=i in pinned))
        else:
            why = _why_unmatched(i, mentors, mat, allowed, config)
            if not mentee.needs and not mentee.skill_gaps:
                why = "no open needs or skill gaps recorded yet; " + why
            unmatched.append(Unmatched(mentee, why))
    return MatchResult(pairs, unmatched, config, notes)


def _why_unmatched(i: int, mentors: list[Mentor], mat: Matrices, allowed: np.ndarray,
                   config: MatchConfig) -> str:
    """Why mentee ``i`` got nobody: which rules ruled out how many mentors, or full capacity."""
    if not mentors:
        return "there are no mentors in the pool"
    fits = [j for j in range(len(mentors)) if allowed[i, j]]
    if fits:
        names = ", ".join(mentors[j].name for j in fits[:5]) + (" ..." if len(fits) > 5 else "")
        return (f"capacity full: the {len(fits)} mentor(s) who fit ({names}) have all their places "
                "taken by pairs that add more to the total score")
    parts = []
    for rule in config.must_have:
        n = int(mat.broken[rule][i].sum())
        if n:
            parts.append(f"{n} fail must-have '{rule}' ({RULES[rule]})")
    for label, array in (("excluded pair(s) (forbidden by the facilitator)", mat.excluded),
                         ("the mentee asked not to have", mat.avoided),
                         ("share no language with the mentee", mat.no_language)):
        n = int(array[i].sum())
        if n:
            parts.append(f"{n} {label}")
    low = int((mat.rule_ok[i] & mat.hard_ok[i] & (mat.score[i] < max(config.min_score, 1e-9))).sum())
    if low:
        parts.append(f"{low} score below the minimum of {config.min_score:g}")
    return f"no mentor passes the rules: of {len(mentors)} mentors, " + "; ".join(parts)


MATCH_COLUMNS = ("status", "mentee_id", "mentee_name", "mentor_name", "mentor_email", "score",
                 "needs_points", "skills_points", "field_points", "stage_points", "preference_points",
                 "decided_by", "reasons")


def match_rows(result: MatchResult) -> list[list[object]]:
    """One row per mentee (pairs first, then unmatched) for :data:`MATCH_COLUMNS`."""
    rows: list[list[object]] = []
    for pair in sorted(result.pairs, key=lambda p: (p.mentor.name.casefold(), p.mentee.id)):
        rows.append(["matched", pair.mentee.id, pair.mentee.name, pair.mentor.name, pair.mentor.email,
                     f"{pair.score:g}", *(f"{pair.points(f):g}" for f in FACTORS), pair.decided_by,
                     "; ".join(str(r) for r in pair.reasons)])
    for item in result.unmatched:
        rows.append(["unmatched", item.mentee.id, item.mentee.name, *[""] * (len(MATCH_COLUMNS) - 4),
                     item.why])
    return rows


def config_to_toml(config: MatchConfig) -> str:
    """The weights and rules of ``config`` as a TOML file for ``mentorkit match --weights``."""
    weights = "\n".join(f"{k} = {config.weights[k]:g}" for k in WEIGHT_KEYS)
    rules = ", ".join(f'"{r}"' for r in config.must_have)
    return (f"# mentorkit matching weights (use with: mentorkit match --weights this-file.toml)\n"
            f"[weights]\n{weights}\n\n[rules]\nmust_have = [{rules}]\nmin_score = {config.min_score:g}\n\n"
            f"[stage_gap]\nmin = {config.stage_gap[0]}\nmax = {config.stage_gap[1]}\n")
