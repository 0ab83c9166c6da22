"""Time matching 1,000 fictional mentees with 300 fictional mentors (capacities 1-4).

Everyone lists one or two of four languages; a third of the mentees name a mentor they would like and
one they would rather not have.

Run: .venv/bin/python benchmarks/matching.py [--mentees N] [--mentors N]
"""

from __future__ import annotations

import argparse
import random
import time

from mentorkit.content import need_categories
from mentorkit.facilitator.matching import Mentee, load_config, match
from mentorkit.facilitator.mentors import Mentor

SKILLS = ["Public speaking", "Academic writing", "Networking", "Data analysis", "Leadership",
          "Negotiation", "Project management", "Teaching", "Grant writing", "Coding"]
FIELDS = ["Biology", "Chemistry", "Public health", "Nursing", "Software engineering", "Data science",
          "Design", "Economics", "Education", "History", "Law", "Mechanical engineering"]
MENTEE_STAGES = ["undergraduate", "masters", "doctoral", "postdoc", "early career", "mid career"]
MENTOR_STAGES = ["mid career", "senior", "senior faculty", "postdoc"]
LANGUAGES = ["English", "Spanish", "French", "German"]


def people(n_mentees: int, n_mentors: int, seed: int = 1) -> tuple[list[Mentee], list[Mentor]]:
    """Fictional people with random needs, gaps, fields and stages."""
    rnd = random.Random(seed)
    needs = [c.key for c in need_categories()]
    mentees = [
        Mentee(id=f"mentee-{i:05d}", name=f"Mentee {i}", needs=rnd.sample(needs, rnd.randint(1, 4)),
               skill_gaps=rnd.sample(SKILLS, rnd.randint(0, 4)), field=rnd.choice(FIELDS),
               career_stage=rnd.choice(MENTEE_STAGES), languages=rnd.sample(LANGUAGES, rnd.randint(1, 2)),
               prefer=[f"Mentor {rnd.randrange(n_mentors)}"] if i % 3 == 0 else [],
               avoid=[f"mentor{rnd.randrange(n_mentors)}@example.org"] if i % 3 == 0 else [])
        for i in range(n_mentees)
    ]
    mentors = [
        Mentor(name=f"Mentor {j}", email=f"mentor{j}@example.org", capacity=rnd.randint(1, 4),
               needs=rnd.sample(needs, rnd.randint(1, 4)), skills=rnd.sample(SKILLS, rnd.randint(1, 3)),
               field=rnd.choice(FIELDS), career_stage=rnd.choice(MENTOR_STAGES),
               languages=["English", *rnd.sample(LANGUAGES[1:], rnd.randint(0, 1))])
        for j in range(n_mentors)
    ]
    return mentees, mentors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mentees", type=int, default=1000)
    parser.add_argument("--mentors", type=int, default=300)
    args = parser.parse_args()
    mentees, mentors = people(args.mentees, args.mentors)
    config = load_config()
    start = time.perf_counter()
    import numpy  # noqa: F401  (imports are timed separately)
    import scipy.optimize  # noqa: F401

    imports = time.perf_counter() - start
    start = time.perf_counter()
    result = match(mentees, mentors, config)
    elapsed = time.perf_counter() - start
    slots = sum(m.capacity for m in mentors)
    print(f"matching {args.mentees} mentees x {args.mentors} mentors ({slots} places): "
          f"{elapsed:.2f} s (+ {imports:.2f} s numpy/scipy import); {result.summary()}")


if __name__ == "__main__":
    main()
