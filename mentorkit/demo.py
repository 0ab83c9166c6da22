"""``mentorkit demo``: the main job on the bundled fictional sample cohort, offline."""

from __future__ import annotations

from pathlib import Path

from .resources import sample_mentors, sample_roster
from .roster import import_roster


def run_demo(cohort: Path) -> int:
    """Import the sample roster into ``cohort``, render every worksheet, and say where everything is."""
    from .render.cli import render_cohort

    result = import_roster(sample_roster(), cohort)
    for report in result.reports:
        print(report)
    print(f"Sample cohort: {result.summary()}")
    rendered = render_cohort(cohort, formats=("ipynb", "html", "pdf"))
    print(f"  workbooks:   {(cohort / 'workbooks').resolve()}")
    print(f"  worksheets:  {(cohort / 'worksheets').resolve()}  (ipynb, HTML and PDF per participant)")
    print(f"  mentor pool: {sample_mentors()}")
    return max(result.exit_code, rendered)
