"""The SMART check of one goal: specific, measurable, achievable, relevant, time-bound.

Rules (every one explainable to a participant):

* **specific** – the text uses an action verb from ``smart.toml`` and names what it acts on
  (at least one more meaningful word after the verb, not counting the time frame).
* **measurable** – ``goal.measure`` is filled, or the text has a number (dates and "within 12
  months" do not count) or names an observable result ("paper", "promotion", "submitted" ...).
* **achievable** – the target date (if any) is not in the past and not more than ``max_months``
  away, and the text avoids all-or-nothing words ("perfect", "always", "world-class" ...).
* **relevant** – the goal is tied to the workbook: it mentions one of the participant's values or
  a skill they want to grow (target above current), or it names a benefit of mentorship it serves.
* **time-bound** – ``goal.target_date`` is set, or the text names a time frame ("by June",
  "within 12 months", "this autumn", "next year", "2026-03-01" ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..content import Content, bundled
from ..model import Goal, Workbook
from .checks import Check, CheckResult
from .text import STOPWORDS, has_phrase, mentions, normalise, words

KEYS = ("specific", "measurable", "achievable", "relevant", "time_bound")


@dataclass
class SmartResult(CheckResult):
    """The SMART checks of one goal, keyed ``specific``, ``measurable``, ``achievable``,
    ``relevant`` and ``time_bound``."""

    goal_id: str = ""
    verb: str | None = None
    horizon: str | None = None
    ties: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Lists:
    verbs: frozenset[str]
    results: tuple[str, ...]
    numbers: tuple[str, ...]
    overreach: tuple[str, ...]
    vague: frozenset[str]
    horizon: re.Pattern[str]
    max_months: int


def _alt(items: list[str]) -> str:
    ordered = sorted({normalise(i).strip() for i in items if i.strip()}, key=len, reverse=True)
    return "|".join(re.escape(i) for i in ordered)


def _lists(content: Content | None) -> _Lists:
    """The compiled word lists of ``smart.toml``, built once per Content object."""
    return (content or bundled()).derived("smart.lists", _build_lists)


def _build_lists(content: Content) -> _Lists:
    data = content.get("smart")
    hz = data.get("horizon", {})
    months = _alt(hz.get("months", []))
    seasons = _alt(hz.get("seasons", []))
    leads = _alt(hz.get("lead_words", []))
    units = _alt(hz.get("units", []))
    unit_leads = _alt(hz.get("unit_lead_words", []))
    fixed = _alt(hz.get("phrases", []))
    numbers = r"\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|few"
    parts = []
    if leads and months:
        parts.append(rf"(?:{leads}) (?:the )?(?:\d{{1,2}} )?(?:{months})(?: \d{{1,2}})?(?: \d{{4}})?")
    if leads and seasons:
        parts.append(rf"(?:{leads}) (?:the )?(?:{seasons})")
    if unit_leads and units:
        parts.append(rf"(?:{unit_leads}) (?:{numbers}) (?:{units})")
    parts += [r"(?:by|before|in|until|end of) (?:\d{4})", r"\d{4} \d{1,2} \d{1,2}"]
    if fixed:
        parts.append(rf"(?:{fixed})")
    pattern = re.compile(r" (?:" + "|".join(f"(?:{p})" for p in parts) + r") ")
    return _Lists(
        verbs=frozenset(v.casefold() for v in data.get("action_verbs", [])),
        results=tuple(data.get("observable_results", [])),
        numbers=tuple(data.get("number_words", [])),
        overreach=tuple(data.get("overreach_words", [])),
        vague=frozenset(v.casefold() for v in data.get("vague_words", [])),
        horizon=pattern,
        max_months=int(data.get("limits", {}).get("max_months", 24)),
    )


def _verb_forms(word: str) -> set[str]:
    forms = {word}
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)]
            forms |= {stem, stem + "e"}
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.add(stem[:-1])  # planned -> plan
    return forms


def find_horizon(text: str, *, content: Content | None = None) -> str | None:
    """The time-frame phrase in ``text`` ("by June", "within 12 months" ...), or None."""
    match = _lists(content).horizon.search(normalise(text))
    return match.group(0).strip() if match else None


def _without_horizons(text: str, lists: _Lists) -> str:
    return lists.horizon.sub(" ", normalise(text))


def _months_between(start: date, end: date) -> float:
    return (end - start).days / 30.44


def check_goal(
    goal: Goal,
    workbook: Workbook | None = None,
    today: date | None = None,
    *,
    content: Content | None = None,
) -> SmartResult:
    """Check one goal against the five SMART criteria (see the module docstring for the rules).

    ``content`` is the cohort's content (default: the bundled files).
    """
    lists = _lists(content)
    today = today or date.today()
    text = goal.text or ""
    body = _without_horizons(text, lists)
    tokens = words(body)
    checks: list[Check] = []

    # specific
    verb, obj = None, []
    for i, token in enumerate(tokens):
        if _verb_forms(token) & lists.verbs:
            verb = token
            obj = [t for t in tokens[i + 1 :] if t not in STOPWORDS and t not in lists.vague]
            break
    if not text.strip():
        checks.append(Check("specific", False, "Write the goal down in one sentence first."))
    elif verb is None:
        checks.append(
            Check("specific", False, "Start with an action verb: what will you do (write, lead, submit ...)?")
        )
    elif not obj:
        checks.append(Check("specific", False, f"Say what exactly you will {verb}: name the thing."))
    else:
        checks.append(Check("specific", True, f"Clear action: {verb} {' '.join(obj[:4])}."))

    # measurable
    number = re.search(r"\d", body) or has_phrase(body, lists.numbers)
    result_word = has_phrase(body, lists.results)
    if goal.measure.strip():
        checks.append(Check("measurable", True, f"You will know it is done when: {goal.measure.strip()}"))
    elif number:
        checks.append(Check("measurable", True, "It has a number you can count."))
    elif result_word:
        checks.append(Check("measurable", True, f"It names a result someone could see: {result_word}."))
    else:
        checks.append(
            Check("measurable", False, "Add a number or a result others could see: how many, what gets done?")
        )

    # achievable
    problems = []
    if goal.target_date is not None:
        if goal.target_date < today:
            problems.append("the target date has already passed")
        elif _months_between(today, goal.target_date) > lists.max_months:
            problems.append(f"the target date is over {lists.max_months} months away; pick a nearer step")
    overreach = has_phrase(text, lists.overreach)
    if overreach:
        problems.append(f'"{overreach}" sets an all-or-nothing bar')
    if not text.strip():
        problems.append("there is no goal yet")
    if problems:
        checks.append(Check("achievable", False, "Make it reachable: " + "; ".join(problems) + "."))
    else:
        checks.append(Check("achievable", True, "Reachable within the workshop's horizon."))

    # relevant
    ties = _ties(goal, workbook)
    if ties:
        checks.append(Check("relevant", True, "Tied to " + ", ".join(ties) + "."))
    else:
        checks.append(
            Check(
                "relevant",
                False,
                "Say why it matters to you: mention one of your values or a skill you want to grow, "
                "or pick the benefit it serves.",
            )
        )

    # time-bound
    horizon = find_horizon(text, content=content)
    if goal.target_date is not None:
        checks.append(Check("time_bound", True, f"Target date: {goal.target_date.isoformat()}."))
    elif horizon:
        checks.append(Check("time_bound", True, f'Time frame: "{horizon}".'))
    else:
        checks.append(Check("time_bound", False, 'Add a deadline: a date, or "by June", "within 6 months".'))

    return SmartResult(checks=checks, goal_id=goal.id, verb=verb, horizon=horizon, ties=ties)


def _ties(goal: Goal, workbook: Workbook | None) -> list[str]:
    """What links the goal to the participant: values, skill gaps, chosen benefits."""
    text = f"{goal.text} {goal.measure}"
    ties: list[str] = []
    if workbook is not None:
        ties += [f"your value “{v}”" for v in workbook.values if v.strip() and mentions(text, v)]
        for skill in workbook.skills:
            gap = skill.target is not None and (skill.current is None or skill.target > skill.current)
            if gap and mentions(text, skill.name):
                ties.append(f"your skill goal “{skill.name}”")
    ties += [f"the benefit “{b.value.replace('_', ' ')}”" for b in goal.benefits]
    return ties
