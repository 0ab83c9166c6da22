"""``make demo`` tells the story (issue 13 item 4): the sample cohort at realistic stages."""

from __future__ import annotations

from collections import Counter
from datetime import date

from mentorkit.core.progress import DONE, NOT_STARTED, exercise_status
from mentorkit.demo_stages import COMPLETE, HALFWAY, IMPORTED, apply_stages, read_stages
from mentorkit.render.sheet import SECTIONS, Worksheet
from mentorkit.store import Cohort

TODAY = date(2026, 11, 20)


def staged(cohort: Cohort) -> dict[str, str]:
    before = {pid: cohort.path_for(pid).read_bytes() for pid in cohort.ids()}
    stages = apply_stages(cohort.root, today=TODAY)
    for pid, stage in stages.items():  # the just-imported are left exactly as imported
        assert (cohort.path_for(pid).read_bytes() == before[pid]) == (stage == IMPORTED)
    return stages


def test_sample_participants_are_complete_halfway_or_just_imported(sample_cohort: Cohort) -> None:
    stages = staged(sample_cohort)
    count = Counter(stages.values())
    assert count[COMPLETE] >= 3 and count[HALFWAY] >= 3 and count[IMPORTED] >= 2
    for pid, stage in stages.items():
        status = exercise_status(sample_cohort.load(pid), sample_cohort.content, today=TODAY)
        done = [k for k, v in status.items() if v == DONE]
        if stage == COMPLETE:
            assert len(done) == len(status), (pid, status)
        elif stage == HALFWAY:
            assert {"01_goals", "02_mentor_map"} <= set(done) and len(done) < len(status), (pid, status)
            assert status["04_expectations"] == NOT_STARTED
        else:
            assert status["02_mentor_map"] == NOT_STARTED, (pid, status)


def test_complete_worksheets_have_answers_in_every_section(sample_cohort: Cohort) -> None:
    stages = staged(sample_cohort)
    for pid in (p for p, s in stages.items() if s == COMPLETE):
        sheet = Worksheet.load(sample_cohort.path_for(pid), display=lambda block: None)
        for section in SECTIONS:
            markup = "".join(b.markup for b in sheet.blocks(section))
            assert markup and "mk-empty" not in markup, (pid, section)
    half = next(p for p, s in stages.items() if s == HALFWAY)
    sheet = Worksheet.load(sample_cohort.path_for(half), display=lambda block: None)
    assert "mk-empty" not in "".join(b.markup for b in sheet.blocks("mentor_map"))


def test_staging_twice_gives_the_same_workbooks_and_names_stay_fictional(sample_cohort: Cohort) -> None:
    apply_stages(sample_cohort.root, today=TODAY)
    first = {pid: sample_cohort.load(pid).model_dump(exclude={"reflections", "changes", "outreach"})
             for pid in sample_cohort.ids()}
    apply_stages(sample_cohort.root, today=TODAY)
    assert {pid: sample_cohort.load(pid).model_dump(exclude={"reflections", "changes", "outreach"})
            for pid in sample_cohort.ids()} == first
    people = read_stages()["people"]
    assert set(people) <= set(sample_cohort.ids())  # every example answer belongs to a sample participant
