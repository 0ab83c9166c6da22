"""Exercise 4, expectations from both sides: the clauses of :mod:`mentorkit.core.expectations` as
fields of the agreement form, and the questions to ask a mentor before signing.

:class:`mentorkit.ui.agreement.AgreementView` includes :func:`both_sides` in its form, so the
clauses share its "still to agree" list, preview and save.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as W

from ..content import load
from ..core.expectations import clauses, questions_before_sign
from ..model import Agreement
from .common import area, button, esc, heading, labelled, labels, on_value


def both_sides(agreement: Agreement, store: Callable[[str, Any], None], cohort=None) -> W.VBox:
    """The both-sides clauses bound to ``agreement`` through ``store(field, value)``, with the
    questions to ask before signing (class ``mk-before-sign``)."""
    t, ta = labels("expectations"), labels("agreement")
    data = load("agreement", cohort)
    parts: list[W.Widget] = [heading(t["title"], t["hint"])]
    for clause in clauses(data):
        box = area(getattr(agreement, clause.key), f"mk-agreement-{clause.key}", rows=2,
                   width="min(720px, 100%)")
        on_value(box, lambda v, key=clause.key: store(key, v.strip()))
        inner: list[W.Widget] = [box]
        if clause.suggested:
            use = button(ta["use_default"], f"mk-agreement-default-{clause.key}")
            use.on_click(lambda _b, box=box, words=clause.suggested: setattr(box, "value", words))
            inner.append(use)
        parts.append(labelled(W.VBox(inner), clause.label, clause.hint))
    questions = W.HTML("<ol style='margin:4px 0;padding-left:22px;max-width:900px'>"
                       + "".join(f"<li>{esc(q)}</li>" for q in questions_before_sign(data)) + "</ol>")
    questions.add_class("mk-before-sign")
    parts += [heading(t["before_sign_title"]), questions]
    return W.VBox(parts)
