"""Exercise 3: a first message to a potential mentor, checked live, with follow-up and downloads."""

from __future__ import annotations

from datetime import date

import ipywidgets as W

from ..export import eml_bytes, message_text, safe_filename
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

THANK_YOU = "thank_you"
FOLLOW_UP = "follow_up"


def outreach(live: WorkbookHandle) -> Exercise:
    """Pick a contact and template, edit the draft with a live checker, download or copy it."""
    return Exercise(live, "mk-outreach", lambda lw: OutreachView(lw).widgets())


def _short(text_value: str, limit: int = 60) -> str:
    text_value = " ".join(text_value.split())
    return text_value if len(text_value) <= limit else text_value[: limit - 1] + "…"


class OutreachView:
    """One draft per contact in ``live.workbook.outreach``; the form shows the chosen contact's."""

    def __init__(self, live: LiveWorkbook):
        from ..core.outreach import templates

        self.live = live
        self.t = labels("outreach", live)
        all_templates = templates(live.cohort.content)
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
        self.follow_up = W.HTML()
        self.follow_up.add_class("mk-follow-up")
        self.thank_you = area("", "mk-thank-you", rows=9, width="min(720px, 100%)")
        name_fields(self.thank_you, t["thank_you_title"])
        self.links = W.HTML()
        self.links.add_class("mk-outreach-downloads")
        self.thanks_links = W.HTML()
        self.new_name = text("", "mk-outreach-new-contact", "e.g. Dr. Maya Ortiz", width="280px")
        self.add_contact = button(t["add_contact"], "mk-outreach-add-contact", icon="plus")
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
        self.fill.on_click(self._fill_template)
        self.add_contact.on_click(self._add_contact)
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
            labelled(self.sent_on, t["sent_on"]),
            self.follow_up,
            heading(t["thank_you_title"]),
            self.thank_you,
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
        contact = self._contact()
        if contact is None or contact.outreach_status not in only_from:
            return
        contact.outreach_status = new
        self.live.changed()

    def _add_contact(self, _=None) -> None:
        name = self.new_name.value.strip()
        if not name:
            return
        contact = Contact(name=name)
        self.live.workbook.contacts = [*self.live.workbook.contacts, contact]
        if not self.contact.value:  # a draft begun before anyone was chosen now belongs to them
            for draft in self.live.workbook.outreach:
                if draft.contact_id == "":
                    draft.contact_id = contact.id
        self.live.changed()
        self.new_name.value = ""
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
        self._set_status(OutreachStatus.drafted, (OutreachStatus.not_contacted,))

    def _fill_template(self, _=None) -> None:
        from ..core.outreach import fill_template

        goal = next((g for g in self.live.workbook.goals if g.id == self.goal.value), None)
        subject, body = fill_template(self.template.value, self.live.workbook, self._contact(), goal,
                                      content=self.live.cohort.content)
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
                self._set_status(OutreachStatus.sent, (OutreachStatus.not_contacted, OutreachStatus.drafted))
        self._show_follow_up()

    # -- feedback --------------------------------------------------------------------------------
    def _check(self) -> None:
        from ..core.outreach import check_message

        report = check_message(
            self.subject.value, self.body.value, self._contact(), self.live.workbook,
            content=self.live.cohort.content, channel=self.channels.get(self.template.value, "email"),
        )
        over = report.word_count > report.limit
        colour = "#a4262c" if over else "#2e7d32" if report.word_count else "#666"
        words = self.t["words"].format(count=report.word_count, limit=report.limit)
        self.word_count.value = live_region(f"<b style='color:{colour};font-size:110%'>{esc(words)}</b>")
        self.checks.value = check_list(report.checks, inline=True).markup
        self.report = report
        self.refresh_links()

    def _show_follow_up(self) -> None:
        draft = self._draft()
        if draft and draft.follow_up_on:
            when = draft.follow_up_on.strftime("%A %d %B %Y")
            self.follow_up.value = f"<b>{esc(self.t['follow_up'].format(date=when))}</b>"
        else:
            self.follow_up.value = f"<i>{esc(self.t['follow_up_none'])}</i>"

    def _thank_you(self) -> None:
        from ..core.outreach import fill_template

        if THANK_YOU not in self.channels:
            return
        goal = next((g for g in self.live.workbook.goals if g.id == self.goal.value), None)
        subject, body = fill_template(THANK_YOU, self.live.workbook, self._contact(), goal,
                                      content=self.live.cohort.content)
        self.thank_you.value = message_text(subject, body)
        self.refresh_links()

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
        self.thanks_links.value = copy_button(self.thank_you.value, t["copy_thanks"], "mk-thank-you-copy") + (
            download_link(safe_filename(f"thank you {contact.name if contact else ''}", ".txt"),
                          self.thank_you.value, "text/plain", t["download_thanks"], "mk-thank-you-txt")
        )
