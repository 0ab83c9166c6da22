"""The browser fixtures themselves: widgets render with all Jupyter state in a temp folder, and the
servers stop exactly the processes they started."""

from __future__ import annotations

import json
import urllib.request

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


def test_servers_stop_exactly_what_they_started(server_factory, tmp_path):
    """Stopping a server ends it and every kernel it started (kernels run in their own sessions)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import os\nos.getpid()")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "tiny.ipynb")
    lab, voila = server_factory.lab(tmp_path), server_factory.voila(tmp_path)
    unrelated = psutil.Process()  # this pytest process: must survive

    request = urllib.request.Request(
        f"{lab.base_url}/api/kernels",
        data=json.dumps({"name": "python3"}).encode(),
        headers={"Authorization": f"token {lab.token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 201
    # Voilà runs the notebook in a new kernel to answer this GET.
    with urllib.request.urlopen(
        f"{voila.base_url}/voila/render/tiny.ipynb?token={voila.token}", timeout=120
    ) as r:
        assert r.status == 200

    kernels = {"lab": lab.kernel_pids(), "voila": voila.kernel_pids()}
    assert all(kernels.values()), kernels
    pids = [pid for found in kernels.values() for pid in found] + [lab.proc.pid, voila.proc.pid]
    assert all(psutil.pid_exists(pid) for pid in pids)
    lab.stop()
    voila.stop()
    assert lab.proc.poll() is not None and voila.proc.poll() is not None
    alive = [pid for pid in pids if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]
    assert not alive
    assert unrelated.is_running()
