"""Mentor map analysis: coverage, gaps, concentration and suggested asks."""

from __future__ import annotations

from datetime import date

import pytest

from mentorkit.content import need_categories
from mentorkit.core.mentor_map import SOMEONE_NEW, analyse_map, end_of_month, suggest_asks
from mentorkit.model import Ask, Contact, Profile, TieStrength, Workbook

ALL = [c.key for c in need_categories()]
OTHERS = [k for k in ALL if k not in ("sponsorship", "role_models")]


def wb(*contacts: Contact, needs: list[str] | None = None) -> Workbook:
    profile = Profile(id="ben-okafor", name="Ben Okafor")
    return Workbook(profile=profile, contacts=list(contacts), needs=needs or [])


@pytest.fixture
def cats():
    return need_categories()


def test_empty_map(cats):
    report = analyse_map(wb(), cats)
    assert report.gaps == ALL
    assert report.concentrated == []
    assert report.keys_ok == {"gaps": False, "concentration": True}
    assert not report.ok
    assert report.covered == 0
    assert report.reading  # says something friendly even when empty


def test_coverage_accepts_labels_and_keys_and_repeated_names(cats):
    report = analyse_map(
        wb(
            Contact(name="Kai Moreno", needs=["Sponsorship", "substantive_feedback"]),
            Contact(name="Rosa Baptiste", needs=["sponsorship", "Networking and introductions"]),
        ),
        cats,
    )
    assert report.coverage["sponsorship"] == ["Kai Moreno", "Rosa Baptiste"]
    assert report.coverage["substantive_feedback"] == ["Kai Moreno"]
    assert report.coverage["networking"] == ["Rosa Baptiste"]
    assert "sponsorship" not in report.gaps and "emotional_support" in report.gaps
    assert report.covered == 3


def test_full_and_balanced_map_is_ok(cats):
    contacts = [Contact(name=f"Person {chr(65 + i)}", needs=ALL[i * 2 : i * 2 + 2]) for i in range(5)]
    report = analyse_map(wb(*contacts), cats)
    assert report.gaps == []
    assert report.concentrated == []
    assert report.ok


def test_concentration_by_count(cats):
    contacts = [Contact(name="Ivo Stern", needs=ALL[:4])] + [
        Contact(name=f"P{i}", needs=[ALL[i]]) for i in range(4, 10)
    ]
    report = analyse_map(wb(*contacts), cats)
    assert report.gaps == []
    assert report.concentrated == [("Ivo Stern", 4)]
    assert report.keys_ok == {"gaps": True, "concentration": False}


def test_concentration_by_share_needs_three(cats):
    # 3 of 4 covered needs rest on one person -> concentrated
    report = analyse_map(wb(Contact(name="Ivo", needs=ALL[:3]), Contact(name="Lu", needs=[ALL[3]])), cats)
    assert report.concentrated == [("Ivo", 3)]
    # 2 of 2 covered needs: too small to call concentration
    report = analyse_map(wb(Contact(name="Ivo", needs=ALL[:2])), cats)
    assert report.concentrated == []
    # 3 of 8 covered needs: fine
    others = [Contact(name=f"P{i}", needs=[ALL[i]]) for i in range(3, 8)]
    report = analyse_map(wb(Contact(name="Ivo", needs=ALL[:3]), *others), cats)
    assert report.concentrated == []


def test_priority_gaps_follow_stated_needs(cats):
    book = wb(Contact(name="Kai", needs=["Sponsorship"]), needs=["Sponsorship", "Role models"])
    report = analyse_map(book, cats)
    assert report.priority_gaps == ["role_models"]


def test_unnamed_contacts_get_a_label(cats):
    report = analyse_map(wb(Contact(needs=["Sponsorship"])), cats)
    assert report.coverage["sponsorship"] == ["Person 1"]


def test_suggest_asks_one_per_gap_priority_first(cats):
    book = wb(
        Contact(name="Dr. Maren Holt", relation="PhD supervisor", expertise="marine biology", needs=ALL[:8]),
        Contact(name="Lee Park", relation="peer in my writing group", needs=[]),
        needs=["networking"],
    )
    report = analyse_map(book, cats)
    assert report.gaps == ["role_models", "networking"]
    asks = suggest_asks(book, report, today=date(2025, 2, 3))
    assert [a.need for a in asks] == ["networking", "role_models"]
    assert all(a.by == date(2025, 2, 17) for a in asks)  # two weeks out, chosen later by the participant
    assert all(a.what and a.who for a in asks)


def test_suggest_asks_picks_nearest_contact_or_someone_new(cats):
    book = wb(
        Contact(name="Kai", relation="line manager", needs=[]),
        Contact(name="Lee", relation="friend", needs=[]),
        *[Contact(name=f"P{i}", needs=[k]) for i, k in enumerate(OTHERS)],
    )
    report = analyse_map(book, cats)
    asks = {a.need: a for a in suggest_asks(book, report, today=date(2025, 5, 20))}
    assert asks["sponsorship"].who == "Kai"  # manager is a sponsorship hint
    assert asks["role_models"].who == SOMEONE_NEW  # neither manager nor friend fits
    assert "Kai" in asks["sponsorship"].what


def test_strong_tie_breaks_even_scores(cats):
    book = wb(
        Contact(name="Weak", relation="peer", strength=TieStrength.weak),
        Contact(name="Strong", relation="peer", strength=TieStrength.strong),
    )
    asks = {a.need: a for a in suggest_asks(book, analyse_map(book, cats), today=date(2025, 5, 1))}
    assert asks["accountability"].who == "Strong"


def test_open_asks_are_not_suggested_again(cats):
    book = wb()
    book.asks.append(Ask(need="sponsorship", who="Kai", what="x"))
    asks = suggest_asks(book, analyse_map(book, cats), today=date(2025, 5, 1))
    assert "sponsorship" not in [a.need for a in asks]
    assert len(asks) == len(ALL) - 1


def test_end_of_month():
    assert end_of_month(date(2024, 2, 10)) == date(2024, 2, 29)
    assert end_of_month(date(2025, 12, 31)) == date(2025, 12, 31)
