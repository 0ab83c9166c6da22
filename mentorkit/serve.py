"""``mentorkit serve``: the room's exercises as Voilà apps and the facilitator's dashboard, on one port.

Design (why one Voilà process with its own identity provider): the participant pages and the
dashboard are the same kind of thing, notebooks rendered by Voilà, so one Voilà serving
``notebooks/`` does both on one port, with one set of pre-started kernels, culling and limits. Voilà
accepts a Jupyter Server identity provider; :class:`mentorkit.room.RoomIdentityProvider` lets
participants in without a token and answers 403 to any request for the ``facilitator/`` folder that
does not carry the server's random token (printed only here, never in the QR code or the room
link). A reverse proxy in front of two servers would need its own websocket forwarding, a second
process to watch and a second set of kernels for the same result.

:func:`plan_serve` builds the command line and environment without starting anything (tested);
:func:`run_serve` runs a plan: starts Voilà in its own process group, prints the room link with a QR
code (terminal and PNG) and the facilitator's link, and on Ctrl+C or SIGTERM stops Voilà, which
shuts its kernels down; any kernel still running afterwards is ended by process id.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import posixpath
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import quote

from .errors import UnusableInput
from .lab import START_PAGE, free_port, start_page, write_translated_notebooks
from .locations import notebooks_dir

SERVE_PORT = 8866
DASHBOARD = "facilitator/dashboard.ipynb"
READY_TIMEOUT = 120.0
#: Kernels kept ready per exercise page (Voilà runs the notebook in them before anyone asks).
DEFAULT_PRESTART = 2
#: Start pages kept ready when the cohort has no workbooks yet to count (see :func:`default_room_size`).
DEFAULT_ROOM = 10
#: A kernel whose page was closed without saying so is shut down after this many idle seconds.
DEFAULT_CULL_IDLE = 900
#: Memory budgeted per kernel when choosing the default kernel limit (measured: ~110-130 MB each).
KERNEL_BUDGET_MB = 200
QR_PNG = "room-link.png"


def _optional(name: str) -> Any:
    """``psutil`` / ``qrcode``, imported when needed (neither ships type information)."""
    return importlib.import_module(name)


@dataclass(frozen=True)
class ServePlan:
    """What ``mentorkit serve`` runs: command line, environment, and the addresses it prints."""

    argv: list[str]
    env: dict[str, str]
    cwd: Path
    cohort: Path
    ip: str
    port: int
    token: str
    room_url: str
    facilitator_url: str
    preheat: int
    cull_idle: int
    max_kernels: int
    qr_png: Path
    room_size: int = 0
    pools: dict[str, int] = field(default_factory=dict)
    warm_parallel: int = 1
    notes: list[str] = field(default_factory=list)


def default_max_kernels(available_bytes: int | None = None) -> int:
    """A kernel limit that fits the machine: available memory / 200 MB, between 10 and 300."""
    if available_bytes is None:
        try:
            available_bytes = int(_optional("psutil").virtual_memory().available)
        except Exception:  # psutil comes with Jupyter; without it, a modest fixed limit
            return 40
    return max(10, min(300, available_bytes // (KERNEL_BUDGET_MB * 1024 * 1024)))


def default_room_size(cohort: Path) -> int:
    """How many start pages to keep ready: one per workbook in the cohort (its roster), else 10."""
    count = len(list((cohort / "workbooks").glob("*.json")))
    return count or DEFAULT_ROOM


def kernel_pools(pages: list[str], room_size: int, preheat: int, start: str = START_PAGE) -> dict[str, int]:
    """Ready kernels per page: the start page one per expected participant, the room language's other
    pages and each other language's start page ``preheat``, other languages' later pages none.

    A room arrives together on the start page; Voilà's own pool serves at most as many pages at once
    as it holds, and every page beyond that is rendered in the request, all of them interleaved on the
    server's one event loop (measured: 30 at once on 2 cores all finished after 40-60 s). The later
    pages are reached at each participant's own pace.
    """
    home = posixpath.dirname(start)

    def ready(page: str) -> int:
        if page == start:
            return max(room_size, preheat)
        if posixpath.dirname(page) == home or posixpath.basename(page) == posixpath.basename(start):
            return preheat  # the room's language, and each other language's start page
        return 0  # another language's later pages: rendered when asked for, no kernel kept waiting
    return {page: ready(page) for page in sorted(pages)}


def lan_address() -> str:
    """This machine's address on its local network (no packet is sent), else 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("10.255.255.255", 1))
            return str(sock.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def plan_serve(
    cohort: Path | str,
    *,
    ip: str = "127.0.0.1",
    port: int | None = None,
    preheat: int = DEFAULT_PRESTART,
    room_size: int | None = None,
    cull_idle: int = DEFAULT_CULL_IDLE,
    max_kernels: int | None = None,
    token: str | None = None,
    notebooks: Path | str | None = None,
    qr_png: Path | str | None = None,
    environ: Mapping[str, str] | None = None,
) -> ServePlan:
    """Check the inputs and build the Voilà command; raises :class:`UnusableInput` with the reason."""
    root = Path(cohort).expanduser().resolve()
    if not (root / "workbooks").is_dir():
        raise UnusableInput(
            f"{root}: not a cohort folder (no workbooks/ inside). Run `make demo` for the sample "
            "cohort, or `mentorkit import ROSTER --cohort DIR` for your own."
        )
    folder = Path(notebooks).expanduser().resolve() if notebooks else notebooks_dir()
    if folder is None or not (folder / START_PAGE).is_file():
        raise UnusableInput(f"{folder or 'the source checkout notebooks/'}: no {START_PAGE} there; "
                            "pass --notebooks DIR")
    if not (folder / DASHBOARD).is_file():
        raise UnusableInput(f"{folder}: no {DASHBOARD} there; pass --notebooks DIR")
    for name, value, low in (("--preheat", preheat, 0), ("--cull-idle", cull_idle, 0),
                             ("--room-size", 0 if room_size is None else room_size, 0)):
        if value < low:
            raise UnusableInput(f"{name} must be {low} or more, not {value}")
    kernels = default_max_kernels() if max_kernels is None else max_kernels
    # Every page Voilà will pre-start kernels for: the English notebooks and their copies in each
    # shipped language (written by run_serve); the room arrives on the cohort language's start page.
    from .i18n.locales import shipped
    from .i18n.notebooks import page_path
    from .i18n.runtime import locale_dirs

    english = sorted(p.name for p in folder.glob("*.ipynb"))
    pages = [page_path(name.removesuffix(".ipynb"), lang) for lang in shipped(locale_dirs(root))
             for name in english]
    start = start_page(root)
    if kernels < 1:
        raise UnusableInput(f"--max-kernels must be 1 or more, not {kernels}")
    others = sum(kernel_pools(pages, 0, preheat, start).values()) - preheat
    if others + preheat >= kernels:
        raise UnusableInput(f"--preheat {preheat} keeps {others + preheat} kernels ready for "
                            f"{len(pages)} pages, which leaves none of the --max-kernels {kernels} "
                            "for the room")
    if preheat == 0:
        room = 0
    elif room_size is None:  # one per participant on the roster, as far as the kernel limit allows
        room = max(preheat, min(default_room_size(root), (kernels - others) // 2))
    else:
        room = room_size
    pools = kernel_pools(pages, room, preheat, start) if preheat > 0 else {}
    # At the peak the room's own kernels and the refilled ready ones run side by side.
    if pools and 2 * pools[start] + others > kernels:
        raise UnusableInput(
            f"--room-size {room} needs up to {2 * pools[start] + others} kernels (the room's pages, as "
            f"many ready again for latecomers and reloads, {others} for the other pages), more than "
            f"--max-kernels {kernels}; lower --room-size or raise --max-kernels")
    warm_parallel = max(1, (os.cpu_count() or 2) // 2)
    port = free_port(SERVE_PORT) if port is None else port
    token = token or secrets.token_urlsafe(24)
    env = {k: v for k, v in (os.environ if environ is None else environ).items()
           if k not in ("MENTORKIT_PARTICIPANT", "JUPYTERHUB_USER")}
    env["MENTORKIT_COHORT"] = str(root)
    # The Voilà process imports mentorkit.room; make sure it finds this very copy of mentorkit.
    package_parent = str(Path(__file__).resolve().parent.parent)
    paths = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    if package_parent not in paths:
        env["PYTHONPATH"] = os.pathsep.join([package_parent, *paths])
    argv = [
        sys.executable, "-m", "voila", str(folder), "--no-browser",
        f"--Voila.ip={ip}", f"--port={port}", "--Voila.port_retries=0",
        "--Voila.identity_provider_class=mentorkit.room.RoomIdentityProvider", f"--token={token}",
        "--VoilaConfiguration.multi_kernel_manager_class=mentorkit.room.RoomKernelManager",
        f"--RoomKernelManager.max_kernels={kernels}",
        "--VoilaConfiguration.show_tracebacks=False",
    ]
    if preheat > 0:
        config = {"default": {"pool_size": preheat}, **{page: {"pool_size": n} for page, n in pools.items()}}
        argv += ["--VoilaConfiguration.preheat_kernel=True",
                 f"--VoilaConfiguration.default_pool_size={preheat}",
                 f"--VoilaKernelManager.kernel_pools_config={config!r}",
                 "--VoilaKernelManager.preheat_denylist=['facilitator/']",
                 f"--RoomKernelManager.warm_parallel={warm_parallel}"]
    if cull_idle > 0:
        argv += [f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
                 f"--MappingKernelManager.cull_interval={min(60, cull_idle)}"]
    host = lan_address() if ip in ("0.0.0.0", "") else ip
    base = f"http://{host}:{port}"
    room_url = f"{base}/voila/render/{start_page(root)}"
    facilitator_url = f"{base}/voila/render/{DASHBOARD}?token={quote(token)}"
    notes = []
    if ip in ("127.0.0.1", "localhost"):
        notes.append("only this machine can open it; --ip 0.0.0.0 opens it to the room's network")
    png = Path(qr_png) if qr_png else root / QR_PNG
    return ServePlan(argv=argv, env=env, cwd=folder, cohort=root, ip=ip, port=port, token=token,
                     room_url=room_url, facilitator_url=facilitator_url, preheat=preheat,
                     cull_idle=cull_idle, max_kernels=kernels, qr_png=png, notes=notes, room_size=room,
                     pools=pools, warm_parallel=warm_parallel)


def qr_text(url: str) -> str:
    """The QR code of ``url`` as terminal text (two rows of modules per line)."""
    code = _optional("qrcode").QRCode(border=2)
    code.add_data(url)
    code.make(fit=True)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()


def write_qr_png(url: str, path: Path) -> Path:
    """Write the QR code of ``url`` as a PNG file (atomically) and return its path."""
    image = _optional("qrcode").make(url, border=2, box_size=10)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("wb") as handle:
        image.save(handle)
    os.replace(tmp, path)
    return path


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class _Stop(Exception):
    pass


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def run_serve(plan: ServePlan, log_path: Path | None = None) -> int:
    """Start Voilà as planned, print the links, wait until Ctrl+C / SIGTERM, then stop everything."""
    write_translated_notebooks(plan.cwd, plan.cohort)
    if log_path is None:
        log_dir = Path(tempfile.mkdtemp(prefix="mentorkit-serve-"))
        log_path = log_dir / "voila.log"
    print(f"mentorkit serve: starting the room on {plan.ip}:{plan.port} for the cohort {plan.cohort} ...",
          flush=True)
    log = open(log_path, "wb")  # noqa: SIM115 - open for the server's whole life
    proc = subprocess.Popen(plan.argv, env=plan.env, cwd=plan.cwd, stdin=subprocess.DEVNULL,
                            stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)  # Ctrl+C reaches us; we stop the server
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    children: dict[int, float] = {}
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while not _port_open(plan.port):
            if proc.poll() is not None:
                print(f"mentorkit serve: Voilà exited with status {proc.returncode}; log: {log_path}",
                      file=sys.stderr)
                return proc.returncode or 2
            if time.monotonic() > deadline:
                print(f"mentorkit serve: Voilà did not answer within {READY_TIMEOUT:.0f} s; log: {log_path}",
                      file=sys.stderr)
                return 2
            time.sleep(0.25)  # polling interval while the server starts
        png = None
        with contextlib.suppress(OSError):
            png = write_qr_png(plan.room_url, plan.qr_png)
        print(f"\n  Room link (give this to participants):\n    {plan.room_url}\n", flush=True)
        print(qr_text(plan.room_url), flush=True)
        if png:
            print(f"  The same QR code as a picture: {png}", flush=True)
        print("\n  Facilitator's dashboard (keep this link to yourself; it holds the secret token):\n"
              f"    {plan.facilitator_url}\n", flush=True)
        if plan.pools:
            print(f"  Ready kernels: {max(plan.pools.values())} for the start page (--room-size), "
                  f"{plan.preheat} for each other page (--preheat); refilled {plan.warm_parallel} at a "
                  "time in the background.", flush=True)
        print(f"  Idle kernels closed after {plan.cull_idle} s; at most {plan.max_kernels} kernels. "
              f"Log: {log_path}", flush=True)
        for note in plan.notes:
            print(f"  ({note})", flush=True)
        print("  Stop with Ctrl+C.\n", flush=True)
        warm_reported = not plan.pools
        while proc.poll() is None:
            _remember_children(proc.pid, children)
            if not warm_reported and pools_filled(log_path, plan.pools):
                warm_reported = True
                print(f"  {warm_report(proc.pid)}", flush=True)
            time.sleep(1.0)  # how often the list of kernels to clean up is refreshed
        return proc.returncode or 0
    except (KeyboardInterrupt, _Stop):
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        _remember_children(proc.pid, children)
        stop_tree(proc, children)
        log.close()


def pools_filled(log_path: Path, pools: Mapping[str, int]) -> bool:
    """True once Voilà's log says every page's pool of ready kernels has been filled."""
    try:
        text = log_path.read_text(errors="replace")
    except OSError:
        return False
    return all(f"Kernel pool of {page} is filled" in text for page, size in pools.items() if size > 0)


def kernel_memory(pid: int) -> list[float]:
    """Memory (MB, unique set size where the system reports it) of each kernel under process ``pid``."""
    try:
        psutil = _optional("psutil")
    except ImportError:  # pragma: no cover - psutil comes with Jupyter
        return []
    sizes = []
    with contextlib.suppress(psutil.Error):
        for child in psutil.Process(pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if "ipykernel_launcher" in " ".join(child.cmdline()):
                    info = child.memory_full_info()
                    sizes.append((getattr(info, "uss", 0) or info.rss) / 2**20)
    return sizes


def warm_report(pid: int) -> str:
    """The line printed once every pool is full: how many kernels are ready and their measured memory."""
    sizes = kernel_memory(pid)
    if not sizes:
        return "Every page has its ready kernels."
    return (f"Every page has its ready kernels: {len(sizes)} kernels, {sum(sizes) / len(sizes):.0f} MB each "
            f"on average, {sum(sizes):.0f} MB in all (measured now; each participant's page adds about one "
            "more as its ready kernel is replaced).")


def _remember_children(pid: int, seen: dict[int, float]) -> None:
    """Note ``pid``'s descendants (kernels run in their own sessions, so a group kill misses them)."""
    try:
        psutil = _optional("psutil")
    except ImportError:  # pragma: no cover - psutil comes with Jupyter
        return
    with contextlib.suppress(psutil.Error):
        for child in psutil.Process(pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                seen[child.pid] = child.create_time()


def stop_tree(proc: subprocess.Popen[bytes], children: Mapping[int, float]) -> None:
    """Stop the server (its process group) and then any of its remembered kernels still running."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)  # Voilà shuts its kernels down on SIGTERM
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    try:
        psutil = _optional("psutil")
    except ImportError:  # pragma: no cover - psutil comes with Jupyter
        return
    left = []
    for pid, created in children.items():
        with contextlib.suppress(psutil.Error):
            process = psutil.Process(pid)
            if process.create_time() == created:  # the same process, not a reused pid
                process.terminate()
                left.append(process)
    _, alive = psutil.wait_procs(left, timeout=10)
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()
