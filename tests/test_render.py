"""mentorkit render: template, pipeline, report, resume, isolation, hostile text, offline output.

Real papermill, kernels, nbconvert and WeasyPrint throughout; cohorts are kept to a few participants
and two workers so the file runs in well under a minute or two on a shared 2-core machine.
"""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pypdf
import pytest

from mentorkit.cli import main
from mentorkit.render.examples import example_workbook
from mentorkit.resources import worksheet_template
from mentorkit.store import Cohort, dump_workbook, write_atomic

HOSTILE_GOAL = "<script>alert(1)</script>"
HOSTILE_SKILL = "**bold** & <b>not bold</b>"
HOSTILE_CONTACT = "<img src=x onerror=alert(2)>"


def read_report(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "report.csv", newline="", encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def put(cohort: Cohort, workbook) -> str:
    write_atomic(cohort.path_for(workbook.id), dump_workbook(workbook), cohort.file_mode)
    return workbook.id


def hostile_workbook():
    wb = example_workbook(7)
    wb.profile.id = "hostile-hana"
    wb.profile.name = "Hana <i>Hostile</i>"
    wb.goals[0].text = HOSTILE_GOAL
    wb.skills[0].name = HOSTILE_SKILL
    wb.contacts[0].name = HOSTILE_CONTACT
    wb.outreach[0].body = "Hi! See [my site](https://evil.example/x) and <a href='https://evil.example'>this</a>."
    return wb


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(str(path))
    return "\n".join(page.extract_text() for page in reader.pages)


class _Resources(HTMLParser):
    """Collects every attribute that makes a browser fetch or navigate, and every tag name."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data", "poster", "action", "xlink:href") and value:
                self.urls.append(value)


def outside_references(page: str) -> list[str]:
    parser = _Resources()
    parser.feed(page)
    found = [u for u in parser.urls if not (u.startswith("data:") or u.startswith("#"))]
    found += re.findall(r"url\(\s*['\"]?(?!data:)[^)'\"]+", page)
    found += re.findall(r"@import[^;]+", page)
    found += [f"<{t}>" for t in parser.tags & {"script", "link", "iframe", "object", "embed"}]
    return found


# -- the template ----------------------------------------------------------------------------------
@pytest.mark.kernel
def test_template_runs_under_the_plain_papermill_cli(sample_cohort: Cohort, tmp_path: Path) -> None:
    out = tmp_path / "ana.ipynb"
    proc = subprocess.run(
        [sys.executable, "-m", "papermill", str(worksheet_template()), str(out),
         "-p", "workbook_path", str(sample_cohort.path_for("ana-lima")), "--no-progress-bar"],
        capture_output=True, text=True, timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    nb = nbformat.read(out, as_version=4)
    html_outputs = "".join(
        o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )
    assert "Ana Lima" in html_outputs
    assert "Submit first-author paper by June" in html_outputs
    # sections without answers print as a form to fill in by hand instead of failing
    assert "Draft a first message" in html_outputs and "mk-draft-box" in html_outputs
    assert not any(o.output_type == "error" for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def test_committed_template_has_no_outputs_and_a_parameters_cell() -> None:
    nb = nbformat.read(worksheet_template(), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and "workbook_path" in params[0].source


# -- a rendered cohort -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Cohort, Path, int]:
    """Three sample participants, one filled-in example and one hostile workbook, all formats."""
    from mentorkit.resources import sample_roster
    from mentorkit.roster import import_roster

    root = tmp_path_factory.mktemp("rendered") / "cohort"
    import_roster(sample_roster(), root)
    cohort = Cohort(root)
    put(cohort, example_workbook(0))
    put(cohort, hostile_workbook())
    only = ["ana-lima", "ben-okafor", "chiara-rossi", example_workbook(0).id, "hostile-hana"]
    code = main(["render", "--cohort", str(root), "--jobs", "2", "--only", *only])
    return cohort, root / "worksheets", code


@pytest.mark.kernel
def test_render_writes_every_format_and_a_report(rendered) -> None:
    cohort, out, code = rendered
    assert code == 0
    report = read_report(out)
    assert set(report) == {"ana-lima", "ben-okafor", "chiara-rossi", example_workbook(0).id, "hostile-hana"}
    for pid, row in report.items():
        assert row["status"] == "ok", row
        assert float(row["seconds"]) > 0
        for name in ("worksheet.ipynb", "worksheet.html", "worksheet.pdf"):
            assert (out / pid / name).is_file()
            assert f"{pid}/{name}" in row["outputs"]
        assert not list((out / pid).glob(".tmp-*"))
    assert not (out / "dev-patel").exists()  # --only was respected


@pytest.mark.kernel
def test_pdf_opens_and_holds_the_worksheet_text(rendered) -> None:
    _, out, _ = rendered
    reader = pypdf.PdfReader(str(out / "ana-lima" / "worksheet.pdf"))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = pdf_text(out / "ana-lima" / "worksheet.pdf")
    assert "Ana Lima" in text and "Submit first-author paper by June" in text
    full = pdf_text(out / example_workbook(0).id / "worksheet.pdf")
    assert "Mentoring agreement" in full
    assert "Who covers which need" in full  # chart text is drawn as text: the chart is in the PDF


@pytest.mark.kernel
def test_html_hides_code_embeds_charts_and_refers_to_nothing_outside(rendered) -> None:
    _, out, _ = rendered
    page = (out / example_workbook(0).id / "worksheet.html").read_text(encoding="utf-8")
    assert outside_references(page) == []
    assert "ws.goals()" not in page and "from mentorkit.render import sheet" not in page
    assert page.count('src="data:image/svg+xml;base64,') == 3  # skills gap, map heatmap, you at the centre
    assert "@page" in page and "break-inside: avoid" in page


@pytest.mark.kernel
def test_hostile_text_stays_literal_in_html_and_pdf(rendered) -> None:
    _, out, _ = rendered
    page = (out / "hostile-hana" / "worksheet.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "onerror=alert" not in page.replace("&lt;img src=x onerror=alert(2)&gt;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "**bold** &amp; &lt;b&gt;not bold&lt;/b&gt;" in page
    assert "<strong>bold</strong>" not in page and "<i>Hostile</i>" not in page
    assert outside_references(page) == []  # the link in the message is text, not a link
    text = pdf_text(out / "hostile-hana" / "worksheet.pdf")
    assert HOSTILE_GOAL in text
    assert "**bold** & <b>not bold</b>" in text
    assert "Hana <i>Hostile</i>" in text


@pytest.mark.kernel
def test_a_second_run_skips_what_is_up_to_date_and_redoes_what_changed(rendered) -> None:
    cohort, out, _ = rendered
    only = ["ana-lima", "ben-okafor", "chiara-rossi"]
    before = (out / "ben-okafor" / "worksheet.pdf").stat().st_mtime_ns
    assert main(["render", "--cohort", str(cohort.root), "--jobs", "2", "--only", *only]) == 0
    assert {r["status"] for r in read_report(out).values()} == {"skipped"}
    assert (out / "ben-okafor" / "worksheet.pdf").stat().st_mtime_ns == before

    cohort.update("ana-lima", lambda wb: setattr(wb, "values", ["Patience"]))
    assert main(["render", "--cohort", str(cohort.root), "--jobs", "2", "--only", *only]) == 0
    report = read_report(out)
    assert report["ana-lima"]["status"] == "ok"
    assert report["ben-okafor"]["status"] == report["chiara-rossi"]["status"] == "skipped"
    assert "Patience" in (out / "ana-lima" / "worksheet.html").read_text(encoding="utf-8")

    assert main(["render", "--cohort", str(cohort.root), "--jobs", "2", "--only", "ben-okafor",
                 "--format", "html", "--force"]) == 0
    assert read_report(out)["ben-okafor"]["status"] == "ok"
    assert (out / "ben-okafor" / "worksheet.html").is_file()
    assert not (out / "ben-okafor" / "worksheet.pdf").exists()  # no stale output of another run

    # the paper size is part of what a worksheet is made from: Letter re-renders, and fits Letter
    assert main(["render", "--cohort", str(cohort.root), "--jobs", "1", "--only", "chiara-rossi",
                 "--format", "pdf", "--paper", "letter"]) == 0
    assert read_report(out)["chiara-rossi"]["status"] == "ok"
    box = pypdf.PdfReader(str(out / "chiara-rossi" / "worksheet.pdf")).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "Chiara Rossi" in pdf_text(out / "chiara-rossi" / "worksheet.pdf")


# -- failures --------------------------------------------------------------------------------------
@pytest.mark.kernel
def test_a_broken_workbook_fails_alone_with_a_clear_report(
    cohort: Cohort, capsys: pytest.CaptureFixture[str]
) -> None:
    good = [put(cohort, example_workbook(i)) for i in range(3)]
    broken = cohort.path_for("broken-bo")
    data = json.loads(dump_workbook(example_workbook(3)))
    data["profile"]["id"] = "broken-bo"
    data["skills"][0]["current"] = 9  # ratings are 1-5
    broken.write_text(json.dumps(data), encoding="utf-8")

    code = main(["render", "--cohort", str(cohort.root), "--jobs", "2", "--format", "ipynb,html"])
    assert code == 1
    err = capsys.readouterr().err  # not a terminal: one plain line per participant, then a summary
    assert re.search(r"^\[\d/4\] broken-bo failed \d+\.\d+ s: cell \d+", err, re.M), err
    assert "4 worksheet(s) in" in err and "3 ok, 1 failed, 0 skipped" in err
    out = cohort.root / "worksheets"
    report = read_report(out)
    assert [report[pid]["status"] for pid in good] == ["ok"] * 3
    row = report["broken-bo"]
    assert row["status"] == "failed"
    expected = r"cell \d+ \(In \[\d+\]\): WorkbookError: .*broken-bo\.json: skills\.0\.current"
    assert re.search(expected, row["error"]), row["error"]
    assert row["outputs"] == "broken-bo/worksheet.ipynb"
    nb = nbformat.read(out / "broken-bo" / "worksheet.ipynb", as_version=4)
    assert "papermill-error-cell-tag" in nb.cells[0].metadata.get("tags", [])
    assert not (out / "broken-bo" / "worksheet.html").exists()
    for pid in good:
        assert (out / pid / "worksheet.html").is_file()

    # fixed workbook + --retry-failed: only the failed one runs again
    broken.write_text(dump_workbook(example_workbook(3).model_copy(
        update={"profile": example_workbook(3).profile.model_copy(update={"id": "broken-bo"})})),
        encoding="utf-8")
    assert main(["render", "--cohort", str(cohort.root), "--jobs", "1", "--format", "ipynb,html",
                 "--retry-failed"]) == 0
    report = read_report(out)
    assert report["broken-bo"]["status"] == "ok"
    assert [report[pid]["status"] for pid in good] == ["skipped"] * 3


@pytest.mark.kernel
def test_a_crashed_worker_or_a_stuck_cell_cost_only_their_participant(
    cohort: Cohort, tmp_path: Path
) -> None:
    # the template's cells run in the worker's own Python (mentorkit.render.inprocess): a cell that
    # ends its process ends the worker, which the pool replaces
    ids = [put(cohort, example_workbook(i)) for i in range(5)]
    crash, stuck, killer = ids[1], ids[2], ids[3]
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell('workbook_path = ""', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import os, signal, time\n"
            f"if {crash!r} in workbook_path:\n    os._exit(3)\n"
            f"if {stuck!r} in workbook_path:\n    time.sleep(60)\n"
            f"if {killer!r} in workbook_path:\n    os.kill(os.getpid(), signal.SIGKILL)\n"
            "print('fine', os.path.basename(workbook_path))"
        ),
    ]
    template = tmp_path / "fragile.ipynb"
    nbformat.write(nb, template)
    started = time.monotonic()
    code = main(["render", "--cohort", str(cohort.root), "--jobs", "1", "--format", "ipynb",
                 "--timeout", "3", "--template", str(template)])
    assert code == 1
    assert time.monotonic() - started < 55  # the sleeping cell was interrupted, not waited for
    report = read_report(cohort.root / "worksheets")
    assert report[stuck]["status"] == "failed" and "CellTimeout" in report[stuck]["error"], report
    assert "longer than 3 s" in report[stuck]["error"]
    for dead in (crash, killer):  # tried once more in a new worker, then given up
        assert report[dead]["status"] == "failed", report
        assert "worker process died" in report[dead]["error"] and "twice" in report[dead]["error"], report
    for pid in (ids[0], ids[4]):  # new workers went on with the rest
        assert report[pid]["status"] == "ok", report
        out = nbformat.read(cohort.root / "worksheets" / pid / "worksheet.ipynb", as_version=4)
        printed = "".join(o.get("text", "") for o in out.cells[2].outputs)
        assert printed.strip() == f"fine {pid}.json"


@pytest.mark.kernel
def test_a_crashed_kernel_or_a_stuck_cell_in_isolated_mode_cost_only_their_participant(
    cohort: Cohort, tmp_path: Path
) -> None:
    # --isolated: each participant on a kernel of its own, which can die without taking the worker
    ids = [put(cohort, example_workbook(i)) for i in range(3)]
    crash = ids[1]
    template = tiny_template(tmp_path / "fragile.ipynb",
                             f"import os\nif {crash!r} in workbook_path:\n    os._exit(3)\n"
                             "print('fine', os.path.basename(workbook_path))")
    code = main(["render", "--cohort", str(cohort.root), "--jobs", "1", "--format", "ipynb",
                 "--timeout", "20", "--isolated", "--template", str(template)])
    assert code == 1
    report = read_report(cohort.root / "worksheets")
    assert report[crash]["status"] == "failed" and "DeadKernelError" in report[crash]["error"], report
    assert [report[pid]["status"] for pid in (ids[0], ids[2])] == ["ok", "ok"], report


@pytest.mark.kernel
def test_a_planted_symlink_does_not_lead_writes_outside_out(cohort: Cohort, tmp_path: Path) -> None:
    ids = [put(cohort, example_workbook(i)) for i in range(2)]
    out = cohort.root / "worksheets"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / ids[0]).symlink_to(elsewhere, target_is_directory=True)
    assert main(["render", "--cohort", str(cohort.root), "--jobs", "1", "--format", "ipynb"]) == 1
    report = read_report(out)
    assert report[ids[0]]["status"] == "failed" and "refusing to write there" in report[ids[0]]["error"]
    assert report[ids[1]]["status"] == "ok"
    assert list(elsewhere.iterdir()) == []


@pytest.mark.kernel
def test_workers_and_kernels_are_replaced_every_recycle_after_participants(
    cohort: Cohort, tmp_path: Path
) -> None:
    ids = [put(cohort, example_workbook(i)) for i in range(5)]
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell('workbook_path = ""', metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("import os\nprint(os.getpid())")]
    template = tmp_path / "pid.ipynb"
    nbformat.write(nb, template)
    assert main(["render", "--cohort", str(cohort.root), "--jobs", "1", "--format", "ipynb",
                 "--recycle-after", "2", "--template", str(template)]) == 0
    pids = set()
    for pid in ids:
        out = nbformat.read(cohort.root / "worksheets" / pid / "worksheet.ipynb", as_version=4)
        pids.add("".join(o.get("text", "") for o in out.cells[2].outputs).strip())
    assert len(pids) == 3  # 2 + 2 + 1 participants, each group in a new worker with a new kernel


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cohort", "{missing}"], "no such cohort folder"),
        (["--cohort", "{cohort}", "--only", "nobody-here"], "no workbook for nobody-here"),
        (["--cohort", "{cohort}", "--template", "{bad_template}"], "no cell is tagged 'parameters'"),
        (["--cohort", "{cohort}", "--template", "{no_kernel}"], "kernel 'cobol-42' is not installed"),
        (["--cohort", "{cohort}", "--format", "pdf,docx"], ""),
    ],
)
def test_unusable_input_exits_2_with_a_message(
    cohort: Cohort, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    put(cohort, example_workbook(0))
    bad = tmp_path / "bad.ipynb"
    bad.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}))
    no_kernel = tmp_path / "no_kernel.ipynb"
    params = nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})
    nb = nbformat.v4.new_notebook(cells=[params])
    nb.metadata["kernelspec"] = {"name": "cobol-42", "display_name": "COBOL", "language": "cobol"}
    nbformat.write(nb, no_kernel)
    filled = [a.format(missing=tmp_path / "nope", cohort=cohort.root, bad_template=bad, no_kernel=no_kernel)
              for a in args]
    if message:
        assert main(["render", *filled]) == 2
        assert message in capsys.readouterr().err
    else:  # a usage error: argparse exits 2 and names the option
        with pytest.raises(SystemExit) as exc:
            main(["render", *filled])
        assert exc.value.code == 2
        assert "--format" in capsys.readouterr().err
    assert not (cohort.root / "worksheets" / "report.csv").exists()


# -- resume after a kill ---------------------------------------------------------------------------
@pytest.mark.kernel
def test_killed_half_way_a_rerun_finishes_and_nothing_is_half_written(cohort: Cohort) -> None:
    ids = [put(cohort, example_workbook(i)) for i in range(5)]
    out = cohort.root / "worksheets"
    cmd = [sys.executable, "-m", "mentorkit.cli", "render", "--cohort", str(cohort.root), "--jobs", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and len(list(out.glob("*/.render.json"))) < 2:
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # everything at once, mid-write if it happens to be
        proc.wait()
    finished_before = {p.parent.name for p in out.glob("*/.render.json")}
    assert 2 <= len(finished_before) < len(ids)

    for folder in out.iterdir():
        if not folder.is_dir():
            continue
        if (folder / "worksheet.ipynb").exists():
            nbformat.read(folder / "worksheet.ipynb", as_version=4)
        if (folder / "worksheet.html").exists():
            assert (folder / "worksheet.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
        if (folder / "worksheet.pdf").exists():
            assert len(pypdf.PdfReader(str(folder / "worksheet.pdf")).pages) >= 1

    assert main(["render", "--cohort", str(cohort.root), "--jobs", "2"]) == 0
    report = read_report(out)
    assert {pid for pid, row in report.items() if row["status"] == "skipped"} == finished_before
    assert {pid for pid, row in report.items() if row["status"] == "ok"} == set(ids) - finished_before
    assert not list(out.glob("*/.tmp-*"))


# -- isolation ---------------------------------------------------------------------------------------
LEAKY_TEMPLATE_CELLS = [
    ('workbook_path = ""', ["parameters"]),
    (
        "import builtins, os, sys, json\n"
        "import altair as alt\n"
        "import pandas as pd\n"
        "import mentorkit\n"
        "from mentorkit.store import read_workbook\n"
        "me = read_workbook(workbook_path).profile.name\n"
        "seen = {\n"
        "    'namespace': globals().get('LEFT_BEHIND'),\n"
        "    'builtins': getattr(builtins, 'left_behind', None),\n"
        "    'environ': os.environ.get('MK_LEFT_BEHIND'),\n"
        "    'module': getattr(mentorkit, 'left_behind', None),\n"
        "    'theme': alt.theme.active,\n"
        "    'helper': sys.modules.get('mk_leaky_helper') is not None,\n"
        "    'cwd': os.getcwd(),\n"
        "    'pandas': [pd.get_option('display.max_rows'), pd.get_option('display.precision'),\n"
        "               str(pd.DataFrame({'x': [1.23456]}))],\n"
        "}\n"
        "print(json.dumps(seen, sort_keys=True))",
        [],
    ),
    (
        "import pathlib, tempfile\n"
        "LEFT_BEHIND = me\n"
        "builtins.left_behind = me\n"
        "os.environ['MK_LEFT_BEHIND'] = me\n"
        "mentorkit.left_behind = me\n"
        "alt.theme.enable('dark')\n"
        "pd.set_option('display.max_rows', 3)\n"
        "pd.set_option('display.precision', 1)\n"
        "helper_dir = tempfile.mkdtemp()\n"
        "pathlib.Path(helper_dir, 'mk_leaky_helper.py').write_text('X = 1')\n"
        "sys.path.insert(0, helper_dir)\n"
        "import mk_leaky_helper\n"
        "os.chdir(helper_dir)",
        [],
    ),
]


def leaky_template(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for source, tags in LEAKY_TEMPLATE_CELLS:
        nb.cells.append(nbformat.v4.new_code_cell(source, metadata={"tags": tags}))
    nbformat.write(nb, path)
    return path


@pytest.mark.kernel
def test_nothing_from_one_participant_reaches_the_next(cohort: Cohort, tmp_path: Path) -> None:
    ids = [put(cohort, example_workbook(i)) for i in range(4)]
    template = leaky_template(tmp_path / "leaky.ipynb")
    # one worker: every participant runs in the same warm worker, one after another
    assert main(["render", "--cohort", str(cohort.root), "--jobs", "1", "--format", "ipynb",
                 "--template", str(template)]) == 0
    seen = []
    for pid in ids:
        nb = nbformat.read(cohort.root / "worksheets" / pid / "worksheet.ipynb", as_version=4)
        seen.append(json.loads("".join(o.get("text", "") for o in nb.cells[2].outputs)))
        assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3, 4]
    assert seen[0]["theme"] == "default"
    assert seen[0]["pandas"][:2] == [60, 6] and "1.23456" in seen[0]["pandas"][2]  # pandas' defaults
    assert all(s == seen[0] for s in seen), json.dumps(seen, indent=1)
    assert seen[0]["namespace"] is None and seen[0]["builtins"] is None and seen[0]["environ"] is None
    assert seen[0]["module"] is None and seen[0]["helper"] is False


def _comparable(nb: nbformat.NotebookNode) -> list:
    """Cells with outputs, without timings and papermill's run metadata."""
    cells = []
    for cell in nb.cells:
        outputs = [{k: v for k, v in o.items() if k != "metadata"} for o in cell.get("outputs", [])]
        cells.append((cell.cell_type, cell.source, cell.get("execution_count"), outputs))
    return cells


@pytest.mark.kernel
def test_pooled_output_equals_fresh_kernel_output(cohort: Cohort, tmp_path: Path) -> None:
    ids = [put(cohort, example_workbook(i)) for i in range(2)]
    put(cohort, hostile_workbook())
    ids.append("hostile-hana")
    pooled, fresh = tmp_path / "pooled", tmp_path / "fresh"
    args = ["render", "--cohort", str(cohort.root), "--jobs", "2", "--format", "ipynb,html"]
    assert main([*args, "--out", str(pooled)]) == 0
    assert main([*args, "--out", str(fresh), "--isolated"]) == 0
    for pid in ids:
        a = nbformat.read(pooled / pid / "worksheet.ipynb", as_version=4)
        b = nbformat.read(fresh / pid / "worksheet.ipynb", as_version=4)
        assert _comparable(a) == _comparable(b), pid
        html_a = (pooled / pid / "worksheet.html").read_text(encoding="utf-8")
        html_b = (fresh / pid / "worksheet.html").read_text(encoding="utf-8")
        assert html_a == html_b, pid


# -- packaging ----------------------------------------------------------------------------------------
@pytest.mark.slow
def test_wheel_bundles_the_template_and_finds_it(tmp_path: Path) -> None:
    import venv
    import zipfile

    project = Path(__file__).resolve().parent.parent
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(project), "-w", str(wheels), "--no-deps", "-q"],
                   check=True, capture_output=True, timeout=300)
    wheel = next(wheels.glob("mentorkit-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "mentorkit/_bundled/worksheet.ipynb" in names and "mentorkit/_bundled/agreement.ipynb" in names
        assert "mentorkit/render/templates/mentorkit_print/index.html.j2" in names
        entry_points = zf.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
        assert "mentorkit-warm = mentorkit.render.engine:WarmKernelEngine" in entry_points
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "-q", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    find = "from mentorkit.resources import worksheet_template; print(worksheet_template())"
    proc = subprocess.run(
        [str(python), "-c", find],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("mentorkit/_bundled/worksheet.ipynb")


# -- the library API, the time limit on exports, the output lock, the engine -------------------------------
def tiny_template(path: Path, code: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell('workbook_path = ""', metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(code)]
    nbformat.write(nb, path)
    return path


TABLE_CELL = (
    "from IPython.display import HTML, display\n"
    "if 'fail' in workbook_path:\n"
    "    raise ValueError('no goals here')\n"
    "rows = 12000 if 'slow' in workbook_path else 3\n"
    "cells = ''.join(f'<tr><td>row {i}</td><td>{\"some words \" * 12}</td></tr>' for i in range(rows))\n"
    "display(HTML(f'<table>{cells}</table>'))\n"
)


@pytest.mark.kernel
def test_render_cohort_returns_a_typed_report_and_bounds_the_pdf_time(cohort: Cohort, tmp_path: Path) -> None:
    from mentorkit.render import render_cohort

    for pid in ("ok-ana", "fail-bo", "slow-cy"):
        cohort.path_for(pid).write_text("{}", encoding="utf-8")  # the template does not read them
    seen: list[str] = []
    started = time.perf_counter()
    template = tiny_template(tmp_path / "t.ipynb", TABLE_CELL)
    # 5 s: far more than the small page needs even on a loaded machine, far less than the long one's PDF
    report = render_cohort(cohort.root, jobs=1, timeout=5, template=template,
                           on_result=lambda r: seen.append(r.participant_id))
    assert time.perf_counter() - started < 90
    assert sorted(seen) == ["fail-bo", "ok-ana", "slow-cy"] and not report.interrupted
    assert report.counts() == {"ok": 1, "failed": 2, "skipped": 0} and report.workers == 1, report.results
    ok = report.result("ok-ana")
    assert ok.outputs == [f"ok-ana/{n}" for n in ("worksheet.ipynb", "worksheet.html", "worksheet.pdf")]
    failed = report.result("fail-bo")
    # cell 2 of the executed notebook: papermill inserts the injected-parameters cell as cell 1
    assert (failed.cell_index, failed.exception_name, failed.message) == (2, "ValueError", "no goals here")
    assert failed.outputs == ["fail-bo/worksheet.ipynb"]  # the notebook shows where it failed
    slow = report.result("slow-cy")  # its PDF would take far longer: it fails alone, quickly
    assert slow.exception_name == "ExportTimeout"
    assert slow.message == "making the HTML and PDF took longer than 5 s (--timeout)"
    assert slow.outputs == ["slow-cy/worksheet.ipynb"] and slow.seconds is not None and slow.seconds < 30
    assert report.report_path == report.out / "report.csv"
    assert read_report(report.out)["slow-cy"]["error"] == f"ExportTimeout: {slow.message}"


@pytest.mark.kernel
def test_a_second_render_on_the_same_out_refuses_and_leaves_the_first_alone(
    cohort: Cohort, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = [put(cohort, example_workbook(i)) for i in range(2)]
    template = tiny_template(tmp_path / "sleepy.ipynb", "import time, os\ntime.sleep(2)\n"
                             "print(os.path.basename(workbook_path))")
    out = tmp_path / "out"
    args = ["render", "--cohort", str(cohort.root), "--out", str(out), "--jobs", "1", "--format", "ipynb",
            "--template", str(template)]
    first = subprocess.Popen([sys.executable, "-m", "mentorkit.cli", *args], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and f'"pid": {first.pid}' not in _read(out / ".render.lock"):
            time.sleep(0.05)
        assert main(args) == 75
        err = capsys.readouterr().err
        assert f"mentorkit render: another render is writing {out.resolve()} since " in err
        assert f"(pid {first.pid})" in err
        _, first_err = first.communicate(timeout=180)
    finally:
        first.kill()
    assert first.returncode == 0, first_err[-2000:]
    assert {row["status"] for row in read_report(out).values()} == {"ok"}
    for pid in ids:
        nb = nbformat.read(out / pid / "worksheet.ipynb", as_version=4)
        assert "".join(o.get("text", "") for o in nb.cells[2].outputs).strip() == f"{pid}.json"
    assert not list(out.glob("*/.tmp-*"))
    assert main(args) == 0  # once the first has finished, the folder is free again
    assert {row["status"] for row in read_report(out).values()} == {"skipped"}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


ENGINE_SCRIPT = """
import sys, nbformat, papermill
nb = nbformat.v4.new_notebook()
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nb.cells = [nbformat.v4.new_code_cell("import os\\nprint(os.environ.get('MK_KERNEL_MARK'))")]
nbformat.write(nb, sys.argv[1])
for name in ("mk-marked", "python3", "mk-marked"):
    done = papermill.execute_notebook(sys.argv[1], sys.argv[2], engine_name="mentorkit-warm",
                                      kernel_name=name, progress_bar=False)
    print(name, done.cells[0].outputs[0]["text"].strip())
"""


@pytest.mark.kernel
def test_the_warm_engine_runs_the_kernel_papermill_names(tmp_path: Path) -> None:
    spec = tmp_path / "jupyter" / "kernels" / "mk-marked"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (marked)", "language": "python", "env": {"MK_KERNEL_MARK": "marked"},
    }))
    env = {**os.environ, "JUPYTER_PATH": str(tmp_path / "jupyter")}
    proc = subprocess.run([sys.executable, "-c", ENGINE_SCRIPT, str(tmp_path / "in.ipynb"),
                           str(tmp_path / "out.ipynb")], capture_output=True, text=True, timeout=240, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split("\n")[:3] == ["mk-marked marked", "python3 None", "mk-marked marked"]


@pytest.mark.kernel
def test_render_participant_is_a_task_any_executor_can_run(cohort: Cohort, tmp_path: Path) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from mentorkit.render import Settings, render_participant
    from mentorkit.render.plan import check_template, make_plan

    ids = [put(cohort, example_workbook(i)) for i in range(2)]
    checked = check_template(tiny_template(tmp_path / "t.ipynb", "import os\nprint(os.getpid())"))
    out = tmp_path / "out"
    out.mkdir()
    plan = make_plan(cohort, out, checked, ("ipynb",), "a4")
    settings = Settings(template=checked.path, out=out, formats=("ipynb",))
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as executor:
        results = list(executor.map(render_participant, plan.tasks, [settings] * len(plan.tasks)))
    assert [(r.participant_id, r.status) for r in results] == [(pid, "ok") for pid in sorted(ids)]
    kernels = set()
    for pid in ids:
        nb = nbformat.read(out / pid / "worksheet.ipynb", as_version=4)
        kernels.add("".join(o.get("text", "") for o in nb.cells[2].outputs).strip())
        assert json.loads((out / pid / ".render.json").read_text())["status"] == "ok"
    assert len(kernels) == 1  # one warm worker process served both
