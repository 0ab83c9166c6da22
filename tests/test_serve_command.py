"""`mentorkit serve`: the plan it builds, the facilitator-only paths, the QR code, and a real run.

The real run starts `mentorkit serve` as a facilitator would, checks from outside that the dashboard
needs the token (403 without, 200 with), that a participant page opens without one, that one page
over --max-kernels is refused, and that SIGTERM leaves no process behind.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest
from PIL import Image

from mentorkit.cli import main
from mentorkit.errors import UnusableInput
from mentorkit.lab import free_port
from mentorkit.room import is_facilitator_path
from mentorkit.serve import default_max_kernels, plan_serve, pools_filled, qr_text, write_qr_png
from mentorkit.store import Cohort

REPO = Path(__file__).resolve().parent.parent


def test_serve_help_names_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["serve", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for option in ("--cohort", "--ip", "--port", "--preheat", "--room-size", "--cull-idle", "--max-kernels"):
        assert option in out


def test_plan_serves_the_notebooks_with_the_token_for_the_facilitator_only(sample_cohort: Cohort) -> None:
    environ = {"PATH": "/usr/bin", "JUPYTERHUB_USER": "x", "MENTORKIT_PARTICIPANT": "ana-lima"}
    plan = plan_serve(sample_cohort.root, ip="127.0.0.1", port=9876, preheat=3, cull_idle=120,
                      max_kernels=50, token="s3cret", environ=environ)
    assert plan.env["MENTORKIT_COHORT"] == str(sample_cohort.root.resolve())
    assert "MENTORKIT_PARTICIPANT" not in plan.env and "JUPYTERHUB_USER" not in plan.env
    assert str(REPO) in plan.env["PYTHONPATH"].split(os.pathsep)
    assert plan.argv[:4] == [sys.executable, "-m", "voila", str(REPO / "notebooks")]
    for flag in ("--Voila.ip=127.0.0.1", "--port=9876", "--token=s3cret",
                 "--Voila.identity_provider_class=mentorkit.room.RoomIdentityProvider",
                 "--VoilaConfiguration.preheat_kernel=True", "--VoilaConfiguration.default_pool_size=3",
                 "--VoilaKernelManager.preheat_denylist=['facilitator/']",
                 "--MappingKernelManager.cull_idle_timeout=120", "--RoomKernelManager.max_kernels=50"):
        assert flag in plan.argv
    assert plan.room_url == "http://127.0.0.1:9876/voila/render/00_start_here.ipynb"
    assert "token" not in plan.room_url
    assert plan.facilitator_url.endswith("/voila/render/facilitator/dashboard.ipynb?token=s3cret")
    assert plan.qr_png == sample_cohort.root.resolve() / "room-link.png"


def test_plan_without_preheat_or_culling_leaves_those_flags_out(sample_cohort: Cohort) -> None:
    plan = plan_serve(sample_cohort.root, port=9876, preheat=0, cull_idle=0, max_kernels=10)
    assert not [a for a in plan.argv if "preheat" in a or "cull" in a]


def test_plan_refuses_bad_settings(sample_cohort: Cohort, tmp_path: Path) -> None:
    with pytest.raises(UnusableInput, match="not a cohort folder"):
        plan_serve(tmp_path, port=9876)
    with pytest.raises(UnusableInput, match="leaves none"):
        plan_serve(sample_cohort.root, port=9876, preheat=5, max_kernels=20)  # 6 pages x 5 = 30
    with pytest.raises(UnusableInput, match="--cull-idle"):
        plan_serve(sample_cohort.root, port=9876, cull_idle=-1)
    with pytest.raises(UnusableInput, match="no 00_start_here"):
        plan_serve(sample_cohort.root, port=9876, notebooks=tmp_path)


def _pools_config(argv: list[str]) -> dict[str, dict[str, int]]:
    import ast

    [flag] = [a for a in argv if a.startswith("--VoilaKernelManager.kernel_pools_config=")]
    config: dict[str, dict[str, int]] = ast.literal_eval(flag.split("=", 1)[1])
    return config


def test_the_start_page_keeps_one_ready_kernel_per_participant(sample_cohort: Cohort) -> None:
    roster = len(list((sample_cohort.root / "workbooks").glob("*.json")))
    assert roster >= 3
    plan = plan_serve(sample_cohort.root, port=9876, preheat=2, max_kernels=100)
    assert plan.room_size == roster  # by default, one per workbook in the cohort
    config = _pools_config(plan.argv)
    assert config["00_start_here.ipynb"] == {"pool_size": roster}
    assert config["01_goals.ipynb"] == config["05_feedback.ipynb"] == config["default"] == {"pool_size": 2}
    assert f"--RoomKernelManager.warm_parallel={plan.warm_parallel}" in plan.argv and plan.warm_parallel >= 1
    # Set by hand; and, by default, no more than the kernel limit leaves room for.
    assert _pools_config(plan_serve(sample_cohort.root, port=9876, room_size=30,
                                    max_kernels=100).argv)["00_start_here.ipynb"] == {"pool_size": 30}
    # Other languages: their start page is kept ready, their later pages are rendered when asked for.
    assert config["es/00_start_here.ipynb"] == {"pool_size": 2}
    assert config["es/01_goals.ipynb"] == {"pool_size": 0}
    small = plan_serve(sample_cohort.root, port=9876, preheat=2, max_kernels=16)  # (16 - 6 x 2) // 2 = 2
    assert small.room_size == 2
    with pytest.raises(UnusableInput, match="--room-size 30 needs up to 72 kernels"):
        plan_serve(sample_cohort.root, port=9876, preheat=2, room_size=30, max_kernels=60)
    with pytest.raises(UnusableInput, match="--room-size"):
        plan_serve(sample_cohort.root, port=9876, room_size=-1)


def test_a_spanish_cohort_arrives_on_the_spanish_start_page(sample_cohort: Cohort) -> None:
    (sample_cohort.root / "mentorkit.toml").write_text('locale = "es"\n', encoding="utf-8")
    plan = plan_serve(sample_cohort.root, port=9876, preheat=2, room_size=20, max_kernels=100)
    config = _pools_config(plan.argv)
    assert plan.room_url.endswith("/voila/render/es/00_start_here.ipynb")
    assert config["es/00_start_here.ipynb"] == {"pool_size": 20}
    assert config["es/03_outreach.ipynb"] == config["00_start_here.ipynb"] == {"pool_size": 2}
    assert config["03_outreach.ipynb"] == {"pool_size": 0}


def test_pools_filled_reads_the_voila_log(tmp_path: Path) -> None:
    log = tmp_path / "voila.log"
    pools = {"00_start_here.ipynb": 30, "01_goals.ipynb": 2}
    assert not pools_filled(log, pools)  # no log yet
    log.write_text("[Voila] Kernel pool of 01_goals.ipynb is filled with 2 kernel(s)\n")
    assert not pools_filled(log, pools)
    with log.open("a") as handle:
        handle.write("[Voila] Kernel pool of 00_start_here.ipynb is filled with 30 kernel(s)\n")
    assert pools_filled(log, pools)


def test_default_kernel_limit_follows_memory() -> None:
    mb = 1024 * 1024
    assert default_max_kernels(1000 * mb) == 10  # at least 10
    assert default_max_kernels(8000 * mb) == 40
    assert default_max_kernels(10**6 * mb) == 300  # at most 300


@pytest.mark.parametrize(("path", "facilitator"), [
    ("/voila/render/facilitator/dashboard.ipynb", True),
    ("/voila/render/%66acilitator/dashboard.ipynb", True),
    ("/voila/render/./facilitator/dashboard.ipynb", True),
    ("/voila/render/x/../facilitator/matching.ipynb", True),
    ("//voila/render//facilitator//dashboard.ipynb", True),
    ("/voila/tree/facilitator", True),
    ("/voila/files/facilitator/session_plan.md", True),
    ("/room/voila/render/facilitator/dashboard.ipynb", False),  # not under this base url
    ("/voila/render/00_start_here.ipynb", False),
    ("/voila/render/facilitators.ipynb", False),
    ("/voila/static/facilitator/x.js", False),
    ("/api/kernels/0f6b7c1e-0000-4000-8000-000000000000/channels", False),
])
def test_facilitator_paths(path: str, facilitator: bool) -> None:
    assert is_facilitator_path(path) is facilitator


def test_facilitator_paths_under_a_base_url() -> None:
    assert is_facilitator_path("/room/voila/render/facilitator/dashboard.ipynb", "/room/")
    assert not is_facilitator_path("/room/voila/render/01_goals.ipynb", "/room/")


def test_qr_code_in_the_terminal_and_as_a_picture(tmp_path: Path) -> None:
    url = "http://192.0.2.7:8866/voila/render/00_start_here.ipynb"
    text = qr_text(url)
    rows = text.splitlines()
    assert len(rows) > 10 and all(len(r) == len(rows[0]) for r in rows[:-1])
    assert set(text) <= set("█▀▄ \xa0\n")
    png = write_qr_png(url, tmp_path / "qr" / "room-link.png")
    with Image.open(png) as image:
        assert image.format == "PNG" and image.size[0] == image.size[1] >= 200


# -- a real run -----------------------------------------------------------------------------------
def _get_once(url: str, headers: dict[str, str] | None, deadline: float) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            chunks = []
            while chunk := response.read(65536):  # Voila streams the page as its cells run
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{url}: page still streaming after the deadline")
            return response.status, b"".join(chunks).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def _get(url: str, headers: dict[str, str] | None = None, seconds: float = 150.0) -> tuple[int, str]:
    """GET a page within ``seconds`` in all; once more if the first try stalls (a kernel that missed
    its first message under load), so a stalled page fails the test instead of hanging it."""
    try:
        return _get_once(url, headers, time.monotonic() + seconds)
    except (TimeoutError, OSError):
        return _get_once(url, headers, time.monotonic() + seconds)


@pytest.mark.kernel
@pytest.mark.slow
def test_serve_runs_the_room_and_stops_everything_on_sigterm(sample_cohort: Cohort, tmp_path: Path) -> None:
    port = free_port(0)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTORKIT_")}
    env.update(PYTHONPATH=str(REPO), HOME=str(tmp_path), JUPYTER_RUNTIME_DIR=str(tmp_path / "rt"),
               IPYTHONDIR=str(tmp_path / "ipy"))
    out = (tmp_path / "serve.out").open("w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mentorkit.cli", "serve", "--cohort", str(sample_cohort.root),
         "--port", str(port), "--preheat", "0", "--max-kernels", "2"],
        env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    seen: dict[int, float] = {}

    def remember() -> None:
        for child in psutil.Process(proc.pid).children(recursive=True):
            seen[child.pid] = child.create_time()

    try:
        deadline = time.monotonic() + 120
        text = ""
        while "Stop with Ctrl+C" not in text:
            assert proc.poll() is None, text
            assert time.monotonic() < deadline, text
            time.sleep(0.3)
            text = (tmp_path / "serve.out").read_text()
        token = re.search(r"dashboard\.ipynb\?token=(\S+)", text)
        assert token, text
        room = re.search(r"(http://127\.0\.0\.1:\d+/voila/render/00_start_here\.ipynb)\s", text)
        assert room and "token" not in room.group(1)
        assert (sample_cohort.root / "room-link.png").is_file()
        base = f"http://127.0.0.1:{port}/voila/render"
        # The participant could guess the dashboard's address, but not the token.
        assert _get(f"{base}/facilitator/dashboard.ipynb")[0] == 403
        assert _get(f"{base}/facilitator/dashboard.ipynb?token=wrong")[0] == 403
        assert _get(f"http://127.0.0.1:{port}/voila/tree/facilitator")[0] == 403
        # With the token the page is served (its status, before Voila streams the dashboard's cells).
        request = urllib.request.Request(f"{base}/facilitator/dashboard.ipynb",
                                         headers={"Authorization": f"token {token.group(1)}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 200
        remember()
        status, page = _get(room.group(1))
        assert status == 200 and "application/vnd.jupyter.widget-view+json" in page
        remember()
        assert len([p for p in seen if "ipykernel" in " ".join(psutil.Process(p).cmdline())]) == 2
        assert _get(room.group(1))[0] == 503  # a third kernel is over --max-kernels 2
    finally:
        if proc.poll() is None:
            remember()
            proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        out.close()
    assert proc.returncode == 0
    alive = [pid for pid, created in seen.items()
             if psutil.pid_exists(pid) and psutil.Process(pid).create_time() == created]
    assert not alive, f"left running after SIGTERM: {alive}"
    assert len(seen) >= 3  # Voila and two kernels were seen, and all of them are gone
