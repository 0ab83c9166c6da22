"""Charts: each returns a valid Vega-Lite spec that renders to SVG, also on an empty workbook."""

from __future__ import annotations

from datetime import date

import altair as alt
import pytest

from mentorkit import charts
from mentorkit.content import need_categories
from mentorkit.core import take_snapshot
from mentorkit.model import Contact, Goal, GoalKind, Profile, Skill, Snapshot, Workbook
from mentorkit.present import chart_svg

TODAY = date(2025, 3, 1)


def full() -> Workbook:
    return Workbook(
        profile=Profile(id="ana-lima", name="Ana Lima"),
        skills=[
            Skill(name="Academic writing", current=3, target=5),
            Skill(name="Public speaking", current=2),
        ],
        goals=[
            Goal(text="Submit first-author paper", kind=GoalKind.project, target_date=date(2025, 6, 30)),
            Goal(text="Land a postdoc in marine ecology", kind=GoalKind.career, target_date=date(2026, 1, 1)),
            Goal(text="No date yet", kind=GoalKind.skill),
        ],
        contacts=[
            Contact(name="Dr. Maren Holt", needs=["Sponsorship", "Substantive feedback", "Role models"]),
            Contact(name="Lee Park", needs=["Emotional support"]),
            Contact(name="", needs=["accountability"]),
        ],
    )


def empty() -> Workbook:
    return Workbook(profile=Profile(id="x", name="X"))


def charts_for(wb: Workbook) -> dict[str, alt.TopLevelMixin]:
    cats = need_categories()
    before = take_snapshot(wb, cats)
    wb2 = wb.model_copy(deep=True)
    for s in wb2.skills:
        s.current = min(5, (s.current or 1) + 1)
    after = take_snapshot(wb2, cats)
    return {
        "skills": charts.skills_gap_chart(wb),
        "timeline": charts.goals_timeline_chart(wb, today=TODAY),
        "heatmap": charts.map_heatmap(wb, cats),
        "centre": charts.map_centre_chart(wb, cats),
        "snapshot": charts.snapshot_chart(before, after),
    }


def is_nothing_yet(spec: dict) -> bool:
    return spec.get("mark", {}).get("type") == "text" and "data" in spec and "layer" not in spec


@pytest.mark.parametrize("name", ["skills", "timeline", "heatmap", "centre", "snapshot"])
@pytest.mark.parametrize("which", ["full", "empty"])
def test_chart_validates_and_renders(name, which):
    wb = full() if which == "full" else empty()
    chart = charts_for(wb)[name]
    spec = chart.to_dict(validate=True)
    svg = chart_svg(chart)
    assert svg.lstrip().startswith("<svg")
    if which == "empty" and name != "centre":
        assert is_nothing_yet(spec)
        assert "yet" in spec["datasets"][next(iter(spec["datasets"]))][0]["text"]
    if which == "full":
        assert not is_nothing_yet(spec)


def test_snapshot_chart_without_snapshots():
    spec = charts.snapshot_chart(None, Snapshot()).to_dict()
    assert is_nothing_yet(spec)


def test_timeline_leaves_out_undated_goals():
    spec = charts.goals_timeline_chart(full(), today=TODAY).to_dict()
    rows = [row for rows in spec["datasets"].values() for row in rows if "goal" in row]
    assert {r["goal"] for r in rows} == {"Submit first-author paper", "Land a postdoc in marine ecology"}


def test_heatmap_has_one_cell_per_contact_and_need():
    spec = charts.map_heatmap(full(), need_categories()).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) == 3 * len(need_categories())
    assert sum(r["covers"] == "yes" for r in rows) == 5
    assert {r["contact"] for r in rows} == {"Dr. Maren Holt", "Lee Park", "Person 3"}


def test_centre_chart_marks_gaps_and_places_people_outside_the_needs():
    cats = need_categories()
    spec = charts.map_centre_chart(full(), cats).to_dict()
    rows = [row for rows in spec.get("datasets", {}).values() for row in rows]
    rows += [row for layer in spec["layer"] for row in layer.get("data", {}).get("values", [])]
    needs = list({r["label"]: r for r in rows if "status" in r}.values())  # points and labels share rows
    assert len(needs) == len(cats)
    assert sum(r["status"] == "nobody yet" for r in needs) == len(cats) - 5
    people = [r for r in rows if "name" in r]
    assert {p["name"] for p in people} == {"Dr. Maren Holt", "Lee Park", "Person 3"}
    assert all((p["x"] ** 2 + p["y"] ** 2) ** 0.5 > 1.5 for p in people)


def test_the_exercise_charts_speak_the_participants_language() -> None:
    from mentorkit.content import content_for

    es = content_for(None, "es")
    wb = Workbook(profile=Profile(id="x", name="X"),
                  goals=[Goal(text="Presentar dos pósteres", kind=GoalKind.skill,
                          target_date=date(2027, 3, 1))])
    timeline = charts.goals_timeline_chart(wb, today=date(2026, 12, 1), content=es).to_dict()
    assert timeline["title"] == "Tus objetivos en los próximos meses"
    kinds = timeline["layer"][0]["encoding"]["color"]
    assert kinds["title"] == "Tipo" and "career" not in kinds["scale"]["domain"]
    assert charts.goals_timeline_chart(wb, today=date(2026, 12, 1)).to_dict()["title"] == (
        "Your goals over the coming months")
    before = Snapshot(label="a", skills=[Skill(name="Escribir", current=2)])
    after = Snapshot(label="b", skills=[Skill(name="Escribir", current=4)])
    spec = charts.snapshot_chart(before, after, content=es).to_dict()
    assert spec["title"] == "Habilidades: antes y ahora"
    assert spec["encoding"]["y"]["sort"] == ["antes", "ahora"]
    empty = chart_svg(charts.snapshot_chart(None, None, content=es))
    assert "Todavía no hay instantáneas" in empty and "No snapshots" not in empty
