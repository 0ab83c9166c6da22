"""`mentorkit serve` as the browser tests start it: a real server on 127.0.0.1, stopped like Ctrl+C.

Used by test_serve_room.py (first-page speed, accessibility, keyboard) and test_load.py (a room of
participants at once). Everything the server and its kernels write lives in the test's temp dirs.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[2]
SERVER_START_TIMEOUT = 120.0

PAGES = ("00_start_here.ipynb", "01_goals.ipynb", "02_mentor_map.ipynb", "03_outreach.ipynb",
         "04_expectations.ipynb", "05_feedback.ipynb")
#: The first field a participant can use on every page: the participant-code box.
FIRST_FIELD = ".mk-chooser-code input"


@dataclass
class Room:
    """A running ``mentorkit serve``: its process, links, log, and every process it started."""

    proc: subprocess.Popen
    out_path: Path
    port: int
    token: str = ""
    log_path: Path | None = None
    seen: dict[int, float] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, page: str) -> str:
        return f"{self.base}/voila/render/{page}"

    def output(self) -> str:
        return self.out_path.read_text(errors="replace")

    def remember(self) -> None:
        with contextlib.suppress(psutil.Error):
            for child in psutil.Process(self.proc.pid).children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    self.seen[child.pid] = child.create_time()

    def processes(self) -> list[psutil.Process]:
        """The server (the mentorkit process, Voilà) and every kernel it runs now."""
        found = []
        with contextlib.suppress(psutil.Error):
            found = [psutil.Process(self.proc.pid), *psutil.Process(self.proc.pid).children(recursive=True)]
        return found

    def kernels(self) -> list[psutil.Process]:
        return [p for p in self.processes() if _is_kernel(p)]

    def memory_mb(self) -> tuple[float, float, int]:
        """(server RSS MB, kernels RSS MB, number of kernels), unique-set size where available."""
        server = kernels = 0.0
        count = 0
        for process in self.processes():
            with contextlib.suppress(psutil.Error):
                info = process.memory_full_info()
                size = getattr(info, "uss", 0) or info.rss
                if _is_kernel(process):
                    kernels += size
                    count += 1
                else:
                    server += size
        return server / 2**20, kernels / 2**20, count

    def wait_warm(self, pages: tuple[str, ...] = PAGES, timeout: float = 400.0) -> float:
        """Wait until Voilà says every page's pool of pre-started kernels is filled; seconds waited."""
        started = time.monotonic()
        while True:
            text = self.log_path.read_text(errors="replace") if self.log_path else ""
            filled = set(re.findall(r"Kernel pool of (\S+) is filled", text))
            if all(page in filled for page in pages):
                self.remember()
                return time.monotonic() - started
            if time.monotonic() - started > timeout:
                raise AssertionError(f"pools not filled after {timeout:.0f} s (filled: {sorted(filled)})")
            time.sleep(0.5)  # polling interval for the server's log

    def stop(self) -> list[int]:
        """SIGTERM (as Ctrl+C would) and wait; return the pids of any process left running."""
        self.remember()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=90)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        left = []
        for pid, created in self.seen.items():
            with contextlib.suppress(psutil.Error):
                process = psutil.Process(pid)
                if process.create_time() == created:
                    left.append(pid)
                    process.kill()  # never leave a test's process behind, but report it
        return left


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def room_environment(state: Path) -> dict[str, str]:
    """The server's environment: every Jupyter/IPython folder under ``state``, no MENTORKIT_ variable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "MENTORKIT_"))}
    for key, name in (("HOME", "home"), ("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                      ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython"), ("TMPDIR", "tmp")):
        (state / name).mkdir(parents=True, exist_ok=True)
        env[key] = str(state / name)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _is_kernel(process: psutil.Process) -> bool:
    with contextlib.suppress(psutil.Error):
        return "ipykernel_launcher" in " ".join(process.cmdline())
    return False


def start_room(cohort: Path, state: Path, *, preheat: int, max_kernels: int = 120,
               room_size: int | None = None) -> Room:
    """Start ``mentorkit serve`` on a free port, the way a facilitator would, and parse its output."""
    env = room_environment(state)
    port = free_port()
    out_path = state / "serve.out"
    with out_path.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mentorkit.cli", "serve", "--cohort", str(cohort), "--port", str(port),
             "--preheat", str(preheat), "--cull-idle", "0", "--max-kernels", str(max_kernels),
             "--qr-png", str(state / "room-link.png"),
             *([] if room_size is None else ["--room-size", str(room_size)])],
            cwd=state, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    room = Room(proc, out_path, port)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while "Stop with Ctrl+C" not in room.output():
        if proc.poll() is not None or time.monotonic() > deadline:
            room.stop()
            raise RuntimeError(f"mentorkit serve did not start:\n{room.output()[-3000:]}")
        time.sleep(0.2)  # polling interval while the server starts
    text = room.output()
    token = re.search(r"dashboard\.ipynb\?token=(\S+)", text)
    log = re.search(r"Log: (\S+)", text)
    assert token and log, text
    room.token, room.log_path = token.group(1), Path(log.group(1))
    room.remember()
    return room
