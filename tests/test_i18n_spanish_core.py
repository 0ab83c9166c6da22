"""The Spanish workshop's core texts: rules for every [rules] key, templates filled the Spanish way,
role plurals and dates from the content and Babel, feedback and consent rules in Spanish; English
output unchanged."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from mentorkit.content import bundled, content_for
from mentorkit.content.localize import rule_keys, rules_files
from mentorkit.content.overlay import bundled_rules
from mentorkit.core import feedback_practice as fp
from mentorkit.core import where_to_look as look
from mentorkit.core.agreement import agreement_text
from mentorkit.core.conversation import check_conversation, conversation_notes
from mentorkit.core.mentor_map import analyse_map, suggest_asks
from mentorkit.core.outreach import check_message, fill_template, placeholders
from mentorkit.core.paths import rank_paths
from mentorkit.core.progress import diff_snapshots, take_snapshot
from mentorkit.core.smart import check_goal
from mentorkit.core.text import as_typed
from mentorkit.facilitator.documents import consented
from mentorkit.facilitator.matching import load_config
from mentorkit.i18n.keys import policy
from mentorkit.model import Conversation, Goal, GoalStatus, Workbook

ES = content_for(None, "es")


def _workbook(**parts: object) -> Workbook:
    data: dict[str, object] = {"profile": {"id": "p1", "name": "Lucía Herrán", "role": "Enfermera",
                                           "field": "cuidados intensivos"}}
    data.update(parts)
    return Workbook.model_validate(data)


GOAL = {"id": "g1", "text": "Quiero aprobar el examen B2 de inglés antes del 30 de junio"}
CONTACT = {"id": "c1", "name": "Marta Gil", "expertise": "enfermería pediátrica", "kind": "person"}


def test_every_rules_file_of_i18n_toml_has_spanish_rules(caplog: pytest.LogCaptureFixture) -> None:
    spanish = bundled_rules("es")
    for name in policy().rules:
        assert name in spanish, f"content/rules/es/{name}.toml is missing"
        assert spanish[name], name
    with caplog.at_level(logging.WARNING, logger="mentorkit.i18n"):
        for name in spanish:
            for origin, data in rules_files(name, "es", None):
                rule_keys(name, data, origin)
    assert "not a rules key" not in caplog.text  # no key of a shipped rules file is dropped


def test_outreach_templates_take_the_bare_role_and_the_goal_as_typed_in_spanish() -> None:
    wb = _workbook(goals=[GOAL], contacts=[CONTACT])
    values = placeholders(wb, wb.contacts[0], wb.goals[0], content=ES)
    assert values["mentee_role_article"] == "enfermera"
    assert values["goal_doing"] == "aprobar el examen B2 de inglés antes del 30 de junio"
    _, body = fill_template("email", wb, wb.contacts[0], wb.goals[0], content=ES)
    assert "soy enfermera en el ámbito de cuidados intensivos" in body
    assert "estoy trabajando para aprobar el examen B2 de inglés antes del 30 de junio." in body
    empty = Workbook.model_validate({"profile": {"id": "p2", "name": "Sam"}})
    subject, body = fill_template("email", empty, None, None, content=ES)
    assert "[tu puesto]" in body and "[lo que quieres lograr]" in body and "[your" not in body
    report = check_message(subject, body, content=ES)
    assert not report["placeholders"].ok and "[tu puesto]" in report["placeholders"].message
    # English: the article and the -ing form, the English hints
    english = placeholders(_workbook(profile={"id": "p3", "name": "Al", "role": "Engineer"},
                                     goals=[{"id": "g", "text": "I want to land a postdoc"}]),
                           None, None)
    assert english["mentee_role_article"] == "an engineer"
    assert english["goal_doing"] == "[what you are working on]"
    assert placeholders(empty, None, None)["mentee_role"] == "[your role]"


def test_network_reading_counts_roles_with_the_contents_plurals() -> None:
    contacts = [{"id": "a", "name": "Ana", "network_role": "peer"},
                {"id": "b", "name": "Bo", "network_role": "peer"},
                {"id": "c", "name": "", "network_role": "senior"}]
    wb = _workbook(contacts=contacts)
    spanish = look.network_shape(wb, ES.get("channels"))
    assert spanish.reading.startswith("Tienes 2 pares y 1 mentor o mentora sénior.")
    assert spanish["peer"].message == "Par: Ana y Bo."
    assert spanish["senior"].message == "Mentor/a sénior: Persona 3."
    english = look.network_shape(wb, bundled().get("channels"))
    assert english.reading.startswith("You have 2 peers and 1 senior mentor.")


def test_ask_dates_are_written_for_the_language() -> None:
    today = date(2026, 1, 10)
    soon = look.check_due(date(2026, 1, 12), today, ES.get("channels"), ES.locale)
    assert "12 de enero de 2026" in soon.message and "17 de enero de 2026" in soon.message
    assert "2026-01" not in soon.message
    english = look.check_due(date(2026, 1, 12), today, bundled().get("channels"))
    assert "2026-01-12" in english.message and "2026-01-17" in english.message


def test_the_printed_agreement_has_spanish_dates_and_roles() -> None:
    wb = _workbook(goals=[{**GOAL, "target_date": "2026-06-30"}],
                   agreement={"mentee_name": "Lucía", "mentor_name": "Marta", "goal_ids": ["g1"],
                              "start": "2026-01-05", "end": "2026-06-30", "checkpoints": ["2026-03-01"]})
    text = " ".join(agreement_text(wb, content=ES).split())
    assert "(para el 30 de junio de 2026)" in text and "del 5 de enero de 2026 al 30 de junio de 2026" in text
    assert "- 1 de marzo de 2026" in text and "Persona mentorizada: Lucía" in text
    assert "Mentor/a: Marta" in text and "2026-0" not in text
    english = agreement_text(wb, content=bundled())
    assert "(by 2026-06-30)" in english and "- 2026-03-01" in english and "Mentee: Lucía" in english


def test_target_date_and_benefits_in_the_goal_check_are_spanish() -> None:
    wb = _workbook(goals=[{**GOAL, "target_date": "2026-06-30", "benefits": ["networking"]}])
    result = check_goal(wb.goals[0], wb, content=ES, today=date(2026, 1, 1))
    assert result["time_bound"].message == "Fecha objetivo: 30 de junio de 2026."
    assert "“red de contactos”" in result["relevant"].message


def test_feedback_changes_and_requests_in_spanish() -> None:
    data = ES.get("feedback")
    wb = _workbook(goals=[GOAL], changes=[
        {"text": "Voy a pedir opinión después de cada turno", "goal_id": "g1"},
        {"text": "La charla del lunes", "goal_id": "nada"},
        {"text": "Pedir a Marta que lea mi presentación", "goal_id": "g1"},
    ])
    first, vague, imperative = (fp.check_change(c, wb, data) for c in wb.changes)
    assert first.ok and first["goal"].message == "Vinculado a un objetivo."
    assert imperative["action"].ok
    assert not vague["action"].ok and not vague["goal"].ok
    assert [title for title, _ in fp.changes_by_goal(wb, data)] == [GOAL["text"], "Sin objetivo todavía"]
    assert [title for title, _ in fp.changes_by_goal(wb)][-1] == "No goal yet"
    assert not fp.check_request("mi trabajo", data).ok and not fp.check_request("Todo", data).ok
    assert fp.check_request("los cinco primeros minutos de mi charla", data).ok


def test_consent_answers_in_spanish_and_the_column_stays_the_csv_header() -> None:
    briefing = ES.get("kit")["briefing"]
    assert briefing["consent_column"] == bundled().get("kit")["briefing"]["consent_column"]
    wb = _workbook(profile={"id": "p1", "name": "Lucía", "extra": {"Share with mentor": "Sí"}})
    assert consented(wb, briefing)
    assert not consented(wb, bundled().get("kit")["briefing"])  # "sí" is not an English yes
    assert not consented(_workbook(profile={"id": "p1", "name": "L", "extra": {"Share with mentor": "no"}}),
                         briefing)


def test_career_stages_and_fields_match_across_languages() -> None:
    for config in (load_config(), load_config(ES)):
        assert config.stage_level("doctorado") == config.stage_level("doctoral") == 3
        assert config.stage_level("posdoctorado") == config.stage_level("postdoc")
        assert config.field_group("Enfermería") == config.field_group("Nursing")
    for stage in ES.get("ui")["profile"]["career_stages"]:
        assert load_config().stage_level(stage) is not None, stage


def test_career_paths_match_spanish_values_and_skills() -> None:
    wb = _workbook(values=["cuidado", "bienestar"],
                   skills=[{"name": "práctica clínica", "current": 2, "target": 4}])
    best = rank_paths(wb, ES.get("career_paths"))[0]
    assert best.path.key == "health_care" and best.values == ["cuidado", "bienestar"]
    assert best.reasons[0].endswith(": cuidado y bienestar")
    assert rank_paths(wb, bundled().get("career_paths"))[0].score == 0


def test_spanish_advice_quotes_the_words_as_typed() -> None:
    assert as_typed("mas", "Ser más seguro") == "más"
    assert as_typed("examen b2 ingles", "Aprobar el examen B2 de inglés") == "examen B2 de inglés"
    assert as_typed("nada", "Ser más seguro") == "nada"  # not found: the phrase itself
    more = check_goal(Goal(text="Ser más rápida en las guardias"), content=ES)
    assert more["specific"].message.startswith("“más” no tiene medida.")
    clear = check_goal(Goal(text="Hablar inglés perfecto en público"), content=ES, today=date(2026, 1, 1))
    assert clear["specific"].message == "Paso claro: “Hablar inglés perfecto en público”."
    assert clear["achievable"].message == "Hazlo alcanzable: “perfecto” pone un listón de todo o nada."


def test_the_conversation_plan_check_speaks_spanish() -> None:
    plan = Conversation(contact_id="c1", questions=["¿Cómo empezaste?", "¿Qué leerías?"], offer="")
    spanish = check_conversation(plan, ES.get("conversation"), ES.tr)
    assert spanish["questions"].message == "Preguntas: 2. Elige al menos 5."
    assert spanish["offer"].message == "Anota una cosa que puedas ofrecer a cambio."
    english = check_conversation(plan, bundled().get("conversation"))
    assert english["questions"].message == "2 questions: choose at least 5."


def test_conversation_notes_name_an_unnamed_contact_in_the_language() -> None:
    wb = _workbook(contacts=[{"id": "c1", "name": "", "kind": "person"}],
                   conversations=[{"contact_id": "c1", "held_on": "2026-03-03", "notes": "Leer el informe"}])
    assert conversation_notes(wb, ES)[0]["who"] == "un contacto"
    assert conversation_notes(wb)[0]["who"] == "a contact"


def test_suggested_asks_and_unnamed_people_in_spanish() -> None:
    wb = _workbook(contacts=[{"id": "c1", "name": "", "relation": "compañera de planta", "kind": "person",
                              "needs": ["emotional_support"]}])
    report = analyse_map(wb, list(ES.need_categories), content=ES)
    assert "Persona 1" in report.coverage["emotional_support"]
    asks = {a.need: a for a in suggest_asks(wb, report, date(2026, 1, 1), content=ES)}
    assert asks["role_models"].who == "alguien nuevo"
    assert asks["role_models"].what.startswith("Pide a alguien nuevo")
    assert asks["accountability"].who == "Persona 1"  # a colleague: the one to ask for accountability
    english = analyse_map(wb, list(bundled().need_categories), content=bundled())
    assert "Person 1" in english.coverage["emotional_support"]


def test_the_progress_summary_speaks_the_participants_language() -> None:
    wb = _workbook(skills=[{"name": "Liderazgo", "current": 2, "target": 4}], goals=[GOAL])
    cats = list(ES.need_categories)
    before = take_snapshot(wb, cats)
    wb.skills[0].current = 3
    wb.goals[0].status = GoalStatus.done
    after = take_snapshot(wb, cats)
    spanish = diff_snapshots(before, after, ES.tr).summary
    assert spanish[0] == "Liderazgo: sube de 2 a 3."
    assert "Objetivos cumplidos: 1 de 1 (1 más que antes)." in spanish
    assert diff_snapshots(before, after).summary[0] == "Liderazgo: up from 2 to 3."
