"""One rules overlay: ``content_for(root, locale)`` and ``with_rules`` lay content/rules/<lang>/ the
same way, so a workshop in Spanish judges Spanish text and answers in Spanish."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mentorkit.content import bundled, content_for
from mentorkit.content.localize import rule_keys, with_rules_of
from mentorkit.content.overlay import bundled_rules, with_rules
from mentorkit.core.agreement import find_choice, frequencies
from mentorkit.core.smart import check_goal
from mentorkit.model import Goal


def _project(value: Any, shape: Any) -> Any:
    """The parts of ``value`` at the key paths of ``shape`` (a rules file)."""
    if isinstance(shape, Mapping):
        value = value if isinstance(value, Mapping) else {}
        return {key: _project(value.get(key), item) for key, item in shape.items()}
    if isinstance(shape, tuple) and shape and all(isinstance(i, Mapping) for i in shape):
        return [_project(v, s) for v, s in zip(value or (), shape, strict=False)]
    return value


def test_content_for_spanish_has_exactly_the_rules_with_rules_lays() -> None:
    spanish, rules_only = content_for(None, "es"), with_rules(bundled(), "es")
    assert set(bundled_rules("es")) >= {"smart", "outreach", "agreement"}
    for name, shape in bundled_rules("es").items():
        assert _project(spanish.get(name), shape) == _project(rules_only.get(name), shape), name
        assert _project(spanish.get(name), shape) != _project(bundled().get(name), shape), name
    assert spanish.get("smart")["language"] == "es"
    assert "gracias" in spanish.get("outreach")["phrases"]["closes"]
    # prose: translated in content_for, English in with_rules
    assert spanish.get("checks")["smart"]["empty"] == "Primero escribe el objetivo en una frase."
    assert rules_only.get("checks")["smart"]["empty"] == "Write the goal down in one sentence first."


def test_a_spanish_goal_through_content_for_gets_a_spanish_verdict_and_advice() -> None:
    content = content_for(None, "es")
    vague = check_goal(Goal(text="Mejorar mi inglés"), content=content)
    assert vague.keys_ok == {"specific": False, "measurable": False, "achievable": True,
                             "relevant": False, "time_bound": False}
    assert vague["specific"].message == (
        "“Mejorar” marca una dirección, no un paso. Di qué vas a hacer: p. ej., “Mejorar mi inglés "
        "terminando un curso, dando una charla o pidiendo un proyecto”.")
    assert vague["time_bound"].message.startswith("Añade un plazo: p. ej., “Mejorar mi inglés antes de")
    clear = check_goal(Goal(text="Aprobar el examen B2 de inglés antes del 30 de junio"), content=content)
    assert clear["specific"].ok and clear["measurable"].ok and clear["time_bound"].ok
    assert clear["time_bound"].message == "Plazo: “antes del 30 de junio”."
    # the same goal in the English workshop: English rules find no deadline, English advice
    english = check_goal(Goal(text="Aprobar el examen B2 de inglés antes del 30 de junio"), content=bundled())
    assert not english["time_bound"].ok and english["time_bound"].message.startswith("Add a deadline")


def test_rule_keys_keeps_declared_rules_only_and_the_positions_of_tables(caplog) -> None:
    rules = {"frequencies": [{"label": "Cada semana"}, {"aliases": ["quincenal"]}],
             "intro": "prosa que no es una regla", "clauses": {"hedges": ["si es posible"]}}
    with caplog.at_level(logging.WARNING, logger="mentorkit.i18n"):
        kept = rule_keys("agreement", rules, "x.toml")
    assert kept == {"frequencies": ({}, {"aliases": ("quincenal",)}),
                    "clauses": {"hedges": ("si es posible",)}}
    assert "frequencies[0].label" in caplog.text and "intro" in caplog.text
    merged = with_rules_of("agreement", bundled().get("agreement"), [("x.toml", rules)])
    assert merged["frequencies"][0] == bundled().get("agreement")["frequencies"][0]
    assert merged["frequencies"][1]["aliases"] == ("quincenal",)
    assert merged["frequencies"][1]["key"] == bundled().get("agreement")["frequencies"][1]["key"]


def test_a_cohorts_rules_file_is_laid_over_the_bundled_spanish_rules(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "rules" / "es"
    folder.mkdir(parents=True)
    (folder / "agreement.toml").write_text(
        '[[frequencies]]\naliases = ["todos los lunes"]\n', encoding="utf-8")
    content = content_for(tmp_path, "es")
    monday = find_choice("todos los lunes", frequencies(content))
    assert monday is not None and monday.key == "weekly"
    # the cohort's list replaces the bundled Spanish one for that frequency; the others stay Spanish
    assert find_choice("cada semana", frequencies(content)) is None
    fortnight = find_choice("cada dos semanas", frequencies(content))
    assert fortnight is not None and fortnight.key == "twice_a_month"


def test_a_rules_table_that_names_its_key_goes_to_that_table(caplog) -> None:
    rules = {"frequencies": [{"key": "monthly", "aliases": ["cada mes"]}]}
    with caplog.at_level(logging.WARNING, logger="mentorkit.i18n"):
        merged = with_rules_of("agreement", bundled().get("agreement"), [("x.toml", rules)])
    by_key = {f["key"]: f for f in merged["frequencies"]}
    assert by_key["monthly"]["aliases"] == ("cada mes",)
    assert by_key["weekly"] == bundled().get("agreement")["frequencies"][0]  # not laid by position
    assert "not a rules key" not in caplog.text  # `key` names the table; it is not content
    unknown = with_rules_of("agreement", bundled().get("agreement"),
                            [("x.toml", {"frequencies": [{"key": "daily", "aliases": ["a diario"]}]})])
    assert unknown["frequencies"] == bundled().get("agreement")["frequencies"]
