"""Cohort aggregates for the facilitator's dashboard, anonymised by default.

Every figure is a count of people per category (exercise status, self-rating, need, goal kind,
benefit, outreach stage, agreement state). Anonymised (the default): no names appear, and in each
breakdown any group of 1 to ``min_group - 1`` people is folded into ``"other"`` (if ``"other"`` is
itself still too small, the next smallest groups join it), so nobody can be singled out. With
``names=True``, chosen deliberately by the facilitator, counts are exact and a per-person follow-up
list is added.

Plain functions over workbooks: no Jupyter, no pandas, no file writes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path
from typing import Any

from ..content import Category, Content, bundled
from ..errors import WorkbookError
from ..model import Agreement, OutreachStatus, Workbook
from .matching import skill_gaps

EXERCISES = ("00_start_here", "01_goals", "02_mentor_map", "03_outreach", "04_expectations", "05_feedback")
EXERCISE_LABELS = {
    "00_start_here": "0 Start here",
    "01_goals": "1 Goals",
    "02_mentor_map": "2 Mentor map",
    "03_outreach": "3 Outreach",
    "04_expectations": "4 Expectations",
    "05_feedback": "5 Feedback",
}
STATUSES = ("not_started", "started", "done")
OUTREACH_STAGES = ("no contact yet", "drafted", "sent", "replied", "meeting set", "met")
AGREEMENT_STATES = ("not started", "in progress", "signed")
GOAL_KINDS = {"career": "Career move", "skill": "Skill", "project": "Project"}
RATINGS = ("1", "2", "3", "4", "5")
OTHER = "other"
OTHER_SKILLS = "\x00other skills"  # cannot clash with a skill name someone typed
DEFAULT_MIN_GROUP = 3

#: The stage each contact status stands for (rank in OUTREACH_STAGES); "drafted" comes from drafts.
_OUTREACH_RANK = {
    OutreachStatus.not_contacted: 0,
    OutreachStatus.sent: 2,
    OutreachStatus.declined: 2,  # they were asked: the ask went out
    OutreachStatus.no_answer: 2,
    OutreachStatus.replied: 3,
    OutreachStatus.meeting_set: 4,
    OutreachStatus.met: 5,
}


def fold_small(counts: Mapping[str, int], min_group: int = DEFAULT_MIN_GROUP,
               order: Iterable[str] | None = None) -> dict[str, int]:
    """Counts with every group of 1..min_group-1 people folded into ``"other"``.

    Zero counts stay (an empty group singles nobody out). If ``"other"`` ends up with fewer than
    ``min_group`` people, the smallest remaining groups join it until it is big enough. Keys keep
    ``order`` (default: the mapping's order) with ``"other"`` last.
    """
    keys = list(order) if order is not None else list(counts)
    keys += [k for k in counts if k not in keys]
    values = {k: int(counts.get(k, 0)) for k in keys}
    if min_group <= 1:
        return values
    other = 0
    for key in keys:
        if 0 < values[key] < min_group:
            other += values.pop(key)
    while 0 < other < min_group:
        candidates = [k for k in values if values[k] > 0]
        if not candidates:
            break
        smallest = min(candidates, key=lambda k: (values[k], keys.index(k)))
        other += values.pop(smallest)
    if other:
        values[OTHER] = other
    return values


@dataclass
class CohortSummary:
    """Everything the dashboard shows; each table is a list of records ready for a chart."""

    participants: int
    anonymised: bool
    min_group: int
    progress: list[dict[str, Any]] = dc_field(default_factory=list)  # exercise, label, status, people
    skills: list[dict[str, Any]] = dc_field(default_factory=list)  # skill, rating, people, gap_people, rank
    open_needs: list[dict[str, Any]] = dc_field(default_factory=list)  # need, people (named it, nobody yet)
    uncovered_needs: list[str] = dc_field(default_factory=list)  # labels nobody has covered
    goal_kinds: list[dict[str, Any]] = dc_field(default_factory=list)  # kind, people
    benefits: list[dict[str, Any]] = dc_field(default_factory=list)  # benefit, people
    outreach: list[dict[str, Any]] = dc_field(default_factory=list)  # stage, people
    agreement: list[dict[str, Any]] = dc_field(default_factory=list)  # state, people
    follow_up: list[dict[str, Any]] | None = None  # only with names
    # question, rating, people (hidden, shown)
    evaluation: list[dict[str, Any]] = dc_field(default_factory=list)
    evaluation_responses: int = 0
    comments: list[str] | None = None  # evaluation comments: only with names (facilitator only)
    smart_goals: int = 0  # goals (not dropped) with all five SMART parts, as the checker reads them
    goals_written: int = 0  # goals written (not dropped)

    def count(self, table: str, **where: str) -> int:
        """The people count of the first record of ``table`` matching ``where`` (0 if none)."""
        for record in getattr(self, table):
            if all(record.get(k) == v for k, v in where.items()):
                return int(record["people"])
        return 0


def _records(counts: Mapping[str, int], key: str, **fixed: object) -> list[dict[str, Any]]:
    return [{**fixed, key: k, "people": v} for k, v in counts.items()]


def outreach_stage(workbook: Workbook) -> str:
    """How far the participant's outreach got: the furthest contact status (as the participant set
    it in exercise 3) or draft (written: "drafted"; with a sent date: "sent")."""
    rank = max((_OUTREACH_RANK[c.outreach_status] for c in workbook.contacts), default=0)
    for draft in workbook.outreach:
        if draft.sent_on is not None:
            rank = max(rank, 2)
        elif draft.body.strip() or draft.subject.strip():
            rank = max(rank, 1)
    return OUTREACH_STAGES[rank]


def agreement_state(workbook: Workbook) -> str:
    """``signed`` (both signatures recorded), ``in progress`` (anything filled in) or ``not started``.

    The mentor's name that ``mentorkit match --apply`` writes into the agreement is a proposal, not a
    signature: it counts only once the mentee has signed too, and alone it leaves the agreement
    ``not started``.
    """
    agreement = workbook.agreement
    if agreement.mentee_name.strip() and agreement.mentor_name.strip():
        return "signed"
    proposed = workbook.proposed_mentor
    if proposed is not None and " ".join(agreement.mentor_name.split()).casefold() == \
            " ".join(proposed.name.split()).casefold():
        agreement = agreement.model_copy(update={"mentor_name": ""})
    return "not started" if agreement == Agreement() else "in progress"


def rating_records(counts: Mapping[str, int], min_group: int, **fixed: object) -> list[dict[str, Any]]:
    """One record per rating 1-5: never an "other" column. A cell of 1..min_group-1 people is shown
    as ``fewer than N`` (``people`` 0, ``hidden`` True) in its own column, so nobody is singled out
    and the scale keeps its meaning."""
    records = []
    for rating in RATINGS:
        n = int(counts.get(rating, 0))
        hidden = 0 < n < min_group
        records.append({**fixed, "rating": rating, "people": 0 if hidden else n, "hidden": hidden,
                        "shown": f"<{min_group}" if hidden else (str(n) if n else "")})
    return records


def summarise(books: list[Workbook], content: Content | None = None, names: bool = False,
              min_group: int = DEFAULT_MIN_GROUP, evaluation: list[Any] | None = None) -> CohortSummary:
    """Aggregate a cohort's workbooks with the cohort's ``content`` (need list, benefits, checks).

    ``content`` defaults to the bundled content; pass ``cohort.content`` for a real cohort.
    ``evaluation``: the imported evaluation responses (:mod:`.evaluation`), if any.
    """
    from ..core.mentor_map import analyse_map
    from ..core.progress import exercise_status, smart_summary

    content = content or bundled()
    categories: list[Category] = list(content.need_categories)
    need_label = {c.key: c.label for c in categories}
    benefit_label = {c.key: c.label for c in content.benefits}
    k = 1 if names else max(1, min_group)
    summary = CohortSummary(len(books), anonymised=not names, min_group=k)

    status_counts: dict[str, Counter[str]] = {ex: Counter() for ex in EXERCISES}
    ratings: dict[str, Counter[str]] = {}
    gap_people: Counter[str] = Counter()
    skill_names: dict[str, str] = {}
    open_need_counts: Counter[str] = Counter()
    covered_any: set[str] = set()
    kinds: Counter[str] = Counter()
    wanted: Counter[str] = Counter()
    outreach: Counter[str] = Counter()
    agreement: Counter[str] = Counter()
    follow_up: list[dict[str, Any]] = []
    for book in books:
        status = exercise_status(book, content)
        complete, written = smart_summary(book, content)
        summary.smart_goals += complete
        summary.goals_written += written
        for ex in EXERCISES:
            status_counts[ex][status.get(ex, "not_started")] += 1
        seen_skills = set()
        for skill in book.skills:
            key = " ".join(skill.name.split()).casefold()
            if key in seen_skills or skill.current is None:
                continue
            seen_skills.add(key)
            skill_names.setdefault(key, " ".join(skill.name.split()))
            ratings.setdefault(key, Counter())[str(skill.current)] += 1
        for name in {" ".join(s.split()).casefold() for s in skill_gaps(book)}:
            gap_people[name] += 1
        report = analyse_map(book, categories, content=content)
        covered = {need for need, who in report.coverage.items() if who}
        covered_any |= covered
        still_open = [n for n in dict.fromkeys(book.needs) if n not in covered]
        for need in still_open:
            open_need_counts[need_label.get(need, need)] += 1
        for kind in {g.kind.value for g in book.goals if g.text.strip()}:
            kinds[GOAL_KINDS.get(kind, kind)] += 1
        for benefit in {b.value for g in book.goals for b in g.benefits}:
            wanted[benefit_label.get(benefit, benefit)] += 1
        stage, state = outreach_stage(book), agreement_state(book)
        outreach[stage] += 1
        agreement[state] += 1
        if names:
            done = [ex for ex in EXERCISES if status.get(ex) == "done"]
            follow_up.append({
                "name": book.profile.name,
                "id": book.id,
                "exercises done": len(done),
                "next exercise": next((EXERCISE_LABELS[ex] for ex in EXERCISES
                                       if status.get(ex) != "done"), "all done"),
                "open needs": ", ".join(need_label.get(n, n) for n in still_open),
                "outreach": stage,
                "agreement": state,
            })

    for ex in EXERCISES:
        folded = fold_small(status_counts[ex], k, order=STATUSES)
        summary.progress += _records(folded, "status", exercise=ex, label=EXERCISE_LABELS[ex])
    # A skill only one or two people rated would name them by itself: such skills share one row.
    rare = [key for key in ratings if sum(ratings[key].values()) < k]
    if rare:
        merged: Counter[str] = Counter()
        for key in rare:
            merged.update(ratings.pop(key))
            gap_people[OTHER_SKILLS] += gap_people.pop(key, 0)
        ratings[OTHER_SKILLS] = merged
        skill_names[OTHER_SKILLS] = f"other skills (each rated by fewer than {k})"
    ordered = sorted(ratings, key=lambda s: (s == OTHER_SKILLS, -gap_people[s], skill_names[s].casefold()))
    for rank, key in enumerate(ordered):
        gaps = gap_people[key] if (gap_people[key] >= k or gap_people[key] == 0) else f"fewer than {k}"
        summary.skills += rating_records(ratings[key], k, skill=skill_names[key], gap_people=gaps, rank=rank)
    label_order = [c.label for c in categories]
    needs = fold_small(open_need_counts, k, order=[lbl for lbl in label_order if lbl in open_need_counts])
    summary.open_needs = sorted(_records(needs, "need"), key=lambda r: (r["need"] == OTHER, -r["people"]))
    summary.uncovered_needs = [c.label for c in categories if c.key not in covered_any]
    summary.goal_kinds = _records(fold_small(kinds, k, order=[v for v in GOAL_KINDS.values() if kinds[v]]),
                                  "kind")
    bene = fold_small(wanted, k, order=[v for v in benefit_label.values() if wanted[v]])
    summary.benefits = sorted(_records(bene, "benefit"), key=lambda r: (r["benefit"] == OTHER, -r["people"]))
    summary.outreach = _records(fold_small(outreach, k, order=OUTREACH_STAGES), "stage")
    summary.agreement = _records(fold_small(agreement, k, order=AGREEMENT_STATES), "state")
    if evaluation:
        from .evaluation import evaluation_counts

        summary.evaluation_responses = len(evaluation)
        for question, counts in evaluation_counts(evaluation).items():
            summary.evaluation += rating_records(counts, k, question=question)
        if names:
            summary.comments = [r.comment for r in evaluation if r.comment]
    if names:
        summary.follow_up = sorted(follow_up, key=lambda r: (r["exercises done"], r["name"].casefold()))
    return summary


def summarise_cohort(
    cohort: Path | str, names: bool = False, min_group: int = DEFAULT_MIN_GROUP
) -> tuple[CohortSummary, list[WorkbookError]]:
    """Read a cohort folder and summarise it: ``(summary, errors of unreadable workbooks)``."""
    from ..store import Cohort
    from .evaluation import load_evaluation

    folder = Cohort(cohort)
    books, errors = folder.load_all()
    return summarise(books, folder.content, names=names, min_group=min_group,
                     evaluation=load_evaluation(folder)), errors
