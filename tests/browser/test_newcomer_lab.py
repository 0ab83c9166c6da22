"""A newcomer's first hour (issue 19): the documented command opens the exercises on a fresh cohort.

`mentorkit lab --cohort DIR --participant ana-lima --app` is started exactly as the README says, on a
freshly imported sample cohort (what `make demo` imports first). The start page it prints shows the
sample participant's imported answers (name on page 00, goals on page 01) without a code being typed.
The command is stopped with SIGTERM, as Ctrl-C would, and must leave no server behind.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
from playwright.sync_api import expect

from mentorkit.resources import sample_roster
from mentorkit.roster import import_roster
from mentorkit.store import Cohort

PID = "ana-lima"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def isolated_environment(state: Path) -> dict[str, str]:
    """This machine's environment with every Jupyter/IPython folder under ``state`` and no mentorkit
    variables: the command must set the cohort and participant itself."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "MENTORKIT_"))}
    for key, name in {"HOME": "home", "JUPYTER_CONFIG_DIR": "config", "JUPYTER_DATA_DIR": "data",
                      "JUPYTER_RUNTIME_DIR": "runtime", "IPYTHONDIR": "ipython"}.items():
        (state / name).mkdir(parents=True, exist_ok=True)
        env[key] = str(state / name)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def assert_no_cell_errors(page) -> None:  # noqa: ANN001
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
                          ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
    texts = [t for t in errors.all_inner_texts() if re.search(r"Traceback|Error", t)]
    assert not texts, "a notebook cell failed:\n" + "\n---\n".join(t[-2000:] for t in texts)


def _start_page(proc: subprocess.Popen[str], timeout: float = 180.0) -> str:
    """Read the command's output until it prints its start page (or fail with what it printed).

    A thread reads the lines, so a command that prints nothing cannot hang the test."""
    assert proc.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    stream = proc.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1.0)
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        seen.append(line)
        match = re.search(r"Start page:\s+(\S+)", line)
        if match:
            return match.group(1)
    raise AssertionError("mentorkit lab printed no start page:\n" + "".join(seen[-30:]))


def test_the_lab_command_opens_the_sample_participants_answers_without_a_code(page, tmp_path: Path):
    cohort = Cohort(tmp_path / "demo")
    assert import_roster(sample_roster(), cohort).exit_code == 0
    env = isolated_environment(tmp_path / "state")
    port, token = free_port(), "t" + os.urandom(8).hex()
    cmd = [sys.executable, "-m", "mentorkit.cli", "lab", "--cohort", str(cohort.root), "--participant", PID,
           "--app", "--no-browser", "--port", str(port), "--token", token]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    try:
        url = _start_page(proc)
        assert url.startswith(f"http://127.0.0.1:{port}/voila/render/00_start_here.ipynb")

        started = time.monotonic()
        page.goto(url, wait_until="commit")
        expect(page.locator(".mk-profile-name input")).to_have_value("Ana Lima", timeout=120_000)
        print(f"[timing] mentorkit lab --app, 00: opened to the participant's name "
              f"{time.monotonic() - started:.2f} s")
        assert page.locator(".mk-chooser-code").count() == 0  # nobody was asked for a code
        assert_no_cell_errors(page)

        page.goto(url.replace("00_start_here", "01_goals"), wait_until="commit")
        goals = page.locator(".mk-goal-text textarea")
        expect(goals.first).to_have_value("Submit first-author paper by June", timeout=120_000)
        expect(goals.nth(1)).to_have_value("Land a postdoc in marine ecology")
        assert page.locator(".mk-chooser-code").count() == 0
        assert_no_cell_errors(page)
    finally:
        server = psutil.Process(proc.pid)
        family = [server, *server.children(recursive=True)]
        os.killpg(proc.pid, signal.SIGTERM)  # what Ctrl-C in the terminal does to the whole group
        try:
            proc.wait(timeout=60)
        finally:
            gone, alive = psutil.wait_procs(family, timeout=30)
            for leftover in alive:
                leftover.kill()
    assert proc.returncode == 0
    assert not alive, f"left running after the command stopped: {[p.pid for p in alive]}"
    # The cohort was used as it was: the twelve imported workbooks, no new one.
    assert len(list((cohort.root / "workbooks").glob("*.json"))) == 12
