"""Profile, skills and goals widgets: typed values reach the disk and come back after a restart."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest

import mentorkit.ui as ui
from mentorkit.session import LiveWorkbook, open_workbook
from mentorkit.store import Cohort
from mentorkit.ui.common import find_all

PID = "ana-lima"


@pytest.fixture
def live(sample_cohort: Cohort) -> LiveWorkbook:
    return LiveWorkbook(sample_cohort, PID, debounce=0)


def within(box, css: str) -> list:
    return list(find_all(box, css))


def on_disk(cohort: Cohort) -> dict:
    return json.loads(cohort.path_for(PID).read_text(encoding="utf-8"))


def reopen(cohort: Cohort) -> LiveWorkbook:
    return open_workbook(participant=PID, cohort=cohort.root)


def test_profile_fields_save_and_load(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    ex = ui.profile(live)
    ex.one("mk-profile-role").value = "Marine ecologist in training"
    ex.one("mk-profile-career_stage").value = "postdoc"
    ex.one("mk-profile-name").value = "   "  # a blank name is not stored
    assert on_disk(sample_cohort)["profile"]["role"] == "Marine ecologist in training"
    assert on_disk(sample_cohort)["profile"]["career_stage"] == "postdoc"
    assert on_disk(sample_cohort)["profile"]["name"] == "Ana Lima"
    again = ui.profile(reopen(sample_cohort))
    assert again.one("mk-profile-role").value == "Marine ecologist in training"
    assert again.one("mk-profile-career_stage").value == "postdoc"
    assert "Saved" in ex.one("mk-save-status").value


def test_skills_values_ratings_add_and_remove(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    ex = ui.skills(live)
    ex.one("mk-values").value = "Curiosity\n\n  Fairness  \n"
    names = [w.value for w in ex.find("mk-skill-name")]
    assert names[0] == "Public speaking"
    ex.find("mk-skill-target")[0].value = 4
    chart = ex.one("mk-skills-chart")
    draws = chart.draws
    ex.one("mk-skill-new").value = "Grant writing"
    ex.one("mk-skill-add").click()
    assert chart.draws > draws  # the gap chart was redrawn
    ex.find("mk-skill-current")[-1].value = 2
    ex.find("mk-skill-remove")[1].click()  # Academic writing

    disk = on_disk(sample_cohort)
    assert disk["values"] == ["Curiosity", "Fairness"]
    skills = {s["name"]: s for s in disk["skills"]}
    assert skills["Public speaking"]["target"] == 4
    assert skills["Grant writing"]["current"] == 2 and skills["Grant writing"]["target"] is None
    assert "Academic writing" not in skills

    again = ui.skills(reopen(sample_cohort))
    rows = {n.value: (c.value, t.value) for n, c, t in zip(
        again.find("mk-skill-name"), again.find("mk-skill-current"), again.find("mk-skill-target"),
        strict=True)}
    assert rows["Public speaking"][1] == 4 and rows["Grant writing"] == (2, 0)
    assert again.one("mk-values").value == "Curiosity\nFairness"


def test_skill_rating_back_to_not_rated_stores_none(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    ex = ui.skills(live)
    ex.find("mk-skill-current")[0].value = 0
    assert on_disk(sample_cohort)["skills"][0]["current"] is None


def test_goal_becomes_smart_complete_as_it_is_typed(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    ex = ui.goals(live)
    before = len(ex.find("mk-goal-card"))
    ex.one("mk-goal-add").click()
    card = ex.find("mk-goal-card")[-1]
    status = within(card, "mk-smart-status")[0]
    assert "complete" not in status.value
    text = within(card, "mk-goal-text")[0]
    text.value = "Give a 10-minute talk on my curiosity-driven fieldwork at the lab retreat"
    assert "complete" not in status.value and "Time-bound" in status.value
    target = date.today() + timedelta(days=120)
    within(card, "mk-goal-date")[0].value = target
    within(card, "mk-goal-kind")[0].value = "skill"
    within(card, "mk-goal-benefit-confidence")[0].value = True
    assert "complete" in status.value, status.value

    goals = on_disk(sample_cohort)["goals"]
    assert len(goals) == before + 1
    saved = goals[-1]
    assert saved["text"].startswith("Give a 10-minute talk")
    assert saved["target_date"] == target.isoformat()
    assert saved["kind"] == "skill" and saved["benefits"] == ["confidence"]
    assert ex.one("mk-goals-chart").chart is not None

    again = ui.goals(reopen(sample_cohort))
    last = again.find("mk-goal-card")[-1]
    assert within(last, "mk-goal-text")[0].value == saved["text"]
    assert "complete" in within(last, "mk-smart-status")[0].value


def test_goal_text_is_escaped_in_feedback(live: LiveWorkbook) -> None:
    ex = ui.goals(live)
    ex.one("mk-goal-add").click()
    card = ex.find("mk-goal-card")[-1]
    within(card, "mk-goal-text")[0].value = "Write <script>alert(1)</script> docs"
    html = within(card, "mk-smart-status")[0].value
    assert "<script>" not in html


def test_removing_a_goal(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    ex = ui.goals(live)
    first = live.workbook.goals[0].id
    ex.find("mk-goal-remove")[0].click()
    assert first not in [g["id"] for g in on_disk(sample_cohort)["goals"]]


def test_progress_shows_each_exercise_and_looks_again(live: LiveWorkbook, sample_cohort: Cohort) -> None:
    ex = ui.progress(live)
    table = ex.one("mk-progress-table")
    assert "mk-progress-05_feedback" in table.value and "done" not in table.value.split("05")[-1]
    other = LiveWorkbook(sample_cohort, PID, debounce=0)  # another notebook of the same person
    ui.feedback(other).one("mk-reflection-add").click()
    ui.feedback(other).find("mk-reflection-text")[0].value = "Asked for comments on my poster."
    ex.one("mk-progress-refresh").click()
    assert re.search(r'class="mk-progress-05_feedback" style="[^"]*color:#2e7d32">done', table.value)
