"""The first message to a potential mentor: a checker, the follow-up date and filled templates.

Checks, keyed (measured against the labelled drafts in ``tests/data/outreach_corpus.toml``):

* ``length`` – e-mails: some words and at most ``limits.words`` (150) of them; LinkedIn notes: at
  most ``limits.linkedin_chars`` (300) characters, counted, since LinkedIn cuts the rest;
* ``subject`` – a subject of at least three words that is not a generic "Hi" / "Question"
  (LinkedIn notes have none);
* ``why_you`` – the body says why this person: something of theirs it names ("your conference
  talk", "their work on ...", "I read your"), or a sentence that ties them ("you", "your") to a word
  of the contact's expertise (a name in the greeting alone does not say why);
* ``small_ask`` – one small, specific ask (a 15–30 minute call, a coffee) and no oversized ask
  ("be my mentor", "an hour", "every week"); a thank-you note (``kind="thank_you"``) needs none;
* ``no_job_request`` – the sentences that *ask* for something (questions, "could you", "I'm
  looking for", sentences addressing "you") ask for no job, position, vacancy or referral. Words
  in a statement about the writer's own goal ("my goal is to find a training position") and
  negated ones ("I am not asking about vacancies") do not count;
* ``polite_close`` – thanks or a sign-off; when the workbook is given, also the sender's first name
  in the last lines;
* ``placeholders`` – no unfilled template blank: ``[..]``, ``{..}``, ``<..>``, ``___``, or
  TBD / XXX / NAME in capitals. A draft with one is not ready to send.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from ..content import Content, bundled
from ..errors import MentorkitError
from ..model import Contact, Goal, OutreachDraft, OutreachStatus, Workbook
from .checks import Check, CheckResult, advice, advice_texts
from .text import content_words, fold, has_phrase, normalise, related, word_count, words

WORD_LIMIT = 150
LINKEDIN_CHARS = 300
FOLLOW_UP_BUSINESS_DAYS = 7
KEYS = ("length", "subject", "why_you", "small_ask", "no_job_request", "polite_close", "placeholders")


@dataclass
class OutreachReport(CheckResult):
    """Checks of one outreach message.

    ``word_count`` and ``limit`` are words (the e-mail limit); ``count``/``unit``/``count_limit``
    are what the length check measured: words for e-mails, characters for LinkedIn notes.
    ``placeholders`` lists unfilled blanks; ``ready_to_send`` is False while any is left.
    """

    word_count: int = 0
    limit: int = WORD_LIMIT
    char_count: int = 0
    count: int = 0
    count_limit: int = WORD_LIMIT
    unit: str = "words"
    #: ``unit`` as the participant reads it ("words", "palabras"): ``unit_words``/``unit_characters``.
    unit_label: str = "words"
    placeholders: list[str] = field(default_factory=list)

    @property
    def ready_to_send(self) -> bool:
        """True when every check passes (no blank left, length within the limit ...)."""
        return self.ok


@dataclass(frozen=True)
class Template:
    """One outreach template from ``outreach.toml``."""

    key: str
    label: str
    channel: str
    subject: str
    body: str


def _data(content: Content | None) -> Mapping[str, Any]:
    return (content or bundled()).get("outreach")


@dataclass(frozen=True)
class _Lists:
    phrases: Mapping[str, Any]
    limit: int
    linkedin_chars: int
    subject_min_words: int
    why: re.Pattern[str]
    blanks: re.Pattern[str]
    #: Words that address the contact, for tying a sentence to their expertise.
    you_words: frozenset[str] = frozenset({"you", "your", "their", "they"})
    #: Compare without accents (``phrases.fold_accents``): texts and phrase lists are folded.
    fold: bool = False
    #: Why-this-person phrases matched as typed, accents kept (``phrases.why_you_as_typed``):
    #: "coordinó" (you led it) is not "coordino" (I lead).
    why_as_typed: tuple[str, ...] = ()


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def _lists(content: Content | None) -> _Lists:
    """Phrase lists, limits and patterns of ``outreach.toml``, built once per Content object."""
    return (content or bundled()).derived("outreach.lists", lambda c: _build_lists(c.get("outreach")))


def _folded(value: Any) -> Any:
    """Phrase lists without accents (strings, tuples and tables of them)."""
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, tuple):
        return tuple(_folded(v) for v in value)
    if isinstance(value, Mapping):
        return {k: _folded(v) for k, v in value.items()}
    return value


def _build_lists(data: Mapping[str, Any]) -> _Lists:
    phrases = data.get("phrases", {})
    folding = bool(phrases.get("fold_accents", False))
    as_typed = tuple(str(p) for p in phrases.get("why_you_as_typed", ()))
    if folding:
        phrases = _folded(phrases)
    limits = data.get("limits", {})
    nouns = "|".join(re.escape(n) for n in sorted(phrases.get("why_nouns", []), key=len, reverse=True))
    if phrases.get("why_pattern"):  # another language: "tu artículo sobre", "su trabajo en"
        why = re.compile(str(phrases["why_pattern"]).replace("{nouns}", nouns or "(?!x)x"))
    else:
        owner = r" (?:your|their|his|her|[a-z]+'s) (?:[a-z0-9']+ ){0,3}"
        why = re.compile(
            rf"{owner}(?:(?:{nouns or 'research'}) |work (?:on|in|with|at|for|about|around|to|[a-z]+ing) )"
        )
    ph = data.get("placeholders", {})
    shapes = list(ph.get("patterns", []))
    caps = sorted(ph.get("capital_words", []), key=len, reverse=True)
    if caps:
        shapes.append(r"(?<![A-Za-z])(?:" + "|".join(re.escape(c) for c in caps) + r")(?![A-Za-z])")
    anycase = sorted(ph.get("any_case_words", []), key=len, reverse=True)
    if anycase:
        shapes.append(r"(?i:(?<![A-Za-z])(?:" + "|".join(re.escape(c) for c in anycase) + r")(?![A-Za-z]))")
    lists = _Lists(
        phrases=phrases,
        limit=int(limits.get("words", WORD_LIMIT)),
        linkedin_chars=int(limits.get("linkedin_chars", LINKEDIN_CHARS)),
        subject_min_words=int(limits.get("subject_min_words", 3)),
        why=why,
        blanks=re.compile("|".join(f"(?:{s})" for s in shapes) or r"(?!x)x"),
        fold=folding,
        why_as_typed=as_typed,
    )
    if phrases.get("you_words"):
        lists = replace(lists, you_words=frozenset(str(w) for w in phrases["you_words"]))
    return lists


def find_placeholders(text: str, *, content: Content | None = None) -> list[str]:
    """Unfilled template blanks in ``text``: "[their name]", "{goal}", "<first name>", "___", "TBD"."""
    return _blanks(text, _lists(content))


def _blanks(text: str, lists: _Lists) -> list[str]:
    return list(dict.fromkeys(m.group(0) for m in lists.blanks.finditer(text or "")))


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text or "") if s.strip()]


def _ask_sentences(subject: str, body: str, lists: _Lists) -> list[str]:
    """The sentences that ask for something: questions and requests (see the module docstring)."""
    markers = lists.phrases.get("ask_markers", [])
    return [s for s in _sentences(f"{subject}\n{body}") if s.endswith("?") or has_phrase(s, markers)]


def _job_request(subject: str, body: str, lists: _Lists) -> str | None:
    negations = set(lists.phrases.get("negations", []))
    for sentence in _ask_sentences(subject, body, lists):
        job = has_phrase(sentence, lists.phrases.get("job_requests", []))
        if job and not (negations & set(words(sentence.replace("n't", " n't")))):
            return job
    return None


def _why(body: str, contact: Contact | None, lists: _Lists, typed: str = "") -> bool:
    text = normalise(body)
    if lists.why.search(text) or has_phrase(body, lists.phrases.get("why_you", [])):
        return True
    if lists.why_as_typed and has_phrase(typed, lists.why_as_typed):
        return True
    expertise = (fold(contact.expertise) if lists.fold else contact.expertise) if contact is not None else ""
    topic = [w for w in content_words(expertise) if len(w) >= 4]
    for sentence in _sentences(body):
        if sentence.endswith("?"):
            continue  # "Can you look at my game?" asks; it does not say why them
        said = words(sentence)
        if topic and (lists.you_words & set(said)) and any(
            related(t, w) for t in topic for w in said
        ):
            return True
    return False


def check_message(
    subject: str,
    body: str,
    contact: Contact | None = None,
    workbook: Workbook | None = None,
    *,
    content: Content | None = None,
    channel: str = "email",
    kind: str = "",
) -> OutreachReport:
    """Check an outreach draft (see the module docstring for what each check looks for).

    ``channel="linkedin"`` counts characters and skips the subject check (connection notes have
    no subject). ``kind`` is the template key; ``"thank_you"`` notes need no ask.
    """
    lists = _lists(content)
    texts = advice_texts(content, "outreach")
    phrases = lists.phrases
    count = word_count(body)
    chars = len((body or "").strip())
    checks: list[Check] = []
    typed_subject, typed_body = subject, body  # blanks are shown as typed
    if lists.fold:
        subject, body = fold(subject or ""), fold(body or "")

    if channel == "linkedin":
        measured, limit, unit = chars, lists.linkedin_chars, "characters"
    else:
        measured, limit, unit = count, lists.limit, "words"
    if count == 0:
        checks.append(Check("length", False, advice(texts, "empty")))
    elif measured > limit:
        checks.append(Check("length", False, advice(texts, f"too_long_{unit}", count=measured, limit=limit)))
    else:
        checks.append(Check("length", True, advice(texts, f"length_ok_{unit}", count=measured, limit=limit)))

    subject_words = words(subject)
    generic = {" ".join(words(g)) for g in phrases.get("generic_subjects", [])}
    if channel == "linkedin":
        checks.append(Check("subject", True, advice(texts, "no_subject_needed")))
    elif not subject_words:
        checks.append(Check("subject", False, advice(texts, "no_subject")))
    elif " ".join(subject_words) in generic or len(subject_words) < lists.subject_min_words:
        example = _subject_example(workbook, contact, texts)
        checks.append(Check("subject", False, advice(texts, "generic_subject", example=example)))
    else:
        checks.append(Check("subject", True, advice(texts, "subject_ok")))

    if _why(body, contact, lists, typed_body):
        checks.append(Check("why_you", True, advice(texts, "why_you")))
    else:
        example = (contact.expertise.strip() if contact is not None else "") or str(texts["their_work"])
        checks.append(Check("why_you", False, advice(texts, "why_you_missing", expertise=example)))

    small = has_phrase(body, phrases.get("small_asks", []))
    rest = normalise(body)
    for phrase in phrases.get("small_asks", []):  # "half an hour" is small, though it holds "an hour"
        rest = rest.replace(normalise(phrase), " | ")
    big = has_phrase(rest, phrases.get("big_asks", []))
    if kind == "thank_you" and not big:
        checks.append(Check("small_ask", True, advice(texts, "no_ask_needed")))
    elif big:
        checks.append(Check("small_ask", False, advice(texts, "big_ask", ask=big)))
    elif small:
        checks.append(Check("small_ask", True, advice(texts, "small_ask")))
    else:
        checks.append(Check("small_ask", False, advice(texts, "no_small_ask")))

    job = _job_request(subject, body, lists)
    if job:
        checks.append(Check("no_job_request", False, advice(texts, "job_request", words=job)))
    else:
        checks.append(Check("no_job_request", True, advice(texts, "no_job_request")))

    tail = "\n".join([line for line in body.strip().splitlines() if line.strip()][-4:])
    close = has_phrase(body, phrases.get("closes", []))
    names = workbook.profile.name.split() if workbook is not None else []
    first = names[0] if names else ""
    signed = not first or (fold(first) if lists.fold else first).casefold() in [w for w in words(tail)]
    if close and signed:
        checks.append(Check("polite_close", True, advice(texts, "polite_close")))
    elif close:
        checks.append(Check("polite_close", False, advice(texts, "sign_it", first=first)))
    else:
        checks.append(Check("polite_close", False,
                            advice(texts, "no_close", first=first or str(texts["example_name"]))))

    blanks = _blanks(f"{typed_subject}\n{typed_body}", lists)
    if blanks:
        shown = str(texts["blank_separator"]).join(advice(texts, "blank", blank=b) for b in blanks[:4])
        checks.append(Check("placeholders", False, advice(texts, "blanks", blanks=shown)))
    else:
        checks.append(Check("placeholders", True, advice(texts, "no_blanks")))

    return OutreachReport(checks=checks, word_count=count, limit=lists.limit, char_count=chars,
                          count=measured, count_limit=limit, unit=unit,
                          unit_label=str(texts.get(f"unit_{unit}", unit)), placeholders=blanks)


def _subject_example(workbook: Workbook | None, contact: Contact | None, texts: Mapping[str, Any]) -> str:
    role = (workbook.profile.role.strip() if workbook is not None else "") or str(texts["example_role"])
    known = contact is not None and contact.expertise.strip()
    topic = contact.expertise.strip() if contact is not None and known else str(texts["example_topic"])
    return advice(texts, "subject_example", role=role, topic=topic)


def follow_up_date(sent: date, business_days: int = FOLLOW_UP_BUSINESS_DAYS) -> date:
    """The date ``business_days`` working days (Monday–Friday) after ``sent``."""
    day, left = sent, business_days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


#: Contact statuses that still wait for an answer: a follow-up is in place once its date arrives.
AWAITING_ANSWER = (OutreachStatus.not_contacted, OutreachStatus.sent, OutreachStatus.no_answer)


def status_labels(content: Content | None = None) -> dict[str, str]:
    """Contact status -> the words the exercise shows for it ("meeting_set" -> "Meeting set")."""
    shown = {str(key): str(label) for label, key in (content or bundled()).ui("outreach").get("statuses", ())}
    return {s.value: shown.get(s.value, s.value.replace("_", " ").capitalize()) for s in OutreachStatus}


def follow_up_due(draft: OutreachDraft | None, contact: Contact | None, today: date) -> bool:
    """True when the "one polite follow-up" should be offered for ``draft`` on ``today``.

    That is: the message was sent, its follow-up date has arrived, and the contact (if known) has
    not answered (status not contacted, sent or no answer; replied, meeting set, met or declined
    need no follow-up).
    """
    if draft is None or draft.sent_on is None:
        return False
    due = draft.follow_up_on or follow_up_date(draft.sent_on)
    if contact is not None and contact.outreach_status not in AWAITING_ANSWER:
        return False
    return today >= due


def templates(content: Content | None = None) -> list[Template]:
    """The outreach templates (email, LinkedIn note, introduction request, thank-you, follow-up)."""
    result = []
    for item in _data(content).get("templates", []):
        result.append(
            Template(
                key=str(item["key"]),
                label=str(item.get("label", item["key"])),
                channel=str(item.get("channel", "email")),
                subject=str(item.get("subject", "")),
                body=str(item.get("body", "")).strip() + "\n",
            )
        )
    return result


class _Blanks(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return f"[{key.replace('_', ' ')}]"


def _lower_first(text: str) -> str:
    """``Software engineer`` -> ``software engineer``; ``PhD candidate`` stays as it is."""
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first[1:].islower() else text


def _article(text: str, fill: Mapping[str, Any]) -> str:
    """The role as ``{mentee_role_article}``: "a nurse", "an engineer" (``a_an``) or the bare role."""
    if not text:
        return str(fill.get("missing", {}).get("mentee_role", "[your role]"))
    if fill.get("role_article", "a_an") != "a_an":
        return _lower_first(text)
    return ("an " if text[0].casefold() in "aeiou" else "a ") + _lower_first(text)


def _short_goal(text: str, fill: Mapping[str, Any]) -> str:
    text = text.strip().rstrip(".")
    if not text:
        return str(fill.get("missing", {}).get("goal", "[your goal]"))
    return _lower_first(text)


def _without_leads(text: str, fill: Mapping[str, Any]) -> str:
    """``text`` on one line, without a closing stop and without the leads ("I want to ") it opens with."""
    text = " ".join(text.strip().rstrip(".!").split())
    for lead in fill.get("goal_leads", ()):
        if text.casefold().startswith(str(lead)):
            text = text[len(str(lead)):]
    return text


def _goal_doing(text: str, fill: Mapping[str, Any]) -> str:
    """The goal rephrased to follow the templates' "I am working on" (``fill.goal_doing``).

    ``ing``: "Land a postdoc by June" -> "landing a postdoc by June"; a goal that does not start with
    a verb becomes ``fill.not_a_verb`` ("a move towards ..."). ``as_typed``: the goal as written,
    first letter in lower case ("Aprobar el B2" -> "aprobar el B2").
    """
    text = _without_leads(text, fill)
    if fill.get("goal_doing", "ing") != "ing":
        return _lower_first(text)
    from lemminflect import getInflection

    from .morph import lemmas

    first, _, rest = text.partition(" ")
    lemma = lemmas(first.casefold()).get("VERB")
    if not lemma:
        head = text.split(" ", 1)[0]
        lowered = text[:1].lower() + text[1:] if head in ("A", "An", "The") else _lower_first(text)
        return str(fill.get("not_a_verb", "a move towards {goal}")).format(goal=lowered)
    doing = getInflection(lemma[0], tag="VBG")
    word = doing[0] if doing else first.casefold() + "ing"
    rest = re.sub(r"\b(?:[Mm]e|[Mm]yself)\b", "myself", rest)
    return f"{word} {rest}".strip()


def placeholders(workbook: Workbook, contact: Contact | None, goal: Goal | None, *,
                 content: Content | None = None) -> dict[str, str]:
    """The values templates can use, taken from the workbook; missing ones are [bracketed hints]
    (``[fill.missing]`` of ``outreach.toml``)."""
    fill: Mapping[str, Any] = _data(content).get("fill", {})
    missing: Mapping[str, Any] = fill.get("missing", {})

    def hint(key: str) -> str:
        return str(missing.get(key, f"[{key.replace('_', ' ')}]"))

    p = workbook.profile
    name = contact.name.strip() if contact else ""
    expertise = contact.expertise.strip() if contact else ""
    goal_text = goal.text.strip().rstrip(".") if goal else ""
    # The topic names their field of work; a goal's words ("submit paper") read badly after "about".
    topic_words = content_words(expertise) or content_words(p.field)
    values = {
        "mentee_name": p.name,
        "mentee_first": p.name.split()[0] if p.name.split() else p.name,
        "mentee_role": p.role.strip() or hint("mentee_role"),
        "mentee_role_article": _article(p.role.strip(), fill),
        "mentee_field": p.field.strip() or hint("mentee_field"),
        "contact_name": name or hint("contact_name"),
        "contact_first": _first_name(name) or hint("contact_first"),
        "contact_expertise": expertise or hint("contact_expertise"),
        "contact_relation": (contact.relation.strip() if contact else "") or hint("contact_relation"),
        "goal": _short_goal(goal_text, fill) if goal_text else hint("goal"),
        "goal_short": _short_goal(goal_text, fill),
        "goal_doing": _goal_doing(goal_text, fill) if goal_text else hint("goal_doing"),
        "topic": " ".join(topic_words[:3]) if topic_words else hint("topic"),
    }
    return values


def _first_name(name: str) -> str:
    parts = [w for w in name.split() if not re.fullmatch(r"(?i)(dr|prof|mr|mrs|ms|mx)\.?", w)]
    return parts[0] if parts else ""


def fill_template(
    template_key: str,
    workbook: Workbook,
    contact: Contact | None = None,
    goal: Goal | None = None,
    *,
    content: Content | None = None,
) -> tuple[str, str]:
    """``(subject, body)`` of a template filled from the workbook, contact and goal."""
    for template in templates(content):
        if template.key == template_key:
            values = _Blanks(placeholders(workbook, contact, goal, content=content))
            subject = template.subject.format_map(values)
            return subject[:1].upper() + subject[1:], template.body.format_map(values)
    known = ", ".join(t.key for t in templates(content))
    raise MentorkitError(f"no outreach template {template_key!r}; known: {known}")
