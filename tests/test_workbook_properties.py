"""Property: any valid workbook survives save -> load unchanged."""

from __future__ import annotations

from datetime import timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorkit import model as m
from mentorkit.store import Cohort

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
RATING = st.none() | st.integers(1, 5)
DATES = st.none() | st.dates()
TIMES = st.datetimes(timezones=st.just(timezone.utc)).map(lambda d: d.replace(microsecond=0))
IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)

profiles = st.builds(
    m.Profile,
    id=IDS,
    name=TEXT.filter(bool),
    email=TEXT,
    role=TEXT,
    career_stage=TEXT,
    field=TEXT,
    extra=st.dictionaries(TEXT, TEXT, max_size=3),
)
skills = st.builds(m.Skill, name=TEXT.filter(bool), current=RATING, target=RATING)
goals = st.builds(
    m.Goal,
    text=TEXT,
    kind=st.sampled_from(m.GoalKind),
    benefits=st.lists(st.sampled_from(m.Benefit), max_size=5, unique=True),
    measure=TEXT,
    target_date=DATES,
    status=st.sampled_from(m.GoalStatus),
)
contacts = st.builds(
    m.Contact,
    name=TEXT,
    relation=TEXT,
    expertise=TEXT,
    needs=st.lists(TEXT, max_size=4),
    strength=st.sampled_from(m.TieStrength),
    outreach_status=st.sampled_from(m.OutreachStatus),
)
asks = st.builds(m.Ask, need=TEXT, who=TEXT, what=TEXT, by=DATES, done=st.booleans())
drafts = st.builds(
    m.OutreachDraft, subject=TEXT, body=TEXT, sent_on=DATES, follow_up_on=DATES, updated_at=TIMES
)
agreements = st.builds(
    m.Agreement,
    goal_ids=st.lists(TEXT, max_size=3),
    frequency=TEXT,
    meeting_minutes=st.none() | st.integers(5, 480),
    start=DATES,
    end=DATES,
    ground_rules=st.lists(TEXT, max_size=3),
    checkpoints=st.lists(st.dates(), max_size=3),
    mentee_name=TEXT,
    mentor_name=TEXT,
)
reflections = st.builds(m.Reflection, created_at=TIMES, prompt=TEXT, text=TEXT)
snapshots = st.builds(
    m.Snapshot,
    taken_at=TIMES,
    label=TEXT,
    skills=st.lists(skills, max_size=3),
    needs_covered=st.dictionaries(TEXT, st.integers(0, 20), max_size=4),
    goals_total=st.integers(0, 50),
    goals_done=st.integers(0, 50),
)
workbooks = st.builds(
    m.Workbook,
    profile=profiles,
    values=st.lists(TEXT, max_size=4),
    needs=st.lists(TEXT, max_size=4),
    skills=st.lists(skills, max_size=4),
    goals=st.lists(goals, max_size=3),
    contacts=st.lists(contacts, max_size=3),
    asks=st.lists(asks, max_size=2),
    outreach=st.lists(drafts, max_size=2),
    agreement=agreements,
    reflections=st.lists(reflections, max_size=2),
    snapshots=st.lists(snapshots, max_size=2),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(workbook=workbooks)
def test_save_then_load_is_identity(tmp_path_factory, workbook: m.Workbook) -> None:
    cohort = Cohort(tmp_path_factory.mktemp("prop")).ensure()
    cohort.save(workbook)
    assert cohort.load(workbook.id) == workbook


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=workbooks, goals_a=st.lists(goals, max_size=3), contacts_b=st.lists(contacts, max_size=3))
def test_merge_keeps_both_writers_sections(tmp_path_factory, base, goals_a, contacts_b) -> None:
    cohort = Cohort(tmp_path_factory.mktemp("merge")).ensure()
    cohort.save(base)
    writer_a, writer_b = base.model_copy(deep=True), base.model_copy(deep=True)
    writer_a.goals = goals_a
    writer_b.contacts = contacts_b
    cohort.save(writer_a, base=base)
    merged = cohort.save(writer_b, base=base)
    assert merged.goals == goals_a and merged.contacts == contacts_b
    assert cohort.load(base.id) == merged


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    base=workbooks,
    needs=st.lists(st.lists(TEXT, max_size=3), min_size=3, max_size=3),
    status=st.sampled_from(m.OutreachStatus),
    new_a=st.lists(reflections, max_size=2),
    new_b=st.lists(reflections, max_size=2),
)
def test_merge_by_item_and_field(tmp_path_factory, base, needs, status, new_a, new_b) -> None:
    """Two notebooks edit different fields of the same contacts and both add reflections."""
    cohort = Cohort(tmp_path_factory.mktemp("merge3")).ensure()
    cohort.save(base)
    writer_a, writer_b = base.model_copy(deep=True), base.model_copy(deep=True)
    for contact, contact_needs in zip(writer_a.contacts, needs, strict=False):
        contact.needs = contact_needs
    for contact in writer_b.contacts:
        contact.outreach_status = status
    writer_a.reflections += new_a
    writer_b.reflections += new_b
    if writer_a.contacts:
        removed = writer_a.contacts.pop()  # A deletes the last contact; B's edit of it is kept
    cohort.save(writer_a, base=base)
    merged = cohort.save(writer_b, base=base)

    expected_ids = [c.id for c in writer_a.contacts] + (
        [removed.id] if base.contacts and status != removed.outreach_status else []
    )
    assert [c.id for c in merged.contacts] == expected_ids
    for contact, contact_needs in zip(merged.contacts, needs, strict=False):
        if contact.id != (removed.id if base.contacts else None):
            assert contact.needs == contact_needs
        assert contact.outreach_status == status
    assert [r.id for r in merged.reflections] == [r.id for r in base.reflections + new_a + new_b]
    assert cohort.load(base.id) == merged


def test_merge3_rules() -> None:
    from mentorkit.store import merge3

    base = {"a": 1, "b": [{"id": "x", "v": 1}, {"id": "y", "v": 2}], "c": [1, 2]}
    theirs = {"a": 1, "b": [{"id": "x", "v": 1, "w": 5}, {"id": "y", "v": 2}], "c": [1, 2, 3]}
    mine = {"a": 2, "b": [{"id": "y", "v": 3}, {"id": "z", "v": 0}], "c": [1, 2]}
    assert merge3(theirs, mine, base) == {
        "a": 2,
        "b": [{"id": "y", "v": 3}, {"id": "z", "v": 0}],
        "c": [1, 2, 3],
    }
    # Plain lists (no ids) changed on both sides: the later save wins.
    assert merge3([1, 2, 3], [1], [1, 2]) == [1]
