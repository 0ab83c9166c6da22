"""Every participant notebook as a Voilà app, driven in Chromium the way a participant would use it.

Each test opens one notebook from its own copy of the sample cohort (participant ``ana-lima``), types,
picks and clicks, watches the live feedback change, and then checks that the workbook JSON on disk
holds the answers. The workbook saves ~0.6 s after the last change, so the disk is polled (bounded)
rather than slept on.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect


def expect_saved(page, voila) -> None:
    """Every save note on the page reads "Saved" (they all follow the same workbook), and no cell
    or widget view failed along the way."""
    notes = page.locator(".mk-save-status")
    expect(notes.first).to_be_visible()
    for index in range(notes.count()):
        expect(notes.nth(index)).to_contain_text("Saved")
    voila.assert_healthy(page)


def test_00_start_here_profile(page, voila, workspace):
    voila.open(page, workspace.add("00_start_here.ipynb"))
    profile = page.locator(".mk-profile")
    # The sample roster's answers are shown, ready to correct.
    expect(profile.locator(".mk-profile-name input")).to_have_value("Ana Lima")
    expect(profile.locator(".mk-profile-role input")).to_have_value("PhD candidate")
    expect(page.locator(".mk-save-status")).to_contain_text("save as you type")

    role = profile.locator(".mk-profile-role input")
    role.fill("")
    role.press_sequentially("Postdoctoral researcher")
    profile.locator(".mk-profile-field input").fill("Marine ecology")
    profile.locator(".mk-profile-career_stage select").select_option(label="postdoc")

    data = workspace.wait_for_workbook(
        lambda d: (
            d["profile"]["role"] == "Postdoctoral researcher"
            and d["profile"]["field"] == "Marine ecology"
            and d["profile"]["career_stage"] == "postdoc"
        ),
        "the new role, field and career stage",
    )
    expect_saved(page, voila)
    assert data["profile"]["name"] == "Ana Lima"
    assert data["profile"]["email"] == "ana.lima@example.org"
    # The five benefits of mentorship are shown as cards.
    benefits = page.locator(".mk-benefits")
    for label in ("Guidance", "Skill development", "Networking", "Confidence", "Career advancement"):
        expect(benefits).to_contain_text(re.compile(label, re.IGNORECASE))


def test_01_goals_skills_and_smart_goal(page, voila, workspace):
    voila.open(page, workspace.add("01_goals.ipynb"))

    # Skills: a target for a skill already rated, a new skill, one more value.
    speaking = page.locator(".mk-skill-row").first  # the roster's first skill
    expect(speaking.locator(".mk-skill-name input")).to_have_value("Public speaking")
    speaking.locator(".mk-skill-target select").select_option(label="4")
    page.locator(".mk-skill-new input").fill("Science communication")
    page.locator("button.mk-skill-add").click()
    new_row = page.locator(".mk-skill-row").last
    expect(new_row.locator(".mk-skill-name input")).to_have_value("Science communication")
    new_row.locator(".mk-skill-current select").select_option(label="2")
    new_row.locator(".mk-skill-target select").select_option(label="4")
    values = page.locator(".mk-values textarea")
    values.press("End")
    values.press_sequentially("\nFairness")

    # Goals: a new card, typed; the SMART check follows the typing.
    cards = page.locator(".mk-goal-card")
    before = cards.count()
    page.locator("button.mk-goal-add").click()
    expect(cards).to_have_count(before + 1)
    card = cards.last
    smart = card.locator(".mk-smart-status")
    card.locator(".mk-goal-text textarea").press_sequentially(
        "Present my coral reef results at two conferences"
    )
    expect(smart).to_contain_text("3 of 5")  # not yet relevant or time-bound
    expect(smart).not_to_contain_text("complete")
    card.locator(".mk-goal-text textarea").press_sequentially(" within 9 months")
    expect(smart).to_contain_text("4 of 5")
    card.locator(".mk-goal-benefit-career_advancement input[type='checkbox']").check()
    expect(smart).to_contain_text("complete")
    card.locator(".mk-goal-kind select").select_option(label="Skill to build")
    due = date.today() + timedelta(days=270)
    card.locator(".mk-goal-date input[type='date']").fill(due.isoformat())

    def answered(d: dict) -> bool:
        goal = next((g for g in d["goals"] if g["text"].startswith("Present my coral reef")), None)
        skills = {s["name"]: s for s in d["skills"]}
        return (
            goal is not None
            and goal["target_date"] == due.isoformat()
            and goal["kind"] == "skill"
            and skills.get("Science communication", {}).get("target") == 4
            and skills["Public speaking"]["target"] == 4
            and "Fairness" in d["values"]
        )

    data = workspace.wait_for_workbook(answered, "the new goal, skill targets and value")
    expect_saved(page, voila)
    goal = next(g for g in data["goals"] if g["text"].startswith("Present"))
    assert goal["text"] == "Present my coral reef results at two conferences within 9 months"
    assert goal["benefits"] == ["career_advancement"]
    skills = {s["name"]: s for s in data["skills"]}
    assert skills["Science communication"] == {"name": "Science communication", "current": 2, "target": 4}
    assert skills["Public speaking"]["current"] == 2
    assert data["values"] == ["Curiosity", "Collaboration", "Fairness"]
    assert len(data["goals"]) == before + 1  # the roster's goals are kept
