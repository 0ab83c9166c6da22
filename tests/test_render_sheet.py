"""The worksheet sections on their own (no kernel): kind empty states and escaped text."""

from __future__ import annotations

from datetime import date

import pytest

from mentorkit.model import Profile, Workbook
from mentorkit.present import Block, ChartBlock, esc
from mentorkit.render.examples import example_workbook
from mentorkit.render.sheet import SECTIONS, Worksheet


def shown_by(ws: Worksheet, section: str) -> list[Block]:
    """What the template's one-line cell ``ws.<section>()`` shows, captured by the injected display."""
    shown: list[Block] = []
    ws.display = shown.append
    getattr(ws, section)()
    return shown


def test_every_section_of_an_empty_workbook_prints_a_form_to_fill_in() -> None:
    ws = Worksheet(Workbook(profile=Profile(id="new-nia", name="Nia New")))
    expected = {
        "goals": "☐ Specific",
        "skills": "Now (1-5)",
        "mentor_map": "Name:",
        "where_to_look": "Sponsor:",
        "asks": "One small, specific ask",
        "outreach": "mk-draft-box",
        "conversations": "What I heard:",
        "agreement": "Mentor signature",
        "feedback": "What I will change:",
        "career_paths": "One step to learn more",
        "reflections": "What I will try:",
        "next_steps": "When",
        "next_30_days": "Your next 30 days",
    }
    for section in SECTIONS:
        blocks = shown_by(ws, section)
        first = blocks[0]
        assert not isinstance(first, ChartBlock), section
        if section != "header":
            assert "mk-form" in first.markup, section
        if section in expected:
            assert expected[section] in first.markup, section
    assert "Nia New" in shown_by(ws, "header")[0].markup


def test_a_filled_workbook_shows_checker_notes_asks_agreement_and_charts() -> None:
    ws = Worksheet(example_workbook(2))
    goals = ws.blocks("goals")[0].markup
    assert "SMART" in goals and "mk-todo" in goals and "mk-ok" in goals  # what is there, what to add
    assert "→" in goals  # the worksheet's kinder mark for what to improve
    skills = ws.blocks("skills")
    assert isinstance(skills[-1], ChartBlock) and "Skill | Now (1-5)" in skills[0].plain
    mentor_map = ws.blocks("mentor_map")
    assert "Nobody covers" in mentor_map[0].markup and isinstance(mentor_map[-1], ChartBlock)
    assert "You at the centre" in mentor_map[-1].svg
    assert "Suggested asks" in ws.blocks("asks")[-1].markup
    outreach = ws.blocks("outreach")[0].markup
    assert "words" in outreach and "follow up once on" in outreach
    assert "Mentoring agreement" in ws.blocks("agreement")[0].markup
    assert "Start with a short secondment" in ws.blocks("conversations")[0].markup
    assert "Sent my first outreach message" in ws.blocks("feedback")[0].markup
    assert "Policy" in ws.blocks("career_paths")[0].markup
    assert "peer" in ws.blocks("where_to_look")[0].markup
    assert "Review the agreement together" in ws.blocks("next_steps")[0].markup


def test_charts_are_shown_as_offline_svg_with_a_plain_text_twin() -> None:
    shown = shown_by(Worksheet(example_workbook(2)), "skills")
    bundle = shown[-1].bundle()
    assert set(bundle) == {"image/svg+xml", "text/plain"}
    assert bundle["image/svg+xml"].lstrip().startswith("<svg") and bundle["text/plain"] == "[chart]"


def test_render_all_shows_every_section_in_order_and_a_warm_up_shows_nothing() -> None:
    shown: list[Block] = []
    ws = Worksheet(example_workbook(1), today=date(2025, 3, 1), display=shown.append)
    ws.render_all()
    expected = [b.plain for s in SECTIONS for b in ws.blocks(s)]
    assert [b.plain for b in shown] == expected
    shown.clear()
    ws.render_all(show=False)
    assert shown == []


def test_an_unknown_section_is_named() -> None:
    with pytest.raises(ValueError, match="'summary'.*next_steps"):
        Worksheet(example_workbook(0)).blocks("summary")


def test_participant_text_is_escaped_everywhere() -> None:
    wb = example_workbook(4)
    wb.profile.name = "<b>Bo</b>"
    wb.goals[0].text = "<script>x()</script> **big**"
    wb.outreach[0].subject = "<img src=x>"
    wb.agreement.confidentiality = "<i>secret</i>"
    ws = Worksheet(wb)
    markup = "".join(b.markup for s in SECTIONS for b in ws.blocks(s) if not isinstance(b, ChartBlock))
    for raw in ("<b>Bo</b>", "<script>", "<img src=x>", "<i>secret</i>"):
        assert raw not in markup
        assert esc(raw) in markup
    assert "**big**" in markup and "<strong>" not in markup


@pytest.mark.parametrize("workbook", [Workbook(profile=Profile(id="new-nia", name="Nia New")),
                                      example_workbook(2)], ids=["blank forms", "answers"])
def test_every_printed_table_says_its_column_widths(workbook: Workbook) -> None:
    """The print stylesheet lays tables out from their <col> widths alone (``table-layout: fixed``): a
    table without them would get equal columns, so every table must carry widths adding up to 100%."""
    import re

    ws = Worksheet(workbook)
    tables = [t for s in SECTIONS for b in ws.blocks(s) if not isinstance(b, ChartBlock)
              for t in re.findall(r"<table.*?</table>", b.markup, re.S)]
    assert len(tables) >= 5
    for markup in tables:
        widths = [float(w) for w in re.findall(r'<col style="width:([0-9.]+)%">', markup)]
        first_row = re.search(r"<tr>(.*?)</tr>", markup, re.S)
        assert first_row is not None
        columns = len(re.findall(r"<t[hd][ >]", first_row.group(1)))
        assert len(widths) == columns, markup[:200]
        assert sum(widths) == pytest.approx(100, abs=0.1), markup[:200]
