"""Mailer tables. E-mail addresses and names are sealed; look-ups go through blind indexes."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.common.db import (
    AuditMixin,
    DeadLetterMixin,
    IdempotencyMixin,
    UTCDateTime,
    WorkItemMixin,
    utcnow,
)
from services.common.token_uses import TokenUseMixin

from .extensions import db

SUBSCRIBED, PENDING, UNSUBSCRIBED, BOUNCED, COMPLAINED = (
    "subscribed",
    "pending",
    "unsubscribed",
    "bounced",
    "complained",
)
SOURCES = (
    "network_member",
    "regional_economic_community",
    "global_network",
    "self",
    "registration",
)


class Contact(db.Model):
    """One person or mailbox, however many sources supplied it."""

    __tablename__ = "contacts"
    encrypted = ("email_enc", "name_enc")

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    email_enc: Mapped[bytes] = mapped_column(LargeBinary)
    email_index: Mapped[str] = mapped_column(String(64), unique=True)
    name_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    organisation: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(64), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    region: Mapped[str] = mapped_column(String(16), default="", index=True)
    languages: Mapped[str] = mapped_column(String(64), default="")
    preferred_language: Mapped[str] = mapped_column(String(8), default="en")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MailingList(db.Model):
    """An outreach list (e.g. one region's review)."""

    __tablename__ = "lists"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # The name in other languages, by language code: what a subscriber reads in e-mails.
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    region: Mapped[str] = mapped_column(String(16), default="")

    def name_in(self, language: str) -> str:
        """The list's name in `language` (or its base language), else its own name."""
        names = self.names or {}
        base = (language or "").lower().split("-")[0]
        return names.get((language or "").lower()) or names.get(base) or self.name


class Subscription(db.Model):
    """A contact's status on one list."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("contact_id", "list_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    list_id: Mapped[int] = mapped_column(ForeignKey("lists.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    consent_basis: Mapped[str] = mapped_column(String(120), default="")
    confirm_token_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # When the last confirmation was queued: asking again sooner sends nothing.
    confirmation_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Provenance(db.Model):
    """Who supplied an address for a list, and on what consent basis."""

    __tablename__ = "provenances"
    __table_args__ = (UniqueConstraint("contact_id", "list_id", "source_kind", "source_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    list_id: Mapped[int] = mapped_column(ForeignKey("lists.id", ondelete="CASCADE"))
    source_kind: Mapped[str] = mapped_column(String(40))
    source_name: Mapped[str] = mapped_column(String(200), default="")
    consent_basis: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Suppression(db.Model):
    """An address that must never be mailed again (bounce, complaint, unsubscribe from all,
    erased, or the recipient's own "never mail me again": see `recipients.BLOCKING`)."""

    __tablename__ = "suppressions"

    email_index: Mapped[str] = mapped_column(String(64), primary_key=True)
    reason: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RecipientDay(db.Model):
    """How many mails anyone could cause went to one address (blind index) on one day."""

    __tablename__ = "recipient_days"

    email_index: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True, index=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class Message(WorkItemMixin, DeadLetterMixin, db.Model):
    """One transactional e-mail to one recipient; the worker renders and delivers it."""

    __tablename__ = "messages"
    encrypted = ("recipient_enc", "context_enc")

    template: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(32))
    recipient_enc: Mapped[bytes] = mapped_column(LargeBinary)
    context_enc: Mapped[bytes] = mapped_column(LargeBinary)
    # The recipient's blind index, to find a person's messages when they are erased.
    recipient_index: Mapped[str | None] = mapped_column(String(64), index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def status(self) -> str:
        """queued, sent, failed, withheld (suppressed, or the address's daily limit), or
        discarded (an operator gave up on it after it failed)."""
        if self.discarded_at:
            return "discarded"
        if self.done_at:
            return "sent" if self.sent_at else "withheld"
        return "failed" if self.failed_at else "queued"


class Template(db.Model):
    """An editor's template: one version per language (subject, text, HTML)."""

    __tablename__ = "templates"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    versions: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Campaign(db.Model):
    """A mailing to a segment, one version per language, sent at a limited rate."""

    __tablename__ = "campaigns"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="update")
    event_key: Mapped[str | None] = mapped_column(String(64))
    event_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    late_reason: Mapped[str | None] = mapped_column(Text)
    segment: Mapped[dict] = mapped_column(JSON, default=dict)
    versions: Mapped[dict] = mapped_column(JSON, default=dict)
    fallback_language: Mapped[str] = mapped_column(String(8), default="en")
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Messages per second for this campaign, shared by every worker (0: the service's limit).
    max_rate: Mapped[float] = mapped_column(Float, default=0.0)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Delivery(WorkItemMixin, db.Model):
    """One campaign's message to one contact; its state survives crashes."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("campaign_id", "contact_id"),)

    campaign_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    list_id: Mapped[int] = mapped_column(ForeignKey("lists.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    outcome: Mapped[str | None] = mapped_column(String(16))


class ImportJob(db.Model):
    """A CSV/XLSX import; the file is kept sealed only until it has been processed."""

    __tablename__ = "import_jobs"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    list_id: Mapped[int] = mapped_column(ForeignKey("lists.id", ondelete="CASCADE"))
    source_kind: Mapped[str] = mapped_column(String(40))
    source_name: Mapped[str] = mapped_column(String(200), default="")
    consent_basis: Mapped[str] = mapped_column(String(120), default="")
    mapping: Mapped[dict] = mapped_column(JSON, default=dict)
    file_format: Mapped[str] = mapped_column(String(8))
    # The file's header row, shown to the editor who maps columns to fields.
    columns: Mapped[list] = mapped_column(JSON, default=list)
    payload_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    processed: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    # One letter per processed row (N new, M merged, I invalid, S suppressed).
    outcomes: Mapped[str] = mapped_column(Text, default="")
    report: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SendSlot(db.Model):
    """The next free sending time of a rate limit, shared by every worker process."""

    __tablename__ = "send_slots"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    next_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IdempotencyRecord(IdempotencyMixin, db.Model):
    __tablename__ = "idempotency_keys"


class TokenUse(TokenUseMixin, db.Model):
    __tablename__ = "service_token_uses"


class AuditEntry(AuditMixin, db.Model):
    __tablename__ = "audit_entries"

    # Why an operator discarded a dead letter (staff write it; never logged).
    reason: Mapped[str] = mapped_column(String(200), default="")
