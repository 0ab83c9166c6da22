"""The shared widget helpers: downloads, the save indicator, chart areas, waiting (escaping, check
lists and chart bundles are tested with mentorkit.present in test_present.py)."""

from __future__ import annotations

import base64
import re

import altair as alt
import ipywidgets as W
import pandas as pd
import pytest

from mentorkit.session import LiveWorkbook, PendingWorkbook
from mentorkit.ui.common import (
    ChartArea,
    Exercise,
    SaveStatus,
    copy_button,
    download_link,
    find_all,
)


def _payload(link: str) -> bytes:
    match = re.search(r"base64,([A-Za-z0-9+/=]+)'", link)
    assert match, link
    return base64.b64decode(match.group(1))


def test_download_link_carries_exact_bytes_and_a_safe_name() -> None:
    text = "Dear Maya,\nthanks — Ana ✓\n"
    link = download_link("note.txt", text, "text/plain", "Download <now>", "mk-x")
    assert "download='note.txt'" in link and "class='mk-x'" in link
    assert "Download &lt;now&gt;" in link
    assert _payload(link).decode("utf-8") == text


def test_copy_button_never_puts_the_text_into_markup() -> None:
    hostile = "</button><script>alert(1)</script>"
    html = copy_button(hostile, "Copy", "mk-copy")
    assert "<script>" not in html and "alert(1)" not in html
    encoded = re.search(r"data-text='([^']+)'", html).group(1)
    assert base64.b64decode(encoded).decode() == hostile


def test_chart_area_remembers_the_chart_outside_a_kernel() -> None:
    area = ChartArea("mk-c")
    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point()
    area.draw(chart)
    assert area.chart is chart and area.draws == 1 and "mk-c" in area._dom_classes
    assert area.outputs == ()  # no SVG work outside a kernel


def test_chart_area_sets_its_outputs_state_so_late_redraws_reach_the_page() -> None:
    area = ChartArea("mk-c", render=True)
    area.draw(alt.Chart(pd.DataFrame({"x": [1]})).mark_point())
    area.draw(alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_bar())
    assert len(area.outputs) == 2  # replaced, not appended: the chart and its text alternative
    out = area.outputs[0]
    assert out["output_type"] == "display_data" and "<svg" in out["data"]["image/svg+xml"]
    text = area.outputs[1]["data"]["text/html"]
    assert "mk-chart-text" in text and "<summary>" in text and text.count("<tr") == 3  # head + 2 rows


def test_chart_text_alternative_lists_the_data_and_escapes_it() -> None:
    from mentorkit.ui.common import chart_text

    chart = alt.Chart(pd.DataFrame({"skill": ["<b>Talks</b>", "SQL"], "now": [2, 4]}),
                      title="Skills now").mark_bar().encode(x="now", y="skill")
    html = chart_text(chart)
    assert "<summary>Skills now: as a table</summary>" in html
    assert "&lt;b&gt;Talks&lt;/b&gt;" in html and "<b>Talks" not in html
    assert chart_text(alt.Chart("data.csv").mark_bar()) == ""  # no tabular data: nothing to list


def test_labelled_names_every_field_for_screen_readers() -> None:
    import ipywidgets as W

    from mentorkit.ui.common import labelled, live_region

    box = W.Textarea()
    inner = W.Text()
    labelled(W.VBox([box, W.HBox([inner])]), "Your goal")
    assert box.tooltip == "Your goal" and inner.tooltip == "Your goal"
    picker = W.DatePicker()
    wrapped = labelled(picker, "Start date", "when you meet first")
    assert picker.description == "Start date"  # a real <label for> (ipywidgets gives a date no title)
    hint = wrapped.children[0].value
    assert "Start date" not in hint and "when you meet first" in hint
    assert "aria-live='polite'" in live_region("Saved")


def test_save_status_reads_saved_after_a_save(cohort) -> None:
    live = LiveWorkbook(cohort, "zoe-test", debounce=0, create=True)
    status = SaveStatus(live)
    assert "Saved" not in status.value
    live.workbook.values = ["fairness"]
    live.changed()
    assert status.state == "saved" and "Saved" in status.value
    assert "mk-save-status" in status._dom_classes


def test_exercise_waits_for_the_chooser_then_fills(cohort) -> None:
    pending = PendingWorkbook(cohort, debounce=0)
    built = []

    def build(lw: LiveWorkbook) -> list[W.Widget]:
        built.append(lw.participant_id)
        box = W.Text()
        box.add_class("mk-thing")
        return [box]

    ex = Exercise(pending, "mk-test", build)
    assert built == [] and not ex.find("mk-thing")
    with pytest.raises(LookupError):
        _ = ex.live
    pending.resolve("new-person", new=True)
    assert built == ["new-person"] and ex.live.participant_id == "new-person"
    assert ex.one("mk-thing") is list(find_all(ex, "mk-thing"))[0]
    assert ex.one("mk-save-status") is ex.status


def test_save_status_says_not_saved_when_the_file_is_broken(cohort) -> None:
    live = LiveWorkbook(cohort, "zoe-test", debounce=0, create=True)
    status = SaveStatus(live)
    cohort.path_for("zoe-test").write_text("{ not json", encoding="utf-8")
    live.workbook.values = ["fairness"]
    live.changed()
    assert status.state == "error" and "Not saved" in status.value and "Saved" not in status.value
    assert cohort.path_for("zoe-test").read_text(encoding="utf-8") == "{ not json"
