"""Step 4 from both sides: the agreement clauses after CIMER's "aligning expectations" checklist
(roles of mentor and mentee, contact between meetings, reply times, preparation, the mentor's own
expectations, disagreements), and the questions to ask a mentor before signing.

Every function takes the parsed ``agreement`` content (``content/agreement.toml``) as ``data``.
:func:`mentorkit.core.agreement.check_agreement` adds :func:`check_clauses` to its report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..model import Agreement
from .checks import Check


@dataclass(frozen=True)
class Clause:
    """One clause agreed from both sides; ``key`` is an :class:`~mentorkit.model.Agreement` field."""

    key: str
    label: str
    hint: str = ""
    heading: str = ""
    missing: str = ""
    suggested: str = ""


def clauses(data: Mapping[str, Any]) -> list[Clause]:
    """The both-sides clauses of the content file whose key is a field of the agreement."""
    fields = Agreement.model_fields
    return [
        Clause(
            str(c["key"]),
            str(c.get("label", c["key"])),
            str(c.get("hint", "")),
            str(c.get("heading", c.get("label", c["key"]))),
            str(c.get("missing", f"Agree: {c.get('label', c['key'])}.")),
            " ".join(str(c.get("suggested", "")).split()),
        )
        for c in data.get("both_sides", [])
        if isinstance(c, Mapping) and c.get("key") in fields
    ]


def _min_words(data: Mapping[str, Any]) -> int:
    return int(data.get("both_sides_settings", {}).get("min_words", 3))


def check_clauses(agreement: Agreement, data: Mapping[str, Any]) -> list[Check]:
    """One check per clause, keyed like the field: passes once it has a few words (``min_words``)."""
    least = _min_words(data)
    return [
        Check(c.key, len(str(getattr(agreement, c.key)).split()) >= least,
              "Agreed." if len(str(getattr(agreement, c.key)).split()) >= least else c.missing)
        for c in clauses(data)
    ]


def clause_sections(
    agreement: Agreement, data: Mapping[str, Any], blank: str = "(to agree)"
) -> list[tuple[str, str]]:
    """``(heading, text)`` per clause for the printed agreement; empty clauses read ``blank``."""
    return [(c.heading, str(getattr(agreement, c.key)).strip() or blank) for c in clauses(data)]


def questions_before_sign(data: Mapping[str, Any]) -> list[str]:
    """The "questions to ask your mentor before you sign" list."""
    return [str(q) for q in data.get("before_sign", {}).get("questions", [])]
