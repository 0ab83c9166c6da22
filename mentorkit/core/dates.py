"""Dates in the texts the checks write: as the English workshop always shows them, or, in another
language, as people of that language write them (Babel, :mod:`mentorkit.i18n.formats`)."""

from __future__ import annotations

from datetime import date

from ..i18n.formats import format_date
from ..i18n.locales import SOURCE


def day_text(value: date, locale: str | None) -> str:
    """``value`` for a message in ``locale``: ``2026-03-03`` in English (None too), unchanged from
    before languages came in; ``3 de marzo de 2026`` in Spanish (Babel's long format)."""
    if not locale or locale == SOURCE:
        return value.isoformat()
    return format_date(value, locale, "long")
