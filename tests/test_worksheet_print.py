"""The printed worksheet (issue 13): every section at every stage (answers or a form to fill in by
hand), charts that show only what was answered with no label cut short, a footer with the name and
page numbers, headings kept with their text, and the blank handout pack for a room.

Most tests build the page without a kernel: the template's one-line cells (``ws.goals()`` ...) are
filled with the blocks the worksheet shows, then turned into HTML and PDF by the real exporters.
"""

from __future__ import annotations

import argparse
import html
import io
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pypdf
import pytest

from mentorkit.charts import map_centre_chart, map_heatmap, skills_gap_chart
from mentorkit.content import content_for
from mentorkit.core.next_steps import ask_line, dated_steps
from mentorkit.model import Ask, Contact, Profile, Skill, Workbook
from mentorkit.present import ChartBlock
from mentorkit.render.examples import example_workbook, write_example_cohort
from mentorkit.render.html import PageRenderer, print_css
from mentorkit.render.pdf import PdfWriter
from mentorkit.render.sheet import BLANK_ID, SECTIONS, Worksheet, blank_workbook
from mentorkit.resources import worksheet_template

TODAY = date(2026, 3, 3)
LONG_NAME = "Prof. Helena Duarte-Wolkowicz"


def just_imported() -> Workbook:
    return Workbook(profile=Profile(id="nia-new", name="Nia New"))


def half_way() -> Workbook:
    """Goals, skills and a map, but no outreach, conversation, agreement, feedback or paths yet."""
    wb = example_workbook(3, start=date(2026, 2, 20))
    wb.outreach, wb.conversations, wb.changes, wb.wins, wb.career_paths = [], [], [], [], []
    wb.reflections, wb.asks = [], []
    wb.agreement = type(wb.agreement)()
    return wb


def complete() -> Workbook:
    wb = example_workbook(2, start=date(2026, 2, 20))
    wb.contacts[0].name = LONG_NAME
    return wb


STAGES = {"blank": blank_workbook, "just imported": just_imported, "half way": half_way, "complete": complete}


def executed(ws: Worksheet) -> nbformat.NotebookNode:
    """The template as papermill would leave it: each ``ws.<section>()`` cell holding what it shows."""
    nb = nbformat.read(str(worksheet_template()), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("display_data", data=block.bundle())
                            for name in re.findall(r"ws\.(\w+)\(\)", cell.source)
                            for block in ws.blocks(name)]
    return nb


def pdf_pages(ws: Worksheet, paper: str = "a4") -> tuple[str, list[pypdf.PageObject]]:
    page = PageRenderer(paper).render(executed(ws), title="Worksheet")
    return page, list(pypdf.PdfReader(io.BytesIO(PdfWriter().render(page))).pages)


def svg_texts(svg: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


# -- every section, at every stage -----------------------------------------------------------------
def test_the_template_calls_every_section_once_in_order() -> None:
    nb = nbformat.read(str(worksheet_template()), as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    called = [name for source in code for name in re.findall(r"ws\.(\w+)\(\)", source)]
    assert called == list(SECTIONS)


@pytest.mark.parametrize("stage", list(STAGES))
def test_every_section_prints_answers_or_a_form_at_every_stage(stage: str) -> None:
    ws = Worksheet(STAGES[stage](), today=TODAY)
    for section in SECTIONS:
        blocks = ws.blocks(section)
        assert blocks and all(b.markup for b in blocks), (stage, section)
        markup = "".join(b.markup for b in blocks)
        assert "mk-empty" not in markup, (stage, section)  # never a bare "No ... yet"
    if stage in ("blank", "just imported"):
        for section in SECTIONS[1:]:
            assert "mk-form" in "".join(b.markup for b in ws.blocks(section)), (stage, section)


def test_forms_have_smart_ticks_a_needs_by_people_grid_a_draft_box_and_signature_lines() -> None:
    ws = Worksheet(blank_workbook(), today=TODAY)
    goals = ws.blocks("goals")[0].markup
    assert goals.count("☐ Time-bound") == 3 and goals.count("mk-field") >= 9
    grid = ws.blocks("mentor_map")[0].markup
    needs = [c.label for c in content_for(None).need_categories]
    assert all(f'<td dir="auto">{html.escape(label)}</td>' in grid for label in needs)
    assert grid.count(">Name:</th>") == 4
    assert isinstance(ws.blocks("mentor_map")[-1], ChartBlock)  # "you at the centre", to draw on
    outreach = ws.blocks("outreach")[0].markup
    assert "mk-draft-box" in outreach and "☐ Says why you chose this person" in outreach
    agreement = ws.blocks("agreement")[0].markup
    assert "Mentor signature" in agreement and "Mentee signature" in agreement
    assert "Name:" in ws.blocks("header")[0].markup and "Blank worksheet" not in ws.blocks("header")[0].markup


def test_a_half_way_workbook_mixes_answers_and_forms() -> None:
    ws = Worksheet(half_way(), today=TODAY)
    assert "mk-form" not in ws.blocks("goals")[0].markup
    assert "mk-form" in ws.blocks("outreach")[0].markup and "mk-form" in ws.blocks("agreement")[0].markup


# -- charts: nothing invented, nothing cut ---------------------------------------------------------
def test_the_skills_chart_draws_only_the_ratings_given() -> None:
    wb = Workbook(profile=Profile(id="x", name="X"), skills=[
        Skill(name="Public speaking", current=2, target=None),
        Skill(name="Academic writing", current=None, target=4),
        Skill(name="Networking", current=1, target=3)])
    spec = skills_gap_chart(wb).to_dict()
    rows = [r for data in spec["datasets"].values() for r in data]
    points = {(r["skill"], r["rating"]) for r in rows if "rating" in r}
    assert points == {("Public speaking", "current"), ("Academic writing", "target"),
                      ("Networking", "current"), ("Networking", "target")}
    lines = [r for r in rows if "rating" not in r]
    assert [r["skill"] for r in lines] == ["Networking"]  # a gap line only where both exist
    assert not any(v is None or v != v for r in rows for v in r.values())  # no NaN drawn anywhere


def test_every_participant_label_appears_whole_in_the_svgs() -> None:
    wb = complete()
    wb.skills[0].name = "Giving feedback to senior colleagues"
    categories = list(content_for(None).need_categories)
    needs = [c.label for c in categories]
    people = [c.name for c in wb.contacts if c.kind == "person"]
    assert LONG_NAME in people and "Networking and introductions" in needs
    ws = Worksheet(wb, today=TODAY)
    charts = [b for s in SECTIONS for b in ws.blocks(s) if isinstance(b, ChartBlock)]
    assert len(charts) == 3
    texts = [svg_texts(c.svg) for c in charts]
    skills, heat, centre = texts
    assert {s.name for s in wb.skills} <= set(skills)
    assert set(needs) <= set(heat) and set(people) <= set(heat) and "Covers this need" in heat
    assert set(needs) <= set(centre) and set(people) <= set(centre)
    for chart in charts:  # measured in the font the page prints it with
        assert 'font-family="DejaVu Sans"' in chart.svg and "…" not in chart.svg


def test_the_centre_chart_is_in_the_mentor_map_section_and_counts_only_people() -> None:
    wb = complete()
    wb.contacts.append(Contact(name="Writing group at the library", kind="place", needs=["safe_space"]))
    categories = list(content_for(None).need_categories)
    centre = svg_texts(ChartBlock(map_centre_chart(wb, categories)).svg)
    assert "You at the centre" in centre and "Writing group at the library" not in centre
    assert "Writing group at the library" not in svg_texts(ChartBlock(map_heatmap(wb, categories)).svg)


# -- asks, next steps, dates, notes ----------------------------------------------------------------
def test_the_asks_table_has_a_header_for_every_column_and_suggestions_apart() -> None:
    ws = Worksheet(complete(), today=TODAY)
    own, suggested = ws.blocks("asks")
    head = re.findall(r"<th>([^<]*)</th>", own.markup)
    assert head == ["Need", "Who", "Ask", "By", "Status"]
    assert "suggested" not in own.markup.lower()
    assert "Suggested asks" in suggested.markup and "mk-suggested" in suggested.markup
    assert all(re.findall(r"<th>([^<]*)</th>", suggested.markup))
    from mentorkit.core.mentor_map import analyse_map

    report = analyse_map(ws.workbook, ws.categories, content=ws.content)
    assert 0 < suggested.markup.count("<tr>") - 1 <= min(3, len(report.gaps))


def test_next_steps_never_repeat_the_ask() -> None:
    worded = "Ask someone new about sponsorship."
    assert ask_line("someone new", worded) == worded
    assert ask_line("Ana Lima", "a 20-minute call") == "Ask Ana Lima: a 20-minute call"
    wb = just_imported()
    wb.asks = [Ask(need="sponsorship", who="someone new", what="Ask someone new about sponsorship.",
                   by=date(2026, 3, 10))]
    assert dated_steps(wb) == [(date(2026, 3, 10), "Ask someone new about sponsorship.")]
    text = Worksheet(wb, today=TODAY).blocks("next_steps")[0].plain
    assert "Ask someone new: Ask" not in text and "10 March 2026" in text


def test_the_next_30_days_box_holds_the_three_soonest_dated_actions() -> None:
    wb = complete()
    ws = Worksheet(wb, today=date(2026, 2, 20))
    box = ws.blocks("next_30_days")[0]
    assert box.plain.startswith("Your next 30 days")
    rows = box.plain.splitlines()[2:]  # title, header row, then the actions
    assert 1 <= len(rows) <= 3
    soon = [what for day, what in dated_steps(wb) if day <= date(2026, 3, 22)][:3]
    assert [r.split(" | ", 1)[1] for r in rows] == soon
    assert re.match(r"\d{1,2} [A-Z][a-z]+ 2026", rows[0])


def test_dates_print_in_a_readable_format() -> None:
    header = Worksheet(complete(), today=TODAY).blocks("header")[0].markup
    assert "Prepared on 3 March 2026" in header
    goals = Worksheet(complete(), today=TODAY).blocks("goals")[0].plain
    assert "by 20 June 2026" in goals and not re.search(r"\d{4}-\d{2}-\d{2}", goals)
    assert "March 3, 2026" in Worksheet(complete(), today=TODAY, locale="en_US").blocks("header")[0].markup


def test_thank_you_and_follow_up_notes_print_where_the_draft_has_them() -> None:
    draft = SimpleNamespace(thank_you="Thank you for <b>your</b> time.", follow_up="Just checking in.")
    notes = Worksheet._after_notes(draft)
    assert "Thank-you note" in notes.markup and "&lt;b&gt;your&lt;/b&gt;" in notes.markup
    assert "Follow-up note" in notes.plain and "Just checking in." in notes.plain
    assert not Worksheet._after_notes(SimpleNamespace())  # a draft without them: nothing


# -- the page: footer, headings, tables, paper ----------------------------------------------------
def test_print_css_keeps_rows_whole_and_headings_with_their_text() -> None:
    css = print_css()
    assert re.search(r"(^|[\s,}])tr[\s,][^{]*\{[^}]*break-inside:\s*avoid", css)
    assert re.search(r"\.mk-md\s*\{[^}]*break-after:\s*avoid", css)
    assert "counter(page)" in css and "string(mk-name" in css


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_the_pdf_has_the_name_and_page_numbers_in_every_footer(paper: str, size: tuple[int, int]) -> None:
    ws = Worksheet(complete(), today=TODAY)
    page, pages = pdf_pages(ws, paper)
    assert len(pages) >= 3
    for number, p in enumerate(pages, start=1):
        text = p.extract_text()
        assert f"Page {number} of {len(pages)}" in text and ws.workbook.profile.name in text
        assert (round(float(p.mediabox.width)), round(float(p.mediabox.height))) == size
    # no page ends with a heading or a section's introduction (the text before the footer)
    nb = nbformat.read(str(worksheet_template()), as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "markdown"]
    intro = " ".join(" ".join(source.replace("#", "").split()) for source in cells)
    for p in pages[:-1]:
        lines = [line.strip() for line in p.extract_text().splitlines() if line.strip()]
        body = [line for line in lines if "Page " not in line and line != ws.workbook.profile.name]
        assert len(body[-1]) < 12 or body[-1] not in intro, body[-3:]


def test_the_blank_worksheet_pdf_has_a_name_line_in_the_footer() -> None:
    ws = Worksheet(blank_workbook(), today=TODAY)
    assert ws.workbook.profile.id == BLANK_ID
    _, pages = pdf_pages(ws)
    assert all("Name:" in p.extract_text() and "Page " in p.extract_text() for p in pages)


# -- the handout pack --------------------------------------------------------------------------------
def test_blank_takes_an_optional_number_of_copies() -> None:
    from mentorkit.render.cli import add_render

    parser = argparse.ArgumentParser()
    add_render(parser.add_subparsers())
    assert parser.parse_args(["render", "--cohort", "c"]).blank is None
    assert parser.parse_args(["render", "--cohort", "c", "--blank"]).blank == 0
    assert parser.parse_args(["render", "--cohort", "c", "--blank", "12"]).blank == 12


def test_copies_repeat_one_layout_with_their_own_page_numbers() -> None:
    page = PageRenderer().render(executed(Worksheet(blank_workbook(), today=TODAY)))
    data, each = PdfWriter().render_copies(page, 4)
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    assert each >= 2 and len(pages) == 4 * each
    assert [f"Page 1 of {each}" in pages[n * each].extract_text() for n in range(4)] == [True] * 4
    assert f"Page {each} of {each}" in pages[-1].extract_text()


@pytest.mark.kernel
def test_the_blank_pack_renders_one_pdf_for_a_cohort_of_30(tmp_path: Path) -> None:
    from mentorkit.render.run import render_blank

    write_example_cohort(tmp_path / "room", 30)
    pack = render_blank(tmp_path / "room")
    assert pack.copies == 30 and pack.pack == tmp_path / "room" / "worksheets" / "handout-pack.pdf"
    pages = pypdf.PdfReader(pack.pack).pages
    assert len(pages) == 30 * pack.pages_each
    assert "Page 1 of" in pages[29 * pack.pages_each].extract_text()  # the 30th copy starts afresh
    first = "".join(p.extract_text() for p in pages[: pack.pages_each])
    assert "☐ Specific" in first and "Mentor signature" in first and "Amara" not in first
    assert len(pypdf.PdfReader(pack.single).pages) == pack.pages_each
