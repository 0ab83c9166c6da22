"""The in-process engine (mentorkit.render.inprocess): what a kernel would have written, time limits."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from mentorkit.cli import main
from mentorkit.render.examples import example_workbook
from mentorkit.store import Cohort, dump_workbook, write_atomic

PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")

#: Cells whose outputs cover every kind a template can make (no mixed stdout/stderr: a kernel's
#: order between those two streams depends on timing).
VARIED_CELLS = [
    "import base64, os\nfrom IPython.display import HTML, Image, Markdown, display\n"
    "print('hello', os.path.basename(workbook_path))\nprint('second line')",
    "display(HTML('<b>bold</b>'))\n6 * 7",
    f"display(Image(data=base64.b64decode({PNG!r})))",
    "handle = display(Markdown('first'), display_id=True)\nhandle.update(Markdown('updated'))",
    "import sys\nsys.stderr.write('to stderr\\n')",
    "x = 1  # no output at all",
    "{'a': [1, 2]}",
]


def varied_template(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell('workbook_path = ""', metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in VARIED_CELLS]
    nbformat.write(nb, path)
    return path


def comparable(path: Path) -> list:
    nb = nbformat.read(path, as_version=4)
    return [(c.cell_type, c.source, c.get("execution_count"),
             [{k: v for k, v in o.items() if k != "metadata"} for o in c.get("outputs", [])])
            for c in nb.cells]


@pytest.mark.kernel
def test_in_process_outputs_equal_a_fresh_kernels(cohort: Cohort, tmp_path: Path) -> None:
    ids = []
    for i in range(2):
        wb = example_workbook(i)
        write_atomic(cohort.path_for(wb.id), dump_workbook(wb), cohort.file_mode)
        ids.append(wb.id)
    template = varied_template(tmp_path / "varied.ipynb")
    args = ["render", "--cohort", str(cohort.root), "--jobs", "1", "--format", "ipynb",
            "--template", str(template)]
    assert main([*args, "--out", str(tmp_path / "inprocess")]) == 0
    assert main([*args, "--out", str(tmp_path / "kernel"), "--isolated"]) == 0
    for pid in ids:
        here = comparable(tmp_path / "inprocess" / pid / "worksheet.ipynb")
        assert here == comparable(tmp_path / "kernel" / pid / "worksheet.ipynb"), pid
        outputs = [cell[3] for cell in here[2:]]
        assert outputs[0] == [{"output_type": "stream", "name": "stdout",
                               "text": f"hello {pid}.json\nsecond line\n"}]
        assert outputs[1][1] == {"output_type": "execute_result", "execution_count": 4,
                                 "data": {"text/plain": "42"}}
        assert outputs[2][0]["data"]["image/png"] == PNG  # bytes travel as base64 text
        assert outputs[3][0]["data"]["text/markdown"] == "updated"  # updated in place
        assert outputs[5] == []


TIME_LIMITS = r"""
import threading, time
from mentorkit.render import inprocess

inprocess.shell()  # made before the clock starts
results = {}
def run(name, source, timeout):
    started = time.monotonic()
    outputs = []
    count, failed, timed_out = inprocess.run_cell(source, outputs, timeout)
    quick = time.monotonic() - started < 6  # limit 1 s; the sleep and the loops take 30 s or forever
    results[name] = (failed, timed_out, quick, outputs[-1].get("ename") if outputs else None)

run("main: sleeping", "import time\ntime.sleep(30)", 1)
SWALLOW = "while True:\n    try:\n        sum(range(1000))\n    except Exception:\n        pass"
run("main: swallowed", SWALLOW, 1)
run("main: quick", "y = 2", 1)
worker = threading.Thread(target=run, args=("thread: busy", "while True:\n    sum(range(1000))", 1))
worker.start(); worker.join()
run("main: after", "print(y)", 1)
for name, result in results.items():
    print(name, *result)
"""


@pytest.mark.kernel
def test_a_cell_past_its_time_limit_is_stopped_in_any_thread() -> None:
    # a process of its own: the shell is process-wide and must not be this test process's
    proc = subprocess.run([sys.executable, "-c", TIME_LIMITS], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    assert lines == [
        "main: sleeping True True True TimeLimitReached",   # SIGALRM interrupts a sleep
        "main: swallowed True True True TimeLimitReached",  # not an Exception: passes ``except Exception``
        "main: quick False False True None",
        "thread: busy True True True TimeLimitReached",     # off the main thread: an asynchronous exception
        "main: after False False True None",                # the shell goes on, namespace intact
    ], proc.stdout
