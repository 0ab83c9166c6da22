"""altair charts for the cohort dashboard and the matching notebook.

Data go in as inline values (no pandas needed), so the same chart renders live in JupyterLab or
Voilà and as a static SVG (:func:`mentorkit.present.chart_svg`) in the HTML page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt

from .aggregate import AGREEMENT_STATES, OTHER, OUTREACH_STAGES, RATINGS, STATUSES, CohortSummary

STATUS_COLOURS = {"not_started": "#d9d9d9", "started": "#f2b447", "done": "#3a8f5c", OTHER: "#9aa5b1"}
WIDTH = 420


@dataclass
class Panel:
    """One dashboard section: a heading, a one-line explanation and a chart."""

    key: str
    title: str
    note: str
    chart: alt.TopLevelMixin
    #: Said in words instead of drawing the chart when it has no data ("" when it has some).
    empty: str = ""


def has_people(records: list[dict[str, Any]]) -> bool:
    """Whether any record counts at least one person (hidden small cells count)."""
    return any(r.get("people") or r.get("hidden") for r in records)


def _empty(records: list[dict[str, Any]], words: str) -> str:
    return "" if has_people(records) else words


def _data(records: list[dict[str, Any]]) -> alt.Data:
    return alt.Data(values=records)


def _bar(records: list[dict[str, Any]], category: str, title: str, order: list[str] | None = None,
         colour: str = "#4c78a8") -> alt.TopLevelMixin:
    sort = order if order is not None else "-x"
    base = alt.Chart(_data(records), width=WIDTH).encode(
        y=alt.Y(f"{category}:N", sort=sort, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("people:Q", title="people", axis=alt.Axis(tickMinStep=1)),
    )
    bars = base.mark_bar(color=colour).encode(
        tooltip=[alt.Tooltip(f"{category}:N", title=title), alt.Tooltip("people:Q")]
    )
    return alt.layer(bars, base.mark_text(align="left", dx=3).encode(text="people:Q"))


def progress_chart(summary: CohortSummary) -> alt.Chart:
    """People per status for each exercise: a stacked bar per exercise."""
    statuses = [*STATUSES, OTHER]
    records = [{**r, "order": statuses.index(r["status"])} for r in summary.progress]
    chart: alt.Chart = (
        alt.Chart(_data(records), width=WIDTH)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=None),
            x=alt.X("sum(people):Q", title="people", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("status:N", title="status",
                            scale=alt.Scale(domain=statuses, range=[STATUS_COLOURS[s] for s in statuses])),
            order=alt.Order("order:Q"),
            tooltip=["label:N", "status:N", "people:Q"],
        )
    )
    return chart


def skills_heatmap(summary: CohortSummary) -> alt.TopLevelMixin:
    """Skills (most people with a gap first) by self-rating 1-5; colour = people."""
    records = [{**r, "row": f"{r['skill']} ({r['gap_people']} want to grow)"} for r in summary.skills]
    base = alt.Chart(_data(records), width=WIDTH).encode(
        x=alt.X("rating:O", title="self-rating (1 = beginner, 5 = expert)", sort=list(RATINGS),
                scale=alt.Scale(domain=list(RATINGS)),
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("row:N", title=None, sort=alt.EncodingSortField("rank", order="ascending"),
                axis=alt.Axis(labelLimit=300)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("people:Q", title="people", scale=alt.Scale(scheme="oranges")),
        tooltip=["skill:N", "rating:N", alt.Tooltip("shown:N", title="people"),
                 alt.Tooltip("gap_people:N", title="people with a gap")],
    )
    labels = base.mark_text(baseline="middle").encode(text="shown:N")
    return alt.layer(cells, labels)


def rating_heatmap(records: list[dict[str, Any]], row: str, title: str) -> alt.TopLevelMixin:
    """Rows by rating 1-5 (always these five columns); colour = people, small cells read '<N'."""
    base = alt.Chart(_data(records), width=WIDTH).encode(
        x=alt.X("rating:O", title=title, sort=list(RATINGS), scale=alt.Scale(domain=list(RATINGS)),
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{row}:N", title=None, sort=None, axis=alt.Axis(labelLimit=300)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("people:Q", title="people", scale=alt.Scale(scheme="blues")),
        tooltip=[f"{row}:N", "rating:N", alt.Tooltip("shown:N", title="people")],
    )
    return alt.layer(cells, base.mark_text(baseline="middle").encode(text="shown:N"))


def panels(summary: CohortSummary) -> list[Panel]:
    """The dashboard's sections, in reading order."""
    folded = (f" Groups of fewer than {summary.min_group} people are shown as '{OTHER}'."
              if summary.anonymised else " Names are switched on: exact counts.")
    none = "No data yet: "
    return [
        Panel("progress", "Progress through the exercises",
              "How many people have not started, started or finished each exercise." + folded,
              progress_chart(summary), _empty(summary.progress, none + "no participants in this cohort.")),
        Panel("skills", "Skill gaps in the room",
              "Self-ratings per skill; skills where most people want to grow are at the top.",
              skills_heatmap(summary), _empty(summary.skills, none + "nobody has rated a skill.")),
        Panel("needs", "Needs still open",
              "People who named a need in their mentor map and have nobody for it yet.",
              _bar(summary.open_needs, "need", "need", colour="#e45756"),
              _empty(summary.open_needs, "No open needs: nobody has named a need that is still uncovered.")),
        Panel("goal_kinds", "Kinds of goals", "People with at least one goal of each kind.",
              _bar(summary.goal_kinds, "kind", "goal kind", colour="#72b7b2"),
              _empty(summary.goal_kinds, none + "nobody has written a goal.")),
        Panel("benefits", "What people want from a mentor",
              "People who tied at least one goal to each of the five benefits.",
              _bar(summary.benefits, "benefit", "benefit", colour="#54a24b"),
              _empty(summary.benefits, none + "nobody has tied a goal to a benefit.")),
        Panel("outreach", "Outreach", "How far each person's outreach has got: their furthest contact, as "
              "they marked it in exercise 3 (sent, replied, meeting set, met).",
              _bar(summary.outreach, "stage", "stage", order=[*OUTREACH_STAGES, OTHER], colour="#b279a2"),
              _empty(summary.outreach, none + "no participants in this cohort.")),
        Panel("agreement", "Mentoring agreements", "Where each person's agreement stands.",
              _bar(summary.agreement, "state", "state", order=[*AGREEMENT_STATES, OTHER], colour="#9d755d"),
              _empty(summary.agreement, none + "no participants in this cohort.")),
        Panel("evaluation", "Evaluation",
              f"Answers to the evaluation form ({summary.evaluation_responses} responses): confidence "
              "before and after the workshop, and how useful each exercise was (1-5).",
              rating_heatmap(summary.evaluation, "question", "rating (1 = low, 5 = high)"),
              _empty(summary.evaluation, "No evaluation results imported yet "
                     "(mentorkit kit --moment after --evaluation FILE).")),
    ]


def match_score_chart(rows: list[dict[str, Any]]) -> alt.Chart:
    """Stacked points per factor for each matched pair (records: pair, factor, points)."""
    chart: alt.Chart = (
        alt.Chart(_data(rows), width=WIDTH)
        .mark_bar()
        .encode(
            y=alt.Y("pair:N", title=None, sort=alt.EncodingSortField("total", order="descending"),
                    axis=alt.Axis(labelLimit=320)),
            x=alt.X("sum(points):Q", title="score"),
            color=alt.Color("factor:N", title="factor",
                            scale=alt.Scale(domain=["needs", "skills", "field", "stage"])),
            tooltip=["pair:N", "factor:N", "points:Q", "total:Q"],
        )
    )
    return chart
