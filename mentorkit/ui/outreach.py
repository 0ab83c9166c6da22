"""Exercise 3: a first message to a potential mentor, checked live, with follow-up and downloads.

Per contact the participant sets where things stand (not contacted, sent, replied, meeting set,
met, declined, no answer). The thank-you note and, once its date has come and no answer has, the
one polite follow-up are editable; the edited texts are saved in the draft and are what the copy
buttons and downloads carry.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import ipywidgets as W

from ..export import eml_bytes, message_text, safe_filename, split_message
from ..model import Contact, OutreachDraft, OutreachStatus, utcnow
from ..present import check_list
from ..session import LiveWorkbook, WorkbookHandle
from .common import (
    Debounced,
    Exercise,
    area,
    button,
    copy_button,
    date_picker,
    download_link,
    dropdown,
    esc,
    heading,
    labelled,
    labels,
    live_region,
    name_fields,
    on_value,
    text,
)
from .common import when as common_when
from .entry import entry

THANK_YOU = "thank_you"
FOLLOW_UP = "follow_up"


def outreach(live: WorkbookHandle, today: Callable[[], date] = date.today) -> Exercise:
    """Pick a contact and template, edit the draft with a live checker, download or copy it.

    ``today`` gives the date the follow-up is offered against (a fixed one in tests).
    """
    return Exercise(live, "mk-outreach", lambda lw: OutreachView(lw, today).widgets())


def _short(text_value: str, limit: int = 60) -> str:
    text_value = " ".join(text_value.split())
    return text_value if len(text_value) <= limit else text_value[: limit - 1] + "…"


class OutreachView:
    """One draft per contact in ``live.workbook.outreach``; the form shows the chosen contact's."""

    def __init__(self, live: LiveWorkbook, today: Callable[[], date] = date.today):
        from ..core.outreach import templates

        self.live = live
        self.today = today
        self.t = labels("outreach", live)
        all_templates = templates(live.content)
        self.first_templates = [tp for tp in all_templates if tp.key not in (THANK_YOU, FOLLOW_UP)]
        self.channels = {tp.key: tp.channel for tp in all_templates}
        self.loading = False
        t = self.t
        self.contact = dropdown([("—", "")], "", "mk-outreach-contact", width="320px")
        self.goal = dropdown([(t["no_goal"], "")], "", "mk-outreach-goal", width="min(520px, 100%)")
        self.template = dropdown([(tp.label, tp.key) for tp in self.first_templates],
                                 self.first_templates[0].key if self.first_templates else "",
                                 "mk-outreach-template", width="360px")
        self.fill = button(t["fill"], "mk-outreach-fill", style="primary", icon="pencil")
        self.subject = text("", "mk-outreach-subject", width="min(720px, 100%)")
        self.body = area("", "mk-outreach-body", rows=14, width="min(720px, 100%)")
        self.word_count = W.HTML()
        self.word_count.add_class("mk-word-count")
        self.checks = W.HTML()
        self.checks.add_class("mk-outreach-checks")
        self.sent_on = date_picker(None, "mk-outreach-sent")
        statuses = [(str(label), str(key)) for label, key in t["statuses"]]
        self.status = dropdown(statuses, "not_contacted", "mk-contact-status", width="220px")
        self.follow_up = W.HTML()
        self.follow_up.add_class("mk-follow-up")
        self.follow_up_note = area("", "mk-follow-up-note", rows=9, width="min(720px, 100%)")
        self.follow_up_checks = W.HTML()
        self.follow_up_checks.add_class("mk-follow-up-checks")
        self.follow_up_links = W.HTML()
        self.follow_up_links.add_class("mk-follow-up-links")
        self.follow_up_box = W.VBox([
            heading(t["follow_up_title"], t["note_hint"]), self.follow_up_note, self.follow_up_checks,
            self.follow_up_links,
        ])
        self.follow_up_box.add_class("mk-follow-up-offer")
        self.thank_you = area("", "mk-thank-you", rows=9, width="min(720px, 100%)")
        self.thank_you_checks = W.HTML()
        self.thank_you_checks.add_class("mk-thank-you-checks")
        name_fields(self.thank_you, t["thank_you_title"])
        self.links = W.HTML()
        self.links.add_class("mk-outreach-downloads")
        self.thanks_links = W.HTML()
        self.thanks_links.add_class("mk-thank-you-links")
        # Enter in the box adds the person, like the button.
        self.new_name, self.add_contact = entry("mk-outreach-new-contact", t["add_contact"],
                                                "mk-outreach-add-contact", self._add_contact,
                                                "e.g. Dr. Maya Ortiz", width="280px")
        self.refresh_links = Debounced(self._links)

    def widgets(self) -> list[W.Widget]:
        t = self.t
        self._fill_options()
        on_value(self.contact, lambda _v: self._load_draft())
        on_value(self.goal, lambda _v: self._thank_you())
        on_value(self.template, self._set_template)
        on_value(self.subject, lambda v: self._store("subject", v))
        on_value(self.body, lambda v: self._store("body", v))
        on_value(self.sent_on, self._set_sent)
        on_value(self.status, self._choose_status)
        on_value(self.thank_you, lambda v: self._store_note("thank_you", v))
        on_value(self.follow_up_note, lambda v: self._store_note("follow_up", v))
        self.fill.on_click(self._fill_template)
        self._load_draft()
        return [
            heading(t["title"]),
            W.HBox([labelled(self.contact, t["contact"]), labelled(self.goal, t["goal"])],
                   layout=W.Layout(flex_flow="row wrap")),
            W.HBox([labelled(self.new_name, t["new_contact"]),
                    W.VBox([W.HTML("&nbsp;"), self.add_contact])]),
            W.HBox([labelled(self.template, t["template"]), W.VBox([W.HTML("&nbsp;"), self.fill])]),
            W.HTML(f"<span class='mk-hint'>{esc(t['fill_hint'])}</span>"),
            W.HBox(
                [
                    W.VBox([labelled(self.subject, t["subject"]), labelled(self.body, t["body"])],
                           layout=W.Layout(flex="1 1 600px")),
                    W.VBox([heading(t["checks_title"]), self.word_count, self.checks],
                           layout=W.Layout(flex="1 1 320px", padding="0 0 0 12px")),
                ],
                layout=W.Layout(flex_flow="row wrap"),
            ),
            self.links,
            W.HTML(f"<span class='mk-hint'>{esc(t['copy_hint'])}</span>"),
            W.HBox([labelled(self.sent_on, t["sent_on"]),
                    labelled(self.status, t["status"], t["status_hint"])],
                   layout=W.Layout(flex_flow="row wrap")),
            self.follow_up,
            self.follow_up_box,
            heading(t["thank_you_title"], t["note_hint"]),
            self.thank_you,
            self.thank_you_checks,
            self.thanks_links,
        ]

    # -- lookups ---------------------------------------------------------------------------------
    def _contact(self) -> Contact | None:
        return next((c for c in self.live.workbook.contacts if c.id == self.contact.value), None)

    def _draft(self, create: bool = False) -> OutreachDraft | None:
        cid = self.contact.value or ""  # "" = nobody chosen yet; the draft is still kept
        found = [d for d in self.live.workbook.outreach if d.contact_id == cid]
        if found:
            return max(found, key=lambda d: d.updated_at)
        if not create:
            return None
        draft = OutreachDraft(contact_id=cid, template=self.template.value)
        self.live.workbook.outreach = [*self.live.workbook.outreach, draft]
        return draft

    def _fill_options(self) -> None:
        wb = self.live.workbook
        mark = self.t.get("programme_suffix", " (proposed by the programme)")
        proposed = wb.proposed_mentor.contact_id if wb.proposed_mentor is not None else None
        people = [((c.name.strip() or f"Person {i + 1}")
                   + (mark if c.source == "programme" or c.id == proposed else ""), c.id)
                  for i, c in enumerate(wb.contacts)]
        current = self.contact.value
        was_loading, self.loading = self.loading, True
        try:
            self.contact.options = people or [("—", "")]
            if current in {v for _, v in people}:
                self.contact.value = current
            elif people:
                # start with the person whose draft was touched last, else the first person
                latest = max(wb.outreach, key=lambda d: d.updated_at, default=None)
                ids = {v for _, v in people}
                last = latest.contact_id if latest else ""
                self.contact.value = last if last in ids else people[0][1]
            goals = [(self.t["no_goal"], "")] + [(_short(g.text) or f"Goal {i + 1}", g.id)
                                                  for i, g in enumerate(wb.goals)]
            self.goal.options = goals
            if len(goals) > 1:
                self.goal.value = goals[1][1]
        finally:
            self.loading = was_loading

    # -- editing ---------------------------------------------------------------------------------
    def _set_status(self, new: OutreachStatus, only_from: tuple[OutreachStatus, ...]) -> None:
        """Move the contact on to ``new`` if it is still at one of ``only_from`` (e.g. a sent date)."""
        contact = self._contact()
        if contact is None or contact.outreach_status not in only_from:
            return
        contact.outreach_status = new
        self.live.changed()
        self._show_status()

    def _choose_status(self, value: str) -> None:
        contact = self._contact()
        if self.loading or contact is None or contact.outreach_status.value == value:
            return
        contact.outreach_status = OutreachStatus(value)
        self.live.changed()
        self._show_follow_up()

    def _show_status(self) -> None:
        contact = self._contact()
        was_loading, self.loading = self.loading, True
        try:
            status = contact.outreach_status if contact else OutreachStatus.not_contacted
            self.status.value = status.value
            self.status.disabled = contact is None
        finally:
            self.loading = was_loading

    def _store_note(self, field: str, value: str) -> None:
        """Save the thank-you or follow-up note as edited; the copy and download follow it."""
        if self.loading:
            return
        draft = self._draft(create=True)
        if draft is not None:
            setattr(draft, field, value)
            draft.updated_at = utcnow()
            self.live.changed()
        self._check_notes()
        self.refresh_links()

    def _add_contact(self, name: str) -> None:
        name = name.strip()
        if not name:
            return
        contact = Contact(name=name)
        self.live.workbook.contacts = [*self.live.workbook.contacts, contact]
        if not self.contact.value:  # a draft begun before anyone was chosen now belongs to them
            for draft in self.live.workbook.outreach:
                if draft.contact_id == "":
                    draft.contact_id = contact.id
        self.live.changed()
        self._fill_options()
        self.contact.value = contact.id

    def _load_draft(self) -> None:
        draft = self._draft()
        was_loading, self.loading = self.loading, True
        try:
            self.subject.value = draft.subject if draft else ""
            self.body.value = draft.body if draft else ""
            self.sent_on.value = draft.sent_on if draft else None
            if draft and draft.template in {tp.key for tp in self.first_templates}:
                self.template.value = draft.template
        finally:
            self.loading = was_loading
        self._show_status()
        self._check()
        self._show_follow_up()
        self._thank_you()

    def _set_template(self, key: str) -> None:
        if self.loading:
            return
        draft = self._draft()
        if draft is not None:
            draft.template = key
            self.live.changed()
        self._check()

    def _store(self, field: str, value: str) -> None:
        if self.loading:
            return
        self._check()
        draft = self._draft(create=True)
        if draft is None:
            return
        setattr(draft, field, value)
        draft.updated_at = utcnow()
        self.live.changed()

    def _fill_template(self, _: object = None) -> None:
        from ..core.outreach import fill_template

        goal = next((g for g in self.live.workbook.goals if g.id == self.goal.value), None)
        subject, body = fill_template(self.template.value, self.live.workbook, self._contact(), goal,
                                      content=self.live.content)
        draft = self._draft(create=True)
        if draft is not None:
            draft.template = self.template.value
        self.subject.value = subject
        self.body.value = body

    def _set_sent(self, value: date | None) -> None:
        if self.loading:
            return
        from ..core.outreach import follow_up_date

        draft = self._draft(create=True)
        if draft is not None:
            draft.sent_on = value
            draft.follow_up_on = follow_up_date(value) if value else None
            draft.updated_at = utcnow()
            self.live.changed()
            if value:
                self._set_status(OutreachStatus.sent, (OutreachStatus.not_contacted,))
        self._show_follow_up()

    # -- feedback --------------------------------------------------------------------------------
    def _check(self) -> None:
        from ..core.outreach import check_message

        report = check_message(
            self.subject.value, self.body.value, self._contact(), self.live.workbook,
            content=self.live.content, channel=self.channels.get(self.template.value, "email"),
            kind=self.template.value,
        )
        over = report.count > report.count_limit
        colour = "#a4262c" if over else "#2e7d32" if report.word_count else "#666"
        words = self.t["words"].format(count=report.count, limit=report.count_limit, unit=report.unit_label)
        self.word_count.value = live_region(f"<b style='color:{colour};font-size:110%'>{esc(words)}</b>")
        self.checks.value = check_list(report.checks, inline=True).markup
        self.report = report
        self.refresh_links()

    def _show_follow_up(self) -> None:
        """The follow-up date; on or after it, while no answer has come, the follow-up note itself."""
        from ..core.outreach import AWAITING_ANSWER, follow_up_due

        draft, contact = self._draft(), self._contact()
        due = follow_up_due(draft, contact, self.today())
        if draft and draft.follow_up_on:
            when = common_when(self.live, draft.follow_up_on, "%A %d %B %Y", "full")
            if due:
                self.follow_up.value = f"<b>{esc(self.t['follow_up_due'].format(date=when))}</b>"
            elif contact is not None and contact.outreach_status not in AWAITING_ANSWER:
                self.follow_up.value = f"<i>{esc(self.t['follow_up_not_needed'])}</i>"
            else:
                self.follow_up.value = f"<b>{esc(self.t['follow_up'].format(date=when))}</b>"
        else:
            self.follow_up.value = f"<i>{esc(self.t['follow_up_none'])}</i>"
        self.follow_up_box.layout.display = "" if due else "none"
        if due:
            self._set_note(self.follow_up_note, FOLLOW_UP, draft.follow_up if draft else "")
        else:
            self._set_value(self.follow_up_note, "")
        self._check_notes()
        self.refresh_links()

    def _thank_you(self) -> None:
        draft = self._draft()
        self._set_note(self.thank_you, THANK_YOU, draft.thank_you if draft else "")
        self._check_notes()
        self.refresh_links()

    def _set_note(self, box: W.Textarea, key: str, saved: str) -> None:
        """Show the note as the participant left it, else the template filled from the workbook."""
        from ..core.outreach import fill_template

        if saved.strip():
            value = saved
        elif key in self.channels:
            goal = next((g for g in self.live.workbook.goals if g.id == self.goal.value), None)
            value = message_text(*fill_template(key, self.live.workbook, self._contact(), goal,
                                                content=self.live.content))
        else:
            value = ""
        self._set_value(box, value)

    def _set_value(self, box: W.Textarea, value: str) -> None:
        was_loading, self.loading = self.loading, True
        try:
            box.value = value
        finally:
            self.loading = was_loading

    def _check_notes(self) -> None:
        from ..core.outreach import check_message

        for box, kind, out in ((self.thank_you, THANK_YOU, self.thank_you_checks),
                               (self.follow_up_note, FOLLOW_UP, self.follow_up_checks)):
            if not box.value.strip():
                out.value = ""
                continue
            subject, body = split_message(box.value)
            report = check_message(subject, body, self._contact(), self.live.workbook,
                                   content=self.live.content,
                                   channel=self.channels.get(kind, "email"), kind=kind)
            out.value = check_list(report.checks, inline=True).markup

    def _links(self) -> None:
        t = self.t
        contact = self._contact()
        stem = f"message to {contact.name if contact else 'mentor'}"
        subject, body = self.subject.value, self.body.value
        self.links.value = "".join([
            copy_button(message_text(subject, body), t["copy"], "mk-outreach-copy"),
            download_link(safe_filename(stem, ".txt"), message_text(subject, body), "text/plain",
                          t["download_txt"], "mk-outreach-txt"),
            download_link(safe_filename(stem, ".eml"),
                          eml_bytes(subject, body, self.live.workbook, contact.name if contact else ""),
                          "message/rfc822", t["download_eml"], "mk-outreach-eml"),
        ])
        who = contact.name if contact else ""
        self.thanks_links.value = copy_button(self.thank_you.value, t["copy_thanks"], "mk-thank-you-copy") + (
            download_link(safe_filename(f"thank you {who}", ".txt"),
                          self.thank_you.value, "text/plain", t["download_thanks"], "mk-thank-you-txt")
        )
        follow = self.follow_up_note.value
        self.follow_up_links.value = copy_button(follow, t["copy_follow_up"], "mk-follow-up-copy") + (
            download_link(safe_filename(f"follow up {who}", ".txt"), follow, "text/plain",
                          t["download_follow_up"], "mk-follow-up-txt")
        ) if follow.strip() else ""
