"""A cohort with ``locale = "es"`` goes through the six pages in Voilà, in Spanish.

The translated notebooks are written the way ``mentorkit serve`` writes them (one ``es/`` folder
beside the English pages, from the catalogs); the cohort brings a few Spanish texts of its own in
``<cohort>/locale/es`` (page headings, labels, the code form, the save note), so this test checks the
mechanism whatever the state of the shipped catalogs: Spanish headings and labels on every page, the
participant code typed once, answers typed in Spanish and saved.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from playwright.sync_api import expect

from mentorkit.i18n.notebooks import write_translations
from mentorkit.i18n.runtime import locale_dirs

PID = "ana-lima"
STEMS = ["00_start_here", "01_goals", "02_mentor_map", "03_outreach", "04_expectations", "05_feedback"]
#: Each page's first heading: (cell id, English, Spanish).
HEADINGS = {
    "00_start_here": ("da3774c0", "# Start here", "# Empieza aquí"),
    "01_goals": ("080d1549", "# Step 1 — Identify your goals", "# Paso 1 — Define tus objetivos"),
    "02_mentor_map": ("cae91d69", "# Step 2 — Seek out potential mentors: your mentor map",
                      "# Paso 2 — Busca posibles mentores: tu mapa de mentores"),
    "03_outreach": ("8d53fe23", "# Step 3 — Build a connection: your first message",
                    "# Paso 3 — Crea una conexión: tu primer mensaje"),
    "04_expectations": ("3e335a30", "# Step 4 — Establish expectations: your mentoring agreement",
                        "# Paso 4 — Acordad expectativas: vuestro acuerdo de mentoría"),
    "05_feedback": ("d4e3fe74", "# Step 5 — Be open to feedback", "# Paso 5 — Ábrete al feedback"),
}
TEXTS = {
    "content-ui": [("profile.name", "Your name", "Tu nombre"),
                   ("profile.role", "Your role today", "Tu puesto actual"),
                   ("nav.where", "Page {number} of {total}: {title}", "Página {number} de {total}: {title}"),
                   ("nav.next", "Next: {title} →", "Siguiente: {title} →")],
    "content-start": [("chooser.title", "Who are you?", "¿Quién eres?"),
                      ("chooser.open", "Open my workbook", "Abrir mi cuaderno"),
                      ("save.saved", "Saved", "Guardado")],
}


def write_catalog(folder: Path, domain: str, entries: list[tuple[str, str, str]]) -> None:
    catalog = Catalog(locale="es", domain=domain)
    for context, english, spanish in entries:
        catalog.add(english, spanish, context=context)
    path = folder / f"{domain}.po"
    with path.open("wb") as out:
        write_po(out, catalog)


def spanish_room(workspace) -> str:
    """The six pages in English plus their ``es/`` copies; the cohort's default is Spanish."""
    for stem in STEMS:
        workspace.add(f"{stem}.ipynb")
    cohort = workspace.cohort
    (cohort / "mentorkit.toml").write_text('locale = "es"\n', encoding="utf-8")
    folder = cohort / "locale" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    for domain, entries in TEXTS.items():
        write_catalog(folder, domain, entries)
    for stem, (cell, english, spanish) in HEADINGS.items():
        write_catalog(folder, f"notebook-{stem}", [(f"{cell}:1", english, spanish)])
    written = write_translations(workspace.root, locale_dirs(cohort))
    assert len(written) == len(STEMS)
    # the browser fixtures name the cohort relative to the page's folder (a real room names it in full)
    (workspace.root / "es" / cohort.name).symlink_to(cohort, target_is_directory=True)
    return f"{workspace.rel}/es"


def open_page(page, voila, stem: str) -> None:
    page.wait_for_url(re.compile(rf"/es/{stem}\.ipynb(\?|$)"), wait_until="commit", timeout=90_000)
    page.locator(".mk-nav-where").wait_for(state="visible", timeout=90_000)
    voila.assert_healthy(page)


def expect_guardado(page) -> None:
    notes = page.locator(".mk-save-status")
    expect(notes.first).to_be_visible()
    for index in range(notes.count()):
        expect(notes.nth(index)).to_contain_text("Guardado")


def test_a_spanish_cohort_completes_the_pages_in_spanish(page, voila_without_participant, workspace):
    voila = voila_without_participant
    here = spanish_room(workspace)
    voila.open(page, f"{here}/00_start_here.ipynb")

    expect(page.locator("h1").first).to_contain_text("Empieza aquí")
    expect(page.locator(".mk-chooser")).to_contain_text("¿Quién eres?")
    page.locator(".mk-chooser-code input").fill(PID)
    page.locator("button.mk-chooser-open").click()
    expect(page.locator(".mk-profile")).to_contain_text("Tu nombre")
    expect(page.locator(".mk-profile")).not_to_contain_text("Your name")
    expect(page.locator(".mk-language-choice select")).to_be_visible()
    expect(page.locator("a.mk-language-open")).to_have_count(0)  # this page is in her language
    expect(page.locator(".mk-nav-where")).to_contain_text("Página 1 de 6")
    page.locator(".mk-profile-role input").fill("Enfermera de cuidados intensivos")
    workspace.wait_for_workbook(lambda d: d["profile"]["role"] == "Enfermera de cuidados intensivos",
                                "the role typed on the start page")
    expect_guardado(page)

    answers = {
        "01_goals": (".mk-skill-new input", "Comunicación científica"),
        "02_mentor_map": (".mk-contact-new input", "Dra. Marta Ruiz"),
        "03_outreach": (".mk-outreach-new-contact input", "Dr. Pablo Vidal"),
        "05_feedback": (".mk-win-new input", "Presenté mi póster en el congreso"),
    }
    for number, stem in enumerate(STEMS[1:], start=2):
        link = page.locator("a.mk-nav-next")
        expect(link).to_contain_text("Siguiente:")
        expect(link).to_have_attribute("href", f"{stem}.ipynb?participant={PID}")
        started = time.monotonic()
        link.click()
        open_page(page, voila, stem)
        print(f"[timing] es/{stem}: {time.monotonic() - started:.2f} s")
        expect(page.locator("h1").first).to_contain_text(HEADINGS[stem][2].removeprefix("# "))
        expect(page.locator(".mk-nav-where")).to_contain_text(f"Página {number} de 6")
        expect(page.locator(".mk-chooser")).to_have_count(0)  # the code came with the link
        if stem in answers:
            selector, text = answers[stem]
            page.locator(selector).fill(text)
            page.locator(selector).press("Enter")
        if stem == "04_expectations":
            page.locator(".mk-agreement-ground_rules textarea").fill("Nos vemos cada dos semanas.")
        expect_guardado(page)

    data = workspace.wait_for_workbook(
        lambda d: any(s["name"] == "Comunicación científica" for s in d["skills"])
        and any(c["name"] == "Dra. Marta Ruiz" for c in d["contacts"])
        and any(c["name"] == "Dr. Pablo Vidal" for c in d["contacts"])
        and "Nos vemos cada dos semanas." in d["agreement"]["ground_rules"]
        and any(w["text"] == "Presenté mi póster en el congreso" for w in d["wins"]),
        "the answers typed on pages 01-05")
    assert data["profile"].get("locale", "") == ""  # the cohort's default: nothing chosen
