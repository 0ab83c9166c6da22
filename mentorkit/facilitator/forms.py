"""Form templates for the facilitator's kit: the intake form (exactly the questions ``mentorkit import``
understands) and the evaluation form (what :mod:`.evaluation` imports back).

Each form comes as a CSV header (one line, the columns a form export will have) and a text to paste
into Google Forms or Microsoft Forms, one question per paragraph with its type. The questions are data
in ``kit.toml``. Pure functions: no file writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..content import Content, bundled


def kit_content(content: Content | None = None) -> Mapping[str, Any]:
    """The ``kit.toml`` table of ``content`` (default: the bundled content)."""
    data: Mapping[str, Any] = (content or bundled()).get("kit")
    return data


def intake_header(content: Content | None = None) -> list[str]:
    """The intake form's CSV columns: the questions, then one grid column per skill."""
    intake = kit_content(content)["intake"]
    header = [str(q["header"]) for q in intake["questions"]]
    return header + [f"{intake['grid_question']} [{skill}]" for skill in intake["skills"]]


def intake_text(content: Content | None = None) -> str:
    """The intake form as text to paste into a form builder, question by question."""
    content = content or bundled()
    intake = kit_content(content)["intake"]
    lines = ["Intake form: create these questions in this order. The column titles of the export must",
             "stay as written (mentorkit reads them); the question text shown to people may differ.", ""]
    for n, q in enumerate(intake["questions"], start=1):
        required = "required" if q.get("required") else "optional"
        lines += [f"{n}. {q['question']}",
                  f"   type: {q['kind']} ({required}); column title: {q['header']}"]
        if q.get("options") == "need_categories":
            lines += ["   choices:"] + [f"   - {c.label}" for c in content.need_categories]
        lines.append("")
    n = len(intake["questions"]) + 1
    lines += [f"{n}. {intake['grid_question']}",
              f"   type: Multiple-choice grid (Google) / Likert (Microsoft); columns 1 2 3 4 5 "
              f"({intake['grid_scale']}); rows:"]
    lines += [f"   - {skill}" for skill in intake["skills"]]
    return "\n".join(lines) + "\n"


def evaluation_header(content: Content | None = None) -> list[str]:
    """The evaluation form's CSV columns (a form export has these, plus e.g. a timestamp)."""
    ev = kit_content(content)["evaluation"]
    grid = [f"{ev['usefulness']} [{name}]" for name in _exercises(ev)]
    return [str(ev["code"]), str(ev["confidence_before"]), str(ev["confidence_after"]), *grid,
            str(ev["comments"])]


def evaluation_text(content: Content | None = None) -> str:
    """The evaluation form as text to paste into a form builder."""
    ev = kit_content(content)["evaluation"]
    lines = ["Evaluation form: create these questions in this order, with these titles.", "",
             f"1. {ev['code']} (Short answer, optional: only used to drop double answers, not kept)", "",
             f"2. {ev['confidence_before']} (Linear scale 1-5)", "",
             f"3. {ev['confidence_after']} (Linear scale 1-5)", "",
             f"4. {ev['usefulness']} (Multiple-choice grid, columns 1 2 3 4 5; rows:)"]
    lines += [f"   - {name}" for name in _exercises(ev)]
    lines += ["", f"5. {ev['comments']} (Paragraph, optional)"]
    return "\n".join(lines) + "\n"


def _exercises(ev: Mapping[str, Any]) -> Sequence[str]:
    return [str(x) for x in ev["exercises"]]
