"""The participant-code form: which folder it uses, unknown codes, and the explicit "I am new"."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorkit import ui
from mentorkit.session import PendingWorkbook, open_workbook
from mentorkit.store import Cohort
from mentorkit.ui.chooser import Chooser


def _shown(widget) -> bool:
    return widget.layout.display != "none"


def test_known_code_opens_the_imported_workbook_and_fills_the_exercise(sample_cohort: Cohort) -> None:
    pending = PendingWorkbook(sample_cohort, debounce=0)
    exercise = ui.profile(pending)
    form = Chooser(pending)
    assert str(sample_cohort.root.resolve()) in form.where.value
    assert not exercise.find("mk-profile-name")
    form.code.value = "Ana Lima"  # typed as a name: becomes the id ana-lima
    live = form.submit()
    assert live is not None and live.participant_id == "ana-lima"
    assert exercise.one("mk-profile-name").value == "Ana Lima"
    assert "ana-lima" in form.children[0].value


def test_unknown_code_says_not_found_and_creates_nothing_until_i_am_new(sample_cohort: Cohort) -> None:
    before = sample_cohort.ids()
    pending = PendingWorkbook(sample_cohort, debounce=0)
    exercise = ui.goals(pending)
    form = Chooser(pending)
    assert not _shown(form.new_button)
    form.code.value = "ana-lim"  # a typo
    assert form.submit() is None
    folder = str(sample_cohort.root.resolve())
    assert "not found in" in form.message.value and folder in form.message.value
    assert "ask your facilitator" in form.message.value
    assert _shown(form.new_button) and "ana-lim" in form.new_button.description
    # Pressing "Open" again is still not a way to create it.
    assert form.submit() is None
    assert sample_cohort.ids() == before and not sample_cohort.path_for("ana-lim").exists()
    assert not pending.ready and not exercise.find("mk-goal-add")
    live = form.start_new()
    assert live is not None and live.participant_id == "ana-lim"
    assert sample_cohort.path_for("ana-lim").exists()
    assert sample_cohort.ids() == sorted([*before, "ana-lim"])
    assert exercise.find("mk-goal-add")


def test_i_am_new_uses_the_code_in_the_box_and_empty_codes_are_refused(tmp_path: Path) -> None:
    room = Cohort(tmp_path / "room")
    form = Chooser(PendingWorkbook(room, debounce=0))
    assert form.submit() is None and "Please type" in form.message.value
    assert form.start_new() is None and room.ids() == []
    form.code.value = "nobody"
    form.submit()
    assert _shown(form.new_button)
    form.code.value = ""  # hides the button on the next message
    form.submit()
    assert not _shown(form.new_button)
    form.code.value = "Zoë New"
    assert form.start_new() is not None and room.ids() == ["zoe-new"]


def test_participant_from_the_environment_missing_from_the_cohort_shows_the_form(
    sample_cohort: Cohort, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MENTORKIT_PARTICIPANT", "not-on-the-list")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    forms: list[Chooser] = []
    handle = open_workbook(cohort=sample_cohort.root, ask=lambda p: forms.append(Chooser(p)),
                           debounce=0)
    assert isinstance(handle, PendingWorkbook) and len(forms) == 1
    form = forms[0]
    assert form.code.value == "not-on-the-list" and "not found in" in form.message.value
    assert not sample_cohort.path_for("not-on-the-list").exists()


def test_the_ui_open_workbook_returns_a_loaded_workbook_when_the_participant_is_known(
    sample_cohort: Cohort, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mentorkit

    monkeypatch.setenv("MENTORKIT_COHORT", str(sample_cohort.root))
    monkeypatch.setenv("MENTORKIT_PARTICIPANT", "ana-lima")
    live = mentorkit.open_workbook()
    assert live.ready and live.workbook.profile.name == "Ana Lima"
