"""Where the default cohort is, and `mentorkit lab`: one command from the demo to the exercises."""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import psutil
import pytest

from mentorkit.cli import lab_hint, main
from mentorkit.errors import UnusableInput
from mentorkit.lab import free_port, plan_lab
from mentorkit.store import Cohort

REPO = Path(__file__).resolve().parent.parent
RESOLVE = "from mentorkit.session import resolve_cohort; print(resolve_cohort().root)"


def _resolved_from(cwd: Path, pythonpath: Path, extra: dict[str, str] | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("MENTORKIT_COHORT", "XDG_DATA_HOME")}
    env.update({"PYTHONPATH": str(pythonpath), **(extra or {})})
    proc = subprocess.run([sys.executable, "-c", RESOLVE], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    return proc.stdout.strip()


def test_default_cohort_is_the_same_from_any_working_directory(tmp_path: Path) -> None:
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    # A JupyterLab kernel runs in notebooks/, a terminal in the project or anywhere else.
    seen = {_resolved_from(cwd, REPO) for cwd in (REPO / "notebooks", elsewhere, REPO)}
    assert seen == {str(REPO / "mentorkit-data")}


def test_installed_package_uses_the_user_data_folder_from_any_directory(tmp_path: Path) -> None:
    site = tmp_path / "site"  # like site-packages: no pyproject.toml next to the package
    shutil.copytree(REPO / "mentorkit", site / "mentorkit", ignore=shutil.ignore_patterns("__pycache__"))
    data = tmp_path / "xdg"
    a, b = tmp_path / "a", tmp_path / "b" / "c"
    a.mkdir()
    b.mkdir(parents=True)
    seen = {_resolved_from(cwd, site, {"XDG_DATA_HOME": str(data)}) for cwd in (a, b)}
    assert seen == {str(data / "mentorkit" / "mentorkit-data")}


def test_environment_variable_wins(tmp_path: Path) -> None:
    room = tmp_path / "room"
    assert _resolved_from(tmp_path, REPO, {"MENTORKIT_COHORT": str(room)}) == str(room)


# -- the lab command ----------------------------------------------------------------------------------
def test_lab_help_names_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["lab", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for option in ("--cohort", "--participant", "--app", "--port", "--no-browser"):
        assert option in out


def test_lab_plan_sets_the_cohort_and_participant_for_the_kernels(sample_cohort: Cohort,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(sample_cohort.root.parent)
    environ = {"PATH": "/usr/bin", "JUPYTERHUB_USER": "someone", "MENTORKIT_PARTICIPANT": "old"}
    plan = plan_lab(Path(sample_cohort.root.name), "ana-lima", port=9999, token="t0k",
                    environ=environ)
    assert plan.env == {"PATH": "/usr/bin", "MENTORKIT_COHORT": str(sample_cohort.root.resolve()),
                        "MENTORKIT_PARTICIPANT": "ana-lima"}
    assert plan.argv[:3] == [sys.executable, "-m", "jupyterlab"]
    assert "--port=9999" in plan.argv and "--IdentityProvider.token=t0k" in plan.argv
    assert f"--ServerApp.root_dir={REPO / 'notebooks'}" in plan.argv and plan.cwd == REPO / "notebooks"
    assert "--ip=127.0.0.1" in plan.argv and "--no-browser" in plan.argv
    assert plan.url == "http://127.0.0.1:9999/lab/tree/00_start_here.ipynb?token=t0k"
    assert "Run All Cells" in plan.notes[0] and "--participant OTHER-ID" in plan.notes[1]

    app = plan_lab(sample_cohort.root, None, app=True, port=9998, token="t0k", environ=environ)
    assert app.argv[:4] == [sys.executable, "-m", "voila", str(REPO / "notebooks")]
    assert "--port=9998" in app.argv and "--token=t0k" in app.argv and "--Voila.ip=127.0.0.1" in app.argv
    assert app.url == "http://127.0.0.1:9998/voila/render/00_start_here.ipynb?token=t0k"
    assert "MENTORKIT_PARTICIPANT" not in app.env and "JUPYTERHUB_USER" not in app.env  # the form asks
    assert app.notes == [next(n for n in app.notes if "asks for a participant code" in n)]


def test_lab_refuses_unknown_participants_and_non_cohorts(sample_cohort: Cohort, tmp_path: Path) -> None:
    with pytest.raises(UnusableInput, match=r"'ana-lim' not found in .*known: ana-lima"):
        plan_lab(sample_cohort.root, "ana-lim", port=1)
    with pytest.raises(UnusableInput, match="not a cohort folder.*make demo"):
        plan_lab(tmp_path / "nothing", None, port=1)
    with pytest.raises(UnusableInput, match="no 00_start_here.ipynb"):
        plan_lab(sample_cohort.root, None, port=1, notebooks=tmp_path)


def test_lab_print_command(sample_cohort: Cohort, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lab", "--cohort", str(sample_cohort.root), "--participant", "Ana Lima", "--app",
                 "--port", "9997", "--token", "abc", "--print-command"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"MENTORKIT_COHORT={sample_cohort.root.resolve()}"
    assert out[1] == "MENTORKIT_PARTICIPANT=ana-lima"
    assert " -m voila " in out[2] and out[3].endswith("/voila/render/00_start_here.ipynb?token=abc")
    assert main(["lab", "--cohort", str(sample_cohort.root), "--participant", "zed", "--print-command"]) == 2
    assert "not found in" in capsys.readouterr().err


def test_demo_ends_with_the_lab_command(sample_cohort: Cohort) -> None:
    hint = lab_hint(sample_cohort.root)
    assert f"lab --cohort {sample_cohort.root} --participant ana-lima" in hint
    assert "make lab" in hint


def _jupyter_state(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "MENTORKIT_"))}
    for key in ("HOME", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
                "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR", "IPYTHONDIR"):
        (tmp / key).mkdir(parents=True)
        env[key] = str(tmp / key)
    env["PYTHONPATH"] = str(REPO)
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.mark.slow
@pytest.mark.parametrize("app", [False, True], ids=["jupyterlab", "voila"])
def test_lab_starts_the_server_with_the_cohort_and_stops_it(sample_cohort: Cohort, tmp_path: Path,
                                                            app: bool) -> None:
    port, token = free_port(0), "lab-test-token"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mentorkit.cli", "lab", "--cohort", str(sample_cohort.root),
         "--participant", "ana-lima", "--no-browser", "--port", str(port), "--token", token,
         *(["--app"] if app else [])],
        env=_jupyter_state(tmp_path / "state"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout or []], daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    try:
        seen: list[str] = []
        while not any("Stop with Ctrl+C" in line for line in seen):
            seen.append(lines.get(timeout=120))  # raises queue.Empty if it never gets ready
        url = next(line for line in seen if "Start page:" in line).split()[-1]
        page = "voila/render" if app else "lab/tree"
        assert url == f"{base}/{page}/00_start_here.ipynb?token={token}"
        assert any("--participant OTHER-ID" in line for line in seen)
        if app:
            with urllib.request.urlopen(f"{base}/?token={token}", timeout=10) as response:
                assert response.status == 200 and "Voilà Home" in response.read().decode()
        else:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=10) as response:
                assert response.status == 200 and "started" in json.loads(response.read())
            with urllib.request.urlopen(f"{base}/api/contents/00_start_here.ipynb?content=0&token={token}",
                                        timeout=10) as response:
                assert json.loads(response.read())["type"] == "notebook"
        server = psutil.Process(proc.pid).children()[0]  # kernels inherit the server's environment
        env = server.environ()
        assert env["MENTORKIT_COHORT"] == str(sample_cohort.root.resolve())
        assert env["MENTORKIT_PARTICIPANT"] == "ana-lima"
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
    assert code == 0
    assert not psutil.pid_exists(server.pid) or server.status() == psutil.STATUS_ZOMBIE
