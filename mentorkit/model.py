"""The participant workbook: one person's answers, as a typed and versioned model.

Everything in mentorkit reads or writes a :class:`Workbook`. The model has no Jupyter imports and
no file I/O; see :mod:`mentorkit.store` for how workbooks live on disk.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .schema_version import SCHEMA_VERSION

#: Version 2 (this one) added, all optional: profile languages and mentor preferences; contact source,
#: kind, network role and channel; ask contact ids; the agreement's both-sides clauses; the proposed
#: mentor, conversations, feedback requests, changes, wins and career paths; snapshot change and win
#: counts; thank-you and follow-up note texts on outreach drafts; the field caps below; and contact
#: outreach statuses set by the participant (``drafted`` is gone, ``met`` and ``no_answer`` are new).
#: Older files are brought up to date on read (:mod:`mentorkit.migrations`). Also the participant's
#: ``profile.confirmed_on`` (page 00's "These details are right").

# -- bounds (validation only: a file over a cap gets a clear error naming the field, never a stall) --
#: Characters in any one text field (a name, a goal, a message body ...); also the roster's cell cap.
MAX_TEXT = 20_000
MAX_GOALS = 50
MAX_CONTACTS = 200
#: Skills, values, needs, ground rules, benefits, checkpoints, goal links, extra roster columns.
MAX_SMALL_LIST = 100
#: Asks, outreach drafts, reflections, snapshots.
MAX_ITEMS = 500

Text = Annotated[str, Field(max_length=MAX_TEXT)]
TextList = Annotated[list[Text], Field(max_length=MAX_SMALL_LIST)]


def _list(limit: int = MAX_SMALL_LIST) -> Any:  # pydantic types Field() as Any for defaults
    return Field(default_factory=list, max_length=limit)


ParticipantId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
Rating = Annotated[int, Field(ge=1, le=5)]

#: The workbook's top-level parts; saves merge section by section, then by item id (mentorkit.store).
SECTIONS = (
    "profile",
    "values",
    "needs",
    "skills",
    "goals",
    "contacts",
    "asks",
    "outreach",
    "agreement",
    "reflections",
    "snapshots",
    "proposed_mentor",
    "conversations",
    "feedback_requests",
    "changes",
    "wins",
    "career_paths",
)


def new_id() -> str:
    """A short random id for an item inside a workbook (goal, contact, draft ...)."""
    return uuid.uuid4().hex[:10]


def utcnow() -> datetime:
    """The current time, timezone-aware, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0)


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Benefit(str, Enum):
    """The five benefits of mentorship from the workshop article."""

    guidance = "guidance"
    skill_development = "skill_development"
    networking = "networking"
    confidence = "confidence"
    career_advancement = "career_advancement"


class GoalKind(str, Enum):
    career = "career"
    skill = "skill"
    project = "project"


class GoalStatus(str, Enum):
    not_started = "not_started"
    in_progress = "in_progress"
    done = "done"
    dropped = "dropped"


class TieStrength(str, Enum):
    weak = "weak"
    medium = "medium"
    strong = "strong"


class OutreachStatus(str, Enum):
    """Where the participant's approach to one contact stands; the participant sets it.

    The path is not contacted -> sent -> replied -> meeting set -> met, or it ends in declined or
    no answer. (A draft in progress is the draft itself; v1's ``drafted`` reads as not contacted.)
    """

    not_contacted = "not_contacted"
    sent = "sent"
    replied = "replied"
    meeting_set = "meeting_set"
    met = "met"
    declined = "declined"
    no_answer = "no_answer"


class MentorPreferences(_Part):
    """Mentors the participant would like (``prefer``) or would rather not have (``avoid``).

    Each entry names a mentor by name or email, as in the mentor list; matching ignores case.
    """

    prefer: TextList = _list()
    avoid: TextList = _list()


class Profile(_Part):
    """Who the participant is. Roster columns we do not map are kept verbatim in ``extra``."""

    id: ParticipantId
    name: Text = Field(min_length=1)
    email: Text = ""
    role: Text = ""
    career_stage: Text = ""
    field: Text = ""
    languages: TextList = _list()
    mentor_preferences: MentorPreferences = Field(default_factory=MentorPreferences)
    extra: dict[Text, Text] = Field(default_factory=dict, max_length=MAX_SMALL_LIST)
    #: The day the participant confirmed (or edited) these details on the start page; never set by
    #: a roster import, so "Start here" is done only once the participant has been there.
    confirmed_on: date | None = None
    #: The language the participant chose on the start page (``es``, ``pt_BR``); empty: the cohort's.
    locale: str = Field(default="", max_length=35, pattern=r"^([A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*)?$")


class Skill(_Part):
    name: Text = Field(min_length=1)
    current: Rating | None = None
    target: Rating | None = None


class Goal(_Part):
    id: str = Field(default_factory=new_id, max_length=100)
    text: Text = ""
    kind: GoalKind = GoalKind.career
    benefits: list[Benefit] = _list()
    measure: Text = ""
    target_date: date | None = None
    status: GoalStatus = GoalStatus.not_started


class ContactKind(str, Enum):
    """Someone already known, or a prospect: a person not met yet, or a place to find one."""

    person = "person"
    prospect = "prospect"
    place = "place"


class NetworkRole(str, Enum):
    """Where a contact stands relative to the participant (a mentoring network has all four)."""

    unknown = ""
    peer = "peer"
    near_peer = "near_peer"
    senior = "senior"
    sponsor = "sponsor"


class Contact(_Part):
    """A person on the mentor map. ``source`` is ``"programme"`` for a mentor the programme proposed."""

    id: str = Field(default_factory=new_id, max_length=100)
    source: Literal["own", "programme"] = "own"
    name: Text = ""
    relation: Text = ""
    expertise: Text = ""
    needs: TextList = _list()
    strength: TieStrength = TieStrength.medium
    outreach_status: OutreachStatus = OutreachStatus.not_contacted
    kind: ContactKind = ContactKind.person
    network_role: NetworkRole = NetworkRole.unknown
    channel: Text = ""


class Ask(_Part):
    """One concrete ask to close a gap in the mentor map: who, what, by when."""

    id: str = Field(default_factory=new_id, max_length=100)
    need: Text = ""
    who: Text = ""
    what: Text = ""
    by: date | None = None
    done: bool = False
    contact_id: str = Field(default="", max_length=100)


class OutreachDraft(_Part):
    id: str = Field(default_factory=new_id, max_length=100)
    contact_id: Text = ""
    template: Text = ""
    subject: Text = ""
    body: Text = ""
    sent_on: date | None = None
    follow_up_on: date | None = None
    updated_at: datetime = Field(default_factory=utcnow)
    #: The thank-you and follow-up notes as the participant edited them ("" = not written yet).
    thank_you: Text = ""
    follow_up: Text = ""


class Agreement(_Part):
    goal_ids: TextList = _list()
    frequency: Text = ""
    mode: Text = ""
    meeting_minutes: int | None = Field(default=None, ge=5, le=480)
    start: date | None = None
    end: date | None = None
    confidentiality: Text = ""
    feedback: Text = ""
    ground_rules: TextList = _list()
    checkpoints: list[date] = _list()
    ending: Text = ""
    mentee_name: Text = ""
    mentor_name: Text = ""
    roles_mentor: Text = ""
    roles_mentee: Text = ""
    between_meetings: Text = ""
    reply_time: Text = ""
    preparation: Text = ""
    mentor_expectations: Text = ""
    disagreements: Text = ""



class ProposedMentor(_Part):
    """The mentor the programme proposed (written by ``mentorkit match --apply``)."""

    name: Text = Field(min_length=1)
    email: Text = ""
    reasons: TextList = _list()
    proposed_on: date
    contact_id: str = Field(default="", max_length=100)


class Conversation(_Part):
    """The first (or a later) 20–30 minute conversation with a contact: plan, then notes."""

    id: str = Field(default_factory=new_id, max_length=100)
    contact_id: Text = ""
    goal_id: Text = ""
    held_on: date | None = None
    questions: TextList = _list()
    offer: Text = ""
    notes: Text = ""
    follow_up: Text = ""


class FeedbackRequest(_Part):
    """One request for feedback on one specific thing, and what was heard."""

    id: str = Field(default_factory=new_id, max_length=100)
    who: Text = ""
    about: Text = ""
    asked_on: date | None = None
    heard: Text = ""
    clarify: Text = ""


class Change(_Part):
    """"What I will change", linked to a goal and, optionally, to the feedback behind it."""

    id: str = Field(default_factory=new_id, max_length=100)
    created_at: datetime = Field(default_factory=utcnow)
    text: Text = ""
    goal_id: Text = ""
    from_feedback: Text = ""
    done: bool = False


class Win(_Part):
    """An entry of the wins log: something that went well, and what it shows about you."""

    id: str = Field(default_factory=new_id, max_length=100)
    day: date | None = None
    text: Text = ""
    shows: Text = ""


class PathLook(_Part):
    """One career path looked at against the participant's values and skills."""

    id: str = Field(default_factory=new_id, max_length=100)
    path: Text = ""
    notes: Text = ""
    next_step: Text = ""


class Reflection(_Part):
    id: str = Field(default_factory=new_id, max_length=100)
    created_at: datetime = Field(default_factory=utcnow)
    prompt: Text = ""
    text: Text = ""


class Snapshot(_Part):
    """A dated copy of the measurable parts, so progress can be compared later."""

    taken_at: datetime = Field(default_factory=utcnow)
    label: Text = ""
    skills: list[Skill] = _list()
    needs_covered: dict[Text, int] = Field(default_factory=dict, max_length=MAX_SMALL_LIST)
    goals_total: int = 0
    goals_done: int = 0
    changes_total: int = 0
    changes_done: int = 0
    wins: int = 0


class Workbook(_Part):
    """One participant's answers to every exercise."""

    schema_version: Literal[2] = SCHEMA_VERSION
    profile: Profile
    values: TextList = _list()
    needs: TextList = _list()
    skills: list[Skill] = _list()
    goals: list[Goal] = _list(MAX_GOALS)
    contacts: list[Contact] = _list(MAX_CONTACTS)
    asks: list[Ask] = _list(MAX_ITEMS)
    outreach: list[OutreachDraft] = _list(MAX_ITEMS)
    agreement: Agreement = Field(default_factory=Agreement)
    reflections: list[Reflection] = _list(MAX_ITEMS)
    snapshots: list[Snapshot] = _list(MAX_ITEMS)
    proposed_mentor: ProposedMentor | None = None
    conversations: list[Conversation] = _list(MAX_ITEMS)
    feedback_requests: list[FeedbackRequest] = _list(MAX_ITEMS)
    changes: list[Change] = _list(MAX_ITEMS)
    wins: list[Win] = _list(MAX_ITEMS)
    career_paths: list[PathLook] = _list(MAX_ITEMS)

    @property
    def id(self) -> str:
        return self.profile.id

    def section_data(self, section: str) -> object:
        """The JSON-ready value of one top-level section."""
        return self.model_dump(mode="json", include={section})[section]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the current workbook version."""
    schema = Workbook.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"mentorkit workbook v{SCHEMA_VERSION}"
    schema["description"] = (
        f"One participant's answers, schema version {SCHEMA_VERSION}. Files of versions 0 to "
        f"{SCHEMA_VERSION - 1} are migrated when read; newer versions are refused."
    )
    return schema
