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
from .conversation import check_conversation, conversation_notes
from .conversation import guide as conversation_guide
from .expectations import check_clauses, clause_sections, questions_before_sign
from .feedback_practice import ask_script, changes_by_goal, check_change, check_request, wins_reading
from .mentor_map import MapReport, analyse_map, suggest_asks
from .outreach import OutreachReport, check_message, fill_template, follow_up_date, templates
from .paths import rank_paths, suggest_paths
from .progress import (
    EXERCISES,
    SkillChange,
    SnapshotDiff,
    diff_snapshots,
    exercise_status,
    take_snapshot,
)
from .smart import SmartResult, check_goal
from .where_to_look import channels_for, check_due, network_shape, open_needs, sensible_due

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
    "ask_script",
    "analyse_map",
    "calendar_ics",
    "changes_by_goal",
    "channels_for",
    "check_agreement",
    "check_change",
    "check_clauses",
    "check_conversation",
    "check_due",
    "check_goal",
    "check_message",
    "check_request",
    "clause_sections",
    "conversation_guide",
    "conversation_notes",
    "diff_snapshots",
    "exercise_status",
    "fill_template",
    "follow_up_date",
    "meeting_dates",
    "network_shape",
    "open_needs",
    "questions_before_sign",
    "rank_paths",
    "sensible_due",
    "suggest_asks",
    "suggest_paths",
    "take_snapshot",
    "templates",
    "wins_reading",
]
