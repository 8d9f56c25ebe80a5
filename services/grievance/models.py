"""Grievance tables. Reports and their sealed storage arrive with the reprisal channel."""

from services.common.db import AuditMixin, IdempotencyMixin, OutboxMixin

from .extensions import db


class OutboxMessage(OutboxMixin, db.Model):
    __tablename__ = "outbox"


class IdempotencyRecord(IdempotencyMixin, db.Model):
    __tablename__ = "idempotency_keys"


class AuditEntry(AuditMixin, db.Model):
    __tablename__ = "audit_entries"
