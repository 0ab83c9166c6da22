"""The pure domain core: checks and computations over a workbook.

No Jupyter, widgets, pandas, altair or file I/O here; only the workbook model and content data, which
callers pass in as a :class:`mentorkit.content.Content` (``content=``; the bundled content when omitted).
"""

from __future__ import annotations

from .agreement import (
    AgreementReport,
    agreement_text,
    calendar_ics,
    check_agreement,
    meeting_dates,
)
from .agreement import (
    options as agreement_options,
)
from .checks import Check, CheckResult
from .mentor_map import MapReport, analyse_map, suggest_asks
from .outreach import OutreachReport, check_message, fill_template, follow_up_date, templates
from .progress import (
    EXERCISES,
    SkillChange,
    SnapshotDiff,
    diff_snapshots,
    exercise_status,
    take_snapshot,
)
from .smart import SmartResult, check_goal

__all__ = [
    "EXERCISES",
    "AgreementReport",
    "Check",
    "CheckResult",
    "MapReport",
    "OutreachReport",
    "SkillChange",
    "SmartResult",
    "SnapshotDiff",
    "agreement_options",
    "agreement_text",
    "analyse_map",
    "calendar_ics",
    "check_agreement",
    "check_goal",
    "check_message",
    "diff_snapshots",
    "exercise_status",
    "fill_template",
    "follow_up_date",
    "meeting_dates",
    "suggest_asks",
    "take_snapshot",
    "templates",
]
