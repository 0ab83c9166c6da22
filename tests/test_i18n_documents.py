"""Documents in each participant's language: worksheets, agreements and certificates; right-to-left text."""

from __future__ import annotations

import base64
import html
import io
import json
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import nbformat
import pypdf
import pytest

from mentorkit.facilitator.documents import Document
from mentorkit.i18n import catalogs
from mentorkit.i18n.extract import placeholders
from mentorkit.model import Contact, Skill, Workbook
from mentorkit.present import ChartBlock
from mentorkit.render.agreement_doc import AgreementDoc
from mentorkit.render.examples import example_workbook
from mentorkit.render.html import PageRenderer, page_footer
from mentorkit.render.localized import template_in
from mentorkit.render.pdf import PdfWriter
from mentorkit.render.sheet import SECTIONS, Worksheet, blank_workbook
from mentorkit.resources import worksheet_template
from mentorkit.store import Cohort, dump_workbook, write_atomic

TODAY = date(2026, 3, 3)
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
#: A few Spanish texts of the cohort's own (the shipped catalogs are the translators').
COHORT_CATALOGS = {
    "python": [("mentorkit/render/sheet.py", "Your next 30 days", "Tus próximos 30 días"),
               ("mentorkit/render/sheet.py", "Prepared on {day}", "Preparado el {day}")],
    "notebook-worksheet": [("04ad5b52:1", "# Your mentorship worksheet", "# Tu hoja de mentoría")],
    "content-agreement": [("text.title", "Mentoring agreement", "Acuerdo de mentoría")],
}


def write_catalogs(root: Path) -> None:
    for domain, entries in COHORT_CATALOGS.items():
        path = root / "locale" / "es" / "LC_MESSAGES" / f"{domain}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        body = "".join(f'msgctxt "{c}"\nmsgid "{m}"\nmsgstr "{s}"\n\n' for c, m, s in entries)
        path.write_text(HEADER + body, encoding="utf-8")


def put(cohort: Cohort, workbook: Workbook) -> Path:
    path = cohort.path_for(workbook.id)
    write_atomic(path, dump_workbook(workbook), cohort.file_mode)
    return path


@pytest.fixture
def mixed(cohort: Cohort) -> Cohort:
    """A cohort whose default is English; ``pia-es`` chose Spanish, ``lou-en`` did not choose."""
    write_catalogs(cohort.root)
    spanish = example_workbook(1, start=date(2026, 2, 20))
    spanish.profile.id, spanish.profile.name, spanish.profile.locale = "pia-es", "Pia Serrano", "es"
    english = example_workbook(2, start=date(2026, 2, 20))
    english.profile.id, english.profile.name = "lou-en", "Lou Bianchi"
    put(cohort, spanish)
    put(cohort, english)
    return cohort


def test_a_mixed_cohort_prints_each_participant_in_their_own_language(mixed: Cohort) -> None:
    pia = Worksheet.load(mixed.path_for("pia-es"))
    lou = Worksheet.load(mixed.path_for("lou-en"))
    assert pia.content.locale == "es" and lou.content.locale == "en"
    pia.today = lou.today = TODAY
    pia_head = pia.blocks("header")[0].markup + pia.blocks("next_30_days")[0].markup
    lou_head = lou.blocks("header")[0].markup + lou.blocks("next_30_days")[0].markup
    assert "Preparado el 3 de marzo de 2026" in pia_head and "Tus próximos 30 días" in pia_head
    assert "Prepared on 3 March 2026" in lou_head and "Your next 30 days" in lou_head
    agreement = AgreementDoc.load(mixed.path_for("pia-es")).document().markup
    assert "Acuerdo de mentoría" in agreement and "Mentoring agreement" not in agreement
    assert "Mentoring agreement" in AgreementDoc.load(mixed.path_for("lou-en")).document().markup
    certificate = Document.load(mixed.path_for("pia-es"))
    certificate.today = TODAY
    assert "3 de marzo de 2026" in certificate.certificate_blocks()[0].markup
    template = template_in(worksheet_template(), "es", mixed.root)
    assert template.cells[0].source.startswith("# Tu hoja de mentoría")


def test_the_cohort_default_language_renders_those_who_did_not_choose(mixed: Cohort) -> None:
    (mixed.root / "mentorkit.toml").write_text('locale = "es"\n', encoding="utf-8")
    assert Worksheet.load(mixed.path_for("lou-en")).content.locale == "es"
    workbook = mixed.load("pia-es")
    workbook.profile.locale = "en"
    put(mixed, workbook)
    assert Worksheet.load(mixed.path_for("pia-es")).content.locale == "en"


@pytest.mark.kernel
@pytest.mark.slow
def test_render_cohort_renders_a_mixed_cohort_each_in_own_language(mixed: Cohort, tmp_path: Path) -> None:
    from mentorkit.render.run import render_cohort

    report = render_cohort(mixed.root, tmp_path / "out", formats=("ipynb", "html"), jobs=1)
    assert [r.status for r in report.results] == ["ok", "ok"], [r.message for r in report.results]
    pia = (tmp_path / "out" / "pia-es" / "worksheet.html").read_text(encoding="utf-8")
    lou = (tmp_path / "out" / "lou-en" / "worksheet.html").read_text(encoding="utf-8")
    title = '<p class="mk-next30-title">'
    assert "Tu hoja de mentoría" in pia and f"{title}Tus próximos 30 días" in pia
    assert '<html lang="es">' in pia
    assert "Your mentorship worksheet" in lou and f"{title}Your next 30 days" in lou and "Tu hoja" not in lou
    assert '<html lang="en">' in lou
    executed = nbformat.read(str(tmp_path / "out" / "pia-es" / "worksheet.ipynb"), as_version=4)
    injected = [c.source for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "locale = \"es\"" in injected[0]
    # the agreement and the certificate too, and the PDF's page numbers
    from mentorkit.resources import kit_file

    for document, template, title in (("agreement", None, None),
                                      ("certificate", kit_file("worksheets/certificate.ipynb"),
                                       "Certificate of participation")):
        report = render_cohort(mixed.root, tmp_path / "out", formats=("html",), jobs=1, document=document,
                               template=template, title=title)
        assert not report.failed, [r.message for r in report.failed]
    report = render_cohort(mixed.root, tmp_path / "pdf", formats=("pdf",), jobs=1, only=["pia-es"])
    pdf = pypdf.PdfReader(tmp_path / "pdf" / "pia-es" / "worksheet.pdf")
    assert "Página 1 de" in pdf.pages[0].extract_text() and "Page 1 of" not in pdf.pages[0].extract_text()
    spanish, english = mixed.load("pia-es"), mixed.load("lou-en")
    for document in ("worksheet", "agreement", "certificate"):
        es = (tmp_path / "out" / "pia-es" / f"{document}.html").read_text(encoding="utf-8")
        en = (tmp_path / "out" / "lou-en" / f"{document}.html").read_text(encoding="utf-8")
        assert '<html lang="es">' in es and '<html lang="en">' in en, document
        assert english_left(page_text(es), spanish) == [], document
        assert english_left(page_text(en), english), document  # the check sees English where it is


# -- no English left in a Spanish document ---------------------------------------------------------------
#: The catalogs whose English could end up in a worksheet, agreement or certificate.
DOCUMENT_DOMAINS = ("python", "content-worksheet", "content-agreement", "content-kit", "content-ui",
                    "content-needs", "content-channels", "content-career_paths", "content-feedback",
                    "content-mentor_map", "content-outreach", "content-prompts", "content-checks",
                    "content-charts", "content-benefits", "notebook-worksheet", "notebook-agreement",
                    "notebook-certificate")


@cache
def english_sentences() -> frozenset[str]:
    """Every run of three or more English words between placeholders in the documents' catalogs."""
    found: set[str] = set()
    for domain in DOCUMENT_DOMAINS:
        for message in catalogs.load(catalogs.pot_path(domain)):
            if not message.id or not isinstance(message.id, str):
                continue
            text = message.id
            for name in placeholders(text):
                text = text.replace("{" + name + "}", "\0")
            for part in text.split("\0"):
                part = " ".join(re.sub(r"[#*_`>]", " ", part).split())
                if len(part.split()) >= 3:
                    found.add(part)
    return frozenset(found)


def participant_strings(value: Any) -> Iterator[str]:
    """Every string a participant (or the import) wrote into a workbook: names and answers."""
    if isinstance(value, dict):
        for item in value.values():
            yield from participant_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from participant_strings(item)
    elif isinstance(value, str) and value.strip():
        yield value


def svg_texts(svg: str) -> list[str]:
    """The words drawn in an SVG chart (titles, axes, legends, labels)."""
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def chart_texts(sheet: Worksheet) -> list[str]:
    """The words of every chart of a worksheet."""
    return [t for section in SECTIONS for block in sheet.blocks(section) if isinstance(block, ChartBlock)
            for t in svg_texts(block.svg)]


def page_text(page: str) -> str:
    """The words a reader sees on a rendered HTML page, the texts of its SVG charts included."""
    charts = [base64.b64decode(m).decode("utf-8")
              for m in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)]
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    words = [re.sub(r"<[^>]+>", " ", page), *(t for svg in charts for t in svg_texts(svg))]
    return " ".join(html.unescape(" ".join(words)).split())


def without_answers(text: str, workbook: Workbook) -> str:
    """``text`` (flattened) without the participant's names and answers, also where a note quotes the
    start of one (“What we discuss stays between us unl…”)."""
    answers = {" ".join(a.split()) for a in participant_strings(json.loads(workbook.model_dump_json()))}
    answers = {a for a in answers if len(a) >= 3}
    text = " ".join(text.split())

    def quoted(match: re.Match[str]) -> str:
        inner = match[1].rstrip("…").strip()
        return " " if inner and any(a.startswith(inner) or inner in a for a in answers) else match[0]

    text = re.sub(r"“([^”]*)”", quoted, text)
    for answer in sorted(answers, key=len, reverse=True):
        text = text.replace(answer, " ")
    return " ".join(re.sub(r"[#*_`>]", " ", text).split())


def english_left(text: str, workbook: Workbook) -> list[str]:
    """The catalogs' English sentences in ``text`` once the participant's own answers are taken out."""
    flat = without_answers(text, workbook)
    return sorted(s for s in english_sentences() if s in flat)


def spanish_documents(root: Path) -> tuple[str, Workbook]:
    """The plain text of a complete participant's worksheet, agreement and certificate in Spanish."""
    workbook = example_workbook(1, start=date(2026, 2, 20))
    workbook.profile.locale = "es"
    cohort = Cohort(root / "es-cohort").ensure()
    path = put(cohort, workbook)
    sheet = Worksheet.load(path)
    sheet.today = TODAY
    parts = [block.plain for section in SECTIONS for block in sheet.blocks(section)]
    parts += chart_texts(sheet)
    parts.append(AgreementDoc.load(path).document().plain)
    document = Document.load(path)
    document.today = TODAY
    parts += [b.plain for b in document.certificate_blocks()]
    for name in ("worksheet", "agreement", "certificate"):
        nb = template_in(worksheet_template(name), "es")
        # HTML comments are notes for facilitators, never shown (and not extracted for translation)
        parts += [re.sub(r"<!--.*?-->", " ", c.source, flags=re.DOTALL) for c in nb.cells
                  if c.cell_type == "markdown"]
        parts.append(str(nb.metadata.get("title", "")))
    return "\n".join(parts), workbook


def test_spanish_documents_have_no_english_beyond_names_and_answers(tmp_path: Path) -> None:
    """Fails until the Spanish catalogs are complete (and the checkers' messages are translated)."""
    text, workbook = spanish_documents(tmp_path)
    answers = set(participant_strings(json.loads(workbook.model_dump_json())))

    def quoted_answer(match: re.Match[str]) -> str:  # a checker quoting (the start of) an answer
        return " " if any(a.startswith(match.group(1)) for a in answers if match.group(1)) else match.group()

    text = re.sub(r"“([^”]*)”", quoted_answer, text)
    for answer in sorted(answers, key=len, reverse=True):
        text = text.replace(answer, " ")
    flat = " ".join(re.sub(r"[#*_`>]", " ", text).split())
    left = sorted(s for s in english_sentences() if s in flat)
    assert not left, f"{len(left)} English sentences in the Spanish documents, e.g. {left[:8]}"
    words = re.findall(r"\b(the|your|you|with|and|will|this|what)\b", flat)
    assert not words, f"English words in the Spanish documents: {sorted(set(words))}"


def test_the_english_check_finds_english_when_nothing_is_translated(tmp_path: Path) -> None:
    """The check above is not vacuous: an English worksheet is full of the catalogs' sentences."""
    workbook = example_workbook(1, start=date(2026, 2, 20))
    sheet = Worksheet(workbook, None, today=TODAY)
    flat = " ".join(block.plain for section in SECTIONS for block in sheet.blocks(section))
    flat = " ".join(re.sub(r"[#*_`>]", " ", flat).split())
    assert len([s for s in english_sentences() if s in flat]) > 10


# -- right-to-left names and answers ---------------------------------------------------------------------
ARABIC_NAME = "ليلى حداد"
HEBREW_NAME = "נועה כהן"
ARABIC_GOAL = "أن أقدم عرضين في مؤتمر قبل يونيو"
HEBREW_VALUE = "סקרנות"


def rtl_workbook() -> Workbook:
    workbook = example_workbook(1, start=date(2026, 2, 20))
    workbook.profile.name = ARABIC_NAME
    workbook.values = [HEBREW_VALUE, "fairness"]
    workbook.goals[0].text = ARABIC_GOAL
    workbook.skills = [Skill(name="כתיבה אקדמית", current=2, target=4)]
    workbook.contacts = [Contact(name=HEBREW_NAME, kind="person", needs=["networking"]), *workbook.contacts]
    workbook.agreement.mentor_name = HEBREW_NAME
    return workbook


@pytest.mark.parametrize("lang", ["en", "es"])
def test_right_to_left_answers_are_marked_for_their_own_direction(lang: str) -> None:
    sheet = Worksheet(rtl_workbook(), None, today=TODAY, locale=lang)
    markup = "".join(block.markup for section in SECTIONS for block in sheet.blocks(section))
    # every element that holds one of these answers decides its direction from its own text
    for text in (ARABIC_GOAL, "כתיבה אקדמית", HEBREW_NAME):
        assert re.search(r'<(p|td|li)[^>]*dir="auto"[^>]*>[^<]*' + re.escape(text), markup) or \
            re.search(r"<bdi>[^<]*" + re.escape(text), markup), text
    agreement = AgreementDoc(rtl_workbook(), None, locale=lang).document().markup
    assert f"<bdi>{HEBREW_NAME}</bdi>" in agreement


def test_a_worksheet_with_arabic_and_hebrew_answers_renders_to_pdf() -> None:
    sheet = Worksheet(rtl_workbook(), None, today=TODAY, locale="es")
    nb = nbformat.read(str(worksheet_template()), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("display_data", data=block.bundle())
                            for name in re.findall(r"ws\.(\w+)\(\)", cell.source)
                            for block in sheet.blocks(name)]
    page = PageRenderer("a4").render(nb, title=f"Worksheet: {ARABIC_NAME}")
    assert 'dir="auto"' in page and ARABIC_GOAL in page
    pdf = pypdf.PdfReader(io.BytesIO(PdfWriter().render(page)))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert len(pdf.pages) >= 2
    assert any("\u0590" <= ch <= "\u05ff" for ch in text)  # Hebrew letters made it into the PDF
    assert any("\u0600" <= ch <= "\u06ff" for ch in text)  # and Arabic ones


def test_a_spanish_worksheet_words_its_charts_counter_and_page_numbers_in_spanish() -> None:
    workbook = example_workbook(2, start=TODAY)
    sheet = Worksheet(workbook, None, today=TODAY, locale="es")
    charts = " ".join(chart_texts(sheet))
    assert "Nivel (1–5)" in charts and "Tú en el centro" in charts and "Quién cubre cada necesidad" in charts
    assert "rating" not in charts.lower() and "1.5" not in charts  # no English legend, no decimal point
    english = " ".join(chart_texts(Worksheet(workbook, None, today=TODAY)))
    assert "Rating (1–5)" in english and "You at the centre" in english
    assert "palabras" in sheet.blocks("outreach")[0].plain
    assert page_footer("es") == '"Página " counter(page) " de " counter(pages)' and page_footer("en") == ""


@pytest.mark.kernel
def test_the_blank_handout_of_a_spanish_cohort_is_in_spanish(cohort: Cohort) -> None:
    from mentorkit.render.run import render_blank

    (cohort.root / "mentorkit.toml").write_text('locale = "es"\n', encoding="utf-8")
    put(cohort, example_workbook(1))
    pack = render_blank(cohort.root)
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(pack.single).pages)
    assert "Página 1 de" in text and "☐ Específico" in text and "Firma de la persona mentorizada" in text
    assert english_left(text, blank_workbook()) == [] and "Page 1 of" not in text
