"""``mentorkit lab``: open the participant exercises on a cohort, as one participant, in one command.

It starts JupyterLab (or, with ``--app``, Voilà) on 127.0.0.1 serving the participant notebooks, with
``MENTORKIT_COHORT`` (absolute) and ``MENTORKIT_PARTICIPANT`` set for every kernel it starts, waits
until the server answers, prints the start page's address and how to switch participant, and opens
it in the browser. Ctrl+C (or SIGTERM) stops the server and its kernels.

:func:`plan_lab` builds the command line and environment without starting anything (tested);
:func:`run_lab` runs a plan.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import webbrowser
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from .errors import UnusableInput
from .ids import slugify
from .locations import notebooks_dir

START_PAGE = "00_start_here.ipynb"
LAB_PORT = 8888
APP_PORT = 8866
READY_TIMEOUT = 120.0


@dataclass(frozen=True)
class LabPlan:
    """What ``mentorkit lab`` runs: the server's command line, environment and start-page address."""

    argv: list[str]
    env: dict[str, str]
    cwd: Path
    url: str
    status_url: str
    cohort: Path
    participant: str | None
    app: bool
    open_browser: bool = True
    notes: list[str] = field(default_factory=list)


def free_port(start: int, tries: int = 50) -> int:
    """The first port from ``start`` that is free on 127.0.0.1 (``0``: any free port)."""
    candidates = [0] if start == 0 else range(start, start + tries)
    for port in candidates:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(sock.getsockname()[1])
    raise UnusableInput(f"no free port in {start}..{start + tries - 1}; pass --port")


def plan_lab(
    cohort: Path | str,
    participant: str | None = None,
    *,
    app: bool = False,
    port: int | None = None,
    token: str | None = None,
    notebooks: Path | str | None = None,
    open_browser: bool = True,
    environ: Mapping[str, str] | None = None,
) -> LabPlan:
    """Check the inputs and build the server command; raises :class:`UnusableInput` with the reason."""
    root = Path(cohort).expanduser().resolve()
    if not (root / "workbooks").is_dir():
        raise UnusableInput(
            f"{root}: not a cohort folder (no workbooks/ inside). Run `make demo` for the sample "
            "cohort, or `mentorkit import ROSTER --cohort DIR` for your own."
        )
    pid = None
    if participant is not None:
        pid = slugify(participant)
        if not pid or not (root / "workbooks" / f"{pid}.json").is_file():
            known = sorted(p.stem for p in (root / "workbooks").glob("*.json"))
            shown = ", ".join(known[:8]) + (", ..." if len(known) > 8 else "")
            raise UnusableInput(f"participant {participant!r} not found in {root} (known: {shown or 'none'})")
    folder = Path(notebooks).expanduser().resolve() if notebooks else notebooks_dir()
    if folder is None or not (folder / START_PAGE).is_file():
        where = folder or "the source checkout's notebooks/"
        raise UnusableInput(f"{where}: no {START_PAGE} there; pass --notebooks DIR")
    port = free_port(APP_PORT if app else LAB_PORT) if port is None else port
    token = token or secrets.token_hex(16)
    env = {k: v for k, v in (os.environ if environ is None else environ).items()
           if k not in ("MENTORKIT_PARTICIPANT", "JUPYTERHUB_USER")}
    env["MENTORKIT_COHORT"] = str(root)
    if pid:
        env["MENTORKIT_PARTICIPANT"] = pid
    base = f"http://127.0.0.1:{port}"
    start = start_page(root)
    if app:
        argv = [sys.executable, "-m", "voila", str(folder), "--no-browser", "--Voila.ip=127.0.0.1",
                f"--port={port}", "--Voila.port_retries=0", f"--token={token}"]
        url = f"{base}/voila/render/{start}?token={token}"
        status_url = f"{base}/?token={token}"
    else:
        argv = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
                "--port-retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={folder}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            argv.append("--allow-root")
        url = f"{base}/lab/tree/{start}?token={token}"
        status_url = f"{base}/api/status?token={token}"
    ids = f"the file names in {root / 'workbooks'}"
    if pid:
        switch = (f"to switch participant, stop with Ctrl+C and run again with --participant OTHER-ID "
                  f"({ids}), or without --participant to type a code in each page's form")
    else:
        switch = (f"each page asks for a participant code ({ids}); to switch, reload the page and type "
                  "another code, or run again with --participant ID to skip the form")
    notes = [switch]
    if not app:
        notes.insert(0, "in JupyterLab, choose Run > Run All Cells to show the exercises; "
                        "--app shows them without that step")
    return LabPlan(argv=argv, env=env, cwd=folder, url=url, status_url=status_url, cohort=root,
                   participant=pid, app=app, open_browser=open_browser, notes=notes)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(200 <= response.status < 400)
    except (urllib.error.URLError, OSError):
        return False


class _Stop(Exception):
    pass


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def start_page(cohort: Path) -> str:
    """The start page in the cohort's default language (``es/00_start_here.ipynb`` for Spanish)."""
    from .i18n.notebooks import page_path
    from .store import Cohort

    return page_path(START_PAGE.removesuffix(".ipynb"), Cohort(cohort).locale)


def write_translated_notebooks(folder: Path, cohort: Path) -> None:
    """Write the participant notebooks in every shipped language beside ``folder``'s English ones."""
    from .i18n.notebooks import write_translations
    from .i18n.runtime import locale_dirs

    try:
        write_translations(folder, locale_dirs(cohort))
    except OSError as exc:  # a read-only notebooks folder: the English pages still work
        print(f"mentorkit: could not write the translated notebooks in {folder}: {exc}", file=sys.stderr)


def run_lab(plan: LabPlan) -> int:
    """Start the server of ``plan``, print the address once it answers, and wait until stopped."""
    write_translated_notebooks(plan.cwd, plan.cohort)
    what = "Voilà apps" if plan.app else "JupyterLab"
    who = plan.participant or "(asks for a participant code)"
    print(f"mentorkit lab: starting {what} on the cohort {plan.cohort} as {who} ...", flush=True)
    proc = subprocess.Popen(plan.argv, env=plan.env, cwd=plan.cwd, stdin=subprocess.DEVNULL,
                            start_new_session=True)  # Ctrl+C reaches us; we stop the server
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while not _answers(plan.status_url):
            if proc.poll() is not None:
                print(f"mentorkit lab: {what} exited with status {proc.returncode}", file=sys.stderr)
                return proc.returncode or 2
            if time.monotonic() > deadline:
                print(f"mentorkit lab: {what} did not answer within {READY_TIMEOUT:.0f} s", file=sys.stderr)
                return 2
            time.sleep(0.25)  # polling interval while the server starts
        print(f"\n  Start page:  {plan.url}", flush=True)
        for note in plan.notes:
            print(f"  ({note})", flush=True)
        print("  Stop with Ctrl+C.\n", flush=True)
        if plan.open_browser:
            with contextlib.suppress(Exception):  # no browser here: the printed address is enough
                webbrowser.open(plan.url)
        return proc.wait()
    except (KeyboardInterrupt, _Stop):
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(proc)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """End the server we started (its process group: jupyter_server shuts its kernels down)."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
