"""The participant pages in another language: translated copies, start pages, links, the code form."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from mentorkit.content import bundled, content_for
from mentorkit.core.agreement import agreement_text, calendar_ics
from mentorkit.i18n.notebooks import MARKER, page_locale, write_translations
from mentorkit.i18n.runtime import locale_dirs
from mentorkit.lab import plan_lab
from mentorkit.model import Agreement
from mentorkit.serve import plan_serve
from mentorkit.session import LiveWorkbook, PendingWorkbook
from mentorkit.store import Cohort
from mentorkit.ui.chooser import Chooser
from mentorkit.ui.nav import Nav

REPO = Path(__file__).resolve().parent.parent
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'


def write_po(root: Path, domain: str, entries: list[tuple[str, str, str]]) -> None:
    path = root / "locale" / "es" / "LC_MESSAGES" / f"{domain}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(f'msgctxt "{c}"\nmsgid "{m}"\nmsgstr "{s}"\n\n' for c, m, s in entries)
    path.write_text(HEADER + body, encoding="utf-8")


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for path in sorted((REPO / "notebooks").glob("0*.ipynb")):
        shutil.copy(path, folder)
    return folder


def test_translated_copies_take_the_catalogs_markdown(pages: Path, sample_cohort: Cohort) -> None:
    write_po(sample_cohort.root, "notebook-01_goals", [
        ("080d1549:1", "# Step 1 — Identify your goals", "# Paso 1 — Define tus objetivos")])
    written = write_translations(pages, locale_dirs(sample_cohort.root))
    assert sorted(p.name for p in written) == sorted(p.name for p in pages.glob("0*.ipynb"))
    assert page_locale(pages / "es") == "es" and page_locale(pages) == "en"
    assert (pages / "es" / MARKER).read_text(encoding="utf-8").strip() == "es"
    english = json.loads((pages / "01_goals.ipynb").read_text(encoding="utf-8"))
    spanish = json.loads((pages / "es" / "01_goals.ipynb").read_text(encoding="utf-8"))
    assert spanish["cells"][0]["source"].startswith("# Paso 1 — Define tus objetivos\n\n")
    assert spanish["metadata"]["mentorkit"]["locale"] == "es"
    for before, after in zip(english["cells"], spanish["cells"], strict=True):
        if before["cell_type"] == "code":
            assert after == before  # the same calls, ids and (no) outputs
    assert write_translations(pages, locale_dirs(sample_cohort.root)) == []  # unchanged: not rewritten


def test_lab_and_serve_start_on_the_cohorts_language(sample_cohort: Cohort) -> None:
    english = plan_lab(sample_cohort.root, "ana-lima", port=9999, token="t0k")
    assert english.url.endswith("/lab/tree/00_start_here.ipynb?token=t0k")
    (sample_cohort.root / "mentorkit.toml").write_text('locale = "es-ES"\n', encoding="utf-8")
    spanish = plan_lab(sample_cohort.root, "ana-lima", app=True, port=9999, token="t0k")
    assert spanish.url.endswith("/voila/render/es/00_start_here.ipynb?token=t0k")
    room = plan_serve(sample_cohort.root, port=9997, token="t0k")
    assert room.room_url.endswith("/voila/render/es/00_start_here.ipynb")


def test_the_code_form_speaks_the_pages_language(pages: Path, sample_cohort: Cohort,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    write_po(sample_cohort.root, "content-start", [("chooser.title", "Who are you?", "¿Quién eres?"),
                                                   ("chooser.open", "Open my workbook", "Abrir mi cuaderno")])
    write_translations(pages, locale_dirs(sample_cohort.root))
    monkeypatch.chdir(pages)
    form = Chooser(PendingWorkbook(sample_cohort))
    assert "Who are you?" in form.children[0].value and form.open_button.description == "Open my workbook"
    monkeypatch.chdir(pages / "es")  # a kernel of a Spanish page starts in its folder
    form = Chooser(PendingWorkbook(sample_cohort))
    assert "¿Quién eres?" in form.children[0].value and form.open_button.description == "Abrir mi cuaderno"


def test_a_page_not_in_the_participants_language_links_to_the_one_that_is(
        pages: Path, sample_cohort: Cohort, monkeypatch: pytest.MonkeyPatch) -> None:
    write_translations(pages, locale_dirs(sample_cohort.root))
    live = LiveWorkbook(sample_cohort, "ana-lima", debounce=0)
    monkeypatch.chdir(pages)
    assert "mk-language-open" not in Nav(live, "02_mentor_map", app=True, render=False).markup
    live.workbook.profile.locale = "es"
    nav = Nav(live, "02_mentor_map", app=True, render=False)
    assert "href='es/02_mentor_map.ipynb?participant=ana-lima'" in nav.markup
    monkeypatch.chdir(pages / "es")
    assert "mk-language-open" not in Nav(live, "02_mentor_map", app=True, render=False).markup
    live.workbook.profile.locale = "en"
    assert "href='../02_mentor_map.ipynb?participant=ana-lima'" in Nav(live, "02_mentor_map", app=True,
                                                                       render=False).markup


def test_calendar_and_agreement_text_in_the_participants_language(sample_cohort: Cohort) -> None:
    write_po(sample_cohort.root, "python", [
        ("mentorkit/core/agreement.py", "Mentoring review with {mentor}",
         "Revisión de la mentoría con {mentor}")])
    workbook = sample_cohort.load("ana-lima")
    workbook.agreement = Agreement(mentor_name="Dr. Maren Holt", checkpoints=[date(2026, 5, 4)],
                                   start=date(2026, 3, 3))
    spanish = content_for(sample_cohort.root, "es")
    ics = calendar_ics(workbook, content=spanish)
    assert "SUMMARY:Revisión de la mentoría con Dr. Maren Holt" in ics
    # the text is wrapped at 78 columns: a written-out date may break across lines
    assert "3 de marzo de 2026" in " ".join(agreement_text(workbook, content=spanish).split())
    english = content_for(sample_cohort.root)
    assert "SUMMARY:Mentoring review with Dr. Maren Holt" in calendar_ics(workbook, content=english)
    assert "2026-03-03" in agreement_text(workbook, content=english)


def test_the_exercise_charts_are_drawn_in_the_participants_language(sample_cohort: Cohort) -> None:
    from mentorkit.ui.mentor_map import MapView
    from mentorkit.ui.skills import SkillsView

    live = LiveWorkbook(sample_cohort, "ana-lima", debounce=0)
    live.workbook.profile.locale = "es"
    skills, mapped = SkillsView(live), MapView(live)
    skills._draw()
    mapped._analyse()
    import json

    specs = [json.dumps(area.chart.to_dict(), ensure_ascii=False)
             for area in (skills.chart, mapped.heatmap, mapped.centre)]
    english = bundled().get("charts")
    spanish = live.content.get("charts")
    for spec in specs:  # every chart says something in Spanish and none of the English chart words
        assert any(str(v) in spec for part in spanish.values() for v in part.values())
        assert not any(len(str(v)) > 8 and str(v) in spec for part in english.values() for v in part.values())
    # the chart's text alternative (its data as a table) is announced in Spanish too
    from mentorkit.ui.common import chart_text

    described = chart_text(mapped.centre.chart, mapped.centre.words)
    assert "en forma de tabla" in described and "as a table" not in described
