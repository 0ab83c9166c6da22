"""The agreement as its own document (issue 13 item 3): the form's blocks without a kernel, each
document's stamp and plan on their own, and ``agreement.pdf`` per participant rendered for real."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pypdf
import pytest

from mentorkit.cli import main
from mentorkit.model import Agreement, Profile, Reflection, Skill, Workbook
from mentorkit.render.agreement_doc import PARTS, AgreementDoc
from mentorkit.render.examples import example_workbook
from mentorkit.render.html import print_css
from mentorkit.render.plan import Template, make_plan
from mentorkit.render.worker import FORMATS, STAMP_NAME, output_names, stamp_name
from mentorkit.store import Cohort, dump_workbook, write_atomic

REFLECTION = "How many people I already know cover a need I had not named."


def put(cohort: Cohort, workbook: Workbook) -> str:
    write_atomic(cohort.path_for(workbook.id), dump_workbook(workbook), cohort.file_mode)
    return workbook.id


def just_imported() -> Workbook:
    """A participant straight from the roster: ratings and a reflection, no agreement."""
    return Workbook(profile=Profile(id="ivo-blank", name="Ivo Blank"),
                    skills=[Skill(name="Negotiation", current=2)],
                    reflections=[Reflection(prompt="What surprised you?", text=REFLECTION)])


def doc(workbook: Workbook) -> AgreementDoc:
    shown: list = []
    return AgreementDoc(workbook, None, display=shown.append)


# -- the form, without a kernel --------------------------------------------------------------------
def test_a_complete_agreement_prints_every_clause_names_and_signature_lines_and_nothing_personal() -> None:
    wb = example_workbook(2)
    form = doc(wb).document()
    a = wb.agreement
    for text in (a.mentee_name, a.mentor_name, a.confidentiality, a.ending, a.ground_rules[0], a.reply_time,
                 wb.goals[0].text):
        assert text in form.plain
    assert form.markup.count('class="mk-signature"') == 2  # mentee and mentor
    assert form.plain.rstrip().splitlines()[-1].startswith("Mentor:")  # the signatures come last
    assert "Signature: ____" in form.plain
    for private in (wb.reflections[0].text, wb.skills[0].name, wb.contacts[1].name, wb.wins[0].text):
        assert private not in form.plain and private not in form.markup
    assert "mk-fill-wide" not in form.markup  # nothing left blank


def test_missing_clauses_print_as_lines_to_fill_in() -> None:
    form = doc(just_imported()).document()
    assert "Ivo Blank" in form.plain  # the mentee's name from the profile
    assert form.markup.count("mk-fill-wide") >= 2 * 8  # goals, clauses and rules as writing lines
    assert "Mentor: ____" in form.plain and REFLECTION not in form.plain and "Negotiation" not in form.plain
    assert "Worth another look" not in form.plain  # blanks are not listed twice


def test_a_vague_clause_is_printed_and_listed_to_look_at_again() -> None:
    wb = example_workbook(1)
    wb.agreement = wb.agreement.model_copy(update={"confidentiality": "Be respectful"})
    form = doc(wb).document()
    assert "Be respectful" in form.plain and "Worth another look together" in form.plain


def test_participant_text_is_escaped_and_parts_are_known() -> None:
    wb = example_workbook(3)
    wb.agreement = wb.agreement.model_copy(update={"ending": "<script>x()</script>"})
    form = doc(wb).document()
    assert "<script>" not in form.markup and "&lt;script&gt;" in form.markup
    with pytest.raises(ValueError, match="no agreement part"):
        doc(wb).blocks("reflections")
    assert PARTS[-1] == "signatures"


def test_the_agreement_stylesheet_keeps_clauses_whole_and_only_on_the_agreement() -> None:
    css = print_css("agreement")
    assert "section.mk-clause { break-inside: avoid" in css and css.startswith(print_css("worksheet"))
    assert "section.mk-clause" not in print_css("worksheet")  # the agreement's own rules stay on it


# -- each document has its own outputs, stamp and plan ----------------------------------------------
def test_each_document_is_planned_from_its_own_stamp(cohort: Cohort, tmp_path: Path) -> None:
    assert output_names("agreement")["pdf"] == "agreement.pdf" and stamp_name("agreement") != STAMP_NAME
    for pid in ("ana", "ben"):
        cohort.path_for(pid).write_text(json.dumps({"id": pid}))
    out = tmp_path / "out"
    template = Template(Path("/templates/agreement.ipynb"), "t", "python3", ())
    first = make_plan(cohort, out, template, FORMATS, "a4", document="worksheet")
    for task in first.tasks:  # the worksheets are rendered; no agreement yet
        folder = out / task.participant_id
        folder.mkdir(parents=True)
        for name in output_names("worksheet").values():
            (folder / name).write_text("x")
        (folder / STAMP_NAME).write_text(json.dumps({"status": "ok", "formats": list(FORMATS),
                                                     "inputs": task.inputs}))
    assert make_plan(cohort, out, template, FORMATS, "a4").tasks == []
    agreements = make_plan(cohort, out, template, FORMATS, "a4", document="agreement")
    assert {t.participant_id: t.reason for t in agreements.tasks} == {"ana": "new", "ben": "new"}


# -- rendered for real -------------------------------------------------------------------------------
def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)


def report(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "report-agreement.csv", newline="", encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


@pytest.mark.kernel
def test_render_writes_agreement_pdf_per_participant_and_resumes(cohort: Cohort) -> None:
    full = example_workbook(4)
    ids = [put(cohort, full), put(cohort, just_imported())]
    out = cohort.root / "worksheets"
    assert main(["render", "--cohort", str(cohort.root), "--jobs", "2", "--documents", "agreement"]) == 0
    for pid in ids:
        assert (out / pid / "agreement.pdf").is_file() and (out / pid / "agreement.html").is_file()
        assert not (out / pid / "worksheet.pdf").exists()  # only the document asked for
        text = pdf_text(out / pid / "agreement.pdf")
        assert "Mentoring agreement" in text and text.count("Signature:") == 2
        assert REFLECTION not in text and full.reflections[0].text not in text
        assert "Negotiation" not in text and full.skills[0].name not in text  # no self-ratings
    text = pdf_text(out / full.id / "agreement.pdf")
    assert full.agreement.mentor_name in text and full.agreement.disagreements in text
    assert text.rindex("Signature:") > text.index(full.agreement.ending)  # signatures at the end
    assert {row["status"] for row in report(out).values()} == {"ok"}

    # Resumable: nothing to do; then only the changed participant and the deleted output again.
    before = (out / full.id / "agreement.pdf").stat().st_mtime_ns
    assert main(["render", "--cohort", str(cohort.root), "--jobs", "1", "--documents", "agreement"]) == 0
    assert {row["status"] for row in report(out).values()} == {"skipped"}
    assert (out / full.id / "agreement.pdf").stat().st_mtime_ns == before
    wb = just_imported()
    wb.agreement = Agreement(mentor_name="Noor Haddad")
    put(cohort, wb)
    assert main(["render", "--cohort", str(cohort.root), "--jobs", "1", "--documents", "agreement",
                 "--format", "html"]) == 0
    assert {pid: row["status"] for pid, row in report(out).items()} == {full.id: "skipped", wb.id: "ok"}
    assert "Noor Haddad" in (out / wb.id / "agreement.html").read_text(encoding="utf-8")
    assert not (out / wb.id / "agreement.pdf").exists()  # no stale output of another run
