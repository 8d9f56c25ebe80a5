"""Registration tables. Personal data is stored sealed (`*_enc`), never in plain text.

What stays in plain text is what the aggregate counts need (category, sub-region,
country, gender, age band, migrant-led, status): erasure keeps those and nothing else.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.common.db import (
    AuditMixin,
    DeadLetterMixin,
    IdempotencyMixin,
    OutboxMixin,
    UTCDateTime,
    utcnow,
)
from services.common.token_uses import TokenUseMixin

from .extensions import db

# Track kinds (section II of the guidance).
CONSULTATION, FLOOR, OBSERVER, INTEREST, NOMINATION = (
    "consultation",
    "floor_speaker",
    "observer",
    "interest",
    "nomination",
)
TRACK_KINDS = (CONSULTATION, FLOOR, OBSERVER, INTEREST, NOMINATION)
INTEREST_ROLES = ("panel_speaker", "roundtable_speaker", "rapporteur", "agenda_design")
GENDERS = ("woman", "man", "non_binary", "other", "prefer_not_to_say")
AGE_BANDS = ("under_18", "18_29", "30_59", "60_plus")
CONSENTS = ("public_listing", "share_contact", "updates")
# received → under_review → eligible | ineligible → selected | waitlisted | not_selected
# → confirmed | withdrawn
STATUSES = (
    "received",
    "under_review",
    "eligible",
    "ineligible",
    "selected",
    "waitlisted",
    "not_selected",
    "confirmed",
    "withdrawn",
)


class Event(db.Model):
    """A meeting's registration settings, as published from the CMS."""

    __tablename__ = "events"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The title in the site's default language (what integrators read), and in every
    # language the event is published in: {"en": "…", "fr": "…"}.
    title: Mapped[str] = mapped_column(String(255))
    titles: Mapped[dict] = mapped_column(JSON, default=dict)
    region: Mapped[str] = mapped_column(String(16), index=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_open: Mapped[bool] = mapped_column(Boolean, default=True)
    tracks: Mapped[list] = mapped_column(JSON, default=list)
    # The view-and-listen link and, after the meeting, the recording (sent to observers).
    stream_url: Mapped[str] = mapped_column(String(500), default="")
    recording_url: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def track(self, key: str) -> dict | None:
        return find_track(self.tracks, key)

    def title_in(self, language: str | None) -> str:
        """The title in `language` (or its base language), else the default title."""
        return title_in(self.titles, language) or self.title


def language_key(code: str) -> str:
    """`zh_Hans`, `zh-Hans` and `zh-hans` name one language: keys are `zh-hans`."""
    return code.strip().replace("_", "-").lower()


def title_in(titles: dict | None, language: str | None) -> str:
    """`titles[language]`, else the title of the same base language, else ""."""
    titles = titles or {}
    if not language:
        return ""
    language = language_key(language)
    if titles.get(language):
        return titles[language]
    base = language.split("-")[0]
    return next((t for code, t in titles.items() if t and code.split("-")[0] == base), "")


def find_track(tracks: list | None, key: str) -> dict | None:
    return next((t for t in tracks or [] if t["key"] == key), None)


# What the queue counts and the balance panel groups by, in its index's order.
COUNTED = ("status", "category", "subregion", "gender", "age_band", "migrant_led")

# The guidance's three criteria for speaking from the floor, in the order they are named.
FLOOR_CRITERIA = ("authorised", "category", "expertise")


def unmet_criteria(kind: str, criteria: dict | None, authorised_at) -> list[str]:
    """The floor-speaker criteria not met yet (none for other tracks): the one rule behind
    the stored `Registration.criteria_met` and the reasons `decisions` gives."""
    if kind != FLOOR:
        return []
    checks = criteria or {}
    met = {"authorised": bool(authorised_at)} | {
        k: bool(checks.get(k)) for k in ("category", "expertise")
    }
    return [k for k in FLOOR_CRITERIA if not met[k]]


def _criteria_met_default(context) -> bool:
    """For rows inserted without the ORM (the registration hot path sets it itself)."""
    row = context.get_current_parameters()
    return not unmet_criteria(
        row.get("kind") or CONSULTATION, row.get("criteria"), row.get("authorised_at")
    )


class Registration(db.Model):
    """One person's registration for one track of one event."""

    @property
    def reference(self) -> str:
        """What the person and the secretariat quote: the last 8 characters of the id. Its
        first ones are its creation time (UUIDv7), the same for everyone in the same minute."""
        return self.id.hex[-8:].upper()

    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint(
            "event_key", "track_key", "email_index", name="uq_registrations_event_track_email"
        ),
        # The queue's page (in order of arrival) reads the first index; its counts per
        # status and the balance panel read only the second (it covers them, in the
        # order they group by): not the table, whose rows are large with sealed data.
        Index("ix_registrations_event_created", "event_key", "created_at"),
        Index("ix_registrations_event_counts", "event_key", *COUNTED, "erased_at"),
    )
    encrypted = (
        "name_enc",
        "email_enc",
        "phone_enc",
        "organisation_enc",
        "details_enc",
        "guardian_email_enc",
        "focal_point_enc",
        "nominator_enc",
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    event_key: Mapped[str] = mapped_column(ForeignKey("events.key"), index=True)
    track_key: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(24), default=CONSULTATION)
    # Blind index of the e-mail, scoped to the event; None once the person is erased.
    email_index: Mapped[str | None] = mapped_column(String(64))
    name_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    email_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    organisation_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    # JSON: website, needs (accessibility, interpretation), statements, interest roles.
    details_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    guardian_email_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    focal_point_enc: Mapped[bytes | None] = mapped_column(LargeBinary)  # JSON name, email
    nominator_enc: Mapped[bytes | None] = mapped_column(LargeBinary)  # JSON name, email, org
    # What aggregate counts and balance need; kept after erasure.
    category: Mapped[str] = mapped_column(String(64), default="")
    country: Mapped[str] = mapped_column(String(2))
    subregion: Mapped[str] = mapped_column(String(64), default="")
    gender: Mapped[str] = mapped_column(String(24), default="prefer_not_to_say")
    age_band: Mapped[str] = mapped_column(String(8), default="30_59")
    migrant_led: Mapped[bool] = mapped_column(Boolean, default=False)
    languages: Mapped[str] = mapped_column(String(64), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    # Checks: the guidance's three criteria for speakers from the floor, and consents
    # that third parties give by link (focal point, guardian, nominee).
    criteria: Mapped[dict] = mapped_column(JSON, default=dict)
    authorised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # `unmet_criteria` is empty: stored so the queue filters and counts it in SQL; kept
    # right on every ORM write by `_store_criteria_met`, backfilled by its migration.
    criteria_met: Mapped[bool] = mapped_column(Boolean, default=_criteria_met_default)
    guardian_consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    nominee_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="received", index=True)
    status_reason: Mapped[str] = mapped_column(String(500), default="")
    # Signed into every self-service link. "Send me my link" no longer bumps it (that let
    # anyone who knew an address cut its owner off); erasure does.
    link_version: Mapped[int] = mapped_column(Integer, default=1)
    # When "send me my link" last queued a link: asking again sooner sends nothing.
    link_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    consents: Mapped[list[Consent]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", order_by="Consent.id"
    )


@event.listens_for(Registration, "before_insert")
@event.listens_for(Registration, "before_update")
def _store_criteria_met(_mapper, _connection, reg: Registration) -> None:
    """Whatever changed the kind, the checks or the authorisation, and wherever."""
    reg.criteria_met = not unmet_criteria(reg.kind, reg.criteria, reg.authorised_at)


class Consent(db.Model):
    """One consent choice, with the wording the person saw and when they chose."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(24))
    granted: Mapped[bool] = mapped_column(Boolean)
    wording_version: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    registration: Mapped[Registration] = relationship(back_populates="consents")


class StatusChange(db.Model):
    """The status history: every change, with who made it and when."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(500), default="")
    actor: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Note(db.Model):
    """A secretariat note on a registration (sealed: notes may name people)."""

    __tablename__ = "notes"
    encrypted = ("body_enc",)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    registration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    body_enc: Mapped[bytes] = mapped_column(LargeBinary)
    actor: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutboxMessage(OutboxMixin, DeadLetterMixin, db.Model):
    __tablename__ = "outbox"

    # What a message must carry because its registration will not have it when it is
    # relayed (an erasure's address, for the mailer), sealed; cleared once relayed.
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)


class IdempotencyRecord(IdempotencyMixin, db.Model):
    __tablename__ = "idempotency_keys"


class TokenUse(TokenUseMixin, db.Model):
    __tablename__ = "service_token_uses"


class AuditEntry(AuditMixin, db.Model):
    """Who did what to which record, when, and (for opening personal data) why."""

    __tablename__ = "audit_entries"

    reason: Mapped[str] = mapped_column(String(200), default="")


SELECTION_FEATURES = ("category", "subregion", "country", "gender", "age_band", "migrant_led")


class Selection(db.Model):
    """A LEXIMIN selection for one event: its inputs, committed seed, progress, result.

    The seed is chosen when the run is queued; only its SHA-256 is shown until the draw
    is committed. `result` holds probabilities and the balance table by registration id.
    """

    __tablename__ = "selections"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    event_key: Mapped[str] = mapped_column(ForeignKey("events.key"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    roles: Mapped[dict] = mapped_column(JSON)  # role -> {"track": key, "seats": n}
    quotas: Mapped[list] = mapped_column(JSON)  # [{role, feature, value, min, max}]
    organisation_cap: Mapped[int | None] = mapped_column(Integer)
    reserved: Mapped[dict] = mapped_column(JSON, default=dict)  # registration id -> role
    excluded: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    seed: Mapped[str] = mapped_column(String(64))
    seed_sha256: Mapped[str] = mapped_column(String(64))
    # The exact input file the run reads (pseudonymous: see `selection.inputs`) and its
    # SHA-256, committed with the seed's before the run; None for older selections.
    inputs: Mapped[str | None] = mapped_column(Text)
    inputs_sha256: Mapped[str | None] = mapped_column(String(64))
    progress: Mapped[dict] = mapped_column(JSON, default=dict)
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str] = mapped_column(String(2000), default="")
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
