"""The JupyterHub recipe (deploy/jupyterhub/jupyterhub_config.py), as far as one machine allows.

JupyterHub itself is not installed here (it needs configurable-http-proxy from npm and system
accounts), so: the config file is executed with a stand-in ``c`` and its settings are checked; then
one single-user server is started the way the Hub's spawner would start it (its notebook_dir,
default_url, args and environment, JUPYTERHUB_USER set) and its front page must land on the start
page, rendered by Voila as that participant's app.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import psutil
import pytest

from mentorkit.lab import free_port
from mentorkit.store import Cohort

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py"


class Section(dict):  # type: ignore[type-arg]
    """A stand-in for traitlets' config: any attribute is a sub-section until assigned."""

    def __getattr__(self, name: str) -> Any:
        if name not in self:
            self[name] = Section()
        return self[name]

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value


def load_config(environ: dict[str, str]) -> Section:
    c = Section()
    saved = dict(os.environ)
    os.environ.update(environ)
    try:
        exec(compile(CONFIG.read_text(encoding="utf-8"), str(CONFIG), "exec"), {"get_config": lambda: c})
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return c


class FakeSpawner:
    def __init__(self, name: str):
        self.user = type("User", (), {"name": name})()
        self.notebook_dir = "/participants"
        self.default_url = "/voila/render/00_start_here.ipynb"


def test_config_lands_participants_on_the_start_page_with_the_shared_cohort() -> None:
    c = load_config({"MENTORKIT_COHORT": "/srv/room", "MENTORKIT_NOTEBOOKS": "/srv/nb",
                     "MENTORKIT_FACILITATOR_NOTEBOOKS": "/srv/all", "MENTORKIT_FACILITATORS": "fac,lead"})
    assert c.JupyterHub.spawner_class.endswith("LocalProcessSpawner")
    assert c.Spawner.environment["MENTORKIT_COHORT"] == "/srv/room"
    assert c.Spawner.notebook_dir == "/srv/nb"
    assert c.Spawner.default_url == "/voila/render/00_start_here.ipynb"
    assert (REPO / "notebooks" / "00_start_here.ipynb").is_file()
    assert c.PAMAuthenticator.allowed_groups == {"workshop"}
    assert c.Authenticator.admin_users == {"fac", "lead"}
    assert any("cull_idle_timeout" in a for a in c.Spawner.args)
    participant, facilitator = FakeSpawner("ana-lima"), FakeSpawner("lead")
    c.Spawner.pre_spawn_hook(participant)
    c.Spawner.pre_spawn_hook(facilitator)
    assert participant.notebook_dir == "/participants" and "00_start_here" in participant.default_url
    assert facilitator.notebook_dir == "/srv/all"
    assert facilitator.default_url == "/lab/tree/facilitator/dashboard.ipynb"


@pytest.mark.kernel
@pytest.mark.slow
def test_a_spawned_single_user_server_opens_the_start_page_as_an_app(sample_cohort: Cohort,
                                                                     tmp_path: Path) -> None:
    c = load_config({"MENTORKIT_COHORT": str(sample_cohort.root)})
    notebooks = tmp_path / "participant-notebooks"  # the exercises, without facilitator/
    shutil.copytree(REPO / "notebooks", notebooks, ignore=shutil.ignore_patterns("facilitator", "*.py"))
    port, token = free_port(0), secrets.token_hex(8)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MENTORKIT_", "JUPYTER"))}
    env.update(c.Spawner.environment)
    env.update(JUPYTERHUB_USER="ana-lima", PYTHONPATH=str(REPO), HOME=str(tmp_path),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "rt"), IPYTHONDIR=str(tmp_path / "ipy"))
    argv = [sys.executable, "-m", "jupyter_server", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
            "--port-retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={notebooks}",
            f"--ServerApp.default_url={c.Spawner.default_url}", *c.Spawner.args]
    if os.geteuid() == 0:
        argv.append("--allow-root")
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    seen: dict[int, float] = {}
    try:
        deadline = time.monotonic() + 120
        page, final = "", ""
        while time.monotonic() < deadline:
            assert proc.poll() is None, (tmp_path / "server.log").read_text()
            request = urllib.request.Request(f"http://127.0.0.1:{port}/",
                                             headers={"Authorization": f"token {token}"})
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    final, page = response.url, response.read().decode("utf-8", "replace")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)  # the server is still starting
        for child in psutil.Process(proc.pid).children(recursive=True):
            seen[child.pid] = child.create_time()
        assert final.endswith("/voila/render/00_start_here.ipynb"), final
        assert "application/vnd.jupyter.widget-view+json" in page  # Voila ran the notebook
        assert "print(" not in page and "open_workbook" not in page  # an app: no code shown
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
        log.close()
        for pid, created in seen.items():
            if psutil.pid_exists(pid) and psutil.Process(pid).create_time() == created:
                psutil.Process(pid).kill()
