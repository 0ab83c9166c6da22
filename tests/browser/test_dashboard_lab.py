"""The facilitator's dashboard in JupyterLab picks up a participant's progress saved from a Voilà app.

JupyterLab and Voilà serve the same folder here, so the facilitator's notebook and the participant's
app read and write one cohort, as in a workshop room.
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

REFLECTION = "My supervisor said my talks rush the conclusion. That is true; I will rehearse the ending."


def person_row(panel, name: str):
    """The table row whose first cell is exactly ``name``."""
    first_cell = panel.page.locator("td:first-child", has_text=re.compile(f"^{re.escape(name)}$"))
    return panel.locator("tbody tr", has=first_cell)


def follow_up_row(panel, name: str) -> dict[str, str]:
    """The named person's row of the dashboard's follow-up table (shown only with names on)."""
    row = person_row(panel, name)
    expect(row).to_have_count(1)
    table = panel.locator("table").filter(has=panel.page.locator("th", has_text="exercises done"))
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    return dict(zip(headers, cells, strict=True))


def test_dashboard_shows_progress_saved_from_voila(context, page, lab, voila, workspace, record_timing):
    # The facilitator opens the dashboard: anonymised, the whole sample cohort.
    dashboard = page
    started = time.monotonic()
    lab.open(dashboard, workspace.add("facilitator/dashboard.ipynb"))
    lab.run_all(dashboard)
    record_timing("JupyterLab dashboard.ipynb (kernel start + Run All)", time.monotonic() - started)
    panel = lab.panel(dashboard)
    expect(panel).to_contain_text("12 participants")
    expect(panel).to_contain_text("Anonymised: groups under 3 shown as 'other'")
    expect(panel).not_to_contain_text("Ana Lima")
    # The charts are drawn (static SVG: the workshop room may be offline).
    progress = panel.locator("h3", has_text="Progress through the exercises")
    expect(progress).to_be_visible()
    expect(panel.locator("[data-mime-type='image/svg+xml'] img, .jp-OutputArea svg").first).to_be_visible()

    # Names on, deliberately, for the follow-up list.
    panel.get_by_label("show names (my follow-up list)").check()
    expect(panel).to_contain_text("Names are on")
    before = follow_up_row(panel, "Ana Lima")
    assert before["id"] == workspace.participant

    # The participant works in the Voilà app meanwhile: one reflection in the feedback exercise.
    app = context.new_page()
    voila.open(app, workspace.add("05_feedback.ipynb"))
    app.locator("button.mk-reflection-add").click()
    entry = app.locator(".mk-reflection-entry")
    expect(entry).to_have_count(1)
    entry.locator(".mk-reflection-text textarea").fill(REFLECTION)
    workspace.wait_for_workbook(
        lambda d: [r["text"] for r in d["reflections"]] == [REFLECTION], "the reflection"
    )
    voila.expect_saved(app)

    # Nothing changes on the dashboard until it re-reads the folder.
    assert follow_up_row(panel, "Ana Lima") == before
    dashboard.bring_to_front()
    panel.get_by_role("button", name="Refresh").click()
    expect(person_row(panel, "Ana Lima").locator("td").nth(2)).to_have_text(
        str(int(before["exercises done"]) + 1)
    )
    after = follow_up_row(panel, "Ana Lima")
    assert after["next exercise"] == before["next exercise"]  # feedback is the last exercise
    assert after["outreach"] == before["outreach"] and after["agreement"] == before["agreement"]
    lab.assert_healthy(dashboard)
