"""Mailer's domain operations: queue a message once, deliver it, audit both."""

from __future__ import annotations

import json
import logging
import uuid

from flask import current_app
from sqlalchemy import select

from services.common import idempotency
from services.common.auth import Claims
from services.common.crypto import associated_data
from services.common.db import utcnow
from services.common.errors import NotFound

from . import contacts, recipients
from .composer import compose
from .extensions import db
from .models import AuditEntry, IdempotencyRecord, Message, Template
from .rendering import SAMPLE
from .rendering import render as sandboxed
from .reporting_texts import reporting_links
from .schemas import MessageSchema
from .templates import render

log = logging.getLogger("convene.mailer")


def audit(claims: Claims, action: str, object_type: str, object_id, reason: str = "") -> None:
    """Record who did what to which object (committed by the caller)."""
    db.session.add(
        AuditEntry(
            actor=f"{claims.issuer}:{claims.subject}",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            reason=reason[:200],
        )
    )


def _aad(message: Message, column: str) -> bytes:
    return associated_data(Message.__tablename__, column, message.id)


def new_message(template: str, language: str, source: str, to: str, context: dict) -> Message:
    """A queued message with its recipient and values sealed; the caller commits.

    A message to a suppressed address, or past the address's daily limit of mails anyone
    can cause (`recipients`), is recorded as withheld: done, never sent."""
    envelope = current_app.extensions["convene_envelope"]
    message = Message(
        id=uuid.uuid4(),
        template=template,
        language=language,
        source=source,
        attempts=0,
        created_at=utcnow(),
    )
    message.recipient_enc = envelope.seal(to, _aad(message, "recipient_enc"))
    message.context_enc = envelope.seal(json.dumps(context), _aad(message, "context_enc"))
    message.recipient_index = contacts.email_index(to)
    reason = recipients.withheld(template, to)
    if reason is not None:
        message.done_at, message.last_error = message.created_at, f"withheld: {reason}"
        log.info("event=message.withheld id=%s template=%s why=%s", message.id, template, reason)
    db.session.add(message)
    return message


def queue_message(data: dict, key: str, claims: Claims) -> tuple[int, dict]:
    """Queue one message per (caller, Idempotency-Key)."""
    endpoint = f"messages.create:{claims.issuer}"
    request_hash = idempotency.fingerprint(data, current_app.extensions["convene_index"].digest)
    stored = idempotency.replay(db.session, IdempotencyRecord, endpoint, key, request_hash)
    if stored:
        return stored
    message = new_message(
        data["template"], data["language"], claims.issuer, data["to"], data["context"]
    )
    audit(claims, "message.queue", "message", message.id)
    body = MessageSchema().dump(message)
    idempotency.remember(db.session, IdempotencyRecord, endpoint, key, request_hash, 202, body)
    db.session.commit()
    log.info(
        "event=message.queued id=%s template=%s source=%s",
        message.id,
        message.template,
        message.source,
    )
    return 202, body


def lookup(keys: list[str], claims: Claims) -> list[dict]:
    """The messages queued with the caller's own Idempotency-Keys (a key is kept 2 days:
    retention.py), for reconciling an outbox with what the mailer received."""
    endpoint = f"messages.create:{claims.issuer}"
    stored = dict(
        db.session.execute(
            select(IdempotencyRecord.key, IdempotencyRecord.response).where(
                IdempotencyRecord.endpoint == endpoint, IdempotencyRecord.key.in_(keys)
            )
        ).all()
    )
    ids = {key: uuid.UUID(body["id"]) for key, body in stored.items() if body.get("id")}
    found = {
        m.id: m for m in db.session.scalars(select(Message).where(Message.id.in_(ids.values())))
    }
    answer = []
    for key in keys:
        message = found.get(ids.get(key))
        answer.append(
            {"key": key, "id": ids.get(key), "status": message.status if message else None}
        )
    return answer


def get_message(message_id: uuid.UUID) -> Message:
    message = db.session.get(Message, message_id)
    if message is None:
        raise NotFound("There is no such message.")
    return message


EDITOR = "editor:"  # an editor's template (a test send); any other key is a built-in text


def render_message(key: str, language: str, context: dict) -> tuple[str, str, str]:
    """A built-in text, which may use `reporting_url` and `contest_url` (the grievance and
    reprisal channel); or, for a test send (`editor:<key>`), an editor's template in the
    sandbox with the sample values only. An editor's template never renders a
    transactional message, whatever its key."""
    if key.startswith(EDITOR):
        template = db.session.get(Template, key[len(EDITOR) :])
        if template is None or not template.versions:
            raise NotFound("There is no such template.")
        version = (
            template.versions.get(language)
            or template.versions.get("en")
            or next(iter(template.versions.values()))
        )
        return sandboxed(version, {k: context[k] for k in SAMPLE if k in context})
    base = current_app.extensions["convene_config"].public_url
    context = {**context, **reporting_links(base, language, context)}
    subject, body = render(key, language, context)
    return subject, body, ""


def deliver(message: Message, sender) -> None:
    """Render and send one message; the caller marks it done or schedules a retry.

    An address suppressed since the message was queued gets nothing. A mail anyone could
    have caused carries the recipient's own "never mail me again" link, in the text and as
    RFC 8058 one-click headers; the sender's context cannot replace it."""
    envelope = current_app.extensions["convene_envelope"]
    to = envelope.open(message.recipient_enc, _aad(message, "recipient_enc"))
    if recipients.blocked(contacts.email_index(to)):
        message.last_error = "withheld: suppressed"
        log.info("event=message.withheld id=%s template=%s", message.id, message.template)
        return
    context = json.loads(envelope.open(message.context_enc, _aad(message, "context_enc")))
    never = None
    if message.template in recipients.UNSOLICITED:
        never = context["never_mail_url"] = recipients.never_mail_url(to, message.language)
    subject, body, html = render_message(message.template, message.language, context)
    with sender.session() as connection:
        connection.send(
            compose(
                sender.from_address,
                to,
                subject,
                body,
                message.language,
                message.id.hex,
                html,
                unsubscribe_url=never,
            )
        )
    message.sent_at = utcnow()
    log.info("event=message.sent id=%s template=%s", message.id, message.template)
