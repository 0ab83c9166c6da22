"""Matching: scores, rules, exclusions, capacities, optimality against brute force, determinism."""

from __future__ import annotations

import csv
import itertools
import random
from pathlib import Path

import pytest

from mentorkit.content import need_categories
from mentorkit.csvsafe import csv_text
from mentorkit.errors import UnusableInput
from mentorkit.facilitator.matching import (
    MATCH_COLUMNS,
    Mentee,
    config_from_data,
    explain,
    load_config,
    match,
    match_rows,
    score_matrices,
)
from mentorkit.facilitator.mentors import ExcludedPair, Mentor, read_exclusions, read_mentors
from mentorkit.model import Profile, Skill, Workbook
from mentorkit.resources import sample_mentors

NEEDS = ["sponsorship", "accountability", "role_models", "safe_space"]
SKILLS = ["Writing", "Leadership", "Negotiation"]
FIELDS = ["Biology", "Chemistry", "History", "Law", ""]
STAGES = ["undergraduate", "doctoral", "postdoc", "mid career", "senior", ""]


def random_people(seed: int, n_mentees: int, n_mentors: int) -> tuple[list[Mentee], list[Mentor]]:
    rnd = random.Random(seed)
    mentees = [
        Mentee(
            id=f"m{i:02d}",
            name=f"Mentee {i}",
            needs=rnd.sample(NEEDS, rnd.randint(0, 3)),
            skill_gaps=rnd.sample(SKILLS, rnd.randint(0, 2)),
            field=rnd.choice(FIELDS),
            career_stage=rnd.choice(STAGES[:4]),
        )
        for i in range(n_mentees)
    ]
    mentors = [
        Mentor(
            name=f"Mentor {j}",
            email=f"mentor{j}@example.org",
            capacity=rnd.randint(0, 2),
            needs=rnd.sample(NEEDS, rnd.randint(1, 3)),
            skills=rnd.sample(SKILLS, rnd.randint(0, 2)),
            field=rnd.choice(FIELDS),
            career_stage=rnd.choice(STAGES[2:]),
        )
        for j in range(n_mentors)
    ]
    return mentees, mentors


def brute_force_best(mentees, mentors, config, excluded=frozenset()) -> float:
    """The best total score by trying every assignment (mentee -> mentor or nobody)."""
    mentees = sorted(mentees, key=lambda m: m.id)
    allowed = {}
    for i, e in enumerate(mentees):
        for j, r in enumerate(mentors):
            s = explain(e, r, config)
            if not s.broken_rules and (i, j) not in excluded and s.score >= max(config.min_score, 1e-9):
                allowed[i, j] = s.score
    best = 0.0
    for choice in itertools.product([None, *range(len(mentors))], repeat=len(mentees)):
        load = [0] * len(mentors)
        total = 0.0
        ok = True
        for i, j in enumerate(choice):
            if j is None:
                continue
            if (i, j) not in allowed or load[j] >= mentors[j].capacity:
                ok = False
                break
            load[j] += 1
            total += allowed[i, j]
        if ok:
            best = max(best, total)
    return best


@pytest.fixture(scope="module")
def config():
    return load_config()


@pytest.mark.parametrize("seed", range(12))
def test_assignment_is_optimal_against_brute_force(seed, config):
    mentees, mentors = random_people(seed, 6, 3)
    result = match(mentees, mentors, config)
    assert result.total_score == pytest.approx(brute_force_best(mentees, mentors, config))
    # the same with two random pairs excluded
    rnd = random.Random(seed)
    ordered = sorted(mentees, key=lambda m: m.id)
    banned = {(rnd.randrange(6), rnd.randrange(3)) for _ in range(2)}
    exclude = [ExcludedPair(ordered[i].id, mentors[j].email) for i, j in banned]
    result = match(mentees, mentors, config, exclude=exclude)
    assert result.total_score == pytest.approx(brute_force_best(mentees, mentors, config, banned))
    assert not {(p.mentee.id, p.mentor.email) for p in result.pairs} & {(e.mentee, e.mentor) for e in exclude}


def test_optimal_beats_greedy_on_a_crafted_case(config):
    # Greedy would give the single place of A to x (the best single pair) and leave y with nobody.
    cfg = config_from_data({"rules": {"must_have": []}}, "test", base=config)
    a = Mentor("A", capacity=1, needs=["sponsorship", "accountability", "safe_space", "role_models"])
    b = Mentor("B", capacity=1, needs=["sponsorship", "accountability"])
    x = Mentee("x", "X", needs=["sponsorship", "accountability", "safe_space"])  # A: 9, B: 6
    y = Mentee("y", "Y", needs=["safe_space", "role_models"])  # A: 6, B: 0
    result = match([x, y], [a, b], cfg)
    pairs = {p.mentee.id: p.mentor.name for p in result.pairs}
    assert pairs == {"x": "B", "y": "A"}
    assert result.total_score == pytest.approx(cfg.weights["needs"] * 4)  # greedy: 9 + 0


def test_capacities_are_honoured(config):
    mentees, mentors = random_people(42, 30, 6)
    result = match(mentees, mentors, config)
    load = result.load()
    for mentor in mentors:
        assert load.get(mentor.name, 0) <= mentor.capacity
    assert len({p.mentee.id for p in result.pairs}) == len(result.pairs)
    assert len(result.pairs) + len(result.unmatched) == 30


def test_full_capacity_is_the_stated_reason(config):
    only = Mentor("Solo", capacity=1, needs=["sponsorship"], career_stage="senior")
    a = Mentee("a", "A", needs=["sponsorship", "sponsorship"], career_stage="doctoral", field="x")
    b = Mentee("b", "B", needs=["sponsorship"], career_stage="doctoral")
    result = match([a, b], [only], config)
    assert len(result.pairs) == 1
    assert len(result.unmatched) == 1
    assert result.unmatched[0].why.startswith("capacity full")
    assert "Solo" in result.unmatched[0].why


def test_must_have_rules_are_hard_filters(config):
    junior = Mentor("Junior", capacity=5, needs=NEEDS, skills=SKILLS, field="Biology",
                    career_stage="undergraduate")
    mentee = Mentee("p", "P", needs=NEEDS, skill_gaps=SKILLS, field="Biology", career_stage="postdoc")
    assert explain(mentee, junior, config).score > 10  # a high score ...
    result = match([mentee], [junior], config)
    assert result.pairs == []  # ... but the mentor is not ahead
    assert "mentor_ahead" in result.unmatched[0].why
    relaxed = config_from_data({"rules": {"must_have": []}}, "test", base=config)
    assert len(match([mentee], [junior], relaxed).pairs) == 1


def test_shared_need_rule_and_min_score(config):
    mentor = Mentor("M", capacity=3, needs=["safe_space"], skills=["Writing"], career_stage="senior")
    mentee = Mentee("p", "P", needs=["sponsorship"], skill_gaps=["Writing"], career_stage="doctoral")
    assert len(match([mentee], [mentor], config).pairs) == 1  # need_or_skill passes on the skill
    strict = config_from_data({"rules": {"must_have": ["shared_need"]}}, "test", base=config)
    result = match([mentee], [mentor], strict)
    assert result.pairs == [] and "shared_need" in result.unmatched[0].why
    high = config_from_data({"rules": {"min_score": 100}}, "test", base=config)
    result = match([mentee], [mentor], high)
    assert result.pairs == [] and "below the minimum of 100" in result.unmatched[0].why


def test_excluded_pairs_are_never_proposed(config):
    mentees, mentors = random_people(7, 6, 3)
    first = match(mentees, mentors, config)
    assert first.pairs
    banned = [ExcludedPair(p.mentee.name, p.mentor.email) for p in first.pairs]
    second = match(mentees, mentors, config, exclude=banned)
    got = {(p.mentee.id, p.mentor.name) for p in second.pairs}
    assert got.isdisjoint({(p.mentee.id, p.mentor.name) for p in first.pairs})
    # Excluding by id and by mentor name works too; an unknown name is a note, not an error.
    one = first.pairs[0]
    result = match(mentees, mentors, config,
                   exclude=[ExcludedPair(one.mentee.id, one.mentor.name), ExcludedPair("nobody", "x")])
    assert (one.mentee.id, one.mentor.name) not in {(p.mentee.id, p.mentor.name) for p in result.pairs}
    assert any("no mentee called 'nobody'" in n for n in result.notes)


def test_mentee_with_nothing_to_offer_help_on_is_told_why(config):
    mentor = Mentor("M", capacity=1, needs=["sponsorship"], career_stage="senior")
    result = match([Mentee("p", "P", career_stage="doctoral")], [mentor], config)
    assert result.unmatched[0].why.startswith("no open needs or skill gaps recorded yet; no mentor passes")
    assert "1 fail must-have 'need_or_skill'" in result.unmatched[0].why


def test_exclusion_is_the_stated_reason(config):
    mentor = Mentor("Only", email="only@example.org", capacity=1, needs=["sponsorship"])
    mentee = Mentee("p", "P", needs=["sponsorship"])
    result = match([mentee], [mentor], config, exclude=[ExcludedPair("p", "only@example.org")])
    assert result.pairs == []
    assert "1 excluded pair" in result.unmatched[0].why


def test_deterministic_whatever_the_mentee_order(config):
    mentees, mentors = random_people(3, 40, 10)
    runs = []
    for seed in range(3):
        shuffled = list(mentees)
        random.Random(seed).shuffle(shuffled)
        result = match(shuffled, mentors, config)
        runs.append([(p.mentee.id, p.mentor.name, p.score) for p in result.pairs])
    assert runs[0] == runs[1] == runs[2]


def test_reasons_add_up_and_matrix_equals_explain(config):
    mentees, mentors = random_people(11, 25, 8)
    mat = score_matrices(mentees, mentors, config)
    for i, mentee in enumerate(mentees):
        for j, mentor in enumerate(mentors):
            detail = explain(mentee, mentor, config)
            assert detail.score == pytest.approx(float(mat.score[i, j]))
            assert sum(r.points for r in detail.reasons) == pytest.approx(detail.score)
            assert (not detail.broken_rules) == bool(mat.rule_ok[i, j])


def test_score_factors_by_hand(config):
    mentor = Mentor("M", needs=["sponsorship", "safe_space"], skills=["writing"], field="Chemistry",
                    career_stage="senior")
    mentee = Mentee("p", "P", needs=["sponsorship", "accountability", "safe_space"],
                    skill_gaps=["Writing", "Leadership"], field="Biology", career_stage="doctoral")
    detail = explain(mentee, mentor, config, labels={"sponsorship": "Sponsorship"})
    points = {r.factor: r.points for r in detail.reasons}
    # 2 needs x 3 + 1 skill (case-insensitive) x 2 + adjacent field 1 + stage (senior 6 - doctoral 3) 2
    assert points == {"needs": 6.0, "skills": 2.0, "field": 1.0, "stage": 2.0}
    assert detail.score == 11.0
    assert "Sponsorship" in str(detail.reasons[0])
    bigger = config.with_weights(needs=10)
    assert explain(mentee, mentor, bigger).score == 25.0


def test_weights_file_overrides_some_keys(tmp_path, config):
    path = tmp_path / "w.toml"
    path.write_text('[weights]\nneeds = 5\n[rules]\nmust_have = ["shared_need"]\n', encoding="utf-8")
    custom = load_config(override=path)
    assert custom.weights["needs"] == 5.0
    assert custom.weights["skills"] == config.weights["skills"]
    assert custom.must_have == ["shared_need"]
    path.write_text("[weights]\nneedz = 5\n", encoding="utf-8")
    with pytest.raises(UnusableInput, match=r"w\.toml: weights\.needz: unknown weight"):
        load_config(override=path)
    path.write_text('[weights]\nneeds = "lots"\n', encoding="utf-8")
    with pytest.raises(UnusableInput, match=r"weights\.needs: must be a number"):
        load_config(override=path)
    path.write_text('[rules]\nmust_have = ["be_nice"]\n', encoding="utf-8")
    with pytest.raises(UnusableInput, match="unknown rule 'be_nice'"):
        load_config(override=path)


# -- mentor list -----------------------------------------------------------------------------------
def test_sample_mentor_pool_loads():
    pool = read_mentors(sample_mentors(), need_categories())
    assert "mentors" in sample_mentors().name
    assert len(pool.mentors) == 8 and pool.reports == []
    holt = pool.mentors[0]
    assert holt.capacity == 3
    assert holt.needs == ["sponsorship", "professional_development", "substantive_feedback"]
    assert holt.skills == ["Academic writing", "Leadership"]
    assert holt.languages == ["English", "Norwegian"] and holt.extra == {}


def test_bad_mentor_rows_are_reported_and_good_rows_load(tmp_path):
    path = tmp_path / "mentors.csv"
    path.write_text(
        "name,email,capacity,needs,skills,field,career_stage,timezone\n"
        "Good One,good@example.org,2,Sponsorship,Writing,Law,senior,CET\n"
        ",nobody@example.org,1,,,,,\n"
        "Bad Mail,not-an-email,1,,,,,\n"
        "Bad Cap,cap@example.org,two,,,,,\n"
        "\n"
        "Odd Need,odd@example.org,1,Gardening advice,,,,\n"
        "Good Again,good@example.org,3,,,,,\n",
        encoding="utf-8",
    )
    pool = read_mentors(path, need_categories())
    lines = [str(r) for r in pool.reports]
    assert "row 3: rejected: missing name" in lines
    assert "row 4 (Bad Mail): rejected: email: malformed email address" in lines
    assert "row 5 (Bad Cap): rejected: capacity: 'two' is not a whole number" in lines
    note = "row 7 (Odd Need): note: need categories not in the need list"
    assert any(line.startswith(note) for line in lines)
    assert any(line.startswith("row 8 (Good Again): note: same mentor as row 2") for line in lines)
    assert [(m.name, m.capacity, m.row) for m in pool.mentors] == [("Odd Need", 1, 7), ("Good Again", 3, 8)]
    assert len(pool.rejected) == 3


def test_mentor_list_as_xlsx(tmp_path):
    from openpyxl import Workbook as Sheet

    sheet = Sheet()
    ws = sheet.active
    ws.append(["Name", "Email Address", "Capacity", "Need categories", "Skills", "Field", "Stage", "Notes"])
    ws.append(["Rosa Quintero", "rosa@example.org", 2, "Sponsorship; Safe space", "Writing", "Law", "senior",
               "prefers video"])
    ws.append(["No Capacity", "nc@example.org", -1, "", "", "", "", ""])
    path = tmp_path / "mentors.xlsx"
    sheet.save(path)
    pool = read_mentors(path, need_categories())
    rosa = pool.mentors[0]
    assert (rosa.name, rosa.capacity, rosa.needs) == ("Rosa Quintero", 2, ["sponsorship", "safe_space"])
    assert rosa.career_stage == "senior" and rosa.extra == {"Notes": "prefers video"}  # unknown column kept
    expected = "row 3 (No Capacity): rejected: capacity: '-1' is not a whole number"
    assert [str(r) for r in pool.reports] == [expected]


def test_mentor_file_without_name_column_is_unusable(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("email,capacity\na@example.org,1\n", encoding="utf-8")
    with pytest.raises(UnusableInput, match="no name column"):
        read_mentors(path, need_categories())


def test_exclusion_file(tmp_path):
    path = tmp_path / "past.csv"
    path.write_text("mentee,mentor\nana-lima,Dr. Maren Holt\n,someone\n", encoding="utf-8")
    pairs, reports = read_exclusions(path)
    assert [(p.mentee, p.mentor, p.row) for p in pairs] == [("ana-lima", "Dr. Maren Holt", 2)]
    assert [str(r) for r in reports] == ["row 3 (someone): rejected: mentee: missing"]


# -- output ----------------------------------------------------------------------------------------
def test_match_csv_neutralises_formula_cells(config):
    mentor = Mentor("=HYPERLINK(\"http://x\")", email="m@example.org", capacity=1, needs=["sponsorship"])
    mentees = [Mentee("a", "+Plus Person", needs=["sponsorship"]), Mentee("b", "@At", needs=["sponsorship"])]
    result = match(mentees, [mentor], config)
    text = csv_text(MATCH_COLUMNS, match_rows(result))
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == list(MATCH_COLUMNS)
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=HYPERLINK(\"http://x\")" in cells
    assert {"'+Plus Person", "'@At"} & set(cells)
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)


def test_skill_gaps_rule():
    from mentorkit.facilitator.matching import skill_gaps

    wb = Workbook(profile=Profile(id="p", name="P"), skills=[
        Skill(name="A", current=2), Skill(name="B", current=3), Skill(name="C", current=3, target=4),
        Skill(name="D", current=4, target=4), Skill(name="E"), Skill(name="F", target=3),
    ])
    assert skill_gaps(wb) == ["A", "C", "F"]


def test_rows_cover_every_mentee(config, tmp_path: Path):
    mentees, mentors = random_people(5, 12, 2)
    result = match(mentees, mentors, config)
    rows = match_rows(result)
    assert sorted(r[1] for r in rows) == sorted(m.id for m in mentees)
    assert {r[0] for r in rows} <= {"matched", "unmatched"}
    for row in rows:
        if row[0] == "unmatched":
            assert row[3] == "" and row[-1]


def test_config_round_trips_through_toml(tmp_path, config):
    from mentorkit.facilitator.matching import config_to_toml

    changed = config_from_data({"rules": {"must_have": ["shared_need"], "min_score": 2.5}}, "t",
                               base=config.with_weights(needs=4.5, stage=0))
    path = tmp_path / "saved.toml"
    path.write_text(config_to_toml(changed), encoding="utf-8")
    again = load_config(override=path)
    assert again.weights == changed.weights
    assert again.must_have == ["shared_need"] and again.min_score == 2.5


# -- the command -------------------------------------------------------------------------------------
def test_match_command_on_the_sample(sample_cohort, tmp_path, capsys):
    from mentorkit.cli import main

    out1, out2 = tmp_path / "m1.csv", tmp_path / "m2.csv"
    args = ["match", "--cohort", str(sample_cohort.root), "--mentors", str(sample_mentors())]
    assert main([*args, "--out", str(out1)]) == 0
    assert main([*args, "--out", str(out2)]) == 0
    assert out1.read_bytes() == out2.read_bytes()  # deterministic
    rows = list(csv.DictReader(out1.read_text(encoding="utf-8").splitlines()))
    assert len(rows) == 12 and {r["status"] for r in rows} == {"matched"}
    ana = next(r for r in rows if r["mentee_id"] == "ana-lima")
    assert ana["mentor_name"] == "Dr. Maren Holt"  # Biology, sponsorship + feedback, 3 stages ahead
    assert "same field (Biology)" in ana["reasons"]
    load = {}
    for r in rows:
        load[r["mentor_email"]] = load.get(r["mentor_email"], 0) + 1
    pool = {m.email: m.capacity for m in read_mentors(sample_mentors(), need_categories()).mentors}
    assert all(load[e] <= pool[e] for e in load)
    assert "12 of 12 mentees matched" in capsys.readouterr().out


def test_match_command_reports_bad_rows_and_uses_exclusions(sample_cohort, tmp_path, capsys):
    from mentorkit.cli import main

    mentors = tmp_path / "mentors.csv"
    text = sample_mentors().read_text(encoding="utf-8") + "Broken Row,broken@,1,,,,,\n"
    mentors.write_text(text, encoding="utf-8")
    past = tmp_path / "past.csv"
    past.write_text("mentee,mentor\nana-lima,maren.holt@example.org\n", encoding="utf-8")
    weights = tmp_path / "w.toml"
    weights.write_text("[weights]\nstage = 0\n", encoding="utf-8")
    out = tmp_path / "m.csv"
    code = main(["match", "--cohort", str(sample_cohort.root), "--mentors", str(mentors), "--out", str(out),
                 "--exclude", str(past), "--weights", str(weights)])
    captured = capsys.readouterr()
    assert code == 1
    assert f"{mentors}: row 10 (Broken Row): rejected: email: malformed email address" in captured.err
    assert "stage=0" in captured.out
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    ana = next(r for r in rows if r["mentee_id"] == "ana-lima")
    assert ana["mentor_name"] != "Dr. Maren Holt"
    assert all(r["stage_points"] in ("0", "") for r in rows)


def test_match_uses_open_needs_only(sample_cohort, config):
    """A need the mentee's own map already covers no longer earns points."""
    from mentorkit.facilitator.matching import mentee_from_workbook
    from mentorkit.model import Contact

    categories = need_categories()
    book = sample_cohort.load("ana-lima")
    assert mentee_from_workbook(book, categories).needs == ["sponsorship", "substantive_feedback",
                                                             "accountability"]
    book.contacts = [Contact(name="Prof. Imaginary", needs=["sponsorship"])]
    assert mentee_from_workbook(book, categories).needs == ["substantive_feedback", "accountability"]
