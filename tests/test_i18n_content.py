"""Content in a language: catalogs and rules at run time, the cohort default and the participant's choice."""

from __future__ import annotations

import logging
import os
import time
from datetime import date
from pathlib import Path

import pytest

from mentorkit import ui
from mentorkit.content import content_for
from mentorkit.core.smart import check_goal
from mentorkit.i18n import locales, runtime
from mentorkit.i18n.formats import format_date, format_list, format_number
from mentorkit.model import Goal
from mentorkit.session import LiveWorkbook
from mentorkit.store import Cohort, participant_locale

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'


def write_po(root: Path, lang: str, domain: str, entries: list[tuple[str, str, str]], *,
             fuzzy: tuple[str, ...] = ()) -> Path:
    """A small catalog in a cohort's own ``locale/`` folder (the shipped ones belong to translators)."""
    path = root / "locale" / lang / "LC_MESSAGES" / f"{domain}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(
        ("#, fuzzy\n" if ctx in fuzzy else "")
        + f'msgctxt "{ctx}"\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n\n' for ctx, msgid, msgstr in entries)
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def write_rules(root: Path, lang: str, name: str, text: str) -> None:
    folder = root / "content" / "rules" / lang
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.toml").write_text(text, encoding="utf-8")


@pytest.fixture
def spanish(sample_cohort: Cohort) -> Cohort:
    """The sample cohort with a few Spanish texts and Spanish SMART rules of its own."""
    root = sample_cohort.root
    write_po(root, "es", "content-ui", [
        ("profile.name", "Your name", "Tu nombre"),
        ("goals.kinds[0][0]", "Career move", "Cambio profesional"),
        ("nav.next", "Next: {title} →", "Siguiente: {title} →"),
        ("nav.where", "Page {number} of {total}: {title}", "Página {numero} de {total}: {title}"),
        ("profile.email", "Email (optional)", "Correo (opcional)"),
    ], fuzzy=("profile.email",))
    write_rules(root, "es", "smart", 'number_words = ["uno", "dos", "tres"]\n[horizon]\n'
                                     'months = ["enero", "junio"]\nlead_words = ["antes de", "en", "para"]\n')
    write_rules(root, "es", "ui", '[profile]\nname = "not a rule"\ncareer_stages = ["doctorado"]\n')
    return sample_cohort


def test_content_for_spanish_takes_the_catalog_and_the_rules(spanish: Cohort,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="mentorkit.i18n"):
        es = content_for(spanish.root, "es")
    assert es.locale == "es"
    profile = es.ui("profile")
    assert profile["name"] == "Tu nombre"
    # fuzzy in the cohort's catalog: not used (mentorkit's own Spanish catalog answers instead)
    assert profile["email"] == content_for(None, "es").ui("profile")["email"] != "Correo (opcional)"
    assert profile["career_stages"] == ("doctorado",)  # a rule: replaced for Spanish
    assert es.ui("goals")["kinds"][0] == ("Cambio profesional", "career")  # the stored value stays
    # placeholders differ in the cohort's catalog: not used (mentorkit's own catalog answers instead)
    where = content_for(None, "es").ui("nav")["where"]
    assert es.ui("nav")["where"] == where != "Page {number} of {total}: {title}"
    assert es.ui("nav")["next"] == "Siguiente: {title} →"
    assert es.get("smart")["number_words"] == ("uno", "dos", "tres")
    assert es.get("smart")["horizon"]["months"] == ("enero", "junio")
    # not in the cohort's rules file: mentorkit's own Spanish rules
    weekdays = es.get("smart")["horizon"]["weekdays"]
    assert weekdays == content_for(None, "es").get("smart")["horizon"]["weekdays"] and weekdays[0] == "lunes"
    # not in the cohort's catalog: mentorkit's own Spanish catalog
    assert es.ui("skills")["values_title"] == content_for(None, "es").ui("skills")["values_title"]
    said = caplog.text
    assert "profile.name is not a rules key of ui.toml" in said
    assert "content-ui.po" in said and "[nav.where]" in said and "placeholders differ" in said
    english = content_for(spanish.root)
    assert english.locale == "en" and english.ui("profile")["name"] == "Your name"
    assert english.get("smart")["number_words"][0] == "one"


def test_rules_overlay_merges_arrays_of_tables_by_key(spanish: Cohort) -> None:
    write_rules(spanish.root, "es", "agreement",
                '[[frequencies]]\nkey = "monthly"\naliases = ["cada mes", "mensual"]\n')
    es = content_for(spanish.root, "es")
    by_key = {f["key"]: f for f in es.get("agreement")["frequencies"]}
    assert by_key["monthly"]["aliases"] == ("cada mes", "mensual")
    # the other frequencies keep the bundled Spanish rules
    bundled_es = content_for(None, "es").get("agreement")["frequencies"]
    assert by_key["weekly"]["aliases"] == bundled_es[0]["aliases"]
    assert by_key["monthly"]["aliases"] != bundled_es[2]["aliases"]


def test_a_smart_check_uses_the_spanish_rules(spanish: Cohort) -> None:
    goal = Goal(text="Publicar tres artículos antes de junio", kind="career")
    english = check_goal(goal, None, today=date(2026, 3, 3), content=content_for(spanish.root))
    spanish_result = check_goal(goal, None, today=date(2026, 3, 3), content=content_for(spanish.root, "es"))
    time_bound = {c.key: c.ok for c in spanish_result.checks}["time_bound"]
    assert time_bound and not {c.key: c.ok for c in english.checks}["time_bound"]


@pytest.mark.parametrize("tag", ["es", "es_MX", "es-ES", "ES", "es_419"])
def test_regional_tags_fall_back_to_spanish(spanish: Cohort, tag: str) -> None:
    assert content_for(spanish.root, tag).ui("profile")["name"] == "Tu nombre"


def test_a_regional_catalog_wins_over_the_language_one(spanish: Cohort) -> None:
    write_po(spanish.root, "es_MX", "content-ui", [("profile.name", "Your name", "Su nombre")])
    assert content_for(spanish.root, "es-MX").ui("profile")["name"] == "Su nombre"
    assert content_for(spanish.root, "es").ui("profile")["name"] == "Tu nombre"


@pytest.mark.parametrize("tag", ["xx", "zz-QQ", "not a tag", "../../etc"])
def test_an_unknown_locale_shows_english(spanish: Cohort, tag: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="mentorkit.i18n"):
        content = content_for(spanish.root, tag)
    assert content.locale == "en" and content.ui("profile")["name"] == "Your name"
    assert "has no catalogs" in caplog.text and "showing English" in caplog.text


def test_a_broken_catalog_shows_english_and_names_file_and_line(spanish: Cohort,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    path = spanish.root / "locale" / "es" / "LC_MESSAGES" / "content-ui.po"
    broken = 'msgctxt "profile.name"\nmsgid "Your name"\nmsgstr Tu nombre\n'  # no quotes
    path.write_text(HEADER + broken, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="mentorkit.i18n"):
        content = content_for(spanish.root, "es")
    # the broken cohort catalog is not read: mentorkit's own Spanish catalog answers instead
    assert content.ui("profile")["name"] == content_for(None, "es").ui("profile")["name"]
    assert f"{path}:7:" in caplog.text and "showing English" in caplog.text
    from mentorkit.i18n import catalogs

    with pytest.raises(ValueError, match=r"content-ui.po:7: cannot read catalog: expected msgstr"):
        catalogs.load(path)


def test_content_is_cached_per_locale_and_rebuilt_when_a_catalog_changes(spanish: Cohort) -> None:
    first = content_for(spanish.root, "es")
    assert content_for(spanish.root, "es") is first
    assert content_for(spanish.root, "en") is not first
    path = write_po(spanish.root, "es", "content-ui", [("profile.name", "Your name", "Nombre completo")])
    os.utime(path, ns=(time.time_ns(), time.time_ns()))
    time.sleep(runtime.STAMP_SECONDS + 0.05)  # catalogs are looked at again at most once a second
    again = content_for(spanish.root, "es")
    assert again is not first and again.ui("profile")["name"] == "Nombre completo"


def test_strings_in_code_come_from_the_python_catalog(spanish: Cohort) -> None:
    write_po(spanish.root, "es", "python", [("mentorkit/render/sheet.py", "Your next 30 days",
                                             "Tus próximos 30 días")])
    assert content_for(spanish.root, "es").tr("Your next 30 days") == "Tus próximos 30 días"
    assert content_for(spanish.root, "es").tr("Not in any catalog") == "Not in any catalog"
    assert content_for(spanish.root).tr("Your next 30 days") == "Your next 30 days"


# -- the cohort's default and the participant's choice ---------------------------------------------------
def set_cohort_locale(cohort: Cohort, tag: str) -> Cohort:
    (cohort.root / "mentorkit.toml").write_text(f'locale = "{tag}"\n', encoding="utf-8")
    return Cohort(cohort.root)


def test_the_cohort_default_applies_until_a_participant_chooses(spanish: Cohort) -> None:
    cohort = set_cohort_locale(spanish, "es")
    assert cohort.locale == "es" and cohort.content.locale == "es"
    live = LiveWorkbook(cohort, "ana-lima", debounce=0)
    assert live.locale == "es" and live.content.ui("profile")["name"] == "Tu nombre"
    assert participant_locale(cohort.path_for("ana-lima")) == "es"
    live.workbook.profile.locale = "en"
    live.changed()
    live.flush()
    assert live.locale == "en" and live.content.ui("profile")["name"] == "Your name"
    assert participant_locale(cohort.path_for("ana-lima")) == "en"
    assert participant_locale(cohort.path_for("ben-okafor")) == "es"
    assert Cohort(cohort.root).load("ana-lima").profile.locale == "en"  # saved in the workbook


def test_an_english_cohort_participant_may_choose_spanish(spanish: Cohort) -> None:
    assert spanish.locale == "en"
    live = LiveWorkbook(spanish, "ana-lima", debounce=0)
    profile = " ".join(str(getattr(w, "value", "")) for w in _all(ui.profile(live)))
    assert "Your name" in profile and "Tu nombre" not in profile
    choice = ui.language(live)
    box = choice.one("mk-language-choice")
    assert ("Español", "es") in list(box.options) and box.value == ""
    box.value = "es"
    assert live.workbook.profile.locale == "es"
    note = choice.one("mk-language-note").value
    assert "es/00_start_here.ipynb" in note and "mk-language-open" in note
    spanish_profile = ui.profile(live)  # every exercise built afterwards is in Spanish
    labels = " ".join(str(getattr(w, "value", "")) for w in _all(spanish_profile))
    assert "Tu nombre" in labels and "Your name" not in labels


def test_a_bad_cohort_locale_falls_back_to_english(spanish: Cohort, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="mentorkit.i18n"):
        cohort = set_cohort_locale(spanish, "klingon")
        assert cohort.locale == "en"
    assert "mentorkit.toml" in caplog.text and "klingon" in caplog.text


def test_the_profile_rejects_a_malformed_locale() -> None:
    from pydantic import ValidationError

    from mentorkit.model import Profile

    assert Profile(id="a", name="A", locale="es-MX").locale == "es-MX"
    with pytest.raises(ValidationError):
        Profile(id="a", name="A", locale="<script>")


def _all(widget):  # noqa: ANN001, ANN202 - ipywidgets are untyped
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _all(child)


# -- formatting ------------------------------------------------------------------------------------------
def test_dates_numbers_and_lists_follow_the_language() -> None:
    day = date(2026, 3, 3)
    assert format_date(day, "en") == "3 March 2026"
    assert format_date(day, "es") == "3 de marzo de 2026"
    assert format_number(1234.5, "es") == "1234,5" or format_number(1234.5, "es") == "1.234,5"
    assert format_number(1234.5, "en") == "1,234.5"
    assert format_list(["a", "b", "c"], "en") == "a, b, c"
    assert format_list(["a", "b", "c"], "es") == "a, b y c"
    assert format_list(["a", "b"], "en", "standard") == "a and b"
    assert format_date(day, "no-such-tag") == "3 March 2026"


def test_locale_tags_normalise() -> None:
    assert locales.normalize("es-mx") == "es_MX"
    assert locales.normalize("pt_br") == "pt_BR"
    assert locales.normalize("") is None and locales.normalize("x y") is None
    assert locales.candidates("es-ES") == ["es_ES", "es"]
    assert locales.display_name("es") == "Español"
