"""The CSS classes listed for browser tests in mentorkit.ui's docstring all exist on real widgets."""

from __future__ import annotations

import re
from datetime import date

import ipywidgets as W

import mentorkit.ui as ui
from mentorkit.session import LiveWorkbook, PendingWorkbook
from mentorkit.store import Cohort
from mentorkit.ui.chooser import Chooser


def _classes(widget: W.Widget, found: set[str]) -> set[str]:
    found.update(getattr(widget, "_dom_classes", ()))
    value = getattr(widget, "value", None)
    if isinstance(widget, W.HTML) and isinstance(value, str):  # classes inside rendered HTML
        for _, attr in re.findall(r"class=(['\"])(.+?)\1", value):
            found.update(attr.split())
    for output in getattr(widget, "outputs", ()) or ():  # an Output's HTML (a chart's data table)
        html = output.get("data", {}).get("text/html", "")
        for _, attr in re.findall(r"class=(['\"])(.+?)\1", html if isinstance(html, str) else ""):
            found.update(attr.split())
    for child in getattr(widget, "children", ()) or ():
        _classes(child, found)
    return found


def test_every_documented_class_is_rendered(sample_cohort: Cohort) -> None:
    from mentorkit.model import Contact

    # a mentor proposed by the programme (mentorkit match --apply) shows mk-contact-programme
    sample_cohort.update("ana-lima", lambda wb: setattr(
        wb, "contacts", [Contact(name="Dr. Maren Holt", source="programme")]) or None)
    live = LiveWorkbook(sample_cohort, "ana-lima", debounce=0)
    mentor_map, outreach, feedback = ui.mentor_map(live), ui.outreach(live), ui.feedback(live)
    mentor_map.one("mk-contact-new").value = "Maya Ortiz"
    mentor_map.one("mk-contact-add").click()
    mentor_map.one("mk-ask-suggest").click()
    feedback.one("mk-reflection-add").click()
    agreement = ui.agreement(live)
    agreement.one("mk-agreement-checkpoint-add").click()
    agreement.one("mk-agreement-start").value = date(2030, 1, 1)
    chooser = Chooser(PendingWorkbook(sample_cohort))
    chooser.code.value = "not-a-participant"
    chooser.submit()  # "not found": the "I am new" button is shown
    look = ui.where_to_look(live)
    look.find("mk-prospect-add")[0].click()
    conversation = ui.conversation(live)
    conversation.one("mk-conversation-start").click()
    practice = ui.feedback_practice(live)
    practice.one("mk-feedback-about").value = "the opening of my talk"
    practice.one("mk-feedback-request-add").click()
    practice.one("mk-feedback-to-change").click()
    wins = ui.wins(live)
    wins.one("mk-win-new").value = "Gave a talk"
    paths = ui.career_paths(live)
    paths.one("mk-path-add").click()
    follow_up = ui.outreach(live, today=lambda: date(2031, 1, 1))  # the follow-up date has come
    follow_up.one("mk-outreach-sent").value = date(2030, 3, 1)
    language = ui.language(live)
    language.one("mk-language-choice").value = "es"  # this page is English: the link to Spanish shows
    from mentorkit.ui.nav import Nav

    navs = [Nav(live, "02_mentor_map", app=True), Nav(live, "05_feedback", app=True)]  # middle, last
    from mentorkit.charts import skills_gap_chart
    from mentorkit.ui.common import ChartArea

    chart = ChartArea("mk-skills-chart", render=True)  # outside a kernel charts draw only when asked
    chart.draw(skills_gap_chart(live.workbook))
    navs.append(chart)
    found: set[str] = set()
    for ex in (chooser, ui.profile(live), ui.benefits(), ui.progress(live), ui.skills(live), ui.goals(live),
               mentor_map, ui.outreach(live), outreach, agreement, feedback, look, conversation, practice,
               wins, paths, follow_up, ui.privacy(live), language, *navs):
        _classes(ex, found)

    documented = set(re.findall(r"``(?:[a-z]+\.)?(mk-[a-z0-9_-]+)``", ui.__doc__ or ""))
    assert len(documented) > 80
    assert sorted(documented - found) == []
    patterns = re.findall(r"``(mk-[a-z0-9_-]+)<key>``", ui.__doc__ or "")
    for prefix in patterns:
        assert any(c.startswith(prefix) and c != prefix.rstrip("-") for c in found), prefix
