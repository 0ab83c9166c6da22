"""Snapshots, their differences and the per-exercise status."""

from __future__ import annotations

from datetime import date, datetime, timezone

from mentorkit.content import bundled, need_categories
from mentorkit.core import EXERCISES, diff_snapshots, exercise_status, take_snapshot
from mentorkit.core.progress import smart_summary
from mentorkit.model import (
    Agreement,
    Ask,
    Contact,
    Goal,
    GoalStatus,
    OutreachDraft,
    Profile,
    Reflection,
    Skill,
    Snapshot,
    Workbook,
)

NOW = datetime(2025, 3, 1, 12, tzinfo=timezone.utc)
TODAY = date(2025, 3, 1)


def book() -> Workbook:
    return Workbook(
        profile=Profile(id="ben-okafor", name="Ben Okafor"),
        values=["Craftsmanship"],
        skills=[
            Skill(name="Leadership", current=2, target=4),
            Skill(name="Negotiation", current=2, target=3),
        ],
        goals=[
            Goal(text="Ship a mobile app within 12 months", status=GoalStatus.in_progress),
            Goal(text="Dropped idea", status=GoalStatus.dropped),
        ],
        contacts=[
            Contact(name="Kai", needs=["Sponsorship", "role_models"]),
            Contact(name="Lu", needs=["sponsorship"]),
        ],
    )


def test_take_snapshot_copies_counts():
    wb = book()
    snap = take_snapshot(wb, need_categories(), label="start", now=NOW)
    assert snap.label == "start" and snap.taken_at == NOW
    assert snap.needs_covered["sponsorship"] == 2
    assert snap.needs_covered["role_models"] == 1
    assert snap.needs_covered["safe_space"] == 0
    assert len(snap.needs_covered) == len(need_categories())
    assert (snap.goals_total, snap.goals_done) == (1, 0)  # dropped goal not counted
    wb.skills[0].current = 5  # a copy, not a reference
    assert snap.skills[0].current == 2
    assert wb.snapshots == []  # returned, not stored


def test_diff_snapshots():
    wb = book()
    cats = need_categories()
    before = take_snapshot(wb, cats, now=NOW)
    wb.skills[0].current = 3
    wb.skills[1].current = 1
    wb.skills.append(Skill(name="Public speaking", current=2, target=3))
    wb.contacts.append(Contact(name="Mo", needs=["Safe space", "Accountability"]))
    wb.goals[0].status = GoalStatus.done
    after = take_snapshot(wb, cats, now=NOW)
    diff = diff_snapshots(before, after)
    changes = {s.name: s.change for s in diff.skills}
    assert changes == {"Leadership": 1, "Negotiation": -1, "Public speaking": 0}
    assert next(s for s in diff.skills if s.name == "Public speaking").before is None
    assert diff.coverage_change == 2
    assert diff.coverage["safe_space"] == (0, 1)
    assert diff.goals_done_change == 1
    assert len(diff.summary) >= 4
    assert any("Leadership" in line for line in diff.summary)


def test_diff_of_identical_snapshots_has_no_change():
    snap = take_snapshot(book(), need_categories(), now=NOW)
    diff = diff_snapshots(snap, snap)
    assert all(s.change == 0 for s in diff.skills)
    assert diff.coverage_change == 0 and diff.goals_done_change == 0
    assert diff.summary


def test_diff_of_empty_snapshots():
    diff = diff_snapshots(Snapshot(), Snapshot())
    assert diff.skills == [] and diff.coverage == {}
    assert diff.summary


def test_status_of_empty_workbook():
    wb = Workbook(profile=Profile(id="x", name="X"))
    assert exercise_status(wb, bundled()) == {key: "not_started" for key in EXERCISES}


def test_status_started_for_a_roster_import():
    status = exercise_status(book(), bundled(), today=TODAY)
    assert list(status) == list(EXERCISES)
    # the roster filled in values and ratings, but the participant has not opened the start page
    assert status["00_start_here"] == "not_started"
    # a goal written and skills rated: done, even though the SMART checker finds the goal tied to
    # no value or skill yet (its verdict is advice, shown apart: smart_summary)
    assert status["01_goals"] == "done"
    assert smart_summary(book(), bundled(), today=TODAY) == (0, 1)
    assert status["02_mentor_map"] == "started"  # contacts but no ask
    assert status["03_outreach"] == "not_started"


def test_status_done_everywhere():
    wb = book()
    wb.goals[0].text = "Lead a small project team to build leadership skills within 12 months"
    wb.asks.append(Ask(need="safe_space", who="Mo", what="Ask for a monthly walk", by=date(2025, 3, 31)))
    wb.outreach.append(OutreachDraft(subject="Hi", body="x", sent_on=date(2025, 3, 3)))
    wb.goals[0].id = "g1"
    wb.agreement = Agreement(
        goal_ids=["g1"], frequency="monthly", mode="video", meeting_minutes=30,
        start=date(2025, 3, 1), end=date(2025, 9, 1), confidentiality="Stays between the two of us.",
        feedback="Direct, kind and specific.", ground_rules=["Agenda a day ahead"],
        checkpoints=[date(2025, 6, 1)], ending="Either can end it without blame.",
        mentee_name="Ben Okafor", mentor_name="Tomás Ibarra",
        roles_mentor="Advice and introductions.", roles_mentee="Agenda and follow-through.",
        between_meetings="E-mail for short questions.", reply_time="Within three working days.",
        preparation="Agenda two days ahead.", mentor_expectations="Candid updates on progress.",
        disagreements="Raised openly at the next meeting.",
    )
    wb.reflections.append(Reflection(text="I learned to ask for feedback earlier."))
    wb.profile.confirmed_on = TODAY
    assert exercise_status(wb, bundled(), today=TODAY) == {key: "done" for key in EXERCISES}


def test_start_here_is_done_only_once_the_profile_is_confirmed():
    wb = Workbook(profile=Profile(id="x", name="X", role="Nurse", field="Oncology"), values=["Care"],
                  skills=[Skill(name="Writing", current=3)])
    assert exercise_status(wb, bundled())["00_start_here"] == "not_started"
    assert exercise_status(wb, bundled())["01_goals"] == "started"  # values are part of notebook 01
    wb.profile.confirmed_on = TODAY
    assert exercise_status(wb, bundled())["00_start_here"] == "done"


def test_exploratory_goal_and_rough_draft_count_as_done():
    """Advice, never a gate: an exploratory goal and an unpolished draft are the exercise done."""
    wb = book()
    wb.goals[0].text = "Explore careers outside academia"
    wb.outreach.append(OutreachDraft(subject="Hi", body="Dear Kai, could we talk some time? [my name]"))
    status = exercise_status(wb, bundled(), today=TODAY)
    assert status["01_goals"] == "done" and status["03_outreach"] == "done"
    assert smart_summary(wb, bundled(), today=TODAY) == (0, 1)
    wb.outreach[0].body = ""  # a subject alone is a start, not a draft
    assert exercise_status(wb, bundled(), today=TODAY)["03_outreach"] == "started"
    wb.skills = [Skill(name="Leadership", current=2)]  # no target: the goals exercise is not finished
    assert exercise_status(wb, bundled(), today=TODAY)["01_goals"] == "started"


def test_agreement_done_when_filled_in_even_if_wording_is_vague():
    wb = book()
    wb.goals[0].id = "g1"
    wb.agreement = Agreement(
        goal_ids=["g1"], frequency="monthly", mode="video", meeting_minutes=30,
        start=date(2025, 3, 1), end=date(2025, 9, 1), confidentiality="Confidential where possible.",
        feedback="Be constructive", ground_rules=["Be respectful"],
        checkpoints=[date(2025, 6, 1)], ending="We'll talk about it.",
        mentee_name="Ben Okafor", mentor_name="Tomás Ibarra",
    )
    assert exercise_status(wb, bundled(), today=TODAY)["04_expectations"] == "done"
    wb.agreement.mentor_name = ""
    assert exercise_status(wb, bundled(), today=TODAY)["04_expectations"] == "started"


def test_status_partial_agreement_and_blank_reflection():
    wb = book()
    wb.agreement.frequency = "weekly"
    wb.reflections.append(Reflection(text="  "))
    status = exercise_status(wb, bundled(), today=TODAY)
    assert status["04_expectations"] == "started"
    assert status["05_feedback"] == "started"
