"""Time reading 500 fictional workbooks and drawing the cohort dashboard.

Run: .venv/bin/python benchmarks/dashboard.py [--participants N]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date
from pathlib import Path

from mentorkit.content import need_categories
from mentorkit.model import (
    Agreement,
    Benefit,
    Contact,
    Goal,
    GoalKind,
    OutreachDraft,
    OutreachStatus,
    Profile,
    Reflection,
    Skill,
    Workbook,
)
from mentorkit.store import Cohort, dump_workbook

SKILLS = ["Public speaking", "Academic writing", "Networking", "Data analysis", "Leadership", "Negotiation"]


def fictional_workbook(i: int, rnd: random.Random, needs: list[str]) -> Workbook:
    """One made-up participant, somewhere between 'just arrived' and 'finished everything'."""
    depth = rnd.randint(0, 6)
    wb = Workbook(profile=Profile(id=f"p-{i:05d}", name=f"Participant {i}", field="Biology",
                                  career_stage=rnd.choice(["doctoral", "postdoc", "early career"])))
    wb.skills = [Skill(name=s, current=rnd.randint(1, 5), target=rnd.choice([None, 4, 5])) for s in SKILLS]
    wb.needs = rnd.sample(needs, 3)
    if depth >= 1:
        wb.values = ["Curiosity"]
    if depth >= 2:
        wb.goals = [Goal(text=f"Goal {k} by June, measured by a count", kind=rnd.choice(list(GoalKind)),
                         benefits=rnd.sample(list(Benefit), 2), measure="count",
                         target_date=date(2027, 6, 1)) for k in range(rnd.randint(1, 3))]
    if depth >= 3:
        wb.contacts = [Contact(name=f"Contact {k}", needs=rnd.sample(needs, 2),
                               outreach_status=rnd.choice(list(OutreachStatus))) for k in range(4)]
    if depth >= 4:
        wb.outreach = [OutreachDraft(subject="A 20-minute chat?", body="Hello, could we talk? " * 5)]
    if depth >= 5:
        wb.agreement = Agreement(frequency="monthly", mode="video", meeting_minutes=45,
                                 mentee_name=wb.profile.name, mentor_name="A. Mentor")
    if depth >= 6:
        wb.reflections = [Reflection(prompt="What did you learn?", text="Plenty.")]
    return wb


def make_cohort(folder: Path, n: int) -> Cohort:
    cohort = Cohort(folder).ensure()
    rnd = random.Random(5)
    needs = [c.key for c in need_categories()]
    for i in range(n):
        wb = fictional_workbook(i, rnd, needs)
        cohort.path_for(wb.id).write_text(dump_workbook(wb), encoding="utf-8")
    return cohort


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cohort = make_cohort(Path(tmp) / "cohort", args.participants)
        t0 = time.perf_counter()
        from mentorkit.facilitator.aggregate import summarise
        from mentorkit.facilitator.charts import panels
        from mentorkit.facilitator.dashboard_html import dashboard_html
        from mentorkit.present import chart_svg

        t1 = time.perf_counter()
        books, errors = cohort.load_all()
        t2 = time.perf_counter()
        summary = summarise(books, cohort.content)
        t3 = time.perf_counter()
        svgs = [chart_svg(p.chart) for p in panels(summary)]
        t4 = time.perf_counter()
        page = dashboard_html(summary)
        t5 = time.perf_counter()
        assert not errors and summary.participants == args.participants and len(svgs) == 7
        print(f"dashboard for {args.participants} workbooks: read {t2 - t1:.2f} s, "
              f"aggregate {t3 - t2:.2f} s, "
              f"draw 7 charts {t4 - t3:.2f} s -> {t4 - t1:.2f} s in all "
              f"(+ {t1 - t0:.2f} s one-off imports of altair/vl-convert)")
        print(f"static HTML page again (warm): {t5 - t4:.2f} s, {len(page) // 1024} KiB")


if __name__ == "__main__":
    main()
