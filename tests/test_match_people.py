"""Matches reach people: pins, forbids, preferences and languages; --apply; introduction e-mails."""

from __future__ import annotations

import csv
import email
import random
from datetime import date
from email import policy
from pathlib import Path

import pytest

from mentorkit.cli import main
from mentorkit.content import need_categories
from mentorkit.csvsafe import csv_text
from mentorkit.errors import UnusableInput
from mentorkit.facilitator.introductions import introduction, write_introductions
from mentorkit.facilitator.matching import (
    MATCH_COLUMNS,
    Mentee,
    config_from_data,
    explain,
    load_config,
    match,
    match_rows,
    mentee_from_workbook,
    score_matrices,
)
from mentorkit.facilitator.mentors import Mentor, PairOverride, read_overrides
from mentorkit.facilitator.proposals import apply_pair, plain_reasons
from mentorkit.model import Contact, Goal, MentorPreferences, OutreachStatus, Profile, Workbook
from mentorkit.resources import sample_mentors
from mentorkit.roster import import_roster
from mentorkit.session import LiveWorkbook
from mentorkit.store import Cohort

NEEDS = ["sponsorship", "accountability", "role_models", "safe_space"]
LANGS = ["English", "French", "Spanish"]


@pytest.fixture(scope="module")
def config():
    return load_config()


def two_mentors() -> list[Mentor]:
    strong = Mentor(
        "Strong Match",
        email="strong@example.org",
        capacity=1,
        needs=NEEDS,
        field="Law",
        career_stage="senior",
        languages=["English", "French"],
    )
    weak = Mentor(
        "Weak Match",
        email="weak@example.org",
        capacity=1,
        needs=["sponsorship"],
        career_stage="senior",
        languages=["Spanish"],
    )
    return [strong, weak]


def mentee(pid: str = "p", **kw) -> Mentee:
    base = dict(
        name=pid.upper(), needs=["sponsorship", "accountability"], field="Law", career_stage="doctoral"
    )
    return Mentee(pid, **{**base, **kw})


# -- pins and forbids ---------------------------------------------------------------------------------
def test_pin_decides_the_pair_and_says_so(config):
    a, b = mentee("a"), mentee("b")
    plain = {p.mentee.id: p.mentor.name for p in match([a, b], two_mentors(), config).pairs}
    assert plain == {"a": "Strong Match", "b": "Weak Match"}  # ties go to the first mentee
    pin = PairOverride("b", "strong@example.org", 2, "pin")
    result = match([a, b], two_mentors(), config, overrides=[pin])
    pairs = {p.mentee.id: p for p in result.pairs}
    assert pairs["b"].mentor.name == "Strong Match" and pairs["b"].pinned
    assert pairs["b"].decided_by == "pin"
    assert str(pairs["b"].reasons[0]) == "pin: pinned by the facilitator"
    assert pairs["a"].mentor.name == "Weak Match" and pairs["a"].decided_by == "score"
    assert "1 pinned" in result.summary()


def test_pin_overrides_rules_but_not_capacity(config):
    junior = Mentor(
        "Junior", email="j@example.org", capacity=1, needs=["safe_space"], career_stage="undergraduate"
    )
    a, b = mentee("a"), mentee("b")
    pins = [PairOverride("a", "Junior", 2, "pin"), PairOverride("b", "junior", 3, "pin")]
    result = match([a, b], [junior], config, overrides=pins)
    assert [(p.mentee.id, p.mentor.name) for p in result.pairs] == [("a", "Junior")]
    reason = str(result.pairs[0].reasons[0])
    assert "pinned by the facilitator (over: must-have 'need_or_skill', must-have 'mentor_ahead'" in reason
    assert "pin row 3: Junior has no place left for b; not pinned" in result.notes
    assert result.unmatched[0].mentee.id == "b"


def test_forbid_beats_pin_and_forbidden_pairs_are_never_proposed(config):
    a = mentee("a")
    rules = [
        PairOverride("a", "Strong Match", 2, "forbid"),
        PairOverride("A", "strong@example.org", 3, "pin"),
    ]
    result = match([a], two_mentors(), config, overrides=rules)
    assert [p.mentor.name for p in result.pairs] == ["Weak Match"]
    assert "pin row 3: a with Strong Match is also forbidden; not pinned" in result.notes
    only = match([a], two_mentors()[:1], config, overrides=rules[:1])
    assert only.pairs == [] and "1 excluded pair(s) (forbidden by the facilitator)" in only.unmatched[0].why


def test_pin_naming_two_people_is_refused(config):
    twins = [mentee("a", name="Sam Lee"), mentee("b", name="Sam Lee")]
    result = match(twins, two_mentors(), config, overrides=[PairOverride("Sam Lee", "Weak Match", 4, "pin")])
    assert not any(p.pinned for p in result.pairs)
    assert any("'Sam Lee' names more than one person" in n for n in result.notes)


def test_override_file_rows(tmp_path):
    path = tmp_path / "overrides.csv"
    path.write_text(
        "mentee,mentor,action\nana-lima,maren.holt@example.org,Pin\n"
        "ben-okafor,Tomás Ibarra,forbid\ndev-patel,Priya Raman,maybe\n,Someone,pin\n",
        encoding="utf-8",
    )
    pairs, reports = read_overrides(path, default=None)
    assert [(p.mentee, p.mentor, p.row, p.action) for p in pairs] == [
        ("ana-lima", "maren.holt@example.org", 2, "pin"),
        ("ben-okafor", "Tomás Ibarra", 3, "forbid"),
    ]
    assert [str(r) for r in reports] == [
        "row 4 (dev-patel): rejected: action: 'maybe' is not one of pin, forbid",
        "row 5 (Someone): rejected: mentee: missing",
    ]
    bare = tmp_path / "bare.csv"
    bare.write_text("mentee,mentor\nana-lima,x\n", encoding="utf-8")
    with pytest.raises(UnusableInput, match="missing: action"):
        read_overrides(bare, default=None)
    assert read_overrides(bare)[0][0].action == "forbid"  # the --exclude file: forbid by default


# -- preferences and languages ------------------------------------------------------------------------
def test_avoid_is_never_proposed(config):
    a = mentee("a", avoid=["STRONG@example.org"])
    result = match([a], two_mentors(), config)
    assert [p.mentor.name for p in result.pairs] == ["Weak Match"]
    alone = match([a], two_mentors()[:1], config)
    assert alone.pairs == [] and "1 the mentee asked not to have" in alone.unmatched[0].why
    pin = match([a], two_mentors()[:1], config, overrides=[PairOverride("a", "Strong Match", 2, "pin")])
    assert pin.pairs == [] and "pin row 2: a asked not to have Strong Match; not pinned" in pin.notes


def test_prefer_adds_the_weighted_points_and_says_so(config):
    a, b = mentee("a"), mentee("b", prefer=["Strong Match"])
    result = match([a, b], two_mentors(), config)
    pairs = {p.mentee.id: p for p in result.pairs}
    assert pairs["b"].mentor.name == "Strong Match"
    assert pairs["b"].points("preference") == config.weights["preferred"] == 4.0
    assert "preference +4: the mentee asked for this mentor" in [str(r) for r in pairs["b"].reasons]
    assert pairs["b"].decided_by == "preference"
    nobody = match([mentee("c", prefer=["Dr. Nobody"])], two_mentors(), config)
    assert "c: asked for 'Dr. Nobody', who is not in the mentor list; ignored" in nobody.notes
    off = config.with_weights(preferred=0)
    assert {p.mentee.id: p.mentor.name for p in match([a, b], two_mentors(), off).pairs}["b"] == "Weak Match"


def test_languages_are_a_must_have_when_both_are_listed(config):
    french = mentee("a", languages=["french"])
    result = match([french], list(reversed(two_mentors())), config)
    assert [p.mentor.name for p in result.pairs] == ["Strong Match"]
    assert "language: both speak French" in [str(r) for r in result.pairs[0].reasons]
    only_spanish = match([french], two_mentors()[1:], config)
    assert only_spanish.pairs == [] and "1 share no language with the mentee" in only_spanish.unmatched[0].why
    # Either side without languages: no filter.
    assert match([mentee("b")], two_mentors()[1:], config).pairs
    # A pin goes over languages, and says so.
    pinned = match([french], two_mentors()[1:], config, overrides=[PairOverride("a", "Weak Match", 2, "pin")])
    assert "over: no shared language" in str(pinned.pairs[0].reasons[0])


def test_matrices_equal_explain_with_preferences_and_languages(config):
    rnd = random.Random(5)
    mentors = [
        Mentor(
            f"M{j}",
            email=f"m{j}@example.org",
            capacity=2,
            needs=rnd.sample(NEEDS, 2),
            career_stage="senior",
            languages=rnd.sample(LANGS, rnd.randint(0, 2)),
        )
        for j in range(6)
    ]
    mentees = [
        Mentee(
            f"e{i}",
            f"E{i}",
            needs=rnd.sample(NEEDS, 2),
            career_stage="doctoral",
            languages=rnd.sample(LANGS, rnd.randint(0, 2)),
            prefer=[f"M{rnd.randrange(6)}"],
            avoid=[f"m{rnd.randrange(6)}@example.org"],
        )
        for i in range(15)
    ]
    mat = score_matrices(mentees, mentors, config)
    for i, e in enumerate(mentees):
        for j, r in enumerate(mentors):
            detail = explain(e, r, config)
            assert detail.score == pytest.approx(float(mat.score[i, j]))
            assert ("avoid" in detail.blocked) == bool(mat.avoided[i, j])
            assert ("language" in detail.blocked) == bool(mat.no_language[i, j])
    result = match(mentees, mentors, config)
    for pair in result.pairs:
        assert not explain(pair.mentee, pair.mentor, config).blocked


def test_preferences_and_languages_come_from_the_workbook_and_the_roster(tmp_path):
    categories = need_categories()
    wb = Workbook(
        profile=Profile(
            id="p",
            name="P",
            languages=["Tamil"],
            mentor_preferences=MentorPreferences(prefer=["Priya Raman"], avoid=["x@y.org"]),
        )
    )
    got = mentee_from_workbook(wb, categories)
    assert (got.languages, got.prefer, got.avoid) == (["Tamil"], ["Priya Raman"], ["x@y.org"])
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,email,Languages,Prefer mentors,Avoid mentors\n"
        "Ana Lima,ana@example.org,Portuguese; English,Dr. Maren Holt,Tomás Ibarra;Amara Eze\n",
        encoding="utf-8",
    )
    cohort = Cohort(tmp_path / "c")
    assert import_roster(roster, cohort).exit_code == 0
    got = mentee_from_workbook(cohort.load("ana"), categories)
    assert got.languages == ["Portuguese", "English"]
    assert (got.prefer, got.avoid) == (["Dr. Maren Holt"], ["Tomás Ibarra", "Amara Eze"])


# -- --apply -------------------------------------------------------------------------------------------
def run_match(cohort: Cohort, tmp_path: Path, *extra: str) -> int:
    return main(
        [
            "match",
            "--cohort",
            str(cohort.root),
            "--mentors",
            str(sample_mentors()),
            "--out",
            str(tmp_path / "m.csv"),
            *extra,
        ]
    )


def test_apply_writes_proposals_idempotently_and_keeps_answers(sample_cohort, tmp_path, capsys):
    before = sample_cohort.load("ana-lima")
    own = Contact(name="Prof. Own Choice", needs=["accountability"])
    sample_cohort.update("ana-lima", lambda wb: setattr(wb, "contacts", [own]) or None)
    assert run_match(sample_cohort, tmp_path, "--apply") == 0
    assert (
        "applied: 12 workbook(s) given their proposed mentor, 0 already up to date" in capsys.readouterr().out
    )
    ana = sample_cohort.load("ana-lima")
    proposal = ana.proposed_mentor
    assert proposal is not None and proposal.name == "Dr. Maren Holt"
    assert proposal.email == "maren.holt@example.org" and proposal.proposed_on == date.today()
    assert "You both work in Biology." in proposal.reasons
    programme = [c for c in ana.contacts if c.source == "programme"]
    assert len(programme) == 1 and programme[0].id == proposal.contact_id
    assert programme[0].relation == "mentor proposed by the programme"
    assert programme[0].needs == ["sponsorship", "substantive_feedback"]
    assert ana.agreement.mentor_name == "Dr. Maren Holt"
    assert ana.contacts[0] == own and ana.goals == before.goals and ana.skills == before.skills
    files = {p: p.read_bytes() for p in sample_cohort.workbooks_dir.glob("*.json")}
    # Again: nothing changes (no second contact, same date), and the pairs are the same.
    assert run_match(sample_cohort, tmp_path, "--apply") == 0
    assert "0 workbook(s) given their proposed mentor, 12 already up to date" in capsys.readouterr().out
    assert {p: p.read_bytes() for p in sample_cohort.workbooks_dir.glob("*.json")} == files


def test_apply_keeps_the_agreement_name_and_concurrent_edits(sample_cohort, config):
    categories = need_categories()
    labels = {c.key: c.label for c in categories}
    from mentorkit.facilitator.mentors import read_mentors

    pool = read_mentors(sample_mentors(), categories)
    books, _ = sample_cohort.load_all()
    result = match([mentee_from_workbook(b, categories) for b in books], pool.mentors, config, labels=labels)
    pair = next(p for p in result.pairs if p.mentee.id == "ben-okafor")
    # The participant's notebook is open and the mentee typed their own mentor name earlier.
    live = LiveWorkbook(sample_cohort, "ben-okafor", debounce=0)
    live.workbook.agreement.mentor_name = "Someone I chose"
    live.changed()
    stale = sample_cohort.load("ben-okafor")
    # While --apply works from `stale`, the participant saves a new goal and a contact.
    live.workbook.goals = [*live.workbook.goals, Goal(text="Run a team retro")]
    live.workbook.contacts = [*live.workbook.contacts, Contact(name="Lena Fischer")]
    live.changed()
    reasons = plain_reasons(pair, labels)
    assert apply_pair(sample_cohort, pair, reasons, date(2026, 3, 1), base=stale)
    # ... and after it, edits the proposed contact in the open notebook: everything survives.
    live.workbook.goals[0].text = "Lead a small team by 2027"
    live.changed()
    ben = sample_cohort.load("ben-okafor")
    assert (
        "Run a team retro" in [g.text for g in ben.goals] and ben.goals[0].text == "Lead a small team by 2027"
    )
    assert [c.name for c in ben.contacts] == ["Lena Fischer", pair.mentor.name]
    assert ben.agreement.mentor_name == "Someone I chose"  # filled only when empty
    assert ben.proposed_mentor.name == pair.mentor.name
    assert not apply_pair(sample_cohort, pair, reasons, date(2026, 4, 1))  # idempotent
    assert sample_cohort.load("ben-okafor").proposed_mentor.proposed_on == date(2026, 3, 1)


def test_a_new_proposal_replaces_an_unused_one_only(sample_cohort, config, tmp_path):
    assert run_match(sample_cohort, tmp_path, "--apply") == 0
    first = sample_cohort.load("ana-lima").proposed_mentor
    forbid = tmp_path / "o.csv"
    forbid.write_text(f"mentee,mentor,action\nana-lima,{first.email},forbid\n", encoding="utf-8")
    # The participant already wrote to the first proposal of chiara-rossi: that contact stays.
    chiara_first = sample_cohort.load("chiara-rossi").proposed_mentor
    sample_cohort.update(
        "chiara-rossi",
        lambda wb: (
            setattr(
                next(c for c in wb.contacts if c.id == wb.proposed_mentor.contact_id),
                "outreach_status",
                OutreachStatus.sent,
            )
            or None
        ),
    )
    forbid.write_text(
        f"mentee,mentor,action\nana-lima,{first.email},forbid\nchiara-rossi,{chiara_first.email},forbid\n",
        encoding="utf-8",
    )
    assert run_match(sample_cohort, tmp_path, "--apply", "--overrides", str(forbid)) == 0
    ana = sample_cohort.load("ana-lima")
    assert ana.proposed_mentor.name != first.name
    assert [c.name for c in ana.contacts if c.source == "programme"] == [ana.proposed_mentor.name]
    assert ana.agreement.mentor_name == ana.proposed_mentor.name
    chiara = sample_cohort.load("chiara-rossi")
    names = [c.name for c in chiara.contacts if c.source == "programme"]
    assert names == [chiara_first.name, chiara.proposed_mentor.name]


def test_matching_again_after_apply_gives_the_same_pairs(sample_cohort, tmp_path):
    assert run_match(sample_cohort, tmp_path) == 0
    first = (tmp_path / "m.csv").read_bytes()
    assert run_match(sample_cohort, tmp_path, "--apply") == 0
    assert (tmp_path / "m.csv").read_bytes() == first  # the proposed mentor does not close the needs


# -- introductions ---------------------------------------------------------------------------------------
def test_one_eml_per_pair_parses_back(sample_cohort, tmp_path, capsys):
    intros = tmp_path / "intros"
    assert (
        run_match(
            sample_cohort,
            tmp_path,
            "--intro-dir",
            str(intros),
            "--sender",
            "Programme Office <office@example.org>",
        )
        == 0
    )
    assert "12 introduction e-mail(s)" in capsys.readouterr().out
    files = sorted(intros.glob("*.eml"))
    assert len(files) == 12
    rows = list(csv.DictReader((tmp_path / "m.csv").read_text(encoding="utf-8").splitlines()))
    for path in files:
        raw = path.read_bytes()
        assert raw.isascii() and b"\r\n" in raw
        message = email.message_from_bytes(raw, policy=policy.default)
        row = next(r for r in rows if path.name.startswith(r["mentee_id"] + "--"))
        to = {a.addr_spec for a in message["To"].addresses}
        assert to == {row["mentor_email"], f"{row['mentee_id'].replace('-', '.')}@example.org"}
        assert message["From"].addresses[0].addr_spec == "office@example.org"
        # (the email package may fold a long subject whole onto a continuation line: strip)
        assert (
            message["Subject"].strip() == f"Introduction: {row['mentee_name']} and {row['mentor_name']} "
            "(the mentoring programme)"
        )
        body = message.get_content()
        assert "Why we suggest you two:" in body and body.rstrip().endswith("Programme Office")
    ana = email.message_from_bytes(
        (intros / "ana-lima--dr-maren-holt.eml").read_bytes(), policy=policy.default
    ).get_content()
    assert (
        "- Dr. Maren Holt offers what Ana Lima is looking for: Sponsorship and Substantive feedback." in ana
    )
    assert "Dear Ana and Maren," in ana


def test_hostile_names_stay_out_of_headers_and_formulas(config, tmp_path):
    evil = Mentee(
        "eve",
        'Eve\r\nBcc: spy@example.net\n=HYPERLINK("x")',
        needs=["sponsorship"],
        email="eve@example.org",
        career_stage="doctoral",
    )
    mentor = Mentor(
        'Zoë "Z" O\'Brien, PhD',
        email="zoe@example.org",
        capacity=1,
        needs=["sponsorship"],
        career_stage="senior",
    )
    plus = Mentee("plus", "+Plus; Person", needs=["sponsorship"])
    result = match([evil, plus], [mentor, Mentor("@Other", capacity=1, needs=["sponsorship"])], config)
    assert len(result.pairs) == 2
    pair = next(p for p in result.pairs if p.mentee.id == "eve")
    message, notes = introduction(pair)
    raw = message.as_bytes(policy=policy.SMTP)
    back = email.message_from_bytes(raw, policy=policy.default)
    assert back["Bcc"] is None and "spy@example.net" not in {a.addr_spec for a in back["To"].addresses}
    names = {a.display_name for a in back["To"].addresses}
    assert names == {'Eve Bcc: spy@example.net =HYPERLINK("x")', 'Zoë "Z" O\'Brien, PhD'}
    assert "\n" not in back["Subject"] and "Zoë" in back["Subject"]
    assert back.get_content().startswith("Dear Eve and Zoë,")
    assert notes == []
    # The other mentee has no email: the message is still written, with a note.
    other = next(p for p in result.pairs if p.mentee.id == "plus")
    _, notes = introduction(other)
    assert any("the mentee has no usable email address" in n for n in notes)
    assert any("the mentor has no usable email address" in n for n in notes)
    # The CSV keeps each person on one row and neutralises formula starts.
    rows = list(csv.reader(csv_text(MATCH_COLUMNS, match_rows(result)).splitlines(keepends=True)))
    assert len(rows) == 3
    cells = [c for row in rows[1:] for c in row]
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    assert "'+Plus; Person" in cells and "'@Other" in cells


def test_introduction_template_is_the_cohorts_and_errors_name_the_key(sample_cohort, config, tmp_path):
    import mentorkit.content

    folder = sample_cohort.root / "content"
    folder.mkdir()
    text = (Path(mentorkit.content.__file__).parent / "introductions.toml").read_text(encoding="utf-8")
    (folder / "introductions.toml").write_text(
        text.replace(
            'subject = "Introduction: {mentee} and {mentor} ({programme})"',
            'subject = "Meet {mentor} - {mentee_fullname}"',
        ),
        encoding="utf-8",
    )
    pair = match([mentee("a", email="a@example.org")], two_mentors(), config).pairs[0]
    with pytest.raises(UnusableInput, match=r"email\.subject: unknown placeholder \{mentee_fullname\}"):
        write_introductions(tmp_path / "out", [pair], sample_cohort)


def test_weights_file_without_preferred_still_loads(tmp_path, config):
    data = {"weights": {k: 1.0 for k in ("needs", "skills", "same_field", "adjacent_field", "stage")}}
    assert config_from_data(data, "old.toml").weights["preferred"] == 4.0


# -- where the participant sees it ----------------------------------------------------------------------
def test_the_proposal_shows_in_the_exercises_and_on_the_worksheet(sample_cohort, tmp_path):
    import mentorkit.ui as ui
    from mentorkit.render.sheet import Block, Worksheet

    assert run_match(sample_cohort, tmp_path, "--apply") == 0
    live = LiveWorkbook(sample_cohort, "ana-lima", debounce=0)
    mentor_map = ui.mentor_map(live)
    note = mentor_map.one("mk-contact-programme").value
    assert "Proposed by the programme" in note and "You both work in Biology." in note
    outreach = ui.outreach(live)
    labels = [label for label, _ in outreach.one("mk-outreach-contact").options]
    assert labels == ["Dr. Maren Holt (proposed by the programme)"]
    agreement = ui.agreement(live)
    assert agreement.one("mk-agreement-mentor_name").value == "Dr. Maren Holt"
    shown: list[Block] = []
    ws = Worksheet(sample_cohort.load("ana-lima"), display=shown.append)
    ws.mentor_map()
    proposed = "Proposed by the programme:</b> <bdi>Dr. Maren Holt (maren.holt@example.org)</bdi>"
    assert proposed in shown[0].markup
    assert "- You both work in Biology." in shown[0].plain


def test_a_proposal_alone_does_not_count_as_progress(sample_cohort, tmp_path):
    from mentorkit.core.progress import exercise_status

    before = exercise_status(sample_cohort.load("ana-lima"), sample_cohort.content)
    assert run_match(sample_cohort, tmp_path, "--apply") == 0
    ana = sample_cohort.load("ana-lima")
    assert ana.proposed_mentor is not None and ana.contacts
    assert exercise_status(ana, sample_cohort.content) == before
    assert before["02_mentor_map"] == before["04_expectations"] == "not_started"
    ana.contacts = [*ana.contacts, Contact(name="My own pick")]
    ana.agreement.frequency = "monthly"
    after = exercise_status(ana, sample_cohort.content)
    assert after["02_mentor_map"] == after["04_expectations"] == "started"


def test_match_command_with_overrides_reports_rows_and_notes(sample_cohort, tmp_path, capsys):
    pins = tmp_path / "pins.csv"
    pins.write_text(
        "mentee,mentor,action\n"
        "ana-lima,Amara Eze,pin\n"  # a low-scoring pair, pinned
        "dev-patel,Nobody Here,pin\n"
        "ben-okafor,Tomás Ibarra,sometimes\n",
        encoding="utf-8",
    )
    assert run_match(sample_cohort, tmp_path, "--overrides", str(pins)) == 1
    captured = capsys.readouterr()
    assert (
        f"{pins}: row 4 (ben-okafor): rejected: action: 'sometimes' is not one of pin, forbid" in captured.err
    )
    assert "note: pin row 3: no mentor called 'Nobody Here'; ignored" in captured.err
    assert "(1 pinned)" in captured.out
    rows = list(csv.DictReader((tmp_path / "m.csv").read_text(encoding="utf-8").splitlines()))
    ana = next(r for r in rows if r["mentee_id"] == "ana-lima")
    assert (ana["mentor_name"], ana["decided_by"]) == ("Amara Eze", "pin")
    assert ana["reasons"].startswith("pin: pinned by the facilitator")


def test_a_mentor_already_on_the_map_is_linked_not_added_twice(sample_cohort, tmp_path):
    import mentorkit.ui as ui

    mine = Contact(name="dr. maren  holt", relation="met at a conference")
    sample_cohort.update("ana-lima", lambda wb: setattr(wb, "contacts", [mine]) or None)
    assert run_match(sample_cohort, tmp_path, "--apply") == 0
    ana = sample_cohort.load("ana-lima")
    assert ana.contacts == [mine] and ana.proposed_mentor.contact_id == mine.id
    live = LiveWorkbook(sample_cohort, "ana-lima", debounce=0)
    assert "Proposed by the programme" in ui.mentor_map(live).one("mk-contact-programme").value


def test_introductions_are_owner_only(sample_cohort, tmp_path):
    intros = tmp_path / "intros"
    assert run_match(sample_cohort, tmp_path, "--intro-dir", str(intros)) == 0
    assert {p.stat().st_mode & 0o777 for p in intros.glob("*.eml")} == {0o600}


@pytest.mark.kernel
def test_a_matched_then_rendered_worksheet_names_the_proposed_mentor(sample_cohort, tmp_path):
    assert run_match(sample_cohort, tmp_path, "--apply") == 0
    out = tmp_path / "sheets"
    args = ["render", "--cohort", str(sample_cohort.root), "--out", str(out), "--only", "ana-lima"]
    assert main([*args, "--format", "html"]) == 0
    page = (out / "ana-lima" / "worksheet.html").read_text(encoding="utf-8")
    assert "Proposed by the programme:</b> <bdi>Dr. Maren Holt (maren.holt@example.org)</bdi>" in page
    assert '<li dir="auto">You both work in Biology.</li>' in page
