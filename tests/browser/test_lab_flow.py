"""The "next page" link in JupyterLab: it opens the next notebook inside JupyterLab (a new tab in the
same window), with no query string and no reload of JupyterLab itself."""

from __future__ import annotations

import time

from playwright.sync_api import expect


def test_next_link_opens_the_next_notebook_in_jupyterlab(page, lab, workspace, record_timing):
    rel = workspace.add("04_expectations.ipynb")
    workspace.add("05_feedback.ipynb")
    started = time.monotonic()
    lab.open(page, rel)
    lab.run_all(page)
    record_timing("JupyterLab 04_expectations.ipynb (kernel start + Run All)", time.monotonic() - started)
    panel = lab.panel(page)
    nav = panel.locator(".jp-OutputArea .mk-nav")
    expect(nav.locator(".mk-nav-where")).to_contain_text("Page 5 of 6")
    link = nav.locator("a.mk-nav-next")
    expect(link).to_have_text("Next: Feedback, wins and career paths →")
    page.evaluate("window.mkSamePage = true")  # gone if the browser loaded a new page
    link.click()
    # JupyterLab's own link handler opened the notebook as a document: a new notebook tab, same app.
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text="05_feedback.ipynb")
    expect(tab).to_have_count(1, timeout=60_000)
    expect(lab.panel(page).locator(".jp-Notebook")).to_contain_text("Be open to feedback")
    assert page.evaluate("window.mkSamePage === true")  # JupyterLab was not reloaded
    lab.assert_healthy(page)
