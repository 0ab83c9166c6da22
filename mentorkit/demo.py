"""``mentorkit demo``: the main job on the bundled fictional sample cohort, offline."""

from __future__ import annotations

import sys
from pathlib import Path

from .resources import sample_mentors, sample_roster
from .roster import import_roster


def run_demo(cohort: Path) -> int:
    """Import the sample roster into ``cohort``, render every worksheet, and say where everything is."""
    from .render.cli import exit_status, print_report
    from .render.run import render_cohort

    result = import_roster(sample_roster(), cohort)
    for report in result.reports:
        print(report)
    print(f"Sample cohort: {result.summary()}")
    rendered = render_cohort(cohort, formats=("ipynb", "html", "pdf"))
    print_report(rendered, sys.stdout)
    print(f"  workbooks:   {(cohort / 'workbooks').resolve()}")
    counts = rendered.counts()
    print(f"  worksheets:  {rendered.out}  (ipynb, HTML and PDF per participant: {counts['ok']} rendered, "
          f"{counts['skipped']} already current, {counts['failed']} failed)")
    print(f"  mentor pool: {sample_mentors()}")
    return max(result.exit_code, exit_status(rendered))
