"""The browser fixtures themselves: widgets render with all Jupyter state in a temp folder, and the
servers stop exactly the processes they started."""

from __future__ import annotations

import nbformat
import psutil
from playwright.sync_api import expect

PROBE = """\
import ipywidgets as W
import mentorkit
live = mentorkit.open_workbook()
probe = W.Text(description="probe")
probe.add_class("probe-text")
status = W.Label(live.participant_id)
status.add_class("probe-status")
def on_change(change):
    live.workbook.profile.role = change["new"]
    live.changed()
probe.observe(on_change, "value")
live.on_status(lambda state, detail: setattr(status, "value", state))
W.VBox([probe, status])
"""


def _probe_notebook(workspace) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(PROBE)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = workspace.root / "probe.ipynb"
    nbformat.write(nb, path)
    return f"{workspace.rel}/probe.ipynb"


def test_voila_renders_widgets_and_saves(page, voila, workspace):
    rel = _probe_notebook(workspace)
    voila.open(page, rel)
    page.locator(".probe-text input").fill("Research software engineer")
    workspace.wait_for_workbook(lambda d: d["profile"]["role"] == "Research software engineer", "the role")
    expect(page.locator(".probe-status")).to_have_text("saved")


def test_lab_renders_widgets(page, lab, workspace):
    rel = _probe_notebook(workspace)
    lab.open(page, rel)
    lab.run_all(page)
    lab.panel(page).locator(".probe-text input").fill("Lab probe")
    workspace.wait_for_workbook(lambda d: d["profile"]["role"] == "Lab probe", "the role")
    lab.restart_and_clear(page)


def test_servers_stop_their_kernels(lab_server, voila_server):
    started = lab_server.kernel_pids() + voila_server.kernel_pids()
    assert started, "the tests above started kernels"
    lab_server.stop()
    voila_server.stop()
    for server in (lab_server, voila_server):
        assert server.proc.poll() is not None
    alive = [pid for pid in started if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]
    assert not alive
