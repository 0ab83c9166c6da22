"""Next steps (mentorkit.core.next_steps): what to come back to and dated steps, soonest first."""

from __future__ import annotations

from datetime import date

from mentorkit.content import bundled
from mentorkit.core.next_steps import dated_steps, exercise_name, next_steps
from mentorkit.model import (
    Agreement,
    Ask,
    Contact,
    Goal,
    GoalStatus,
    OutreachDraft,
    Profile,
    Reflection,
    Workbook,
)

TODAY = date(2025, 3, 3)


def test_dated_steps_are_sorted_and_leave_out_what_is_done() -> None:
    maya = Contact(name="Maya Ortiz")
    wb = Workbook(
        profile=Profile(id="ana", name="Ana"),
        contacts=[maya],
        asks=[Ask(who="Maya Ortiz", what="a 20-minute call", by=date(2025, 3, 20)),
              Ask(who="Lee", what="done already", by=date(2025, 3, 5), done=True),
              Ask(who="Lee", what="no date")],
        outreach=[OutreachDraft(contact_id=maya.id, subject="Hello", sent_on=date(2025, 3, 7))],
        agreement=Agreement(checkpoints=[date(2025, 6, 1)]),
        goals=[Goal(text="Submit the paper", target_date=date(2025, 4, 30)),
               Goal(text="Old goal", target_date=date(2025, 3, 10), status=GoalStatus.dropped),
               Goal(text="  ", target_date=date(2025, 3, 11))],
    )
    assert dated_steps(wb) == [
        (date(2025, 3, 18), "Follow up once with Maya Ortiz"),  # 7 working days after Friday 7 March
        (date(2025, 3, 20), "Ask Maya Ortiz: a 20-minute call"),
        (date(2025, 4, 30), "Goal due: Submit the paper"),
        (date(2025, 6, 1), "Review the agreement together"),
    ]


def test_open_exercises_in_workshop_order() -> None:
    wb = Workbook(profile=Profile(id="ana", name="Ana"), reflections=[Reflection(prompt="p", text="heard")])
    steps = next_steps(wb, bundled(), TODAY)
    assert steps.open_exercises == ["start here", "goals", "mentor map", "outreach", "expectations"]
    assert steps.dated == [] and exercise_name("02_mentor_map") == "mentor map"
