"""Mentor-mentee matching: a transparent weighted score, hard rules, and a global optimum.

Every pair gets ``score = sum(weight * factor)`` over four factors (open needs the mentor offers,
skill gaps the mentor helps with, same or adjacent field, a suitable career-stage gap). Must-have
rules and excluded pairs remove pairs outright. The assignment maximises the total score over all
pairs at once, with each mentor taking at most ``capacity`` mentees: scipy's
``linear_sum_assignment`` on a mentees x mentor-slots matrix. The same input always gives the same
pairs. Every pair is explained factor by factor; every unmatched mentee gets a reason.

Pure functions: no Jupyter, no file writes. Weights, stage order and field groups are data
(``mentorkit/content/matching.toml``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from pathlib import Path
from typing import TYPE_CHECKING

from ..content import Category, Content, bundled, thaw
from ..errors import MentorkitError, UnusableInput
from ..model import Workbook
from ..tomlfile import read_toml
from .mentors import ExcludedPair, Mentor

if TYPE_CHECKING:
    import numpy as np

FACTORS = ("needs", "skills", "field", "stage")
WEIGHT_KEYS = ("needs", "skills", "same_field", "adjacent_field", "stage")
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


def config_from_data(data: Mapping, origin: str, base: MatchConfig | None = None) -> MatchConfig:
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
    if override is not None:
        path = Path(override)
        config = config_from_data(read_toml(path, "weights file"), str(path), base=config)
    return config


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
    """Need keys the participant's own mentor map already covers (someone is named for them)."""
    from ..core.mentor_map import analyse_map

    report = analyse_map(workbook, categories)
    return {need for need, names in report.coverage.items() if names}


def mentee_from_workbook(workbook: Workbook, categories: Sequence[Category]) -> Mentee:
    """Open needs (stated needs the mentor map does not cover yet) and skill gaps of one participant."""
    covered = covered_needs(workbook, categories)
    profile = workbook.profile
    return Mentee(
        id=profile.id,
        name=profile.name,
        needs=[n for n in workbook.needs if n not in covered],
        skill_gaps=skill_gaps(workbook),
        field=profile.field,
        career_stage=profile.career_stage,
        email=profile.email,
    )


# -- scoring ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reason:
    """One factor's contribution to a pair's score."""

    factor: str  # needs | skills | field | stage
    points: float
    detail: str

    def __str__(self) -> str:
        return f"{self.factor} +{self.points:g}: {self.detail}"


@dataclass
class PairScore:
    score: float
    reasons: list[Reason]
    broken_rules: list[str]


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


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
    return PairScore(round(sum(r.points for r in reasons), 6), reasons, broken)


@dataclass
class Matrices:
    """Scores and eligibility for every mentee (rows) x mentor (columns) pair."""

    score: np.ndarray  # float: the weighted sum
    rule_ok: np.ndarray  # bool: passes every must-have
    broken: dict[str, np.ndarray]  # rule -> bool array of the pairs it rules out
    excluded: np.ndarray  # bool: on the exclusion list


def score_matrices(mentees: list[Mentee], mentors: list[Mentor], config: MatchConfig,
                   excluded: set[tuple[int, int]] = frozenset()) -> Matrices:
    """All pair scores at once (numpy); equal to :func:`explain` pair by pair, only faster."""
    import numpy as np

    m, p = len(mentees), len(mentors)
    w = config.weights

    def incidence(rows: list[Iterable[str]], vocab: dict[str, int]) -> np.ndarray:
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
    for items in mentee_skills + mentor_skills:
        for item in items:
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
    score = (w["needs"] * shared_needs + w["skills"] * shared_skills + w["same_field"] * same
             + w["adjacent_field"] * adjacent + w["stage"] * stage_ok).round(6)
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
    return Matrices(score, rule_ok, broken, excl)


# -- assignment -----------------------------------------------------------------------------------
@dataclass
class Pair:
    mentee: Mentee
    mentor: Mentor
    score: float
    reasons: list[Reason]

    def points(self, factor: str) -> float:
        return sum(r.points for r in self.reasons if r.factor == factor)


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
        return (f"{len(self.pairs)} of {n} mentees matched, {len(self.unmatched)} unmatched, "
                f"total score {self.total_score:g}")


def resolve_exclusions(pairs: Iterable[ExcludedPair], mentees: list[Mentee],
                       mentors: list[Mentor]) -> tuple[set[tuple[int, int]], list[str]]:
    """Index pairs for :func:`match`; notes for entries that name nobody we know."""
    mentee_index: dict[str, list[int]] = {}
    for i, x in enumerate(mentees):
        for key in {x.id, x.email, x.name}:
            if key:
                mentee_index.setdefault(_fold(key), []).append(i)
    mentor_index: dict[str, list[int]] = {}
    for j, x in enumerate(mentors):
        for key in {x.email, x.name}:
            if key:
                mentor_index.setdefault(_fold(key), []).append(j)
    result, notes = set(), []
    for pair in pairs:
        rows = mentee_index.get(_fold(pair.mentee))
        cols = mentor_index.get(_fold(pair.mentor))
        where = f"exclusion row {pair.row}: " if pair.row else "exclusion: "
        if not rows:
            notes.append(f"{where}no mentee called {pair.mentee!r}; ignored")
        elif not cols:
            notes.append(f"{where}no mentor called {pair.mentor!r}; ignored")
        else:
            result.update((i, j) for i in rows for j in cols)
    return result, notes


def match(mentees: list[Mentee], mentors: list[Mentor], config: MatchConfig,
          exclude: Iterable[ExcludedPair] = (), labels: Mapping[str, str] | None = None) -> MatchResult:
    """The assignment with the highest total score under capacities, rules and exclusions.

    Deterministic: mentees are taken in id order and mentors in the given order, and the solver is
    exact. A pair must pass every must-have rule, not be excluded, and score more than 0 and at least
    ``config.min_score``.
    """
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    mentees = sorted(mentees, key=lambda x: x.id)
    excluded, notes = resolve_exclusions(exclude, mentees, mentors)
    mat = score_matrices(mentees, mentors, config, excluded)
    threshold = max(config.min_score, 1e-9)
    allowed = mat.rule_ok & ~mat.excluded & (mat.score >= threshold)
    owners = np.repeat(np.arange(len(mentors)), [max(x.capacity, 0) for x in mentors])
    chosen: dict[int, int] = {}
    if len(mentees) and len(owners):
        weight = np.where(allowed, mat.score, 0.0)[:, owners]
        rows, cols = linear_sum_assignment(weight, maximize=True)
        for i, c in zip(rows.tolist(), cols.tolist(), strict=True):
            j = int(owners[c])
            if allowed[i, j]:
                chosen[i] = j
    pairs, unmatched = [], []
    for i, mentee in enumerate(mentees):
        if i in chosen:
            mentor = mentors[chosen[i]]
            detail = explain(mentee, mentor, config, labels)
            pairs.append(Pair(mentee, mentor, detail.score, detail.reasons))
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
    n_excl = int(mat.excluded[i].sum())
    if n_excl:
        parts.append(f"{n_excl} excluded pair(s)")
    low = int((mat.rule_ok[i] & ~mat.excluded[i] & (mat.score[i] < max(config.min_score, 1e-9))).sum())
    if low:
        parts.append(f"{low} score below the minimum of {config.min_score:g}")
    return f"no mentor passes the rules: of {len(mentors)} mentors, " + "; ".join(parts)


MATCH_COLUMNS = ("status", "mentee_id", "mentee_name", "mentor_name", "mentor_email", "score",
                 "needs_points", "skills_points", "field_points", "stage_points", "reasons")


def match_rows(result: MatchResult) -> list[list[object]]:
    """One row per mentee (pairs first, then unmatched) for :data:`MATCH_COLUMNS`."""
    rows: list[list[object]] = []
    for pair in sorted(result.pairs, key=lambda p: (p.mentor.name.casefold(), p.mentee.id)):
        rows.append(["matched", pair.mentee.id, pair.mentee.name, pair.mentor.name, pair.mentor.email,
                     f"{pair.score:g}", *(f"{pair.points(f):g}" for f in FACTORS),
                     "; ".join(str(r) for r in pair.reasons)])
    for item in result.unmatched:
        rows.append(["unmatched", item.mentee.id, item.mentee.name, "", "", "", "", "", "", "", item.why])
    return rows


def config_to_toml(config: MatchConfig) -> str:
    """The weights and rules of ``config`` as a TOML file for ``mentorkit match --weights``."""
    weights = "\n".join(f"{k} = {config.weights[k]:g}" for k in WEIGHT_KEYS)
    rules = ", ".join(f'"{r}"' for r in config.must_have)
    return (f"# mentorkit matching weights (use with: mentorkit match --weights this-file.toml)\n"
            f"[weights]\n{weights}\n\n[rules]\nmust_have = [{rules}]\nmin_score = {config.min_score:g}\n\n"
            f"[stage_gap]\nmin = {config.stage_gap[0]}\nmax = {config.stage_gap[1]}\n")
