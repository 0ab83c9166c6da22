"""Checker rules per language: the overlay of content/rules/<lang>/ and the Spanish checkers."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import pytest

import mentorkit.content as mentorkit_content
from mentorkit.content import Content, bundled
from mentorkit.content.loader import freeze
from mentorkit.content.overlay import bundled_rules, language_of, languages, merge, with_rules
from mentorkit.core.agreement import check_agreement, clause_verdict, find_choice, frequencies
from mentorkit.core.morph import RuleMorphology
from mentorkit.core.outreach import check_message
from mentorkit.core.smart import _lists, check_goal, find_horizon
from mentorkit.core.text import fold
from mentorkit.model import Agreement, Contact, Goal

ES = with_rules(bundled(), "es")


# --- the overlay -------------------------------------------------------------------------------


def test_merge_replaces_keys_by_path_and_keeps_the_rest():
    base = freeze({"a": {"x": [1, 2], "y": "keep"}, "b": "prose", "t": [{"k": "w", "al": ["x"]}]})
    rules = freeze({"a": {"x": [3]}, "t": [{"al": ["semanal"]}]})
    merged = merge(base, rules)
    assert merged["a"]["x"] == (3,)
    assert merged["a"]["y"] == "keep" and merged["b"] == "prose"
    assert merged["t"][0] == {"k": "w", "al": ("semanal",)}  # an array of tables merges item by item
    assert isinstance(merged, MappingProxyType)
    assert base["a"]["x"] == (1, 2)  # the base content is not changed


def test_merge_of_tables_keeps_a_cohorts_extra_ones():
    merged = merge(freeze({"t": [{"k": 1}, {"k": 2}]}), freeze({"t": [{"k": 3}]}))
    assert merged["t"] == ({"k": 3}, {"k": 2})
    assert merge(freeze({"t": [{"k": 1}]}), freeze({"t": [{"k": 3}, {"k": 4}]}))["t"] == ({"k": 3},)


def test_with_rules_is_cached_and_english_is_the_content_itself():
    base = bundled()
    assert with_rules(base, "en") is base
    assert with_rules(base, "es") is with_rules(base, "es-MX") is ES
    assert ES.get("prompts") is base.get("prompts")  # files without rules are shared, not copied
    assert ES.get("smart")["language"] == "es" and language_of(ES) == "es" and language_of(base) == "en"
    assert "rules/es/smart.toml" in ES.origins["smart"]
    # prose stays the English source (translated by the catalogs), rules are replaced
    assert ES.get("outreach")["templates"] == base.get("outreach")["templates"]
    assert "gracias" in ES.get("outreach")["phrases"]["closes"]
    assert "es" in languages() and bundled_rules("fr") == {}


def test_every_rules_file_uses_key_paths_of_its_english_file():
    def paths(value, prefix=""):
        if hasattr(value, "items"):
            for key, item in value.items():
                yield f"{prefix}{key}"
                yield from paths(item, f"{prefix}{key}.")

    for lang in languages()[1:]:
        for name, table in bundled_rules(lang).items():
            english = bundled().get(name)
            tops = {p.split(".")[0] for p in paths(table)}
            new = {"language", "fold_accents", "number_patterns", "morphology", "grammar"}
            assert tops <= set(english) | new, (lang, name, tops - set(english))


# --- language-aware words ------------------------------------------------------------------------


def test_fold_removes_accents_but_keeps_enye():
    assert fold("Inglés, AÑO, pingüino, ¿qué?") == "Ingles, AÑO, pinguino, ¿que?"
    assert len(fold("e\u0301xito")) == len("éxito")  # decomposed input is composed first


@pytest.mark.parametrize(
    "word, lemma",
    [
        ("terminar", "terminar"),
        ("presentare", "presentar"),
        ("aprobando", "aprobar"),
        ("aprendiendo", "aprender"),
        ("sacarme", "sacarse"),
        ("formandome", "formarse"),
        ("pedirle", "pedir"),
        ("hare", "hacer"),
        ("lugar", None),
        ("cuando", None),
        ("capitulo", None),
    ],
)
def test_spanish_verbs_by_their_endings(word, lemma):
    morph = _lists(ES).morph
    assert isinstance(morph, RuleMorphology)
    assert morph.verb(word) == lemma


def test_spanish_means_and_roles():
    morph = _lists(ES).morph
    assert morph is not None
    assert morph.is_gerund("dando") and morph.is_gerund("haciendolo") and not morph.is_gerund("cuando")
    assert morph.is_participle("ascendida") and morph.is_adjective("puntual")
    assert not morph.is_adjective("jefa")


# --- the SMART check in Spanish ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, horizon",
    [
        ("Terminar el borrador antes del 30 de junio", "antes del 30 de junio"),
        ("Actualizar mi currículum en seis meses", "en seis meses"),
        ("Aprobar el B2 para marzo de 2027", "para marzo de 2027"),
        ("Pedir una reunión la semana que viene", "la semana que viene"),
        ("Terminar la tesis antes de que acabe el año", "antes de que acabe"),
        ("Revisar mi perfil este fin de semana", "este fin de semana"),
        ("Leer tres artículos cada semana", None),
        ("Ir al banco de alimentos dos veces al mes", None),
        ("Hacer una rotación de tres meses", None),
    ],
)
def test_spanish_deadlines(text, horizon):
    assert find_horizon(text, content=ES) == horizon


@pytest.mark.parametrize(
    "text, specific, measurable, time_bound",
    [
        ("Mejorar mi inglés", False, False, False),
        ("Mejorar mi inglés aprobando el B2 de Cambridge en diciembre", True, True, True),
        ("Ser más seguro en las reuniones", False, False, False),
        ("Ser jefa de servicio antes de 2028", True, True, True),
        ("Ser vista como una líder", False, False, False),
        ("Quiero terminar el máster de energías renovables este curso", True, True, True),
        ("Postular a cinco puestos de analista en las próximas seis semanas", True, True, True),
        ("Conseguir un trabajo", False, False, False),
        ("Hacer un curso de negociación", True, True, False),
        ("Preparar las oposiciones", True, False, False),
        ("Crecer profesionalmente", False, False, False),
    ],
)
def test_spanish_goals(text, specific, measurable, time_bound):
    got = check_goal(Goal(text=text), content=ES).keys_ok
    assert (got["specific"], got["measurable"], got["time_bound"]) == (specific, measurable, time_bound)


def test_english_rules_do_not_read_spanish():
    """Without the Spanish rules a Spanish goal has no deadline (the issue this work fixes)."""
    text = "Terminar el primer borrador de mi tesis antes del 30 de junio"
    assert not check_goal(Goal(text=text)).keys_ok["time_bound"]
    assert check_goal(Goal(text=text), content=ES).keys_ok["time_bound"]


def test_spanish_example_keeps_the_accents_as_typed():
    result = check_goal(Goal(text="Mejorar mi inglés en el próximo trimestre"), content=ES)
    assert result.horizon == "en el próximo trimestre"  # shown as typed, though matched without accents
    assert result["time_bound"].message == "Time frame: “en el próximo trimestre”."
    assert "próximo trimestre" in result["specific"].message


# --- outreach and agreement in Spanish -----------------------------------------------------------


def test_spanish_outreach_draft():
    body = (
        "Estimada Dra. Olmedo:\n\nSoy Lucía, estudiante de Farmacia. Su charla en las jornadas de "
        "farmacia hospitalaria me hizo replantearme dónde empezar.\n\n¿Tendría 20 minutos para una "
        "llamada? No busco empleo, solo consejo.\n\nMuchas gracias,\nLucía"
    )
    report = check_message("Estudiante de Farmacia: ¿una llamada de 20 minutos?", body,
                           Contact(name="", expertise="farmacia hospitalaria"), content=ES)
    assert report.ok, [c.message for c in report.missing]
    job = check_message("Consulta", "Hola, ¿están contratando? Te mando mi CV. Gracias.", content=ES)
    assert not job["no_job_request"].ok and not job["subject"].ok and not job["small_ask"].ok


@pytest.mark.parametrize(
    "field, text, verdict",
    [
        ("confidentiality", "Lo que hablemos queda entre nosotras, salvo riesgo para alguien.", "ok"),
        ("confidentiality", "Confidencial en la medida de lo posible.", "vague"),
        ("feedback", "Al final de cada sesión, con ejemplos.", "ok"),
        ("ending", "Cualquiera de los dos puede terminarla con un mensaje.", "ok"),
        ("ending", "Terminamos en junio.", "vague"),
        ("ground_rule", "por definir", "missing"),
        ("ground_rule", "Móviles en silencio.", "ok"),
    ],
)
def test_spanish_clauses(field, text, verdict):
    assert clause_verdict(field, text, content=ES) == verdict


def test_spanish_frequency_aliases():
    choice = find_choice("cada dos semanas", frequencies(ES))
    assert choice is not None and choice.key == "twice_a_month"
    assert find_choice("cada dos semanas", frequencies(bundled())) is None


# --- advice texts are whole templates in checks.toml ----------------------------------------------


def _with_checks(**sections: dict[str, str]) -> Content:
    base = with_rules(bundled(), "es")
    files = dict(base.files)
    files["checks"] = merge(files["checks"], freeze(sections))
    return Content(MappingProxyType(files), base.origins)


def test_checker_advice_comes_from_checks_toml():
    content = _with_checks(
        smart={"no_deadline": "Añade un plazo: «{goal} antes de fin de junio»."},
        outreach={"no_close": "Despídete con tu nombre, por ejemplo «Gracias, {first}»."},
        agreement={"unsigned_mentor": "Falta el nombre de la persona mentora."},
    )
    goal = check_goal(Goal(text="Aprobar el examen teórico de conducir"), content=content)
    expected = "Añade un plazo: «Aprobar el examen teórico de conducir antes de fin de junio»."
    assert goal["time_bound"].message == expected
    draft = check_message("Consulta sobre enfermería", "Hola, ¿hablamos 15 minutos?", content=content)
    assert draft["polite_close"].message == "Despídete con tu nombre, por ejemplo «Gracias, Sam»."
    report = check_agreement(Agreement(mentee_name="Lucía Herrán"), content=content)
    assert report["signatures"].message == "Falta el nombre de la persona mentora."


def test_every_advice_key_the_code_uses_is_in_checks_toml():
    import re

    core = Path(__file__).resolve().parent.parent / "mentorkit" / "core"
    texts = bundled().get("checks")
    for checker in ("smart", "outreach", "agreement"):
        source = (core / f"{checker}.py").read_text(encoding="utf-8")
        used = set(re.findall(r'advice\(texts, "([a-z_]+)"', source))
        used |= set(re.findall(r'texts\["([a-z_]+)"\]', source))
        assert used, checker
        assert used <= set(texts[checker]), (checker, used - set(texts[checker]))


def test_rules_lay_over_a_cohorts_own_content(tmp_path):
    """A facilitator's agreement.toml (here with a fourth frequency) keeps its extra table and
    gets the Spanish aliases on the ones the rules file names."""
    from mentorkit.content import content_for

    text = (Path(mentorkit_content.__file__).parent / "agreement.toml").read_text(encoding="utf-8")
    text += '\n[[frequencies]]\nkey = "every_three_weeks"\nlabel = "Every three weeks"\nstep = "weeks:3"\n'
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "agreement.toml").write_text(text, encoding="utf-8")
    cohort = with_rules(content_for(tmp_path), "es")
    keys = [c.key for c in frequencies(cohort)]
    assert keys == ["weekly", "twice_a_month", "monthly", "every_three_weeks"]
    assert find_choice("una vez al mes", frequencies(cohort)).key == "monthly"
    assert clause_verdict("ground_rule", "Móviles en silencio.", content=cohort) == "ok"
