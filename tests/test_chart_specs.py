"""The worksheet's plain-dict charts draw exactly what the altair charts of the widgets draw."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mentorkit import chart_specs, charts
from mentorkit.content import content_for, need_categories
from mentorkit.model import Contact, Skill, Workbook
from mentorkit.present import chart_svg
from mentorkit.render.examples import example_workbook
from mentorkit.render.sheet import blank_workbook


def partial() -> Workbook:
    """Ratings given on one side only, a nameless person, a person with no needs."""
    wb = example_workbook(3)
    wb.skills = [Skill(name="A", current=2), Skill(name="B", target=4), Skill(name="C", current=1, target=5)]
    wb.contacts = [*wb.contacts, Contact(name="", needs=["accountability"]), Contact(name="Zed", needs=[])]
    return wb


@pytest.mark.parametrize("wb", [example_workbook(0), example_workbook(7), partial(), blank_workbook()],
                         ids=["example-0", "example-7", "partial", "blank"])
def test_each_worksheet_chart_draws_the_same_svg_as_its_altair_twin(wb: Workbook) -> None:
    cats = list(need_categories())
    pairs = [
        (charts.skills_gap_chart(wb), chart_specs.skills_gap_spec(wb)),
        (charts.map_heatmap(wb, cats), chart_specs.map_heatmap_spec(wb, cats)),
        (charts.map_centre_chart(wb, cats), chart_specs.map_centre_spec(wb, cats)),
        (charts.map_centre_chart(wb, []), chart_specs.map_centre_spec(wb, [])),
    ]
    for altair_chart, spec in pairs:
        assert chart_svg(spec) == chart_svg(altair_chart)


@pytest.mark.parametrize("wb", [example_workbook(0), partial(), blank_workbook()],
                         ids=["example-0", "partial", "blank"])
def test_in_spanish_both_draw_the_same_svg_with_the_spanish_words(wb: Workbook) -> None:
    es = content_for(None, "es")
    cats = list(es.need_categories)
    pairs = [
        (charts.skills_gap_chart(wb, content=es), chart_specs.skills_gap_spec(wb, content=es)),
        (charts.map_heatmap(wb, cats, content=es), chart_specs.map_heatmap_spec(wb, cats, content=es)),
        (charts.map_centre_chart(wb, cats, content=es), chart_specs.map_centre_spec(wb, cats, content=es)),
    ]
    for altair_chart, spec in pairs:
        svg = chart_svg(spec)
        assert svg == chart_svg(altair_chart)
        assert "Rating (1–5)" not in svg and "Who covers which need" not in svg and ">You<" not in svg


def test_a_worksheet_draws_its_charts_without_altair_or_pandas() -> None:
    code = (
        "import sys\n"
        "from mentorkit.render.examples import example_workbook\n"
        "from mentorkit.render.sheet import Worksheet\n"
        "Worksheet(example_workbook(0)).render_all(show=False)\n"
        "print(sorted({'altair', 'pandas'} & set(sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_the_vegalite_version_is_altairs_without_importing_altair() -> None:
    import altair as alt

    code = ("import sys\nfrom mentorkit.present import altair_schema_version\n"
            "print(altair_schema_version(), 'altair' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [alt.SCHEMA_VERSION, "False"]
