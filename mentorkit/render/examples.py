"""Filled-in workbooks of fictional people: for warming kernels, tests and the render benchmark.

Every exercise has answers (goals, skills, a mentor map, asks, outreach, an agreement, reflections),
so a worksheet made from one exercises every section. Names are invented combinations.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from ..model import (
    Agreement,
    Ask,
    Change,
    Contact,
    Conversation,
    Goal,
    OutreachDraft,
    OutreachStatus,
    PathLook,
    Profile,
    Reflection,
    Skill,
    TieStrength,
    Win,
    Workbook,
)

FIRST = ("Amara", "Bruno", "Carmen", "Dario", "Esi", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kemi",
         "Lior", "Mira", "Nadim", "Olga", "Pavel", "Rosa", "Sami", "Tuva", "Umar")
LAST = ("Abara", "Bellini", "Castell", "Dumont", "Eklund", "Fontaine", "Garvey", "Holm", "Ishikawa",
        "Jovanic", "Kaur", "Lindqvist", "Moreau", "Nakata", "Oyelaran", "Prieto", "Quist", "Ravel")
ROLES = (("PhD candidate", "doctoral", "Chemistry"), ("Data analyst", "early career", "Retail"),
         ("Postdoctoral researcher", "postdoc", "Linguistics"), ("Nurse educator", "mid career", "Health"),
         ("Product designer", "early career", "Software"))
SKILLS = ("Public speaking", "Academic writing", "Networking", "Data analysis", "Leadership", "Negotiation")
NEEDS = ("professional_development", "emotional_support", "intellectual_community", "safe_space",
         "accountability", "sponsorship", "access_to_opportunities", "substantive_feedback", "role_models")


def example_workbook(index: int, start: date | None = None) -> Workbook:
    """A complete workbook for fictional participant number ``index``, dated from ``start``.

    ``start`` defaults to two weeks ago, so goals and check-ins lie ahead; the same day gives the
    same workbook.
    """
    start = start or date.today() - timedelta(days=14)
    first, last = FIRST[index % len(FIRST)], LAST[(index * 7) % len(LAST)]
    pid = f"{first}-{last}-{index:03d}".lower()
    role, stage, field = ROLES[index % len(ROLES)]
    goals = [
        Goal(id=f"g{index}a", text=f"Give a 10-minute talk on my {field.lower()} work at a seminar",
             kind="skill", benefits=["confidence", "skill_development"],
             measure="talk given, 3 questions asked", target_date=start + timedelta(days=120),
             status="in_progress"),
        Goal(id=f"g{index}b", text="Find a mentor outside my team", kind="career",
             benefits=["networking", "guidance"], measure="first conversation held",
             target_date=start + timedelta(days=60)),
        Goal(id=f"g{index}c", text="Learn more things", kind="project"),
    ]
    skills = [Skill(name=name, current=1 + (index + i) % 4, target=min(5, 2 + (index + i) % 4))
              for i, name in enumerate(SKILLS)]
    needs = [NEEDS[(index + k) % len(NEEDS)] for k in (0, 2, 4, 5)]
    contacts = [
        Contact(id=f"c{index}a", name=f"{FIRST[(index + 3) % len(FIRST)]} {LAST[(index + 5) % len(LAST)]}",
                relation="supervisor", expertise=field, needs=needs[:2], strength=TieStrength.strong),
        Contact(id=f"c{index}b", name=f"{FIRST[(index + 9) % len(FIRST)]} {LAST[(index + 2) % len(LAST)]}",
                relation="former colleague", expertise="careers outside academia", needs=needs[1:2],
                strength=TieStrength.weak, outreach_status=OutreachStatus.sent),
    ]
    asks = [Ask(id=f"a{index}", need=needs[2], who=contacts[1].name,
                what="A 20-minute call about how they moved into their current role",
                by=start + timedelta(days=21))]
    outreach = [OutreachDraft(
        id=f"o{index}", contact_id=contacts[1].id, template="email",
        subject=f"Question from a {role.lower()} about your path into {field.lower()}",
        body=(f"Dear {contacts[1].name},\n\nI am a {role.lower()} and I read about how you moved from "
              "research into your current role. I am weighing a similar step and would value your view.\n\n"
              "Would you have 20 minutes for a call in the next few weeks? I can fit around your calendar."
              f"\n\nThank you,\n{first} {last}"),
        sent_on=start + timedelta(days=3), follow_up_on=start + timedelta(days=12),
    )]
    agreement = Agreement(
        goal_ids=[goals[0].id, goals[1].id], frequency="twice a month", mode="video", meeting_minutes=45,
        start=start, end=start + timedelta(days=180), confidentiality="What we discuss stays between us.",
        feedback="Direct and specific, in the meeting, with one thing to try next time.",
        ground_rules=["Agenda shared a day before", "Either of us may move a meeting with 48 hours notice"],
        checkpoints=[start + timedelta(days=90), start + timedelta(days=180)],
        ending="Either of us can end it, no fault, with a short final conversation.",
        mentee_name=f"{first} {last}", mentor_name=contacts[0].name,
        roles_mentee="I set the agenda, book the meetings and send a short note of what we agreed.",
        roles_mentor="Honest advice from experience, and introductions where they help.",
        between_meetings="E-mail for short questions; anything longer waits for the meeting.",
        reply_time="Within three working days, or we say we are away.",
        preparation="An agenda two working days before each meeting.",
        mentor_expectations="Come with one concrete question and be candid about progress.",
        disagreements="We say so at the next meeting and talk it through openly.",
    )
    steps = dict(
        conversations=[Conversation(id=f"v{index}", contact_id=contacts[1].id, goal_id=goals[0].id,
                                    held_on=start + timedelta(days=14),
                                    questions=["How did you get to where you are now?",
                                               "Who else do you think I should talk to?"],
                                    offer="A short summary of what we discussed.",
                                    notes="Start with a short secondment before a full move.",
                                    follow_up="Send the summary within a week.")],
        changes=[Change(id=f"h{index}", text="I will ask for feedback on one section at a time",
                        goal_id=goals[0].id)],
        wins=[Win(id=f"w{index}", day=start + timedelta(days=7), text="Sent my first outreach message",
                  shows="I can approach people I admire")],
        career_paths=[PathLook(id=f"p{index}", path="policy", notes="Evidence used for decisions.",
                               next_step="Talk to someone in a policy fellowship")],
    )
    reflections = [Reflection(id=f"r{index}", prompt="What surprised you in this workshop?",
                              text="How many people I already know cover a need I had not named.")]
    return Workbook(
        profile=Profile(id=pid, name=f"{first} {last}", email=f"{pid}@example.org", role=role,
                        career_stage=stage, field=field),
        values=["Curiosity", "Fairness"], needs=needs, skills=skills, goals=goals, contacts=contacts,
        asks=asks, outreach=outreach, agreement=agreement, reflections=reflections, **steps,
    )


def write_example_cohort(root: Path | str, count: int) -> list[str]:
    """Create (or top up) a cohort folder with ``count`` example workbooks; return their ids."""
    from ..store import Cohort, dump_workbook, write_atomic

    cohort = Cohort(root).ensure()
    ids = []
    for index in range(count):
        workbook = example_workbook(index)
        write_atomic(cohort.path_for(workbook.id), dump_workbook(workbook), cohort.file_mode)
        ids.append(workbook.id)
    return ids
