"""The participant notebooks in JupyterLab: answers survive a kernel restart, and two notebooks of the
same participant open at once both save without losing each other's answers.

One JupyterLab serves the module; each test works in its own folder and cohort (see conftest).
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

# Relevant: the goal says which skill it grows (a ticked benefit alone is not enough).
GOAL = "Submit two grant applications within 6 months to grow my academic writing"


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
    """The mentor map and the outreach notebook both add and edit people (the same ``contacts``
    list) in two tabs; every answer from both ends up in the one workbook file."""
    map_page, outreach_page = page, context.new_page()
    open_and_run(map_page, lab, workspace.add("02_mentor_map.ipynb"), record_timing)
    open_and_run(outreach_page, lab, workspace.add("03_outreach.ipynb"), record_timing)
    mentor_map, outreach = lab.panel(map_page), lab.panel(outreach_page)

    # 1. A person on the map.
    mentor_map.locator(".mk-contact-new input").fill("Prof. Ines Duarte")
    mentor_map.locator("button.mk-contact-add").click()
    cards = mentor_map.locator(".mk-contact-card")
    expect(cards).to_have_count(1)
    cards.first.locator("button.mk-contact-need-sponsorship").click()
    expect(cards.first.locator("button.mk-contact-need-sponsorship")).to_have_class(
        re.compile(r"\bmod-active\b")
    )
    workspace.wait_for_workbook(
        lambda d: (
            [(c["name"], c["needs"]) for c in d["contacts"]] == [("Prof. Ines Duarte", ["sponsorship"])]
        ),
        "the first person and their need",
    )

    # 2. Another person, added in the outreach notebook, whose kernel started before step 1 saved.
    outreach.locator(".mk-outreach-new-contact input").fill("Dr. Lena Fischer")
    outreach.locator("button.mk-outreach-add-contact").click()
    expect(outreach.locator(".mk-outreach-contact select option:checked")).to_have_text("Dr. Lena Fischer")
    outreach.locator("button.mk-outreach-fill").click()
    body = outreach.locator(".mk-outreach-body textarea")
    expect(body).to_have_value(re.compile("Lena Fischer"))
    workspace.wait_for_workbook(
        lambda d: (
            [c["name"] for c in d["contacts"]] == ["Prof. Ines Duarte", "Dr. Lena Fischer"]
            and len(d["outreach"]) == 1
        ),
        "both people and the draft",
    )

    # 3. Both tabs at once, without waiting: the map edits the first person and the needs, the
    #    outreach tab edits its draft.
    cards.first.locator(".mk-contact-relation input").fill("PhD supervisor")
    mentor_map.locator("button.mk-my-need-role_models").click()
    body.press("Control+End")
    body.press_sequentially(" I read your paper on seagrass recovery.")

    def everything(d: dict) -> bool:
        people = {c["name"]: c for c in d["contacts"]}
        return (
            list(people) == ["Prof. Ines Duarte", "Dr. Lena Fischer"]
            and people["Prof. Ines Duarte"]["relation"] == "PhD supervisor"
            and people["Prof. Ines Duarte"]["needs"] == ["sponsorship"]
            and people["Dr. Lena Fischer"]["outreach_status"] == "not_contacted"  # a draft is no status
            and "role_models" in d["needs"]
            and len(d["outreach"]) == 1
            and d["outreach"][0]["body"].endswith("I read your paper on seagrass recovery.")
        )

    data = workspace.wait_for_workbook(everything, "every answer from both notebooks")
    lab.expect_saved(map_page)
    lab.expect_saved(outreach_page)
    lena = next(c for c in data["contacts"] if c["name"] == "Dr. Lena Fischer")
    assert data["outreach"][0]["contact_id"] == lena["id"]
    assert data["outreach"][0]["body"] == body.input_value()
    # Nothing from the roster was lost either.
    assert data["profile"]["id"] == workspace.participant
    assert [g["text"] for g in data["goals"]] == [
        "Submit first-author paper by June",
        "Land a postdoc in marine ecology",
    ]
    assert set(data["needs"]) == {"sponsorship", "substantive_feedback", "accountability", "role_models"}
    lab.assert_healthy(map_page)
    lab.assert_healthy(outreach_page)
