"""The flow between the pages: where the participant is, the link on, the code carried in Voilà,
the privacy note, visible need definitions and Enter in the "add" fields."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import nbformat
import pytest

from mentorkit import ui
from mentorkit.core.flow import Page, page_href, pages_from, participant_from_query, place_of
from mentorkit.core.progress import exercise_status
from mentorkit.session import LiveWorkbook, PendingWorkbook, open_workbook, resolve_participant
from mentorkit.store import Cohort
from mentorkit.ui.chooser import Chooser
from mentorkit.ui.nav import Nav, in_app

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
STEMS = ["00_start_here", "01_goals", "02_mentor_map", "03_outreach", "04_expectations", "05_feedback"]


@pytest.fixture
def no_participant_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for key in ("MENTORKIT_PARTICIPANT", "JUPYTERHUB_USER", "QUERY_STRING", "VOILA_KERNEL_ID",
                "VOILA_REQUEST_URL", "VOILA_BASE_URL"):
        monkeypatch.delenv(key, raising=False)
    return monkeypatch


def hrefs(markup: str) -> dict[str, str]:
    """``{css class of the link: href}`` for the links of a nav's markup."""
    return {m.group(1).split()[-1]: m.group(2)
            for m in re.finditer(r"<a class='([^']+)' href='([^']+)'", markup)}


# -- pure: places and links -------------------------------------------------------------------------
def test_every_page_knows_its_place_and_the_next(sample_cohort: Cohort) -> None:
    pages = pages_from(sample_cohort.content.ui("nav")["pages"])
    assert [p.notebook for p in pages] == STEMS
    places = [place_of(stem, pages) for stem in STEMS]
    assert [(p.number, p.total) for p in places] == [(n, 6) for n in range(1, 7)]
    assert [p.next.notebook if p.next else None for p in places] == [*STEMS[1:], None]
    assert places[0].previous is None and places[3].previous == pages[2]
    assert place_of("02_mentor_map.ipynb", pages).number == 3
    with pytest.raises(KeyError, match="06_extra"):
        place_of("06_extra", pages)


def test_links_carry_the_code_only_in_an_app() -> None:
    page = Page("01_goals", "Goals")
    assert page_href(page, "ana-lima", app=False) == "01_goals.ipynb"  # JupyterLab: the file itself
    assert page_href(page, "ana-lima", app=True) == "01_goals.ipynb?participant=ana-lima"
    assert page_href(page, None, app=True) == "01_goals.ipynb"  # nobody known yet
    # whatever is passed, a link only ever carries a slug
    assert page_href(page, "Ana Lima'><script>", app=True) == "01_goals.ipynb?participant=ana-lima-script"


@pytest.mark.parametrize(("query", "code"), [
    ("participant=ana-lima", "ana-lima"),
    ("token=abc123&participant=Ana%20Lima", "ana-lima"),
    ("?participant=ben-okafor", "ben-okafor"),
    ("participant=&token=x", None),
    ("participant=%2F%2E%2E%2F", None),  # nothing usable left: no code
    ("token=abc", None),
    ("", None),
    (None, None),
])
def test_participant_from_query(query: str | None, code: str | None) -> None:
    assert participant_from_query(query) == code


# -- the session reads the code Voilà hands to the kernel ---------------------------------------------
def test_query_string_opens_the_workbook_without_asking(sample_cohort: Cohort,
                                                        no_participant_env: pytest.MonkeyPatch) -> None:
    no_participant_env.setenv("QUERY_STRING", "token=t0k&participant=ana-lima")
    live = open_workbook(cohort=sample_cohort.root, ask=lambda pending: pytest.fail("asked again"))
    assert isinstance(live, LiveWorkbook) and live.participant_id == "ana-lima"


def test_environment_and_hub_login_come_before_the_query_string(sample_cohort: Cohort,
                                                                no_participant_env) -> None:
    no_participant_env.setenv("QUERY_STRING", "participant=ana-lima")
    no_participant_env.setenv("MENTORKIT_PARTICIPANT", "ben-okafor")
    assert resolve_participant(None, sample_cohort) == "ben-okafor"
    no_participant_env.delenv("MENTORKIT_PARTICIPANT")
    no_participant_env.setenv("JUPYTERHUB_USER", "chen-wei")
    assert resolve_participant(None, sample_cohort) == "chen-wei"


def test_a_wrong_code_in_the_link_asks_again_and_creates_nothing(sample_cohort: Cohort,
                                                                 no_participant_env) -> None:
    no_participant_env.setenv("QUERY_STRING", "participant=ana-lim")
    before = sample_cohort.ids()
    forms: list[Chooser] = []
    handle = open_workbook(cohort=sample_cohort.root, ask=lambda pending: forms.append(Chooser(pending)))
    assert isinstance(handle, PendingWorkbook) and not handle.ready
    form = forms[0]
    assert "was not found" in form.message.value and form.new_button.layout.display != "none"
    assert sample_cohort.ids() == before  # no empty workbook started by the link


# -- the nav widget -----------------------------------------------------------------------------------
def test_nav_in_voila_carries_the_code_typed_on_the_start_page(sample_cohort: Cohort) -> None:
    pending = PendingWorkbook(sample_cohort, debounce=0)
    nav = Nav(pending, "00_start_here", app=True, render=False)
    assert "Page 1 of 6" in nav.markup
    assert nav.next_href == "01_goals.ipynb"  # no code yet
    form = Chooser(pending)
    form.code.value = "ana-lima"
    form.submit()
    assert nav.next_href == "01_goals.ipynb?participant=ana-lima"
    links = hrefs(nav.markup)
    assert links["mk-nav-next"] == "01_goals.ipynb?participant=ana-lima"
    assert links["mk-nav-page-05_feedback"] == "05_feedback.ipynb?participant=ana-lima"
    assert "mk-nav-page-00_start_here" not in links  # the current page is not a link
    assert "ana-lima" in nav.markup and "not be asked for it again" in nav.markup


def test_nav_in_jupyterlab_links_the_next_notebook_file(sample_cohort: Cohort) -> None:
    live = LiveWorkbook(sample_cohort, "ana-lima", debounce=0)
    nav = Nav(live, "02_mentor_map", app=False, render=True)
    assert "Page 3 of 6: Mentor map and where to look" in nav.markup
    assert hrefs(nav.markup)["mk-nav-next"] == "03_outreach.ipynb"
    assert "participant=" not in nav.markup
    # shown as an HTML output, which JupyterLab's link handler opens inside JupyterLab
    assert nav.view.outputs[0]["data"]["text/html"] == nav.markup


def test_nav_in_voila_is_plain_html_that_stays_in_the_tab(sample_cohort: Cohort) -> None:
    nav = Nav(LiveWorkbook(sample_cohort, "ana-lima", debounce=0), "01_goals", app=True, render=True)
    assert nav.view.value == nav.markup and "target=" not in nav.markup


def test_last_page_links_back_to_the_start(sample_cohort: Cohort) -> None:
    live = LiveWorkbook(sample_cohort, "ana-lima", debounce=0)
    nav = Nav(live, "05_feedback", app=True, render=False)
    links = hrefs(nav.markup)
    assert "mk-nav-next" not in links
    assert links["mk-nav-start"] == "00_start_here.ipynb?participant=ana-lima"
    assert "Page 6 of 6" in nav.markup


def test_in_app_is_told_by_voila_s_environment(no_participant_env) -> None:
    assert not in_app()
    no_participant_env.setenv("VOILA_REQUEST_URL", "http://127.0.0.1:8866/voila/render/01_goals.ipynb")
    assert in_app()


@pytest.mark.parametrize("stem", STEMS)
def test_every_notebook_ends_with_its_nav(stem: str) -> None:
    nb = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    assert nb.cells[-1].source == f'mentorkit.ui.nav(wb, "{stem}")'


# -- start page: privacy, confirming the profile -------------------------------------------------------
def test_privacy_note_names_the_file_and_the_sharing_mode(sample_cohort: Cohort) -> None:
    pending = PendingWorkbook(sample_cohort, debounce=0)
    note = ui.privacy(pending)
    assert "workbooks/&lt;your code&gt;.json" in note.value
    assert "does not use group sharing" in note.value
    assert note.value.count("mk-privacy-point") == 5
    pending.resolve("ana-lima")
    assert "workbooks/ana-lima.json" in note.value
    assert "without names" in note.value and "can also open and read your workbook" in note.value
    (sample_cohort.root / "mentorkit.toml").write_text('[sharing]\nmode = "group"\n')
    assert "uses group sharing" in ui.privacy(LiveWorkbook(Cohort(sample_cohort.root), "ana-lima")).value
    nb = nbformat.read(NOTEBOOKS / "00_start_here.ipynb", as_version=4)
    assert "mentorkit.ui.privacy(wb)" in [c.source for c in nb.cells]


def test_start_here_is_done_once_the_participant_confirms(sample_cohort: Cohort) -> None:
    live = LiveWorkbook(sample_cohort, "ana-lima", debounce=0)
    assert exercise_status(live.workbook, sample_cohort.content)["00_start_here"] == "not_started"
    ex = ui.profile(live)
    assert "Press the button" in ex.one("mk-profile-confirmed").value
    ex.one("mk-profile-confirm").click()
    saved = sample_cohort.load("ana-lima")
    assert saved.profile.confirmed_on == date.today()
    assert exercise_status(saved, sample_cohort.content)["00_start_here"] == "done"
    assert date.today().isoformat() in ex.one("mk-profile-confirmed").value


def test_editing_a_detail_counts_as_confirming(sample_cohort: Cohort) -> None:
    live = LiveWorkbook(sample_cohort, "ben-okafor", debounce=0)
    ui.profile(live).one("mk-profile-field").value = "Robotics"
    assert sample_cohort.load("ben-okafor").profile.confirmed_on == date.today()


# -- mentor map: definitions visible without hovering ------------------------------------------------
def test_need_definitions_are_visible_under_the_toggles(sample_cohort: Cohort) -> None:
    live = LiveWorkbook(sample_cohort, "ana-lima", debounce=0)
    legend = ui.mentor_map(live).one("mk-need-legend").value
    for category in sample_cohort.content.need_categories:
        assert f"mk-need-definition-{category.key}" in legend
        assert category.label in legend


# -- Enter in an "add" field does what its button does ----------------------------------------------
# ipywidgets sends a ``continuous_update=False`` text box's value when Enter is pressed (or the box
# loses focus): setting ``value`` is what the browser's Enter does.
def test_enter_adds_a_person_a_skill_a_snapshot_and_an_outreach_contact(sample_cohort: Cohort) -> None:
    live = LiveWorkbook(sample_cohort, "ana-lima", debounce=0)
    mentor_map = ui.mentor_map(live)
    mentor_map.one("mk-contact-new").value = "Dr. Maya Ortiz"
    assert [c.name for c in live.workbook.contacts] == ["Dr. Maya Ortiz"]
    assert mentor_map.one("mk-contact-new").value == ""  # ready for the next name
    mentor_map.one("mk-contact-add").click()  # the click that follows the box losing focus
    assert len(live.workbook.contacts) == 1  # ... adds nothing twice

    skills = ui.skills(live)
    before = len(live.workbook.skills)
    skills.one("mk-skill-new").value = "Grant writing"
    assert [s.name for s in live.workbook.skills][before:] == ["Grant writing"]

    feedback = ui.feedback(live)
    feedback.one("mk-snapshot-label").value = "Start"
    assert [s.label for s in live.workbook.snapshots] == ["Start"]

    outreach = ui.outreach(live)
    outreach.one("mk-outreach-new-contact").value = "Priya Nair"
    priya = next(c for c in live.workbook.contacts if c.name == "Priya Nair")
    assert outreach.one("mk-outreach-contact").value == priya.id

    assert live.flush()
    disk = sample_cohort.load("ana-lima")
    assert {c.name for c in disk.contacts} == {"Dr. Maya Ortiz", "Priya Nair"}
    assert disk.snapshots[0].label == "Start" and disk.skills[-1].name == "Grant writing"


def test_buttons_still_add_on_their_own(sample_cohort: Cohort) -> None:
    live = LiveWorkbook(sample_cohort, "ana-lima", debounce=0)
    feedback = ui.feedback(live)
    feedback.one("mk-snapshot-take").click()  # an unnamed snapshot, as before
    assert len(live.workbook.snapshots) == 1
    mentor_map = ui.mentor_map(live)
    mentor_map.one("mk-contact-add").click()  # an empty card to fill in, as before
    assert len(live.workbook.contacts) == 1
