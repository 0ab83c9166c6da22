"""``mentorkit demo``: the main job on the bundled fictional sample cohort, offline.

Import the sample roster, bring the sample participants to realistic stages (a few complete, several
half-way, the rest just imported: :mod:`mentorkit.demo_stages`), render every worksheet and agreement,
write the facilitator's dashboard and the proposed mentor matches, and say where to look first.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from .resources import sample_mentors, sample_roster
from .roster import import_roster

DASHBOARD_NAME = "dashboard.html"
MATCHES_NAME = "matches.csv"


def facilitator_outputs(cohort: Path, dashboard: Path, matches: Path) -> list[int]:
    """``mentorkit dashboard`` and ``mentorkit match`` (with the sample mentors) on ``cohort``."""
    from argparse import Namespace

    from .facilitator.cli import cmd_dashboard, cmd_match

    return [
        cmd_dashboard(Namespace(cohort=cohort, out=dashboard, title="Cohort dashboard", min_group=3,
                                names=False)),
        cmd_match(Namespace(cohort=cohort, mentors=sample_mentors(), out=matches, weights=None, exclude=None,
                            overrides=None, apply=False, intro_dir=None, sender=None)),
    ]


def run_demo(cohort: Path) -> int:
    """Import the sample roster into ``cohort``, bring it to its stages, render every worksheet and
    agreement, write ``dashboard.html`` and ``matches.csv``, and say where everything is."""
    from .demo_stages import COMPLETE, HALFWAY, IMPORTED, apply_stages, read_stages
    from .render.cli import exit_status, print_report
    from .render.run import render_cohort

    result = import_roster(sample_roster(), cohort)
    for report in result.reports:
        print(report)
    print(f"Sample cohort: {result.summary()}")
    data = read_stages()
    stages = apply_stages(cohort, data)
    count = Counter(stages.values())
    print(f"Stages: {count[COMPLETE]} complete, {count[HALFWAY]} half-way, {count[IMPORTED]} just imported "
          "(example answers: mentorkit/samples/stages.toml)")

    reports = [render_cohort(cohort, formats=("ipynb", "html", "pdf"), document=document)
               for document in ("worksheet", "agreement")]
    for rendered in reports:
        print_report(rendered, sys.stdout)
    out = reports[0].out
    dashboard, matches = cohort / DASHBOARD_NAME, cohort / MATCHES_NAME
    codes = facilitator_outputs(cohort, dashboard, matches)

    first = next((pid for pid, stage in sorted(stages.items()) if stage == COMPLETE), "")
    half = next((pid for pid, stage in sorted(stages.items()) if stage == HALFWAY), "")
    print("\nWhere to look first:")
    if first:
        print(f"  1. a finished worksheet:      {out / first / 'worksheet.pdf'}")
        print(f"  2. the agreement to sign:     {out / first / 'agreement.pdf'}")
    if half:
        print(f"  3. a worksheet half-way:      {out / half / 'worksheet.pdf'}")
    print(f"  4. the cohort dashboard:      {dashboard.resolve()}")
    print(f"  5. proposed mentor matches:   {matches.resolve()}")
    counts = reports[0].counts()
    print(f"  workbooks:   {(cohort / 'workbooks').resolve()}")
    print(f"  worksheets:  {out}  (ipynb, HTML and PDF per participant: {counts['ok']} rendered, "
          f"{counts['skipped']} already current, {counts['failed']} failed)")
    print(f"  agreements:  {out}/<id>/agreement.pdf  (a form to bring to the first meeting)")
    print(f"  mentor pool: {sample_mentors()}")
    return max(result.exit_code, *(exit_status(r) for r in reports), *codes)
