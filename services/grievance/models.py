"""Grievance tables: cases (grievances and reprisal reports), their messages, staff
notes and evidence; the reprisal desk's keys; failed receipt-code checks.

The reporting path stores dates, never times, and no IP address or user agent. A
reprisal report's content, messages and evidence are sealed to the desk's public keys
(`services.common.crypto.sealing`); a grievance's are sealed with the service's envelope
encryption. Region, category, kind, status and dates stay plain: they are what queues
and public figures count.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.common.db import (
    AuditMixin,
    DeadLetterMixin,
    IdempotencyMixin,
    OutboxMixin,
    UTCDateTime,
)
from services.common.token_uses import TokenUseMixin

from .extensions import db

GRIEVANCE, REPRISAL = "grievance", "reprisal"
STATUSES = ("new", "acknowledged", "in_progress", "referred", "resolved", "closed")
GRIEVANCE_CATEGORIES = (
    "access_to_information",
    "language_and_interpretation",
    "registration_or_selection",
    "accessibility",
    "conduct",
    "other",
)
REPRISAL_KINDS = (
    "threat",
    "intimidation",
    "online_harassment",
    "surveillance",
    "travel_restriction",
    "legal_action",
    "detention",
    "other",
)


class Case(db.Model):
    """A grievance or a reprisal report, found again by its receipt code's hash."""

    __tablename__ = "cases"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(16), index=True)  # grievance | reprisal
    region: Mapped[str] = mapped_column(String(16), index=True)
    category: Mapped[str] = mapped_column(String(32))  # grievance category or reprisal kind
    country: Mapped[str] = mapped_column(String(2), default="")  # where (reprisals)
    event_key: Mapped[str] = mapped_column(String(64), default="")
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(8), default="en")
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    assignee: Mapped[str] = mapped_column(String(128), default="")
    received_on: Mapped[date] = mapped_column(Date)
    updated_on: Mapped[date] = mapped_column(Date)
    acknowledge_by: Mapped[date] = mapped_column(Date)
    respond_by: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    # May the secretariat refer the case outside the channel? Default no; the reporter's.
    referral_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_on: Mapped[date | None] = mapped_column(Date)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_expires_on: Mapped[date] = mapped_column(Date)
    # The reporter's key pair: messages are sealed to it too; its private half is
    # wrapped under the receipt code.
    reporter_public_key: Mapped[bytes] = mapped_column(LargeBinary)
    reporter_key_enc: Mapped[bytes] = mapped_column(LargeBinary)
    report_enc: Mapped[bytes] = mapped_column(LargeBinary)  # JSON of what was reported
    contact_enc: Mapped[bytes | None] = mapped_column(LargeBinary)  # optional
    messages_seen: Mapped[int] = mapped_column(Integer, default=0)  # by the reporter

    @property
    def sealed(self) -> bool:
        return self.kind == REPRISAL


class CaseMessage(db.Model):
    """A message between the reporter and the secretariat (dated, numbered, sealed)."""

    __tablename__ = "case_messages"
    __table_args__ = (UniqueConstraint("case_id", "number", name="uq_case_messages_number"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(16))  # reporter | secretariat
    sent_on: Mapped[date] = mapped_column(Date)
    body_enc: Mapped[bytes] = mapped_column(LargeBinary)


class Evidence(db.Model):
    """An attachment, checked by content, images stripped of metadata, then sealed."""

    __tablename__ = "evidence"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    media_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    added_on: Mapped[date] = mapped_column(Date)
    # None when the sealed file is in the S3 bucket (blobs.S3Blobs) rather than here.
    content_enc: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class StaffNote(db.Model):
    """A note only staff see (sealed like the case)."""

    __tablename__ = "staff_notes"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(128))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)
    body_enc: Mapped[bytes] = mapped_column(LargeBinary)


class DeskKey(db.Model):
    """A public key of the reprisal desk; reports are sealed to every active one."""

    __tablename__ = "desk_keys"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ReviewerKey(db.Model):
    """A desk private key wrapped under one reviewer's passphrase."""

    __tablename__ = "reviewer_keys"
    __table_args__ = (UniqueConstraint("reviewer", "desk_key_id", name="uq_reviewer_keys"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    reviewer: Mapped[str] = mapped_column(String(128), index=True)
    desk_key_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("desk_keys.id"))
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)


class Unlock(db.Model):
    """A reviewer's unlocked desk keys for a limited time, encrypted under a random
    secret that only the reviewer's CMS session holds (the database alone cannot use it)."""

    __tablename__ = "unlocks"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    reviewer: Mapped[str] = mapped_column(String(128), index=True)
    key_enc: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class FailedCheck(db.Model):
    """Wrong receipt codes per minute, over everyone (no address is stored)."""

    __tablename__ = "failed_checks"

    minute: Mapped[str] = mapped_column(String(16), primary_key=True)  # YYYYmmddHHMM
    count: Mapped[int] = mapped_column(Integer, default=0)


class OutboxMessage(OutboxMixin, DeadLetterMixin, db.Model):
    __tablename__ = "outbox"


class IdempotencyRecord(IdempotencyMixin, db.Model):
    __tablename__ = "idempotency_keys"


class TokenUse(TokenUseMixin, db.Model):
    __tablename__ = "service_token_uses"


class AuditEntry(AuditMixin, db.Model):
    __tablename__ = "audit_entries"

    # Why an operator discarded a dead letter (staff write it; never logged).
    reason: Mapped[str] = mapped_column(String(200), default="")
