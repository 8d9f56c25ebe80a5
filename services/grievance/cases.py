"""The reporter's side: send a grievance or a reprisal report, then come back with the
receipt code to read the status and the secretariat's messages, reply, add evidence,
and give or withdraw consent to a referral.

Nothing here records who sent a request: no address, no browser, no time of day (dates
only). The code is shown once and kept only as a slow hash.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import func, select

from services.common.crypto import passphrase
from services.common.crypto.sealing import new_key_pair
from services.common.db import utcnow
from services.common.errors import Invalid, NotFound

from . import blobs, content, evidence, receipts
from .desk import recipients
from .extensions import db
from .models import REPRISAL, Case, CaseMessage, Evidence, OutboxMessage

URGENT = "reprisal.urgent"
REPLY_WAITING = "grievance.reply_waiting"
WRONG_CODE = "That code does not match a report, or it has expired."


def _config():
    return current_app.extensions["convene_config"]


def today() -> date:
    return utcnow().date()


def _reporter_aad(case_id) -> bytes:
    return f"cases.reporter_key|{case_id}".encode()


def submit(kind: str, data: dict) -> dict:
    """Store a report sealed as it arrives; the receipt code is in the answer, once."""
    config = _config()
    if kind == REPRISAL and not recipients():
        raise Invalid("The reprisal channel is not open yet: the desk has no key.")
    files = [evidence.accept(f) for f in data.pop("evidence", [])]
    if len(files) > evidence.MAX_FILES:
        raise Invalid(evidence.TOO_MANY_FILES)
    code = receipts.new_code()
    private, public = new_key_pair()
    day = today()
    urgent = kind == REPRISAL and bool(data.get("danger"))
    case = Case(
        id=uuid.uuid4(),
        kind=kind,
        region=data["region"],
        category=data["category"],
        country=data.get("country", ""),
        event_key=data.get("event", ""),
        urgent=urgent,
        language=data.get("language", "en"),
        status="new",
        received_on=day,
        updated_on=day,
        acknowledge_by=acknowledge_by(day, urgent, config),
        respond_by=day + timedelta(days=config.respond_days),
        referral_consent=bool(data.get("referral_consent")),
        consent_on=day,
        code_hash=receipts.code_hash(code, config.receipt_pepper),
        code_expires_on=day + timedelta(days=config.code_days),
        reporter_public_key=public,
    )
    case.reporter_key_enc = passphrase.wrap(
        private, receipts.normalise(code), _reporter_aad(case.id)
    )
    contact = data.pop("contact", None)
    report = {k: v for k, v in data.items() if k not in ("region", "language")}
    case.report_enc = content.seal(case, "cases", "report_enc", case.id, _json(report))
    if contact:
        case.contact_enc = content.seal(case, "cases", "contact_enc", case.id, _json(contact))
    db.session.add(case)
    db.session.flush()
    for media_type, body in files:
        _add_evidence(case, media_type, body)
    if case.urgent:  # stamped with the day, not the time
        midnight = datetime.combine(day, time.min, tzinfo=UTC)
        db.session.add(
            OutboxMessage(
                topic=URGENT, object_id=str(case.id), created_at=midnight, available_at=midnight
            )
        )
    db.session.commit()
    return {"code": code, "kind": kind, "status": case.status}


def acknowledge_by(day: date, urgent: bool, config) -> date:
    """The acknowledgement deadline: `acknowledge_days`, or for an urgent reprisal report
    `urgent_acknowledge_hours` in whole days rounded down (only dates are kept)."""
    if urgent:
        return day + timedelta(days=config.urgent_acknowledge_hours // 24)
    return day + timedelta(days=config.acknowledge_days)


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, default=str).encode()


def _add_evidence(case: Case, media_type: str, body: bytes) -> None:
    item = Evidence(id=uuid.uuid4(), case_id=case.id, media_type=media_type, size=len(body))
    item.added_on = today()
    blobs.store().put(item, content.seal(case, "evidence", "content_enc", item.id, body))
    db.session.add(item)


def _open(code: str) -> tuple[Case, bytes]:
    """The case and the reporter's private key; the same work for any code.

    The code is checked before anything is counted or refused: a valid code opens its
    case however many wrong ones others sent this minute. Only a wrong code is counted
    (atomically), and past the minute's limit it is answered 429 instead of 404."""
    config, now = _config(), utcnow()
    symbols = receipts.check_form(code)
    hashed = receipts.code_hash(symbols, config.receipt_pepper)
    case = db.session.scalar(select(Case).where(Case.code_hash == hashed))
    if case is None or case.code_expires_on < now.date():
        passphrase.equal_work(symbols)  # as long as opening the key below
        if receipts.count_failure(now) > config.failed_checks_per_minute:
            raise receipts.TooManyTries(receipts.TOO_MANY)
        raise NotFound(WRONG_CODE)
    private = passphrase.unwrap(case.reporter_key_enc, symbols, _reporter_aad(case.id))
    case.code_expires_on = now.date() + timedelta(days=config.code_days)
    return case, private


def access(code: str) -> dict:
    case, private = _open(code)
    view = _view(case, private)
    case.messages_seen = len(view["messages"])
    db.session.commit()
    return view


def _view(case: Case, private: bytes) -> dict:
    messages = db.session.scalars(
        select(CaseMessage).where(CaseMessage.case_id == case.id).order_by(CaseMessage.number)
    )
    evidence_count = db.session.scalar(
        select(func.count()).select_from(Evidence).where(Evidence.case_id == case.id)
    )
    return {
        "kind": case.kind,
        "category": case.category,
        "status": case.status,
        "received_on": case.received_on.isoformat(),
        "updated_on": case.updated_on.isoformat(),
        "referral_consent": case.referral_consent,
        "evidence": evidence_count,
        "messages": [
            {
                "author": m.author,
                "sent_on": m.sent_on.isoformat(),
                "text": content.open_for_reporter(
                    case, "case_messages", "body_enc", m.id, m.body_enc, private
                ).decode(),
            }
            for m in messages
        ],
    }


def add_message(case: Case, author: str, text: str) -> None:
    number = 1 + (
        db.session.scalar(
            select(func.max(CaseMessage.number)).where(CaseMessage.case_id == case.id)
        )
        or 0
    )
    message = CaseMessage(id=uuid.uuid4(), case_id=case.id, number=number, author=author)
    message.sent_on = today()
    message.body_enc = content.seal(
        case, "case_messages", "body_enc", message.id, text.encode(), reporter=True
    )
    db.session.add(message)
    case.updated_on = today()


def notify_reply(case: Case) -> None:
    """Queue "a reply is waiting" for a grievance reporter who left a contact; the worker
    opens the contact and sends only a link to the follow-up page, never the reply.

    Reprisal reporters are not e-mailed: their contact is sealed to the desk (the worker
    cannot read it), and a notice in a watched mailbox could itself put them at risk."""
    if case.kind == REPRISAL or case.contact_enc is None:
        return
    midnight = datetime.combine(today(), time.min, tzinfo=UTC)  # dates only, as ever
    db.session.add(
        OutboxMessage(
            topic=REPLY_WAITING, object_id=str(case.id), created_at=midnight, available_at=midnight
        )
    )


def reply(code: str, text: str) -> dict:
    case, private = _open(code)
    add_message(case, "reporter", text)
    db.session.flush()
    view = _view(case, private)
    case.messages_seen = len(view["messages"])
    db.session.commit()
    return view


def more_evidence(code: str, files: list[bytes]) -> dict:
    case, private = _open(code)
    accepted = [evidence.accept(f) for f in files]
    if len(accepted) > evidence.MAX_FILES:
        raise Invalid(evidence.TOO_MANY_AT_ONCE)
    for media_type, body in accepted:
        _add_evidence(case, media_type, body)
    case.updated_on = today()
    db.session.flush()
    view = _view(case, private)
    db.session.commit()
    return view


def consent(code: str, referral: bool) -> dict:
    case, private = _open(code)
    case.referral_consent, case.consent_on = referral, today()
    view = _view(case, private)
    db.session.commit()
    return view
