"""The workbook store: atomic saves, corrupt files, concurrent writers, migration, permissions."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mentorkit.cli import main
from mentorkit.errors import WorkbookError
from mentorkit.model import SCHEMA_VERSION, Goal, Profile, Workbook
from mentorkit.store import Cohort, read_workbook

V0_WORKBOOK = {
    "id": "oskar-lund",
    "name": "Oskar Lund",
    "email": "oskar.lund@example.org",
    "stage": "postdoc",
    "skills": {"Writing": 3, "Statistics": 0},
    "goals": ["Publish two papers", ""],
    "network": [{"name": "Dr. Vera Holm", "needs": ["sponsorship"]}],
    "favourite_colour": "green",
}


def test_v0_file_migrates_on_read(tmp_path: Path) -> None:
    path = tmp_path / "oskar-lund.json"
    path.write_text(json.dumps(V0_WORKBOOK))
    wb = read_workbook(path)
    assert wb.schema_version == SCHEMA_VERSION
    assert wb.profile.id == "oskar-lund" and wb.profile.career_stage == "postdoc"
    assert [(s.name, s.current) for s in wb.skills] == [("Writing", 3), ("Statistics", None)]
    assert [g.text for g in wb.goals] == ["Publish two papers"]
    assert wb.contacts[0].name == "Dr. Vera Holm" and wb.contacts[0].needs == ["sponsorship"]
    assert wb.profile.extra == {"favourite_colour": "green"}


def test_newer_schema_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"schema_version": 99, "profile": {"id": "x", "name": "X"}}))
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    assert str(err.value) == (
        f"{path}: schema_version: schema_version 99 is newer than this mentorkit understands "
        f"({SCHEMA_VERSION}); upgrade mentorkit"
    )


def test_validation_errors_name_file_field_and_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    data = Workbook(profile=Profile(id="bad", name="B")).model_dump(mode="json")
    data["skills"] = [{"name": "Writing", "current": 0}]
    data["goals"] = [{"text": "x", "target_date": "soon"}]
    path.write_text(json.dumps(data))
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    lines = err.value.lines()
    assert lines[0] == f"{path}: skills.0.current: Input should be greater than or equal to 1"
    assert lines[1].startswith(f"{path}: goals.0.target_date: ")
    assert len(lines) == 2


def test_schema_command_prints_json_schema(capsys) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == f"mentorkit workbook v{SCHEMA_VERSION}"
    assert {"profile", "skills", "goals", "contacts", "agreement", "snapshots"} <= set(
        schema["properties"]
    )


def test_corrupt_file_is_never_overwritten(cohort: Cohort) -> None:
    wb = Workbook(profile=Profile(id="tove", name="Tove Ek"))
    cohort.save(wb)
    path = cohort.path_for("tove")
    path.write_text('{"schema_version": 1, "profile": ', encoding="utf-8")
    before = path.read_bytes()
    edited = wb.model_copy(deep=True)
    edited.values = ["Honesty"]
    with pytest.raises(WorkbookError, match=r"tove\.json: \(top level\): not valid JSON"):
        cohort.save(edited, base=wb)
    assert path.read_bytes() == before
    with pytest.raises(WorkbookError):
        cohort.update("tove", lambda w: None)
    assert path.read_bytes() == before


CRASH_BEFORE_RENAME = textwrap.dedent(
    """
    import os, sys
    from mentorkit.store import Cohort
    cohort = Cohort(sys.argv[1])
    wb = cohort.load("tove")
    wb.values = ["new answer"]
    os.replace = lambda *a, **k: os._exit(9)   # the process dies between fsync and rename
    cohort.save(wb)
    """
)


def test_crash_between_write_and_rename_keeps_old_file(cohort: Cohort) -> None:
    wb = Workbook(profile=Profile(id="tove", name="Tove Ek"), values=["old answer"])
    cohort.save(wb)
    proc = subprocess.run([sys.executable, "-c", CRASH_BEFORE_RENAME, str(cohort.root)])
    assert proc.returncode == 9
    assert cohort.load("tove").values == ["old answer"]
    leftovers = [p.name for p in cohort.workbooks_dir.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) == 1  # the unfinished temp file, never under the final name
    assert cohort.ids() == ["tove"]


WRITER = textwrap.dedent(
    """
    import sys
    from mentorkit.model import Ask, Contact, Goal
    from mentorkit.session import LiveWorkbook
    from mentorkit.store import Cohort
    root, part, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    live = LiveWorkbook(Cohort(root), "tove", debounce=0)
    for i in range(count):
        if part == "goals":
            live.workbook.goals.append(Goal(text=f"goal {i}"))
        elif part == "asks":  # asks allow 500 items, goals 50 (the schema's caps)
            live.workbook.asks.append(Ask(what=f"ask {i}"))
        else:
            live.workbook.contacts.append(Contact(name=f"contact {i}"))
        live.changed()   # debounce=0: saves at once, merging with the other writer
    """
)


def test_two_processes_saving_different_parts_lose_nothing(cohort: Cohort) -> None:
    cohort.save(Workbook(profile=Profile(id="tove", name="Tove Ek")))
    count = 40
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(cohort.root), part, str(count)])
        for part in ("goals", "contacts")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    wb = cohort.load("tove")
    assert [g.text for g in wb.goals] == [f"goal {i}" for i in range(count)]
    assert [c.name for c in wb.contacts] == [f"contact {i}" for i in range(count)]


def test_live_workbook_debounces_and_sees_other_writers(cohort: Cohort) -> None:
    from mentorkit.session import LiveWorkbook

    cohort.save(Workbook(profile=Profile(id="tove", name="Tove Ek")))
    first = LiveWorkbook(cohort, "tove", debounce=30)
    second = LiveWorkbook(cohort, "tove", debounce=30)
    states = []
    first.on_status(lambda state, detail: states.append(state))
    first.workbook.goals.append(Goal(text="Apply for the summer school"))
    first.changed()
    assert cohort.load("tove").goals == []  # not on disk until the quiet period ends
    assert first.flush()
    assert states[-3:] == ["editing", "saving", "saved"]
    second.workbook.values.append("Curiosity")
    second.changed()
    second.flush()
    # The second writer kept the first writer's goal, and picked it up in memory.
    assert [g.text for g in second.workbook.goals] == ["Apply for the summer school"]
    assert cohort.load("tove").values == ["Curiosity"]
    assert [g.text for g in cohort.load("tove").goals] == ["Apply for the summer school"]


def test_open_workbook_uses_environment(tmp_path: Path, monkeypatch) -> None:
    from mentorkit.session import LiveWorkbook, PendingWorkbook, UnknownParticipant, open_workbook

    room = Cohort(tmp_path / "room").ensure()
    room.save(Workbook(profile=Profile(id="hedda-lie", name="Hedda Lie")))
    room.save(Workbook(profile=Profile(id="ana-lima", name="Ana Lima")))
    monkeypatch.setenv("MENTORKIT_COHORT", str(room.root))
    monkeypatch.delenv("MENTORKIT_PARTICIPANT", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "hedda-lie")
    live = open_workbook()
    assert isinstance(live, LiveWorkbook) and live.participant_id == "hedda-lie"
    assert live.workbook.profile.name == "Hedda Lie"
    monkeypatch.setenv("MENTORKIT_PARTICIPANT", "ana-lima")
    assert open_workbook().participant_id == "ana-lima"
    # A named participant missing from the cohort is never started silently.
    monkeypatch.setenv("MENTORKIT_PARTICIPANT", "nobody-here")
    with pytest.raises(UnknownParticipant, match="nobody-here"):
        open_workbook()
    asked: list[PendingWorkbook] = []
    pending = open_workbook(ask=asked.append)
    assert asked == [pending] and pending.suggested == "nobody-here" and not pending.ready
    assert room.ids() == ["ana-lima", "hedda-lie"]
    monkeypatch.delenv("MENTORKIT_PARTICIPANT")
    monkeypatch.delenv("JUPYTERHUB_USER")
    pending = open_workbook()
    assert isinstance(pending, PendingWorkbook) and pending.suggested is None
    seen = []
    pending.when_ready(lambda live: seen.append(live.participant_id))
    with pytest.raises(UnknownParticipant):
        pending.resolve("zed-new")
    assert seen == [] and room.ids() == ["ana-lima", "hedda-lie"]
    pending.resolve("ana-lima")
    assert seen == ["ana-lima"] and pending.ready
    later = []
    pending.when_ready(lambda live: later.append(live.workbook.profile.name))
    assert later == ["Ana Lima"]


def test_files_are_private_unless_group_shared(tmp_path: Path) -> None:
    private = Cohort(tmp_path / "private").ensure()
    private.save(Workbook(profile=Profile(id="a", name="A")))
    assert stat.S_IMODE(os.stat(private.path_for("a")).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(private.workbooks_dir).st_mode) == 0o700

    shared_root = tmp_path / "shared"
    shared_root.mkdir()
    (shared_root / "mentorkit.toml").write_text('[sharing]\nmode = "group"\n')
    shared = Cohort(shared_root).ensure()
    shared.save(Workbook(profile=Profile(id="a", name="A")))
    assert stat.S_IMODE(os.stat(shared.path_for("a")).st_mode) == 0o660
    assert stat.S_IMODE(os.stat(shared.workbooks_dir).st_mode) == 0o2770


@pytest.mark.parametrize("bad", ["../../x", "/etc/passwd", "a/b", "CON", ""])
def test_path_for_refuses_unsafe_ids(cohort: Cohort, bad: str) -> None:
    from mentorkit.errors import MentorkitError

    with pytest.raises(MentorkitError, match="not a lowercase slug"):
        cohort.path_for(bad)


def test_error_messages_never_contain_answer_text(cohort: Cohort, capsys) -> None:
    secret = "I am afraid my manager will find out"
    data = Workbook(profile=Profile(id="rut", name="Rut Aas")).model_dump(mode="json")
    data["goals"] = [{"text": secret, "kind": secret, "status": secret}]
    data["skills"] = [{"name": "Writing", "current": secret}]
    data["reflections"] = [{"text": secret, "created_at": secret}]
    data[secret] = secret
    from mentorkit.session import LiveWorkbook

    cohort.save(Workbook(profile=Profile(id="rut", name="Rut Aas")))
    live = LiveWorkbook(cohort, "rut", debounce=0)  # opened before the file broke
    cohort.path_for("rut").write_text(json.dumps(data), encoding="utf-8")
    assert main(["validate", str(cohort.root)]) == 1
    captured = capsys.readouterr()
    assert "goals.0.kind" in captured.err and "reflections.0.created_at" in captured.err
    assert secret not in captured.err + captured.out
    # The same holds for a save that cannot merge with the broken file.
    live.workbook.values = [secret]
    live.changed()
    state, detail = live.status
    assert state == "error" and secret not in detail and "rut.json" in detail
