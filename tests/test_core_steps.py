"""Steps 2-5 in depth: where to look, network shape, ask dates, the conversation guide, expectations
from both sides, feedback practice, wins and career paths (pure core, bundled content)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from mentorkit.content import bundled, need_categories
from mentorkit.core import conversation as conv
from mentorkit.core import expectations, paths
from mentorkit.core import feedback_practice as fp
from mentorkit.core import where_to_look as look
from mentorkit.core.agreement import agreement_text, check_agreement
from mentorkit.core.mentor_map import analyse_map, suggest_asks
from mentorkit.core.progress import diff_snapshots, take_snapshot
from mentorkit.model import (
    Agreement,
    Ask,
    Change,
    Contact,
    ContactKind,
    Conversation,
    Goal,
    GoalKind,
    NetworkRole,
    Profile,
    Skill,
    Win,
    Workbook,
)
from mentorkit.store import parse_workbook

TODAY = date(2025, 3, 3)


@pytest.fixture(scope="module")
def channels() -> dict:
    return bundled().get("channels")


def book(**parts) -> Workbook:
    return Workbook(profile=Profile(id="ana-lima", name="Ana Lima", field="Biology"), **parts)


# -- where to look -----------------------------------------------------------------------------
def test_every_need_category_has_at_least_three_channels(channels):
    keys = [c.key for c in need_categories()]
    found = look.channels_for(keys, channels)
    assert all(len(found[k]) >= 3 for k in keys), {k: len(v) for k, v in found.items()}
    assert all(c.how and c.first_step and c.prospect for k in keys for c in found[k])
    assert set(channels["advice"]) == set(keys)


def test_channels_rank_by_the_channels_own_order(channels):
    best = look.channels_for(["accountability"], channels, limit=2)["accountability"]
    assert [c.key for c in best] == ["peer_group", "internal"]  # accountability is first/second there
    role_models = [c.key for c in look.channels_for(["role_models"], channels)["role_models"]]
    assert "admired_path" in role_models and "alumni" in role_models


def test_a_prospect_is_a_contact_a_person_or_a_place(channels):
    admired = next(c for c in look.channels(channels) if c.key == "admired_path")
    place = look.new_prospect(admired, "role_models")
    person = look.new_prospect(admired, "role_models", "  Dr. Lena Brandt ")
    assert place.kind == ContactKind.place and place.name == "A role model I have not met yet"
    assert person.kind == ContactKind.prospect and person.name == "Dr. Lena Brandt"
    assert person.needs == ["role_models"] and person.channel == "admired_path"
    ask = look.prospect_ask(person, admired, "role_models", "Role models", TODAY, channels)
    assert ask.who == "Dr. Lena Brandt" and ask.contact_id == person.id and "Dr. Lena Brandt" in ask.what
    assert (ask.by - TODAY).days == 14
    place_ask = look.prospect_ask(place, admired, "role_models", "Role models", TODAY, channels)
    assert "People whose career path you admire" in place_ask.what and "role models" in place_ask.what


def test_open_needs_skip_needs_a_prospect_is_lined_up_for(channels):
    cats = need_categories()
    wb = book(contacts=[Contact(name="Maya", needs=["sponsorship"])], needs=["role_models"])
    report = analyse_map(wb, cats)
    needs = look.open_needs(report.gaps, report.priority_gaps, wb)
    assert needs[0] == "role_models" and "sponsorship" not in needs
    wb.contacts.append(Contact(name="Alumni list", kind=ContactKind.place, needs=["role_models"]))
    assert "role_models" not in look.open_needs(report.gaps, report.priority_gaps, wb)


def test_a_prospect_covers_no_need_until_met():
    cats = need_categories()
    wb = book(contacts=[Contact(name="Dr. Brandt", kind=ContactKind.prospect, needs=["sponsorship"])])
    report = analyse_map(wb, cats)
    assert "sponsorship" in report.gaps and report.covered == 0
    assert take_snapshot(wb, cats).needs_covered["sponsorship"] == 0
    wb.contacts[0].kind = ContactKind.person
    assert analyse_map(wb, cats).coverage["sponsorship"] == ["Dr. Brandt"]
    assert take_snapshot(wb, cats).needs_covered["sponsorship"] == 1


def test_network_shape_names_missing_roles_and_ignores_prospects(channels):
    wb = book(contacts=[
        Contact(name="Lee", network_role=NetworkRole.peer),
        Contact(name="Maya", network_role=NetworkRole.senior),
        Contact(name="Dr. Brandt", network_role=NetworkRole.sponsor, kind=ContactKind.prospect),
    ])
    shape = look.network_shape(wb, channels)
    assert shape.present["peer"] == ["Lee"] and shape.present["senior"] == ["Maya"]
    assert shape.missing_roles == ["near_peer", "sponsor"]  # the prospect is not a sponsor yet
    assert shape.prospects == ["Dr. Brandt"]
    assert shape.keys_ok == {"peer": True, "near_peer": False, "senior": True, "sponsor": False,
                             "size": False}
    assert "1 peer" in shape.reading and "No sponsor yet" in shape.reading and "1 prospect" in shape.reading
    wb.contacts[2].kind = ContactKind.person
    wb.contacts.append(Contact(name="Sam", network_role=NetworkRole.near_peer))
    full = look.network_shape(wb, channels)
    assert full.ok and "all four" in full.reading


def test_network_shape_of_an_unmarked_map(channels):
    shape = look.network_shape(book(contacts=[Contact(name="Lee")]), channels)
    assert shape.missing_roles == ["peer", "near_peer", "senior", "sponsor"]
    assert shape.reading.startswith("Mark each person")


@pytest.mark.parametrize(
    "by, ok, words",
    [
        (None, False, "Choose a date"),
        (date(2025, 3, 1), False, "already passed"),
        (date(2025, 3, 5), False, "less than a week"),
        (date(2025, 3, 10), True, "7 days"),
        (date(2025, 4, 1), True, "29 days"),
    ],
)
def test_ask_dates_must_be_a_week_out(channels, by, ok, words):
    check = look.check_due(by, TODAY, channels)
    assert check.ok is ok and words in check.message


def test_sensible_due_and_reschedule(channels):
    assert look.sensible_due(TODAY, channels) == date(2025, 3, 17)
    assert look.earliest_due(TODAY, channels) == date(2025, 3, 10)
    assert look.sensible_due(TODAY, {"asks": {"default_days": 3, "min_days": 10}}) == date(2025, 3, 13)
    asks = [Ask(need="a", by=date(2025, 3, 4)), Ask(need="b", by=date(2025, 5, 1)), Ask(need="c"),
            Ask(need="d", by=date(2025, 3, 4), done=True)]
    moved = look.reschedule(asks, TODAY, channels)
    assert [a.by for a in moved] == [date(2025, 3, 17), date(2025, 5, 1), date(2025, 3, 17), date(2025, 3, 4)]
    assert asks[0].by == date(2025, 3, 4)  # copies: the originals are untouched


def test_suggested_asks_are_due_at_least_a_week_out():
    cats = need_categories()
    for today in (date(2025, 1, 31), date(2025, 2, 27), date(2025, 12, 30)):  # end of month was "tomorrow"
        wb = book()
        asks = suggest_asks(wb, analyse_map(wb, cats), today=today)
        assert asks and all((a.by - today).days >= 7 for a in asks)


# -- the first conversation --------------------------------------------------------------------
@pytest.fixture(scope="module")
def guide_data() -> dict:
    return bundled().get("conversation")


def test_questions_mix_path_goals_expertise_and_network(guide_data):
    wb = book(goals=[Goal(id="g1", text="Land a postdoc in marine ecology", kind=GoalKind.career),
                     Goal(id="g2", text="Get better at public speaking", kind=GoalKind.skill)])
    maya = Contact(name="Dr. Maya Ortiz", expertise="marine ecology")
    qs = conv.questions(wb, maya, guide_data)
    assert 5 <= len(qs) <= 8 and len(set(qs)) == len(qs)
    assert qs[0].startswith("How did you get to where you are")
    assert any("land a postdoc in marine ecology" in q for q in qs)
    assert any("get better at public speaking" in q for q in qs)
    assert any("marine ecology" in q and "changing" in q for q in qs)
    assert "Who else" in qs[-1]
    assert all("{" not in q for q in qs)


def test_questions_with_nothing_known_still_five(guide_data):
    qs = conv.questions(book(), None, guide_data)
    assert 5 <= len(qs) <= 8 and "Who else" in qs[-1]
    assert all("{" not in q for q in qs)


def test_questions_cap_at_eight_and_follow_a_chosen_goal(guide_data):
    goals = [Goal(id=f"g{i}", text=f"Finish project number {i}", kind=GoalKind.project) for i in range(6)]
    wb = book(goals=goals)
    qs = conv.questions(wb, Contact(name="A", expertise="grant writing"), guide_data)
    assert len(qs) <= 8 and "Who else" in qs[-1]
    only = conv.questions(wb, None, guide_data, goal_ids=["g4"])
    assert any("finish project number 4" in q for q in only)
    assert not any("number 0" in q for q in only)


def test_two_goals_of_one_kind_get_different_questions(guide_data):
    wb = book(goals=[Goal(text="Land a postdoc", kind=GoalKind.career),
                     Goal(text="Move into policy work", kind=GoalKind.career)])
    qs = conv.questions(wb, None, guide_data)
    assert any("land a postdoc" in q for q in qs) and any("move into policy work" in q for q in qs)


def test_guide_fills_the_opening_and_offers(guide_data):
    g = conv.guide(book(), Contact(name="Maya", expertise="science policy"), guide_data)
    assert "Maya" in g.opening[0] and "science policy" in " ".join(g.opening)
    assert len(g.offers) >= 4 and len(g.closing) >= 3 and g.minutes == 25


def test_conversation_check_asks_for_notes_only_after_it_happened(guide_data):
    plan = Conversation(contact_id="c1", questions=["q"] * 6, offer="A summary")
    assert conv.check_conversation(plan, guide_data).ok
    assert not conv.check_conversation(plan.model_copy(update={"questions": ["q"] * 9}), guide_data).ok
    held = plan.model_copy(update={"held_on": date(2025, 3, 10)})
    report = conv.check_conversation(held, guide_data)
    assert [c.key for c in report.missing] == ["notes", "follow_up"]
    held.notes, held.follow_up = "She said to apply to the summer school first.", "Send summary Friday"
    assert conv.check_conversation(held, guide_data).ok


def test_conversation_notes_for_step_five():
    wb = book(contacts=[Contact(id="c1", name="Maya")], conversations=[
        Conversation(contact_id="c1", held_on=date(2025, 3, 1), notes="Apply early", follow_up="Thank her"),
        Conversation(contact_id="c1"),  # only planned: not in the notes
        Conversation(contact_id="gone", held_on=date(2025, 3, 9), notes="Later one"),
    ])
    rows = conv.conversation_notes(wb)
    assert [r["date"] for r in rows] == ["2025-03-09", "2025-03-01"]
    assert rows[1] == {"who": "Maya", "date": "2025-03-01", "notes": "Apply early", "follow_up": "Thank her"}
    assert rows[0]["who"] == "a contact"


# -- expectations from both sides --------------------------------------------------------------
def test_both_sides_clauses_cover_the_cimer_checklist():
    data = bundled().get("agreement")
    keys = [c.key for c in expectations.clauses(data)]
    assert keys == ["roles_mentee", "roles_mentor", "between_meetings", "reply_time", "preparation",
                    "mentor_expectations", "disagreements"]
    assert len(expectations.questions_before_sign(data)) >= 5
    a = Agreement()
    assert [c.ok for c in expectations.check_clauses(a, data)] == [False] * 7
    for clause in expectations.clauses(data):
        if clause.suggested:
            setattr(a, clause.key, clause.suggested)
    missing = [c.key for c in expectations.check_clauses(a, data) if not c.ok]
    assert missing == ["mentor_expectations"]  # only the mentor can say this one
    report = check_agreement(a)
    assert report.checks[-1].key == "signatures" and not report.keys_ok["mentor_expectations"]
    assert "Ask your mentor what they expect" in report["mentor_expectations"].message


def test_printed_agreement_holds_the_clauses():
    wb = book(agreement=Agreement(reply_time="Within three working days, or we say we are away."))
    text = agreement_text(wb)
    assert "Reply times" in text and "three working days" in text and "The mentor's expectations" in text


# -- feedback practice, changes, wins ----------------------------------------------------------
@pytest.fixture(scope="module")
def fb() -> dict:
    return bundled().get("feedback")


@pytest.mark.parametrize(
    "about, ok",
    [("", False), ("my work", False), ("Everything", False), ("slides", False),
     ("the first five minutes of my talk", True), ("how I chaired Tuesday's lab meeting", True)],
)
def test_feedback_request_must_be_specific(fb, about, ok):
    assert fp.check_request(about, fb).ok is ok


def test_ask_script_fills_person_and_thing(fb):
    words = fp.ask_script("Maya", "the methods section of my draft.", fb)
    assert words.startswith("Hi Maya,") and "the methods section of my draft?" in words
    assert "keep doing" in words and "change" in words
    assert [s.key for s in fp.receiving_steps(fb)] == ["listen", "thank", "clarify", "decide"]


def test_change_is_an_action_linked_to_a_goal(fb):
    wb = book(goals=[Goal(id="g1", text="Give two conference talks")])
    good = fp.check_change(Change(text="I will open my talks with the question", goal_id="g1"), wb, fb)
    assert good.ok
    imperative = fp.check_change(Change(text="Practise the opening twice aloud", goal_id="g1"), wb, fb)
    assert imperative.ok
    vague = fp.check_change(Change(text="The talk", goal_id="nope"), wb, fb)
    assert [c.key for c in vague.missing] == ["action", "goal"]


def test_changes_by_goal_and_wins_reading(fb):
    wb = book(goals=[Goal(id="g1", text="Give two talks"), Goal(id="g2", text="Finish paper")],
              changes=[Change(text="I will rehearse", goal_id="g2"), Change(text="I will ask early"),
                       Change(text="I will time it", goal_id="g2"), Change(text="  ")])
    groups = fp.changes_by_goal(wb)
    assert [(t, [c.text for c in cs]) for t, cs in groups] == [
        ("Finish paper", ["I will rehearse", "I will time it"]), ("No goal yet", ["I will ask early"])]
    assert "empty" in fp.wins_reading(wb, fb)
    wb.wins = [Win(text="Gave my first talk"), Win(text=" ")]
    assert fp.wins_reading(wb, fb).startswith("1 win(s)")


def test_snapshot_counts_changes_and_wins():
    cats = need_categories()
    wb = book(changes=[Change(text="I will rehearse", done=True), Change(text="I will ask")])
    before = take_snapshot(wb, cats, now=datetime(2025, 3, 1, tzinfo=timezone.utc))
    wb.wins = [Win(text="Talk went well"), Win(text="Paper sent")]
    wb.changes[1].done = True
    after = take_snapshot(wb, cats)
    assert (before.changes_total, before.changes_done, before.wins) == (2, 1, 0)
    assert (after.changes_done, after.wins) == (2, 2)
    summary = diff_snapshots(before, after).summary
    assert "Changes you planned: 2 (2 done; 1 of 2 then)." in summary
    assert "Wins logged: 2, 2 more than then." in summary


# -- career paths ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def careers() -> dict:
    return bundled().get("career_paths")


def test_career_families_are_a_small_set(careers):
    families = paths.career_paths(careers)
    assert 12 <= len(families) <= 16
    assert all(f.values and f.skills and f.try_ and f.summary for f in families)


def test_paths_follow_values_and_skills(careers):
    wb = book(values=["Justice", "Community"],
              skills=[Skill(name="Public speaking", current=4),
                      Skill(name="Fundraising", current=1, target=4)])
    top = paths.suggest_paths(wb, careers)
    assert len(top) == 3 and top[0].path.key == "nonprofit"
    assert top[0].values == ["Justice", "Community"] and top[0].strengths == ["Public speaking"]
    assert top[0].growing == ["Fundraising"]
    assert "justice and community" in top[0].reasons[0] and "fundraising" in top[0].reasons[2]


def test_paths_say_nothing_without_values_or_skills(careers):
    assert paths.suggest_paths(book(), careers) == []
    lonely = paths.fit(paths.career_paths(careers)[0], ["Zzz"], [], careers)
    assert lonely.score == 0 and "little overlap" in lonely.reasons[0]


def test_two_word_skills_need_both_words(careers):
    academic = next(p for p in paths.career_paths(careers) if p.key == "academic_research")
    fit = paths.fit(academic, [], [Skill(name="Creative writing", current=5),
                                   Skill(name="Academic writing", current=5)], careers)
    assert fit.strengths == ["Academic writing"]


# -- old files -----------------------------------------------------------------------------------
def test_a_workbook_without_the_new_parts_loads_with_defaults():
    raw = {"schema_version": 1, "profile": {"id": "x", "name": "X"},
           "contacts": [{"id": "c1", "name": "Lee"}], "agreement": {"frequency": "monthly"}}
    wb = parse_workbook(raw)
    assert wb.contacts[0].kind == ContactKind.person and wb.contacts[0].network_role == NetworkRole.unknown
    assert wb.conversations == [] and wb.changes == [] and wb.wins == [] and wb.career_paths == []
    assert wb.agreement.reply_time == "" and wb.snapshots == []
