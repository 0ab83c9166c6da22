"""The participant workbook: one person's answers, as a typed and versioned model.

Everything in mentorkit reads or writes a :class:`Workbook`. The model has no Jupyter imports and
no file I/O; see :mod:`mentorkit.store` for how workbooks live on disk.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SCHEMA_VERSION = 1

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
    not_contacted = "not_contacted"
    drafted = "drafted"
    sent = "sent"
    replied = "replied"
    meeting_set = "meeting_set"
    declined = "declined"


class Profile(_Part):
    """Who the participant is. Roster columns we do not map are kept verbatim in ``extra``."""

    id: ParticipantId
    name: str = Field(min_length=1)
    email: str = ""
    role: str = ""
    career_stage: str = ""
    field: str = ""
    extra: dict[str, str] = Field(default_factory=dict)


class Skill(_Part):
    name: str = Field(min_length=1)
    current: Rating | None = None
    target: Rating | None = None


class Goal(_Part):
    id: str = Field(default_factory=new_id)
    text: str = ""
    kind: GoalKind = GoalKind.career
    benefits: list[Benefit] = Field(default_factory=list)
    measure: str = ""
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
    id: str = Field(default_factory=new_id)
    name: str = ""
    relation: str = ""
    expertise: str = ""
    needs: list[str] = Field(default_factory=list)
    strength: TieStrength = TieStrength.medium
    outreach_status: OutreachStatus = OutreachStatus.not_contacted
    kind: ContactKind = ContactKind.person
    network_role: NetworkRole = NetworkRole.unknown
    channel: str = ""


class Ask(_Part):
    """One concrete ask to close a gap in the mentor map: who, what, by when."""

    id: str = Field(default_factory=new_id)
    need: str = ""
    who: str = ""
    what: str = ""
    by: date | None = None
    done: bool = False
    contact_id: str = ""


class OutreachDraft(_Part):
    id: str = Field(default_factory=new_id)
    contact_id: str = ""
    template: str = ""
    subject: str = ""
    body: str = ""
    sent_on: date | None = None
    follow_up_on: date | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class Agreement(_Part):
    goal_ids: list[str] = Field(default_factory=list)
    frequency: str = ""
    mode: str = ""
    meeting_minutes: int | None = Field(default=None, ge=5, le=480)
    start: date | None = None
    end: date | None = None
    confidentiality: str = ""
    feedback: str = ""
    ground_rules: list[str] = Field(default_factory=list)
    checkpoints: list[date] = Field(default_factory=list)
    ending: str = ""
    mentee_name: str = ""
    mentor_name: str = ""
    roles_mentor: str = ""
    roles_mentee: str = ""
    between_meetings: str = ""
    reply_time: str = ""
    preparation: str = ""
    mentor_expectations: str = ""
    disagreements: str = ""


class Conversation(_Part):
    """The first (or a later) 20–30 minute conversation with a contact: plan, then notes."""

    id: str = Field(default_factory=new_id)
    contact_id: str = ""
    goal_id: str = ""
    held_on: date | None = None
    questions: list[str] = Field(default_factory=list)
    offer: str = ""
    notes: str = ""
    follow_up: str = ""


class FeedbackRequest(_Part):
    """One request for feedback on one specific thing, and what was heard."""

    id: str = Field(default_factory=new_id)
    who: str = ""
    about: str = ""
    asked_on: date | None = None
    heard: str = ""
    clarify: str = ""


class Change(_Part):
    """"What I will change", linked to a goal and, optionally, to the feedback behind it."""

    id: str = Field(default_factory=new_id)
    created_at: datetime = Field(default_factory=utcnow)
    text: str = ""
    goal_id: str = ""
    from_feedback: str = ""
    done: bool = False


class Win(_Part):
    """An entry of the wins log: something that went well, and what it shows about you."""

    id: str = Field(default_factory=new_id)
    day: date | None = None
    text: str = ""
    shows: str = ""


class PathLook(_Part):
    """One career path looked at against the participant's values and skills."""

    id: str = Field(default_factory=new_id)
    path: str = ""
    notes: str = ""
    next_step: str = ""


class Reflection(_Part):
    id: str = Field(default_factory=new_id)
    created_at: datetime = Field(default_factory=utcnow)
    prompt: str = ""
    text: str = ""


class Snapshot(_Part):
    """A dated copy of the measurable parts, so progress can be compared later."""

    taken_at: datetime = Field(default_factory=utcnow)
    label: str = ""
    skills: list[Skill] = Field(default_factory=list)
    needs_covered: dict[str, int] = Field(default_factory=dict)
    goals_total: int = 0
    goals_done: int = 0
    changes_total: int = 0
    changes_done: int = 0
    wins: int = 0


class Workbook(_Part):
    """One participant's answers to every exercise."""

    schema_version: Literal[1] = SCHEMA_VERSION
    profile: Profile
    values: list[str] = Field(default_factory=list)
    needs: list[str] = Field(default_factory=list)
    skills: list[Skill] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    asks: list[Ask] = Field(default_factory=list)
    outreach: list[OutreachDraft] = Field(default_factory=list)
    agreement: Agreement = Field(default_factory=Agreement)
    reflections: list[Reflection] = Field(default_factory=list)
    snapshots: list[Snapshot] = Field(default_factory=list)
    conversations: list[Conversation] = Field(default_factory=list)
    feedback_requests: list[FeedbackRequest] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    wins: list[Win] = Field(default_factory=list)
    career_paths: list[PathLook] = Field(default_factory=list)

    @property
    def id(self) -> str:
        return self.profile.id

    def section_data(self, section: str) -> object:
        """The JSON-ready value of one top-level section."""
        return self.model_dump(mode="json", include={section})[section]


def json_schema() -> dict:
    """The JSON Schema of the current workbook version."""
    schema = Workbook.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"mentorkit workbook v{SCHEMA_VERSION}"
    return schema
