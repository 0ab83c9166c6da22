"""Start-up shortcuts for processes mentorkit controls (participant kernels, render workers).

``jsonschema`` (imported by altair) eagerly imports ``rfc3987_syntax``, which builds a parsing grammar
(0.8-1.7 s measured here) only to offer an "iri" format check that neither Vega-Lite's nor nbformat's
schemas use. Marking the module as absent makes jsonschema skip that optional check.
"""

from __future__ import annotations

import sys


def skip_rfc3987_grammar() -> None:
    """Make ``import rfc3987_syntax`` fail fast in this process unless it is already loaded."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
