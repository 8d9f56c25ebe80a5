"""Registration tables. Personal data is stored sealed (`*_enc`), never in plain text."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    LargeBinary,
    String,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.common.db import AuditMixin, IdempotencyMixin, OutboxMixin, UTCDateTime, utcnow

from .extensions import db


class Event(db.Model):
    """A meeting's registration settings, as published from the CMS."""

    __tablename__ = "events"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(255))
    region: Mapped[str] = mapped_column(String(16), index=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_open: Mapped[bool] = mapped_column(Boolean, default=True)
    tracks: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Registration(db.Model):
    """One person's registration for one event."""

    __tablename__ = "registrations"
    __table_args__ = (UniqueConstraint("event_key", "email_index"),)
    encrypted = ("name_enc", "email_enc", "organisation_enc")

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    event_key: Mapped[str] = mapped_column(ForeignKey("events.key"), index=True)
    name_enc: Mapped[bytes] = mapped_column(LargeBinary)
    email_enc: Mapped[bytes] = mapped_column(LargeBinary)
    email_index: Mapped[str] = mapped_column(String(64))
    organisation_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    country: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(8), default="en")
    status: Mapped[str] = mapped_column(String(16), default="received")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship()


class OutboxMessage(OutboxMixin, db.Model):
    __tablename__ = "outbox"


class IdempotencyRecord(IdempotencyMixin, db.Model):
    __tablename__ = "idempotency_keys"


class AuditEntry(AuditMixin, db.Model):
    __tablename__ = "audit_entries"
