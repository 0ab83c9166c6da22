"""Exercise 4, expectations from both sides: the clauses of :mod:`mentorkit.core.expectations` as
fields of the agreement form, and the questions to ask a mentor before signing.

:class:`mentorkit.ui.agreement.AgreementView` includes :func:`both_sides` in its form, so the
clauses share its "still to agree" list, preview and save.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as W

from ..core.expectations import clauses, questions_before_sign
from ..model import Agreement
from ..present import bullet_list
from ..session import LiveWorkbook
from .common import area, button, heading, labelled, labels, on_value


def both_sides(agreement: Agreement, store: Callable[[str, Any], None], live: LiveWorkbook) -> W.VBox:
    """The both-sides clauses bound to ``agreement`` through ``store(field, value)``, with the
    questions to ask before signing (class ``mk-before-sign``)."""
    t, ta = labels("expectations", live), labels("agreement", live)
    data = live.content.get("agreement")
    parts: list[W.Widget] = [heading(t["title"], t["hint"])]
    for clause in clauses(data):
        box = area(getattr(agreement, clause.key), f"mk-agreement-{clause.key}", rows=2,
                   width="min(720px, 100%)")

        def store_clause(value: str, key: str = clause.key) -> None:
            store(key, value.strip())

        on_value(box, store_clause)
        inner: list[W.Widget] = [box]
        if clause.suggested:
            use = button(ta["use_default"], f"mk-agreement-default-{clause.key}")
            use.on_click(lambda _b, box=box, words=clause.suggested: setattr(box, "value", words))
            inner.append(use)
        parts.append(labelled(W.VBox(inner), clause.label, clause.hint))
    questions = W.HTML(bullet_list(questions_before_sign(data)).markup)
    questions.add_class("mk-before-sign")
    parts += [heading(t["before_sign_title"]), questions]
    return W.VBox(parts)
