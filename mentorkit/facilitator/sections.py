"""The dashboard's sections, built once from a cohort summary and shown by both the live widget
(:mod:`.widgets`) and the static page (:mod:`.dashboard_html`): the same headings, notes, charts,
lists and tables in both. All markup comes from :mod:`mentorkit.present` (escaped there).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..present import Block, bullet_list, chart, paragraph, records_table
from .aggregate import CohortSummary


@dataclass
class Section:
    """One dashboard section: an id, a heading and its blocks (notes, a chart, lists, tables)."""

    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)


def privacy_note(summary: CohortSummary) -> str:
    """What the viewer is looking at: anonymised (and how) or with names."""
    if summary.anonymised:
        return (f"Anonymised: no names; groups of fewer than {summary.min_group} people are folded "
                "into 'other'.")
    return "Names are switched on: this page identifies people. Keep it to yourself."


def dashboard_sections(summary: CohortSummary) -> list[Section]:
    """Every section of the dashboard, in reading order; the follow-up list only with names on."""
    from .charts import panels

    sections = []
    big_enough = summary.participants >= summary.min_group or not summary.anonymised
    for panel in panels(summary):
        shown = paragraph(panel.empty, "mk-empty") if panel.empty else chart(panel.chart)
        blocks = [paragraph(panel.note), shown]
        if panel.key == "goal_kinds" and big_enough:
            blocks.append(paragraph(
                f"Goals with all five SMART parts (as the checker reads them, advice only): "
                f"{summary.smart_goals} of {summary.goals_written} written."))
        if panel.key == "needs":
            blocks.append(Block("<p><strong>Need categories nobody in the room has covered yet</strong></p>",
                                "Need categories nobody in the room has covered yet:"))
            blocks.append(bullet_list(summary.uncovered_needs)
                          or paragraph("Every need category is covered by someone in the room."))
        if panel.key == "evaluation" and summary.comments is not None:
            blocks.append(paragraph("Comments (named view, for the facilitator only):", "warn"))
            blocks.append(bullet_list(summary.comments) or paragraph("No comments."))
        sections.append(Section(panel.key, panel.title, blocks))
    if summary.follow_up is not None:
        sections.append(Section("follow-up", "Follow-up list", [
            paragraph("Named on purpose, for the facilitator only.", "warn"),
            records_table(summary.follow_up, inline=True, empty="No participants yet."),
        ]))
    return sections
