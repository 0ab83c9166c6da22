"""The worksheet sections on their own (no kernel): kind empty states and escaped text."""

from __future__ import annotations

from mentorkit.model import Profile, Workbook
from mentorkit.render.examples import example_workbook
from mentorkit.render.sheet import SECTIONS, Block, Worksheet, text


def collect(ws: Worksheet, section: str) -> list[Block]:
    shown: list[Block] = []
    ws._show = shown.append
    ws._chart = lambda chart: shown.append(Block("<chart>", "[chart]"))  # type: ignore[method-assign]
    getattr(ws, section)()
    return shown


def test_every_section_of_an_empty_workbook_says_what_to_do() -> None:
    ws = Worksheet(Workbook(profile=Profile(id="new-nia", name="Nia New")))
    expected = {
        "goals": "not written any goals yet",
        "skills": "No skills rated yet",
        "mentor_map": "mentor map is empty",
        "asks": "No asks yet",
        "outreach": "No outreach drafts yet",
        "agreement": "No agreement drafted yet",
        "reflections": "No reflections yet",
        "next_steps": "No dated next steps yet",
    }
    for section in SECTIONS:
        blocks = collect(ws, section)
        assert len(blocks) == 1, section
        if section in expected:
            assert expected[section] in blocks[0].markup, section
            assert "<chart>" not in blocks[0].markup
    assert "Nia New" in collect(ws, "header")[0].markup


def test_a_filled_workbook_shows_checker_notes_asks_agreement_and_charts() -> None:
    ws = Worksheet(example_workbook(2))
    goals = collect(ws, "goals")[0].markup
    assert "SMART" in goals and "mk-todo" in goals and "mk-ok" in goals  # what is there, what to add
    assert [b.markup for b in collect(ws, "skills")][-1] == "<chart>"
    mentor_map = collect(ws, "mentor_map")
    assert "Nobody covers" in mentor_map[0].markup and mentor_map[-1].markup == "<chart>"
    assert "suggested" in collect(ws, "asks")[0].markup
    outreach = collect(ws, "outreach")[0].markup
    assert "words" in outreach and "follow up once on" in outreach
    assert "Mentoring agreement" in collect(ws, "agreement")[0].markup
    assert "Review the agreement together" in collect(ws, "next_steps")[0].markup


def test_participant_text_is_escaped_everywhere() -> None:
    wb = example_workbook(4)
    wb.profile.name = "<b>Bo</b>"
    wb.goals[0].text = "<script>x()</script> **big**"
    wb.outreach[0].subject = "<img src=x>"
    wb.agreement.confidentiality = "<i>secret</i>"
    ws = Worksheet(wb)
    markup = "".join(b.markup for s in SECTIONS for b in collect(ws, s))
    for raw in ("<b>Bo</b>", "<script>", "<img src=x>", "<i>secret</i>"):
        assert raw not in markup
        assert text(raw) in markup
    assert "**big**" in markup and "<strong>" not in markup
