"""Real-browser fixtures: JupyterLab and Voilà servers, Debian's Chromium, screenshots, timings.

Everything here is real: a JupyterLab or Voilà process on 127.0.0.1 with a free port and a random
token, a real kernel, and Chromium driven through pytest-playwright's sync API. All Jupyter, IPython
and Chromium state lives in a temporary folder; servers are stopped by the process ids recorded when
they started (the server's own process group, then any kernel it spawned that is still running).

Isolation without a server per test: each test gets its own folder under the server's root dir with
copies of the notebooks it needs and its own imported sample cohort in ``mentorkit-data/``. The
servers run with ``MENTORKIT_COHORT=mentorkit-data`` (relative) and ``MENTORKIT_PARTICIPANT=ana-lima``,
and Jupyter starts every kernel in its notebook's folder, so each test's kernels see only that test's
cohort while one JupyterLab and one Voilà serve a whole module.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
import pytest

from mentorkit.resources import sample_roster
from mentorkit.roster import import_roster

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
PARTICIPANT = "ana-lima"
COHORT_DIRNAME = "mentorkit-data"

CHROMIUM_ENV = "MENTORKIT_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
MISSING_CHROMIUM = (
    "Chromium is needed for the browser tests (tests/browser) and was not found at {path}.\n"
    "  Debian/Ubuntu:  sudo apt-get install -y chromium\n"
    "  elsewhere:      point {env} at a Chromium or Chrome binary.\n"
    "Playwright's own browser download is not used. To run everything except these tests:\n"
    "  make test PYTEST_ARGS='-m \"not browser\"'"
)

SERVER_START_TIMEOUT = 120.0  # seconds; the machine is small and shared
#: Playwright's default wait for any locator action / expectation, in milliseconds.
UI_TIMEOUT_MS = 45_000

# "Time from page open to first widget", collected for the terminal summary (aim: under 3 s).
_TIMINGS: list[tuple[str, float]] = []


# -- marking ----------------------------------------------------------------------------------
def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin("mentorkit-browser-last"):
        config.pluginmanager.register(_BrowserTestsLast(), "mentorkit-browser-last")
    # pytest-base-url (pulled in by pytest-playwright) trips a pytest 9 deprecation; not ours to fix.
    config.addinivalue_line(
        "filterwarnings",
        "ignore:Session-scoped fixtures defined as instance methods:pytest.PytestRemovedIn10Warning",
    )


def _is_browser_test(item: pytest.Item) -> bool:
    return Path(__file__).parent in Path(str(item.fspath)).parents


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test here ``browser`` (before ``-m`` selects), and run them after all others.

    Last, because pytest-playwright keeps its sync Playwright (an event loop that counts as
    running in the main thread) until the session ends: code that checks
    ``asyncio.get_running_loop()`` behaves differently in any test that runs after it.
    """
    for item in items:
        if _is_browser_test(item):
            item.add_marker(pytest.mark.browser)


class _BrowserTestsLast:
    """Moves the browser tests behind every other test, after pytest's own reordering."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        items[:] = [i for i in items if not _is_browser_test(i)] + [i for i in items if _is_browser_test(i)]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _TIMINGS:
        return
    terminalreporter.section("browser: page open to first widget (aim < 3 s)")
    for name, seconds in _TIMINGS:
        flag = "" if seconds < 3.0 else "   (over 3 s)"
        terminalreporter.write_line(f"{seconds:6.2f} s  {name}{flag}")


def _record_timing(name: str, seconds: float) -> None:
    """Print (never assert) how long a page took to show its first widget."""
    _TIMINGS.append((name, seconds))
    print(f"[timing] {name}: page open to first widget {seconds:.2f} s (aim < 3 s)")


@pytest.fixture(scope="session")
def record_timing() -> Callable[[str, float], None]:
    """``record_timing(name, seconds)``: printed now and in the summary at the end of the run."""
    return _record_timing


# -- Chromium ---------------------------------------------------------------------------------
def chromium_path() -> Path:
    return Path(os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM)


@pytest.fixture(scope="session")
def browser_state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """HOME/XDG/TMP folders for Chromium itself, so it writes nothing outside the test's temp dir."""
    return tmp_path_factory.mktemp("chromium-state")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, browser_state: Path) -> dict:
    """pytest-playwright's launch options, pointed at the system Chromium (a missing one FAILS)."""
    path = chromium_path()
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(MISSING_CHROMIUM.format(path=path, env=CHROMIUM_ENV), pytrace=False)
    env = {key: value for key, value in os.environ.items() if not key.startswith("MENTORKIT_")}
    for name in ("home", "config", "cache", "tmp"):
        (browser_state / name).mkdir(exist_ok=True)
    env.update(
        HOME=str(browser_state / "home"),
        XDG_CONFIG_HOME=str(browser_state / "config"),
        XDG_CACHE_HOME=str(browser_state / "cache"),
        TMPDIR=str(browser_state / "tmp"),
    )
    return {
        **browser_type_launch_args,
        "executable_path": str(path),
        "args": CHROMIUM_ARGS,
        "env": env,
        "timeout": 90_000,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def page(context: Any) -> Any:
    """A page with generous, bounded timeouts (two shared cores run Lab, a kernel and Chromium)."""
    context.set_default_timeout(UI_TIMEOUT_MS)
    from playwright.sync_api import expect

    expect.set_options(timeout=UI_TIMEOUT_MS)
    return context.new_page()


@pytest.fixture
def context(context: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """pytest-playwright's context; at the end of the test, a screenshot of each page left open."""
    yield context
    folder = Path(os.environ.get("MENTORKIT_SCREENSHOTS") or REPO / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{Path(str(request.node.fspath)).stem}--{request.node.name}")
    stem = stem.replace("-chromium-", "").strip("-")
    pages = [p for p in context.pages if not p.is_closed()]
    for index, open_page in enumerate(pages, start=1):
        suffix = "" if len(pages) == 1 else f"-{index}"
        with contextlib.suppress(Exception):  # a screenshot must never hide the test's own result
            whole_page_screenshot(open_page, folder / f"{stem}{suffix}.png")


#: How much of a page's hidden scroll height a screenshot includes (pixels), at most.
SCREENSHOT_MAX_HEIGHT = 6000
_HIDDEN_HEIGHT_JS = """() => {
    let extra = 0;
    for (const el of document.querySelectorAll('*')) {
        const style = getComputedStyle(el);
        if (!/(auto|scroll)/.test(style.overflowY)) continue;
        el.scrollTop = 0;  // from the top: JupyterLab scrolls to the last cell after Run All
        extra = Math.max(extra, el.scrollHeight - el.clientHeight);
    }
    return extra;
}"""


def whole_page_screenshot(page: Any, path: Path) -> None:
    """A screenshot of everything on the page, including what sits in an inner scrolling panel.

    Voilà and JupyterLab scroll inside their own panels, which Playwright's ``full_page`` does not
    see, so the window is made as tall as the content (bounded) for the picture.
    """
    size = page.viewport_size or {"width": 1280, "height": 900}
    extra = int(page.evaluate(_HIDDEN_HEIGHT_JS) or 0)
    height = min(size["height"] + extra, SCREENSHOT_MAX_HEIGHT)
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_timeout(300)  # let the layout settle after the resize (nothing to observe)
    page.screenshot(path=str(path), full_page=True, timeout=30_000)


# -- Jupyter state and servers --------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def jupyter_environment(state: Path, participant: str | None = PARTICIPANT) -> dict[str, str]:
    """The servers' environment: every Jupyter/IPython folder under ``state``.

    JUPYTER_DATA_DIR only replaces the *user* data dir; kernelspecs and lab extensions installed in
    the virtualenv (``sys.prefix/share/jupyter``) are still found, which the widget tests prove.
    """
    dirs = {
        "HOME": "home",
        "JUPYTER_CONFIG_DIR": "config",
        "JUPYTER_DATA_DIR": "data",
        "JUPYTER_RUNTIME_DIR": "runtime",
        "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
        "IPYTHONDIR": "ipython",
    }
    env = {key: value for key, value in os.environ.items() if not key.startswith(("JUPYTER", "MENTORKIT_"))}
    for key, name in dirs.items():
        (state / name).mkdir(parents=True, exist_ok=True)
        env[key] = str(state / name)
    # No "Jupyter news" / update toast covering the page.
    notification = state / "lab-settings" / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True, exist_ok=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["PYTHONUNBUFFERED"] = "1"
    env["MENTORKIT_COHORT"] = COHORT_DIRNAME  # relative: each kernel runs in its test's folder
    if participant:  # None: nobody set, each page asks (or reads the code its link carries)
        env["MENTORKIT_PARTICIPANT"] = participant
    return env


@dataclass
class Server:
    """A Jupyter server process we started; ``stop`` ends exactly it and the kernels it spawned."""

    name: str
    root: Path
    port: int
    token: str
    log_path: Path
    proc: subprocess.Popen | None = None
    _log: Any = None
    _spawned: dict[int, float] = field(default_factory=dict)  # pid -> create_time

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, argv: list[str], env: dict[str, str], ready: Callable[[], bool]) -> None:
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            argv,
            cwd=self.root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() reaches its helpers too
        )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
            if ready():
                return
            time.sleep(0.2)  # polling interval for the readiness condition
        self.stop()
        raise RuntimeError(f"{self.name} not ready after {SERVER_START_TIMEOUT:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return "(no log)"

    def remember_children(self) -> None:
        """Note the server's current descendants (kernels run in their own sessions)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(psutil.Error):
            for child in psutil.Process(self.proc.pid).children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    self._spawned[child.pid] = child.create_time()

    def kernel_pids(self) -> list[int]:
        self.remember_children()
        return sorted(self._spawned)

    def stop(self) -> None:
        if self.proc is None:
            return
        self.remember_children()
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)  # jupyter_server shuts its kernels down
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        leftovers = []
        for pid, created in self._spawned.items():
            with contextlib.suppress(psutil.Error):
                process = psutil.Process(pid)
                if process.create_time() == created:  # the same process, not a reused pid
                    process.terminate()
                    leftovers.append(process)
        _, alive = psutil.wait_procs(leftovers, timeout=10)
        for process in alive:
            with contextlib.suppress(psutil.Error):
                process.kill()
        if self._log is not None:
            self._log.close()


def _http_ok(url: str, token: str) -> bool:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _start_with_free_port(make: Callable[[int], Server], argv_for: Callable[[Server], list[str]], env, ready):
    """Start a server on a free port; retry on the rare race where another process took the port."""
    last: Exception | None = None
    for _ in range(3):
        server = make(free_port())
        try:
            server.start(argv_for(server), env, lambda server=server: ready(server))
            return server
        except RuntimeError as exc:
            last = exc
            if "Address already in use" not in str(exc) and "is already in use" not in str(exc):
                raise
    raise RuntimeError(f"could not start a server: {last}")


@pytest.fixture(scope="module")
def served_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder JupyterLab and Voilà serve for one test module (one subfolder per test)."""
    return tmp_path_factory.mktemp("served")


@pytest.fixture(scope="module")
def jupyter_state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("jupyter-state")


def start_lab(root: Path, state: Path, logs: Path) -> Server:
    """Start JupyterLab serving ``root`` on 127.0.0.1, a free port and a random token."""

    def argv(server: Server) -> list[str]:
        return [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={server.port}",
            "--port-retries=0",
            f"--IdentityProvider.token={server.token}",
            f"--ServerApp.root_dir={server.root}",
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ]

    return _start_with_free_port(
        lambda port: Server("JupyterLab", root, port, secrets.token_hex(16), logs / "lab.log"),
        argv,
        jupyter_environment(state),
        lambda s: _http_ok(f"{s.base_url}/api/status", s.token),
    )


def start_voila(root: Path, state: Path, logs: Path, participant: str | None = PARTICIPANT) -> Server:
    """Start Voilà serving the folder tree ``root`` (``/voila/render/<path>.ipynb``); ``participant=None``
    starts it with no ``MENTORKIT_PARTICIPANT``, as a room without JupyterHub is served."""

    def argv(server: Server) -> list[str]:
        return [
            sys.executable,
            "-m",
            "voila",
            str(server.root),
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            f"--port={server.port}",
            "--Voila.port_retries=0",
            f"--token={server.token}",
            "--show_tracebacks=True",
        ]

    # Wait for the port with a TCP connect: a GET of a notebook would start a kernel.
    return _start_with_free_port(
        lambda port: Server("Voilà", root, port, secrets.token_hex(16), logs / "voila.log"),
        argv,
        jupyter_environment(state, participant),
        lambda s: _port_open(s.port),
    )


@pytest.fixture(scope="module")
def lab_server(served_root: Path, jupyter_state: Path, tmp_path_factory) -> Iterator[Server]:
    """One JupyterLab for the module (each test works in its own subfolder)."""
    server = start_lab(served_root, jupyter_state, tmp_path_factory.mktemp("lab-log"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def voila_server(served_root: Path, jupyter_state: Path, tmp_path_factory) -> Iterator[Server]:
    """One Voilà for the module, serving the same folder as ``lab_server``."""
    server = start_voila(served_root, jupyter_state, tmp_path_factory.mktemp("voila-log"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def voila_server_without_participant(served_root: Path, jupyter_state: Path,
                                     tmp_path_factory) -> Iterator[Server]:
    """One Voilà for the module with no participant set: the start page asks for the code."""
    server = start_voila(served_root, jupyter_state, tmp_path_factory.mktemp("voila-log"), participant=None)
    yield server
    server.stop()


@dataclass
class ServerFactory:
    """Start servers outside the module fixtures (for tests of the fixtures themselves)."""

    tmp: pytest.TempPathFactory
    started: list[Server] = field(default_factory=list)

    def lab(self, root: Path) -> Server:
        server = start_lab(root, self.tmp.mktemp("state"), self.tmp.mktemp("log"))
        self.started.append(server)
        return server

    def voila(self, root: Path) -> Server:
        server = start_voila(root, self.tmp.mktemp("state"), self.tmp.mktemp("log"))
        self.started.append(server)
        return server


@pytest.fixture
def server_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerFactory]:
    factory = ServerFactory(tmp_path_factory)
    yield factory
    for server in factory.started:
        server.stop()


# -- per-test workspaces ----------------------------------------------------------------------
@dataclass
class Workspace:
    """One test's folder under the served root: copies of notebooks and its own sample cohort."""

    root: Path
    rel: str  # path relative to the served root
    participant: str = PARTICIPANT

    @property
    def cohort(self) -> Path:
        return self.root / COHORT_DIRNAME

    def workbook_path(self) -> Path:
        return self.cohort / "workbooks" / f"{self.participant}.json"

    def workbook(self) -> dict:
        return json.loads(self.workbook_path().read_text(encoding="utf-8"))

    def add(self, notebook: str) -> str:
        """Copy ``notebooks/<notebook>`` in; return its path relative to the served root."""
        source = NOTEBOOKS / notebook
        if not source.is_file():
            pytest.fail(f"{source.relative_to(REPO)} does not exist on this branch")
        target = self.root / Path(notebook).name
        shutil.copyfile(source, target)
        return f"{self.rel}/{target.name}"

    def wait_for_workbook(self, predicate: Callable[[dict], Any], what: str, timeout: float = 30.0) -> dict:
        """Poll the workbook JSON on disk until ``predicate`` holds (autosave is debounced)."""
        deadline = time.monotonic() + timeout
        data: dict = {}
        while True:
            with contextlib.suppress(OSError, ValueError):  # mid-rename on some filesystems
                data = self.workbook()
                if predicate(data):
                    return data
            if time.monotonic() > deadline:
                shown = json.dumps(data)[:3000]
                raise AssertionError(f"workbook on disk never showed {what}; it holds:\n{shown}")
            time.sleep(0.1)  # polling interval for a file written by another process


@pytest.fixture
def workspace(served_root: Path, request: pytest.FixtureRequest) -> Workspace:
    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:60] or "test"
    root = served_root / name
    root.mkdir()
    result = import_roster(sample_roster(), root / COHORT_DIRNAME)
    assert result.exit_code == 0, [str(r) for r in result.reports]
    return Workspace(root, name)


# -- driving the pages --------------------------------------------------------------------------
def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


#: Output of a failed cell, in JupyterLab and in Voilà (its template renders tracebacks as stderr).
ERROR_OUTPUT = ", ".join(
    f".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.{kind}']" for kind in ("stderr", "error")
)
#: Any rendered ipywidgets view.
WIDGET = ".jupyter-widgets"
#: What ipywidgets shows instead of a view whose JavaScript failed ("Click to show javascript error").
WIDGET_ERROR = ".jupyter-widgets-error-widget"


def assert_no_cell_errors(page: Any) -> None:
    """No cell of the page printed a traceback, and every widget view could be created."""
    texts = page.locator(ERROR_OUTPUT).all_inner_texts()
    failures = [text for text in texts if re.search(r"Traceback|Error|error", text)]
    assert not failures, "a notebook cell failed:\n" + "\n---\n".join(t[-2000:] for t in failures)
    # A renderer that needed the internet (Vega from a CDN) says so in place of the chart.
    offline = page.get_by_text(re.compile(r"Error loading script"))
    if offline.count():
        raise AssertionError(
            f"{offline.count()} output(s) failed to load a script: {offline.first.inner_text()}"
        )
    broken = page.locator(WIDGET_ERROR)
    if broken.count():
        broken.first.click()  # the error widget shows its JavaScript error when clicked
        detail = broken.first.inner_text()
        raise AssertionError(f"{broken.count()} widget(s) failed to render in the browser:\n{detail[:2000]}")


def expect_saved(scope: Any) -> None:
    """Every save note in ``scope`` (a page or a notebook panel) reads "Saved"."""
    expect = _expect()
    notes = scope.locator(".mk-save-status")
    expect(notes.first).to_be_visible()
    for index in range(notes.count()):
        expect(notes.nth(index)).to_contain_text("Saved")


class VoilaApp:
    """Open notebooks of a :class:`Workspace` as Voilà apps."""

    def __init__(self, server: Server):
        self.server = server

    def url(self, rel_path: str) -> str:
        return f"{self.server.base_url}/voila/render/{rel_path}?token={self.server.token}"

    def open(self, page: Any, rel_path: str) -> Any:
        """Go to the app, wait for its first widget (time printed), check no cell failed."""
        started = time.monotonic()
        page.goto(self.url(rel_path), wait_until="commit", timeout=UI_TIMEOUT_MS)
        page.locator(WIDGET).first.wait_for(state="visible", timeout=90_000)
        _record_timing(f"Voilà {Path(rel_path).name}", time.monotonic() - started)
        self.server.remember_children()
        assert_no_cell_errors(page)
        return page

    def assert_healthy(self, page: Any) -> None:
        assert_no_cell_errors(page)

    def expect_saved(self, page: Any) -> None:
        """Every save note reads "Saved", and no cell or widget view failed along the way."""
        expect_saved(page)
        assert_no_cell_errors(page)


class Lab:
    """Drive notebooks of a :class:`Workspace` in JupyterLab."""

    def __init__(self, server: Server):
        self.server = server

    def url(self, rel_path: str, workspace: str) -> str:
        server = self.server
        return f"{server.base_url}/lab/workspaces/{workspace}/tree/{rel_path}?reset&token={server.token}"

    def open(self, page: Any, rel_path: str) -> Any:
        """Open the notebook in a fresh Lab workspace and wait until its kernel is really idle."""
        workspace = "w" + secrets.token_hex(4)
        page.goto(self.url(rel_path, workspace), wait_until="commit", timeout=UI_TIMEOUT_MS)
        self.wait_kernel_idle(page)
        return page

    def panel(self, page: Any) -> Any:
        return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")

    def wait_kernel_idle(self, page: Any, timeout_ms: int = 120_000) -> None:
        # The indicator reads "idle" before any kernel exists; also wait for the kernel's name.
        expect = _expect()
        panel = self.panel(page)
        expect(panel.locator(".jp-Toolbar-kernelName")).not_to_have_text(
            re.compile(r"^\s*(No Kernel)?\s*$"), timeout=timeout_ms
        )
        expect(panel.locator(".jp-Notebook-ExecutionIndicator")).to_have_attribute(
            "data-status", "idle", timeout=timeout_ms
        )
        self.server.remember_children()

    def assert_healthy(self, page: Any) -> None:
        assert_no_cell_errors(page)

    def expect_saved(self, page: Any) -> None:
        """Every save note of the open notebook reads "Saved"."""
        expect_saved(self.panel(page))

    def menu(self, page: Any, menu: str, command: str) -> None:
        page.get_by_role("menuitem", name=menu, exact=True).click()
        page.locator(f".lm-Menu-item[data-command='{command}']").click()

    def run_all(self, page: Any) -> float:
        """Run all cells; returns seconds until the first widget showed in an output area."""
        started = time.monotonic()
        self.menu(page, "Run", "runmenu:run-all")
        self.panel(page).locator(f".jp-OutputArea {WIDGET}").first.wait_for(state="visible", timeout=90_000)
        return time.monotonic() - started

    def restart_and_clear(self, page: Any) -> None:
        self.menu(page, "Kernel", "kernelmenu:restart-and-clear")
        page.locator(".jp-Dialog .jp-mod-accept").click()
        _expect()(self.panel(page).locator(f".jp-OutputArea {WIDGET}")).to_have_count(0)
        self.wait_kernel_idle(page)


@pytest.fixture(scope="module")
def voila(voila_server: Server) -> VoilaApp:
    return VoilaApp(voila_server)


@pytest.fixture(scope="module")
def voila_without_participant(voila_server_without_participant: Server) -> VoilaApp:
    """Voilà apps as a room without JupyterHub sees them: nobody is named until a code is typed."""
    return VoilaApp(voila_server_without_participant)


@pytest.fixture(scope="module")
def lab(lab_server: Server) -> Lab:
    return Lab(lab_server)
