"""Mailer tables. Recipients and message variables are stored sealed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from services.common.db import AuditMixin, IdempotencyMixin, UTCDateTime, WorkItemMixin

from .extensions import db


class Message(WorkItemMixin, db.Model):
    """One e-mail to one recipient; the worker renders and delivers it."""

    __tablename__ = "messages"
    encrypted = ("recipient_enc", "context_enc")

    template: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(32))
    recipient_enc: Mapped[bytes] = mapped_column(LargeBinary)
    context_enc: Mapped[bytes] = mapped_column(LargeBinary)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def status(self) -> str:
        if self.done_at:
            return "sent"
        return "failed" if self.failed_at else "queued"


class IdempotencyRecord(IdempotencyMixin, db.Model):
    __tablename__ = "idempotency_keys"


class AuditEntry(AuditMixin, db.Model):
    __tablename__ = "audit_entries"
