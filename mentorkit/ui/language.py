"""The language choice on the start page (class ``mk-language``).

A dropdown (``mk-language-choice``) of the shipped languages, each named in its own language, plus
"Workshop default (...)" (an empty ``profile.locale``). Choosing one saves it in the workbook; every
exercise opened afterwards uses it. The link ``a.mk-language-open`` opens the same page in the
chosen language (the translated copies ``mentorkit lab``/``serve`` write beside the notebooks); it is
shown whenever the page's language is not the participant's.
"""

from __future__ import annotations

import ipywidgets as W

from ..i18n.locales import display_name, shipped
from ..i18n.runtime import locale_dirs
from ..session import LiveWorkbook, WorkbookHandle
from .common import Exercise, dropdown, esc, labelled
from .nav import switch_link


def language(source: WorkbookHandle, notebook: str = "00_start_here") -> Exercise:
    """The participant's language: a dropdown saved in ``profile.locale``, and a link to this page in it."""

    def build(live: LiveWorkbook) -> list[W.Widget]:
        t = live.content.get("start").get("language", {})
        default = live.cohort.locale
        options = [(str(t["default"]).format(language=display_name(default)), "")]
        options += [(display_name(lang), lang) for lang in shipped(locale_dirs(live.cohort.root))]
        choice = dropdown(options, live.workbook.profile.locale, "mk-language-choice", width="280px")
        note = W.HTML()
        note.add_class("mk-language-note")

        def show(saved: bool = False) -> None:
            t_now = live.content.get("start").get("language", {})
            done = str(t_now["saved"]).format(language=display_name(live.locale))
            said = f"<span style='color:#2e7d32'>{esc(done)}</span><br>" if saved else ""
            note.value = said + switch_link(live, notebook)

        def store(change: dict[str, object]) -> None:
            live.workbook.profile.locale = str(change["new"] or "")
            live.changed()
            show(saved=True)

        choice.observe(store, names="value")
        show()
        return [labelled(choice, str(t["label"]), str(t["hint"])), note]

    return Exercise(source, "mk-language", build)
