"""Documents in the participant's language (issue 17): a Spanish participant's worksheet, agreement
and certificate hold no English interface text beyond their own names and answers, and a cohort with
an English and a Spanish participant renders each in their own language.

"English interface text" is every English source text of the catalogs these documents are built from
that has a different Spanish translation: a fragment of it (the text between its ``{placeholders}``,
at least two words) found in the output is a string that was not translated. The participant's own
answers (every string of their workbook) are taken out of the output first.
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path

import pypdf
import pytest

from mentorkit.content import content_for
from mentorkit.core.next_steps import ask_line
from mentorkit.facilitator.documents import Document
from mentorkit.i18n.runtime import translations
from mentorkit.model import Workbook
from mentorkit.present import ChartBlock
from mentorkit.render.agreement_doc import AgreementDoc
from mentorkit.render.examples import example_workbook
from mentorkit.render.html import page_footer
from mentorkit.render.sheet import SECTIONS, Worksheet, blank_workbook
from mentorkit.store import Cohort, dump_workbook, write_atomic

TODAY = date(2026, 3, 3)
#: The catalogs the worksheet, the agreement and the certificate take their words from.
DOMAINS = (
    "python", "content-worksheet", "content-checks", "content-charts", "content-agreement",
    "content-needs", "content-benefits", "content-channels", "content-mentor_map", "content-kit",
    "content-career_paths", "content-feedback", "content-ui", "notebook-worksheet",
    "notebook-agreement", "notebook-certificate",
)
#: Shorter fragments (one word, "SMART", "Sam") are names or mean the same in both languages.
MIN_CHARS = 10


def _fragments(english: str) -> Iterable[str]:
    """The pieces of an English source text between its placeholders, without Markdown markup."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", english)  # [text](target) -> text
    text = re.sub(r"[*_`#>|]+", " ", text)
    for piece in re.split(r"\{[^{}]*\}|%\(?\w*\)?s|\n", text):
        piece = " ".join(piece.split()).strip(" .,:;()–-“”\"'‘’?!")
        if len(piece) >= MIN_CHARS and len(piece.split()) >= 2:
            yield piece


@cache
def english_ui(lang: str = "es") -> frozenset[str]:
    """Fragments of every English source text the ``lang`` catalogs translate differently."""
    found: set[str] = set()
    for domain in DOMAINS:
        table = translations(lang, domain)
        assert table, f"no {lang} catalog for {domain}"
        for (_context, english), translated in table.items():
            if " ".join(translated.split()) != " ".join(english.split()):
                found.update(f for f in _fragments(english) if f not in translated)
    return frozenset(found)


def answers(workbook: Workbook) -> list[str]:
    """Every string the participant wrote or the roster filled in, longest first."""
    strings: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            strings.extend(x.strip() for x in value.splitlines() if len(x.strip()) > 1)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(dump_workbook(workbook)))
    return sorted(set(strings), key=len, reverse=True)


def as_text(page: str) -> str:
    """The words a reader sees on an HTML page, including the texts of its SVG charts."""
    charts = [base64.b64decode(m).decode("utf-8")
              for m in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)]
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    texts = [re.sub(r"<[^>]+>", " ", page)]
    texts += [t for svg in charts for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    return " ".join(html.unescape(" \n ".join(texts)).split())


def english_left(text: str, workbook: Workbook) -> list[str]:
    """The English interface fragments in ``text`` once the participant's own answers are taken out."""
    for answer in answers(workbook):
        text = text.replace(" ".join(answer.split()), " ¦ ")
    return sorted(f for f in english_ui() if f in text)


def spanish(workbook: Workbook) -> Workbook:
    workbook.profile.locale = "es"
    return workbook


def documents_text(workbook: Workbook, lang: str) -> str:
    """The worksheet (sections and chart texts), agreement and certificate built without a kernel."""
    ws = Worksheet(workbook, today=TODAY, locale=lang)
    parts = []
    for section in SECTIONS:
        for block in ws.blocks(section):
            parts.append(block.plain)
            if isinstance(block, ChartBlock):
                parts += re.findall(r"<text[^>]*>([^<]*)</text>", block.svg)
    parts.append(AgreementDoc(workbook, locale=lang).document().plain)
    parts += [b.plain for b in Document(workbook, today=TODAY, locale=lang).certificate_blocks()]
    return " ".join(html.unescape(" \n ".join(parts)).split())


# -- the check itself can fail -----------------------------------------------------------------------
def test_the_check_finds_english_interface_text_and_ignores_answers() -> None:
    wb = example_workbook(1, start=TODAY)
    assert "Review the agreement together" in english_ui()
    assert "is too vague to act on" in english_ui()  # a fragment between placeholders
    assert not any(f in english_ui() for f in ("SMART", "Sam"))
    assert english_left("Paso 1. Review the agreement together.", wb) == ["Review the agreement together"]
    wb.reflections[0].text = "I will Review the agreement together with Ana"
    assert english_left(f"Reflexión: {wb.reflections[0].text}", wb) == []


@pytest.mark.parametrize("stage", ["complete", "blank"])
def test_spanish_documents_have_no_english_interface_text(stage: str) -> None:
    wb = spanish(example_workbook(2, start=TODAY) if stage == "complete" else blank_workbook())
    text = documents_text(wb, "es")
    assert english_left(text, wb) == []
    assert "Revisa el acuerdo con tu mentor/a" in text or stage == "blank"
    english = documents_text(wb, "en")  # the same workbook in English is caught by the same check
    assert "Ask " in english and english_left(english, wb)


def test_a_spanish_worksheet_words_its_steps_charts_and_checks_in_spanish() -> None:
    wb = spanish(example_workbook(2, start=TODAY))
    ws = Worksheet(wb, today=TODAY, locale="es")
    steps = ws.blocks("next_steps")[0].plain
    assert "Revisa el acuerdo con tu mentor/a" in steps and "Fecha límite del objetivo:" in steps
    wb.reflections = []
    assert "retroalimentación" in ws.blocks("next_steps")[0].plain  # the exercise's Spanish name
    charts = " ".join(t for s in ("skills", "mentor_map") for b in ws.blocks(s) if isinstance(b, ChartBlock)
                      for t in re.findall(r"<text[^>]*>([^<]*)</text>", b.svg))
    assert "Nivel (1–5)" in charts and "Tú en el centro" in charts and "rating" not in charts.lower()
    assert "palabras" in ws.blocks("outreach")[0].plain
    assert page_footer("es") == '"Página " counter(page) " de " counter(pages)' and page_footer("en") == ""


def test_a_spanish_ask_already_worded_as_one_is_not_asked_twice() -> None:
    es = content_for(None, "es")
    worded = "Pide a Ana que lea mi resumen."
    assert ask_line("Ana", worded, es) == worded
    assert ask_line("Ana", "una llamada de 20 minutos", es) == "Pide a Ana: una llamada de 20 minutos"
    assert ask_line("Ana", worded) == "Ask Ana: Pide a Ana que lea mi resumen."  # English rules


# -- through papermill: a mixed cohort ---------------------------------------------------------------
@pytest.mark.kernel
def test_a_mixed_cohort_renders_each_participant_in_their_own_language(tmp_path: Path) -> None:
    from mentorkit.render.run import render_cohort
    from mentorkit.resources import kit_file

    cohort = Cohort(tmp_path / "cohort").ensure()
    people = {"es": spanish(example_workbook(1)), "en": example_workbook(2)}
    for wb in people.values():
        write_atomic(cohort.path_for(wb.id), dump_workbook(wb), cohort.file_mode)
    out = tmp_path / "out"
    for document, template, title in (("worksheet", None, None), ("agreement", None, None),
                                      ("certificate", kit_file("worksheets/certificate.ipynb"),
                                       "Certificate of participation")):
        formats = ("html", "pdf") if document == "worksheet" else ("html",)
        report = render_cohort(cohort.root, out, formats=formats, jobs=1, document=document,
                               template=template, title=title)
        assert not report.failed, [r.message for r in report.failed]

    def page(lang: str, document: str) -> str:
        return (out / people[lang].id / f"{document}.html").read_text(encoding="utf-8")

    for document in ("worksheet", "agreement", "certificate"):
        es, en = page("es", document), page("en", document)
        assert '<html lang="es">' in es and '<html lang="en">' in en, document
        assert english_left(as_text(es), people["es"]) == [], document
        assert english_left(as_text(en), people["en"]), document  # English is still English
    assert "Tu hoja de trabajo de mentoría" in page("es", "worksheet")
    assert "Your mentorship worksheet" in page("en", "worksheet")
    assert "Certificado de participación" in page("es", "certificate")
    assert "Certificate of participation" in page("en", "certificate")
    pdf = pypdf.PdfReader(io.BytesIO((out / people["es"].id / "worksheet.pdf").read_bytes()))
    assert "Página 1 de" in pdf.pages[0].extract_text()


@pytest.mark.kernel
def test_the_blank_handout_of_a_spanish_cohort_is_in_spanish(tmp_path: Path) -> None:
    from mentorkit.render.run import render_blank

    cohort = Cohort(tmp_path / "room").ensure()
    (cohort.root / "mentorkit.toml").write_text('locale = "es"\n', encoding="utf-8")
    wb = example_workbook(1)
    write_atomic(cohort.path_for(wb.id), dump_workbook(wb), cohort.file_mode)
    pack = render_blank(cohort.root)
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(pack.single).pages)
    assert "Página 1 de" in text and "☐ Específico" in text and "Firma de la persona mentorizada" in text
    assert english_left(text, blank_workbook()) == [] and "Page 1 of" not in text
