"""Exercise widgets: a thin skin over the workbook and the checks in :mod:`mentorkit.core`.

One call per exercise, each taking the :class:`~mentorkit.session.LiveWorkbook` from
``mentorkit.open_workbook()`` and returning the exercise's widget (displayed by the notebook cell)::

    wb = mentorkit.open_workbook()
    mentorkit.ui.goals(wb)

Widgets write to ``live.workbook`` on every change and call ``live.changed()``, which saves shortly
after the typing stops. When no participant is known yet, ``open_workbook()`` shows the code form
(:mod:`mentorkit.ui.chooser`) and returns a pending handle; each exercise builds itself once the form
has loaded the workbook, so exercise code only ever sees a loaded one.

Stable CSS classes (for browser tests; each is on the element ipywidgets renders for the widget, so
``.mk-goal-text textarea`` finds the box to type into). ``<key>`` is a content key, e.g. a need
category (``sponsorship``), a benefit (``confidence``) or an agreement field (``feedback``).

Every exercise
    ``mk-exercise`` (outer box, plus ``mk-profile``, ``mk-skills``, ``mk-goals``, ``mk-mentor-map``,
    ``mk-outreach``, ``mk-agreement``, ``mk-feedback``, ``mk-progress``); ``mk-save-status``, the
    quiet save note: "Saved" once the answers are on disk ("Editing…" and "Saving…" before, "Not
    saved: …" on an error). The pass/fail lines of every checker are ``li.mk-check``. Every chart
    area also has ``mk-chart-area``, with its data as a table in ``details.mk-chart-text``; live
    feedback (save note, SMART notes, word count) sits in ``div.mk-live`` (``aria-live="polite"``).
Code form (any notebook, when no participant is set or the one set is not in the cohort)
    ``mk-chooser`` with ``mk-chooser-cohort`` (the folder in use), text ``mk-chooser-code``, buttons
    ``mk-chooser-open`` and ``mk-chooser-new`` ("I am new", shown after a code was not found),
    ``mk-chooser-message``.
Language (00, ``mk-language``)
    dropdown ``mk-language-choice`` (value: a language code, "" for the workshop default), the note
    ``mk-language-note`` with the link ``a.mk-language-open`` to this page in the chosen language
    (also at the top of ``mk-nav`` on any page that is not in the participant's language).
Profile (00)
    text ``mk-profile-name``, ``mk-profile-email``, ``mk-profile-role``, ``mk-profile-field``;
    dropdown ``mk-profile-career_stage``; button ``mk-profile-confirm`` ("These details are right",
    sets ``profile.confirmed_on``) and its note ``mk-profile-confirmed``; the benefits cards
    ``mk-benefits``; the privacy note ``mk-privacy`` (``li.mk-privacy-point`` per point).
Page navigation (end of every participant page, ``mk-nav``)
    ``mk-nav-where`` ("Page 3 of 6: ..."), ``mk-nav-current``, links ``a.mk-nav-page`` and
    ``a.mk-nav-page-<notebook>``, ``a.mk-nav-next`` (absent on the last page, which has
    ``a.mk-nav-start``). In Voilà each link carries ``?participant=<code>`` once the code is known.
Progress (00, 05)
    table ``mk-progress-table`` (cells ``mk-progress-<notebook>``, e.g. ``mk-progress-01_goals``
    reading "done ✓"); button ``mk-progress-refresh``.
Skills (01)
    textarea ``mk-values``; per skill ``mk-skill-row`` with text ``mk-skill-name``, dropdowns
    ``mk-skill-current``, ``mk-skill-target`` (options "not rated", 1–5), button ``mk-skill-remove``;
    text ``mk-skill-new`` (Enter adds) and button ``mk-skill-add``; chart ``mk-skills-chart``.
Goals (01)
    button ``mk-goal-add``; per goal ``mk-goal-card`` with textarea ``mk-goal-text``, dropdowns
    ``mk-goal-kind``, ``mk-goal-status``, text ``mk-goal-measure``, date ``mk-goal-date``, checkboxes
    ``mk-goal-benefit`` and ``mk-goal-benefit-<key>``, button ``mk-goal-remove``, and the SMART result
    ``mk-smart-status`` (contains "complete" when all five checks pass); chart ``mk-goals-chart``.
Mentor map (02)
    toggles ``mk-my-need`` and ``mk-my-need-<key>``; the visible definitions ``mk-need-legend`` (one
    ``li.mk-need-definition-<key>`` per need); text ``mk-contact-new`` (Enter adds), button
    ``mk-contact-add``; per person ``mk-contact-card`` with text ``mk-contact-name``,
    ``mk-contact-relation``, ``mk-contact-expertise``, dropdown ``mk-contact-strength``, toggles
    ``mk-contact-need`` and ``mk-contact-need-<key>``, button ``mk-contact-remove``, and for a mentor
    the programme proposed the note ``mk-contact-programme`` (with the reasons); charts
    ``mk-map-heatmap``, ``mk-map-centre``; the reading ``mk-map-reading``; button ``mk-ask-suggest``;
    per ask ``mk-ask-row`` with dropdown ``mk-ask-need``, combobox ``mk-ask-who``, textarea
    ``mk-ask-what``, date ``mk-ask-by``, checkbox ``mk-ask-done``, button ``mk-ask-remove``.
Where to look (02, ``mk-where-to-look``)
    button ``mk-look-refresh``; per open need a card ``mk-look-need`` and ``mk-look-need-<key>`` with
    its channels ``li.mk-channel``, dropdown ``mk-prospect-channel``, text ``mk-prospect-name`` (Enter
    adds) and button ``mk-prospect-add``; per prospect ``mk-prospect-row`` with text
    ``mk-prospect-row-name``, dropdown ``mk-prospect-kind``, date ``mk-prospect-by``, button
    ``mk-prospect-remove``; the date advice ``mk-ask-dates``; the role definitions ``mk-network-roles``;
    per person dropdown ``mk-contact-role``; the reading ``mk-network-reading``.
Outreach (03)
    dropdowns ``mk-outreach-contact``, ``mk-outreach-goal``, ``mk-outreach-template``; text
    ``mk-outreach-new-contact`` (Enter adds), button ``mk-outreach-add-contact``; button
    ``mk-outreach-fill``; text
    ``mk-outreach-subject``; textarea ``mk-outreach-body``; ``mk-word-count`` ("87 / 150 words");
    ``mk-outreach-checks``; date ``mk-outreach-sent``; dropdown ``mk-contact-status`` (the chosen
    contact's status: ``not_contacted``, ``sent``, ``replied``, ``meeting_set``, ``met``,
    ``declined``, ``no_answer``); ``mk-follow-up`` (the follow-up date); once that date has come and
    no answer has, the box ``mk-follow-up-offer`` with textarea ``mk-follow-up-note`` (the "one polite
    follow-up", saved as edited), ``mk-follow-up-checks``, and in ``mk-follow-up-links``
    ``button.mk-follow-up-copy`` and ``a.mk-follow-up-txt`` (hidden before); textarea
    ``mk-thank-you`` (saved as edited) with ``mk-thank-you-checks``; inside ``mk-outreach-downloads``:
    links ``a.mk-outreach-txt``, ``a.mk-outreach-eml`` and button ``button.mk-outreach-copy``; below
    the thank-you note, in ``mk-thank-you-links``, ``button.mk-thank-you-copy`` and
    ``a.mk-thank-you-txt``. ``mk-word-count`` reads "87 / 150 words" for e-mails and
    "212 / 300 characters" for the LinkedIn note.
Conversation (03, ``mk-conversation``)
    dropdowns ``mk-conversation-contact``, ``mk-conversation-goal``; button ``mk-conversation-start``;
    per conversation ``mk-conversation-card`` with ``mk-conversation-opening``, checkboxes
    ``mk-conversation-question``, text ``mk-conversation-own-question`` (Enter adds) and button
    ``mk-conversation-question-add``, combobox ``mk-conversation-offer``, ``mk-conversation-closing``,
    date ``mk-conversation-date``, textarea ``mk-conversation-notes``, text
    ``mk-conversation-follow-up``, ``mk-conversation-checks`` and button ``mk-conversation-remove``.
Agreement (04)
    checkboxes ``mk-agreement-goal``; dropdowns ``mk-agreement-frequency``, ``mk-agreement-mode``,
    ``mk-agreement-minutes``; dates ``mk-agreement-start``, ``mk-agreement-end``; textareas
    ``mk-agreement-confidentiality``, ``mk-agreement-feedback``, ``mk-agreement-ground_rules`` (one
    rule per line), ``mk-agreement-ending``; buttons ``mk-agreement-default-<key>`` (suggested
    wording); dates ``mk-agreement-checkpoint`` with buttons ``mk-agreement-checkpoint-remove``, and
    ``mk-agreement-checkpoint-add``; text ``mk-agreement-mentee_name``, ``mk-agreement-mentor_name``;
    the missing-parts list ``mk-agreement-missing`` (one ``li.mk-missing-item`` per missing part;
    none, and the words "ready to sign", when complete); the preview ``mk-agreement-preview``; inside
    ``mk-agreement-downloads``: links ``a.mk-ics-download`` and ``a.mk-agreement-txt``.
    Expectations from both sides, in the same form: textareas ``mk-agreement-roles_mentee``,
    ``mk-agreement-roles_mentor``, ``mk-agreement-between_meetings``, ``mk-agreement-reply_time``,
    ``mk-agreement-preparation``, ``mk-agreement-mentor_expectations``,
    ``mk-agreement-disagreements`` (each but the mentor's expectations with a
    ``mk-agreement-default-<key>`` button); the questions before signing ``mk-before-sign``.
Feedback (05)
    dropdown ``mk-reflection-prompt``; button ``mk-reflection-add`` (adds an entry at the top of the
    log); the log ``mk-reflection-log`` with entries ``mk-reflection-entry``, each with textarea
    ``mk-reflection-text`` and button ``mk-reflection-remove``; text ``mk-snapshot-label`` (Enter
    takes it), button ``mk-snapshot-take``; dropdowns ``mk-snapshot-before``, ``mk-snapshot-after``, button
    ``mk-snapshot-compare``; the diff ``mk-snapshot-diff``; chart ``mk-snapshot-chart``.
Feedback practice (05, ``mk-feedback-practice``)
    texts ``mk-feedback-who``, ``mk-feedback-about``; ``mk-feedback-about-check``; the request
    ``mk-feedback-script`` with ``button.mk-feedback-script-copy``; button ``mk-feedback-request-add``;
    ``mk-receiving-steps``; per request ``mk-feedback-request`` with textarea ``mk-feedback-heard``,
    text ``mk-feedback-clarify``, buttons ``mk-feedback-to-change``, ``mk-feedback-request-remove``;
    ``mk-change-prompts``; text ``mk-change-new`` (Enter adds), dropdown ``mk-change-new-goal``, button
    ``mk-change-add``; per change ``mk-change-row`` with textarea ``mk-change-text``, dropdown
    ``mk-change-goal``, checkbox ``mk-change-done``, ``mk-change-checks``, button ``mk-change-remove``.
Wins (05, ``mk-wins``)
    ``mk-win-prompts``; text ``mk-win-new`` (Enter adds), button ``mk-win-add``; ``mk-wins-reading``;
    per win ``mk-win-row`` with date ``mk-win-date``, texts ``mk-win-text``, ``mk-win-shows``, button
    ``mk-win-remove``.
Career paths (05, ``mk-paths``)
    ``mk-paths-suggested`` (``li.mk-path-suggestion`` per path), button ``mk-paths-refresh``;
    dropdown ``mk-path-choose``, button ``mk-path-add``; per path ``mk-path-look`` with textarea
    ``mk-path-notes``, text ``mk-path-next``, button ``mk-path-remove``.
"""

from __future__ import annotations

from ..speedups import skip_rfc3987_grammar

# A participant waits for the first chart of each notebook: do not spend a second of it on a
# grammar altair never uses (see mentorkit.speedups).
skip_rfc3987_grammar()

from .agreement import agreement  # noqa: E402
from .chooser import open_workbook  # noqa: E402
from .common import Exercise  # noqa: E402
from .conversation import conversation  # noqa: E402
from .feedback import feedback  # noqa: E402
from .feedback_practice import feedback_practice  # noqa: E402
from .goals import goals  # noqa: E402
from .language import language  # noqa: E402
from .mentor_map import mentor_map  # noqa: E402
from .nav import nav  # noqa: E402
from .outreach import outreach  # noqa: E402
from .paths import career_paths  # noqa: E402
from .profile import benefits, privacy, profile  # noqa: E402
from .progress import progress  # noqa: E402
from .skills import skills  # noqa: E402
from .where_to_look import where_to_look  # noqa: E402
from .wins import wins  # noqa: E402

__all__ = [
    "Exercise",
    "agreement",
    "benefits",
    "career_paths",
    "conversation",
    "feedback",
    "feedback_practice",
    "goals",
    "language",
    "mentor_map",
    "nav",
    "open_workbook",
    "outreach",
    "privacy",
    "profile",
    "progress",
    "skills",
    "where_to_look",
    "wins",
]
