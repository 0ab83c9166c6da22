"""The participant notebooks in JupyterLab: answers survive a kernel restart, and two notebooks of the
same participant open at once both save without losing each other's answers.

One JupyterLab serves the module; each test works in its own folder and cohort (see conftest).
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

GOAL = "Submit two grant applications within 6 months"


def open_and_run(page, lab, rel: str, record_timing) -> None:
    """Open a notebook, run all cells, and note the time from page open to the first widget."""
    started = time.monotonic()
    lab.open(page, rel)
    lab.run_all(page)
    record_timing(f"JupyterLab {rel.rsplit('/', 1)[-1]} (kernel start + Run All)", time.monotonic() - started)
    expect(lab.panel(page).locator(".mk-save-status").first).to_be_visible()
    lab.assert_healthy(page)


def test_goal_survives_kernel_restart(page, lab, workspace, record_timing):
    rel = workspace.add("01_goals.ipynb")
    open_and_run(page, lab, rel, record_timing)
    panel = lab.panel(page)
    cards = panel.locator(".mk-goal-card")
    expect(cards).to_have_count(2)  # the roster's two goals
    panel.locator("button.mk-goal-add").click()
    expect(cards).to_have_count(3)
    cards.last.locator(".mk-goal-text textarea").press_sequentially(GOAL)
    cards.last.locator(".mk-goal-benefit-skill_development input[type='checkbox']").check()
    expect(cards.last.locator(".mk-smart-status")).to_contain_text("complete")
    panel.locator(".mk-skill-row").nth(1).locator(".mk-skill-target select").select_option(label="5")
    workspace.wait_for_workbook(
        lambda d: (
            any(g["text"] == GOAL and g["benefits"] == ["skill_development"] for g in d["goals"])
            and d["skills"][1]["target"] == 5
        ),
        "the typed goal and skill target",
    )
    lab.expect_saved(page)

    # A new kernel with no outputs: nothing on screen until the notebook runs again.
    lab.restart_and_clear(page)
    expect(panel.locator(".mk-goal-card")).to_have_count(0)
    lab.run_all(page)
    cards = panel.locator(".mk-goal-card")
    expect(cards).to_have_count(3)
    expect(cards.last.locator(".mk-goal-text textarea")).to_have_value(GOAL)
    expect(cards.last.locator(".mk-goal-benefit-skill_development input[type='checkbox']")).to_be_checked()
    expect(cards.last.locator(".mk-smart-status")).to_contain_text("complete")
    row = panel.locator(".mk-skill-row").nth(1)
    expect(row.locator(".mk-skill-name input")).to_have_value("Academic writing")
    expect(row.locator(".mk-skill-target select option:checked")).to_have_text("5")
    lab.assert_healthy(page)


def test_two_notebooks_of_one_participant_both_save(context, page, lab, workspace, record_timing):
    goals_page = page
    map_page = context.new_page()
    open_and_run(goals_page, lab, workspace.add("01_goals.ipynb"), record_timing)
    open_and_run(map_page, lab, workspace.add("02_mentor_map.ipynb"), record_timing)
    goals = lab.panel(goals_page)
    mentor_map = lab.panel(map_page)

    # 1. A goal in one notebook.
    cards = goals.locator(".mk-goal-card")
    expect(cards).to_have_count(2)
    goals.locator("button.mk-goal-add").click()
    expect(cards).to_have_count(3)
    cards.last.locator(".mk-goal-text textarea").press_sequentially(GOAL)
    workspace.wait_for_workbook(lambda d: any(g["text"] == GOAL for g in d["goals"]), "the goal")

    # 2. A person in the other, whose kernel loaded the workbook before the goal was written.
    mentor_map.locator(".mk-contact-new input").fill("Prof. Ines Duarte")
    mentor_map.locator("button.mk-contact-add").click()
    expect(mentor_map.locator(".mk-contact-card")).to_have_count(1)
    card = mentor_map.locator(".mk-contact-card").last
    card.locator("button.mk-contact-need-sponsorship").click()
    expect(card.locator("button.mk-contact-need-sponsorship")).to_have_class(re.compile(r"\bmod-active\b"))
    workspace.wait_for_workbook(
        lambda d: [c["needs"] for c in d["contacts"]] == [["sponsorship"]], "the person and their need"
    )

    # 3. Both at once: a value in the goals notebook, a need in the map notebook, without waiting.
    values = goals.locator(".mk-values textarea")
    values.press("Control+End")
    values.press_sequentially("\nFairness")
    mentor_map.locator("button.mk-my-need-role_models").click()

    def everything(d: dict) -> bool:
        return (
            any(g["text"] == GOAL for g in d["goals"])
            and [c["name"] for c in d["contacts"]] == ["Prof. Ines Duarte"]
            and d["contacts"][0]["needs"] == ["sponsorship"]
            and "Fairness" in d["values"]
            and "role_models" in d["needs"]
        )

    data = workspace.wait_for_workbook(everything, "every answer from both notebooks")
    lab.expect_saved(goals_page)
    lab.expect_saved(map_page)
    # Nothing from the roster was lost either.
    assert data["profile"]["id"] == workspace.participant
    assert [g["text"] for g in data["goals"]][:2] == [
        "Submit first-author paper by June",
        "Land a postdoc in marine ecology",
    ]
    assert data["values"] == ["Curiosity", "Collaboration", "Fairness"]
    assert set(data["needs"]) == {"sponsorship", "substantive_feedback", "accountability", "role_models"}
    lab.assert_healthy(goals_page)
    lab.assert_healthy(map_page)
