"""Step 5, using feedback: a script for asking about one specific thing, the receiving practice
(listen, thank, clarify, decide), "what I will change" entries linked to goals, and the wins log.

Every function takes the parsed ``feedback`` content (``content/feedback.toml``) as ``data``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..content import bundled
from ..model import Change, Workbook
from .checks import Check, CheckResult
from .text import content_words, has_phrase, normalise


@dataclass(frozen=True)
class Step:
    """One step of receiving feedback: what to do and something to say."""

    key: str
    label: str
    do: str = ""
    say: str = ""


def receiving_steps(data: Mapping[str, Any]) -> list[Step]:
    """Listen, thank, clarify, decide (from the content file)."""
    return [
        Step(str(s["key"]), str(s.get("label", s["key"])), str(s.get("do", "")), str(s.get("say", "")))
        for s in data.get("receiving", [])
        if isinstance(s, Mapping) and s.get("key")
    ]


def check_request(about: str, data: Mapping[str, Any]) -> Check:
    """Is the thing to get feedback on specific (one piece of work, not "my work")? Keyed ``about``."""
    text = data.get("asking", {})
    if not content_words(about) and not about.strip():
        return Check("about", False, str(text.get("empty_message", "Write the one thing.")))
    vague = [str(v) for v in text.get("too_vague", [])]
    if normalise(about).strip() in {normalise(v).strip() for v in vague} or len(content_words(about)) < 2:
        return Check("about", False, str(text.get("vague_message", "Be more specific.")))
    return Check("about", True, str(text.get("ok_message", "Specific enough.")))


def ask_script(who: str, about: str, data: Mapping[str, Any]) -> str:
    """The request, ready to send: the content's script with the person and the one thing filled in."""
    template = " ".join(str(data.get("asking", {}).get("script", "{who}: {about}?")).split())
    thing = about.strip().rstrip(".?!") or "…"
    return template.format(who=who.strip() or "…", about=thing)


def _looks_like_action(text: str, rules: Mapping[str, Any]) -> bool:
    """True when ``text`` opens with an action: one of the rules' ``action_openers`` ("I will ...")
    or any first word that is not one of its ``not_openers`` (articles, pronouns)."""
    first = content_words(text)[:1]
    if has_phrase(" ".join(text.split()[:4]), [str(w) for w in rules.get("action_openers", ())]):
        return True
    # an imperative ("Ask ...", "Practise ...", "Send ...") starts with a verb we cannot list;
    # accept any sentence that does not start with a pronoun or article
    not_openers = {str(w).casefold() for w in rules.get("not_openers", ())}
    return bool(first) and text.split()[0].casefold() not in not_openers


def check_change(change: Change, workbook: Workbook, data: Mapping[str, Any]) -> CheckResult:
    """A "what I will change" entry: written as an action, and linked to an existing goal.

    Keys: ``action`` and ``goal``.
    """
    text = data.get("changes", {})
    goals = {g.id for g in workbook.goals if g.text.strip()}
    action = len(change.text.split()) >= 3 and _looks_like_action(change.text, text)
    linked = change.goal_id in goals
    return CheckResult(checks=[
        Check("action", action, str(text.get("ok", "")) if action else str(text.get("no_verb", ""))),
        Check("goal", linked, str(text.get("linked", "")) if linked else str(text.get("no_goal", ""))),
    ])


def changes_by_goal(
    workbook: Workbook, data: Mapping[str, Any] | None = None
) -> list[tuple[str, list[Change]]]:
    """The written changes grouped under their goal's text (unlinked ones last, under the content's
    ``changes.no_goal_title``, "No goal yet"), for the worksheet and the snapshot. ``data``: the
    ``feedback`` content (default: the bundled one)."""
    data = data if data is not None else bundled().get("feedback")
    unlinked = str(data.get("changes", {}).get("no_goal_title", ""))
    goals = {g.id: g.text.strip() for g in workbook.goals}
    groups: dict[str, list[Change]] = {}
    for change in workbook.changes:
        if not change.text.strip():
            continue
        title = goals.get(change.goal_id) or unlinked
        groups.setdefault(title, []).append(change)
    ordered = [t for t in (goals.get(c.goal_id) for c in workbook.changes) if t and t in groups]
    keys = list(dict.fromkeys([*ordered, *groups]))
    return [(k, groups[k]) for k in keys]


def wins_reading(workbook: Workbook, data: Mapping[str, Any]) -> str:
    """One sentence about the wins log, for the widget and the worksheet."""
    text = data.get("wins", {})
    count = sum(1 for w in workbook.wins if w.text.strip())
    if not count:
        return str(text.get("reading_empty", ""))
    return str(text.get("reading", "{count}")).format(count=count)
