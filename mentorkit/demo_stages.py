"""The sample cohort at realistic stages: a few participants complete, several half-way, the rest as
imported (for ``mentorkit demo``).

The answers are data, ``mentorkit/samples/stages.toml`` (who is at which stage, and each person's
mentor, contact, ask and measure); this module turns them into workbook parts. It is pure apart
from :func:`apply_stages`, which reads and saves the cohort's workbooks.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .model import (
    Agreement,
    Ask,
    Benefit,
    Change,
    Contact,
    Conversation,
    FeedbackRequest,
    Goal,
    GoalStatus,
    OutreachDraft,
    PathLook,
    Reflection,
    TieStrength,
    Win,
    Workbook,
)

COMPLETE, HALFWAY, IMPORTED = "complete", "halfway", "imported"
STAGES = (COMPLETE, HALFWAY, IMPORTED)


def sample_stages_path() -> Path:
    """The bundled example answers (``mentorkit/samples/stages.toml``)."""
    from importlib import resources

    return Path(str(resources.files("mentorkit").joinpath("samples/stages.toml")))


def read_stages(path: Path | None = None) -> dict[str, Any]:
    """The parsed example-answers file (default: the bundled one)."""
    from .tomlfile import read_toml

    return read_toml(path or sample_stages_path(), "example answers")


def stage_of(data: Mapping[str, Any], participant_id: str) -> str:
    """``complete``, ``halfway`` or ``imported`` for one participant."""
    stages = data.get("stages", {})
    for stage in (COMPLETE, HALFWAY):
        if participant_id in stages.get(stage, []):
            return stage
    return IMPORTED


def _answers(data: Mapping[str, Any], participant_id: str) -> dict[str, Any]:
    return {**data.get("defaults", {}), **data.get("people", {}).get(participant_id, {})}


def _sharpen_goals(wb: Workbook, a: dict[str, Any], start: date) -> list[Goal]:
    """The first goal made measurable and dated; the others keep what the roster gave them."""
    goals = list(wb.goals) or [Goal(text=f"Take the next step in {wb.profile.field or 'my work'}")]
    first = goals[0].model_copy(update={
        "measure": goals[0].measure or str(a["measure"]),
        "target_date": goals[0].target_date or start + timedelta(days=int(a["target_days"])),
        "benefits": goals[0].benefits or [Benefit.career_advancement, Benefit.guidance],
        "status": GoalStatus.in_progress,
    })
    return [first, *goals[1:]]


def halfway(wb: Workbook, a: dict[str, Any], start: date) -> Workbook:
    """Goals sharpened, skill targets, a mentor map with one ask, a first message drafted."""
    needs = list(wb.needs) or ["professional_development"]
    skills = [s.model_copy(update={"target": s.target or min(5, (s.current or 1) + 1)}) for s in wb.skills]
    contacts = [Contact(id="sample-contact", name=str(a["contact"]), relation=str(a["contact_relation"]),
                        expertise=str(a["contact_expertise"]), needs=needs[:2], strength=TieStrength.weak)]
    if a.get("mentor"):
        contacts.insert(0, Contact(id="sample-mentor", name=str(a["mentor"]),
                                   relation=str(a["mentor_relation"]), expertise=str(a["mentor_expertise"]),
                                   needs=needs[-2:], strength=TieStrength.medium))
    asks = [Ask(id="sample-ask", need=needs[0], who=str(a["contact"]), what=str(a["ask"]),
                by=start + timedelta(days=28), contact_id="sample-contact")]
    subject = f"A question from a {wb.profile.role.lower() or 'workshop participant'}"
    outreach = [OutreachDraft(id="sample-draft", contact_id="sample-contact", template="email",
                              subject=subject)]
    return wb.model_copy(update={"goals": _sharpen_goals(wb, a, start), "skills": skills,
                                 "contacts": contacts, "asks": asks, "outreach": outreach})


def complete(wb: Workbook, a: dict[str, Any], start: date) -> Workbook:
    """Every exercise done: :func:`halfway`, then the message sent, the agreement, reflections and
    the five steps (a conversation, feedback asked for, a change, a win, a career path)."""
    wb = halfway(wb, a, start)
    name, first = wb.profile.name, wb.profile.name.split(" ")[0]
    contact = str(a["contact"])
    body = (f"Dear {contact},\n\n{a['ask']}? I am a {wb.profile.role.lower()} working in "
            f"{wb.profile.field.lower()}, and your experience with {a['contact_expertise']} is exactly what "
            "I am trying to learn about.\n\nTwenty minutes in the next few weeks would help me a lot; "
            f"I can fit around your calendar.\n\nThank you,\n{name}")
    outreach = [wb.outreach[0].model_copy(update={"body": body, "sent_on": start + timedelta(days=4),
                                                  "follow_up_on": start + timedelta(days=12)})]
    goal_ids = [g.id for g in wb.goals[:2]]
    months = int(a["months"])
    agreement = Agreement(
        goal_ids=goal_ids, frequency=str(a["frequency"]), mode=str(a["mode"]),
        meeting_minutes=int(a["minutes"]),
        start=start + timedelta(days=14), end=start + timedelta(days=14 + 30 * months),
        confidentiality=str(a["confidentiality"]), feedback=str(a["feedback"]),
        ground_rules=[str(r) for r in a["ground_rules"]],
        checkpoints=[start + timedelta(days=14 + 15 * months), start + timedelta(days=14 + 30 * months)],
        ending=str(a["ending"]), mentee_name=name, mentor_name=str(a["mentor"]),
        roles_mentee=str(a["roles_mentee"]), roles_mentor=str(a["roles_mentor"]),
        between_meetings=str(a["between_meetings"]), reply_time=str(a["reply_time"]),
        preparation=str(a["preparation"]), mentor_expectations=str(a["mentor_expectations"]),
        disagreements=str(a["disagreements"]),
    )
    goal = wb.goals[0].id
    return wb.model_copy(update={
        "outreach": outreach, "agreement": agreement,
        "asks": [wb.asks[0].model_copy(update={"done": True})],
        "reflections": [Reflection(id="sample-reflection", prompt=str(a["reflection_prompt"]),
                                   text=str(a["reflection"]))],
        "conversations": [Conversation(
            id="sample-conversation", contact_id="sample-contact", goal_id=goal,
            held_on=start + timedelta(days=11),
            questions=["How did you get to where you are now?", "Who else should I talk to?"],
            offer="A short summary of what we discussed, and the article I mentioned.",
            notes=f"{contact} suggested starting small and asking one person a week.",
            follow_up="Send the summary and a thank-you note within a week.")],
        "feedback_requests": [FeedbackRequest(
            id="sample-feedback", who=str(a["mentor"]), about="The first page of my plan for the goal",
            asked_on=start + timedelta(days=16), heard="Clear aim; the timeline is too tight in month two.",
            clarify="Which step would you move first?")],
        "changes": [Change(id="sample-change", text=str(a["change"]), goal_id=goal)],
        "wins": [Win(id="sample-win", day=start + timedelta(days=4), text=str(a["win"]),
                     shows=str(a["win_shows"]))],
        "career_paths": [PathLook(id="sample-path", path="policy",
                                  notes=f"{first} noted how evidence is used in decisions.",
                                  next_step="Talk to someone in a policy fellowship")],
    })


def at_stage(wb: Workbook, stage: str, answers: dict[str, Any], start: date) -> Workbook:
    """``wb`` brought to ``stage`` with ``answers`` (one person's merged example answers).

    Who got as far as half-way also confirmed their profile on the start page on the workshop day.
    """
    if stage not in (COMPLETE, HALFWAY):
        return wb
    wb = wb.model_copy(update={"profile": wb.profile.model_copy(update={"confirmed_on": start})})
    return complete(wb, answers, start) if stage == COMPLETE else halfway(wb, answers, start)


def apply_stages(cohort_root: Path, data: Mapping[str, Any] | None = None,
                 today: date | None = None) -> dict[str, str]:
    """Bring every sample participant in ``cohort_root`` to their stage; ``{id: stage}``.

    Idempotent: a participant is built from the imported answers every time (contacts, asks and the
    rest are replaced by the example ones), so running the demo twice gives the same workbooks.
    """
    from .store import Cohort

    data = data if data is not None else read_stages()
    start = (today or date.today()) - timedelta(days=int(data.get("workshop_days_ago", 21)))
    cohort = Cohort(cohort_root)
    stages: dict[str, str] = {}
    for pid in cohort.ids():
        stage = stage_of(data, pid)
        stages[pid] = stage
        if stage == IMPORTED:
            continue
        wb = cohort.load(pid)
        cohort.save(at_stage(wb, stage, _answers(data, pid), start))
    return stages
