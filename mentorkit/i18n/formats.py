"""Dates, numbers and lists written for a language, with Babel.

English keeps mentorkit's British conventions ("3 March 2026"); every other language uses its own
CLDR data ("3 de marzo de 2026"). A tag Babel does not know falls back to English rather than fail.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.lists import format_list as _format_list
from babel.numbers import format_decimal

#: How English dates and numbers are written (the workshop's texts are British English).
ENGLISH = "en_GB"


def babel_locale(lang: str | None) -> Locale:
    """The Babel locale for a language tag: ``en`` -> ``en_GB``; unknown -> ``en_GB``."""
    tag = (lang or "").replace("-", "_")
    if tag in ("", "en"):
        tag = ENGLISH
    try:
        return Locale.parse(tag)
    except (ValueError, UnknownLocaleError):
        return Locale.parse(ENGLISH)


def format_date(value: date, lang: str | None, format: str = "long") -> str:
    """``value`` as people of ``lang`` write it (``format``: short, medium, long, full)."""
    return str(_format_date(value, format=format, locale=babel_locale(lang)))


def format_datetime(value: datetime, lang: str | None, format: str = "medium") -> str:
    """A moment as people of ``lang`` write it."""
    return str(_format_datetime(value, format=format, locale=babel_locale(lang)))


def format_number(value: float, lang: str | None) -> str:
    """A number with the decimal and grouping signs of ``lang``."""
    return str(format_decimal(value, locale=babel_locale(lang)))


ListStyle = Literal["standard", "or", "unit"]


def format_list(items: Iterable[str], lang: str | None, style: ListStyle = "unit") -> str:
    """Items as a list in ``lang``. ``unit`` (default): "a, b, c" in English, "a, b y c" in Spanish;
    ``standard``: "a, b and c" / "a, b y c"; ``or``: "a, b or c" / "a, b o c"."""
    shown = [str(x) for x in items]
    if not shown:
        return ""
    where = babel_locale(lang)
    try:
        return str(_format_list(shown, style=style, locale=where))
    except KeyError:  # a style this locale's CLDR data lacks in part (Spanish "unit"): the standard one
        return str(_format_list(shown, style="standard", locale=where))
