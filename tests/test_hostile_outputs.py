"""Hostile participant text in facilitator outputs: shown literally or neutralised, never run."""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mentorkit.cli import main
from mentorkit.roster import import_roster
from tests.test_hostile_roster import hostile_roster

SCRIPTY = ("<script>alert(1)</script>", '<img src=x onerror="alert(2)">')


@pytest.fixture
def hostile_cohort(tmp_path: Path) -> Path:
    roster = tmp_path / "hostile.csv"
    hostile_roster(roster)
    import_roster(roster, tmp_path / "cohort")
    return tmp_path / "cohort"


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "img", "iframe", "object", "embed", "link"):
            self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.lower().startswith("on")]


def active_content(html: str) -> tuple[list[str], list[str]]:
    """Elements that run or fetch something, and inline event handlers, as a browser parses them."""
    scanner = _Scanner()
    scanner.feed(html)
    return scanner.tags, scanner.handlers


def outside_references(html: str) -> list[str]:
    """Attributes or CSS that would make a browser fetch something from another host."""
    pattern = (
        r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//"""
        r"""|url\(\s*["']?(?:https?:)?//|@import"""
    )
    return re.findall(pattern, html, flags=re.IGNORECASE)


# With names on, the page adds the follow-up list: several seconds of CPU, so that case is `slow`.
@pytest.mark.parametrize("names", [False, pytest.param(True, marks=pytest.mark.slow)])
def test_dashboard_page_shows_hostile_text_literally(hostile_cohort: Path, tmp_path: Path, names) -> None:
    out = tmp_path / "dash.html"
    args = ["dashboard", "--cohort", str(hostile_cohort), "--out", str(out)]
    assert main(args + (["--names"] if names else [])) == 0
    html = out.read_text(encoding="utf-8")
    for raw in SCRIPTY:
        assert raw not in html
    tags, handlers = active_content(html)
    assert tags == [] and handlers == []
    assert outside_references(html) == []
    if names:  # the follow-up list names people: their text appears, escaped
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    else:
        assert "Person 1" not in html


def test_match_csv_neutralises_formulas(hostile_cohort: Path, tmp_path: Path) -> None:
    mentors = tmp_path / "mentors.csv"
    mentors.write_text(
        "name,email,capacity,needs,skills,field,career_stage\n"
        '"=HYPERLINK(""http://evil.invalid"",""x"")",m1@example.org,40,Sponsorship;Role models,'
        "Writing,Biology,senior\n"
        "@SUM(1+1),m2@example.org,40,Safe space;Accountability,Leadership,Law,senior\n"
        "<script>alert(1)</script>,m3@example.org,40,Emotional support,Negotiation,Design,senior\n",
        encoding="utf-8",
    )
    extra = tmp_path / "more.csv"
    extra.write_text(
        "name,email,needs,skill: Writing\n"
        "\"=cmd|' /C calc'!A0\",f1@example.org,Sponsorship;Safe space,2\n"
        "+Tom Formula,f2@example.org,Emotional support;Accountability,1\n",
        encoding="utf-8",
    )
    assert import_roster(extra, hostile_cohort).exit_code == 0
    out = tmp_path / "matches.csv"
    args = ["match", "--cohort", str(hostile_cohort), "--mentors", str(mentors), "--out", str(out)]
    assert main(args) in (0, 1)
    with out.open(encoding="utf-8", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert cells, "the match file has rows"
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == []
    assert "'=HYPERLINK(\"http://evil.invalid\",\"x\")" in cells
    assert "'@SUM(1+1)" in cells
    assert "'=cmd|' /C calc'!A0" in cells and "'+Tom Formula" in cells
