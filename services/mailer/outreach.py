"""Domain operations for lists, imports, subscriptions and templates (views call these)."""

from __future__ import annotations

import csv
import json
import uuid

from flask import current_app
from sqlalchemy import func, select

from services.common import idempotency
from services.common.auth import Claims
from services.common.crypto import associated_data
from services.common.errors import Conflict, Invalid, NotFound

from . import contacts, imports, recipients, services, subscriptions
from .extensions import db
from .models import (
    Contact,
    IdempotencyRecord,
    ImportJob,
    MailingList,
    Message,
    Subscription,
    Template,
)
from .rendering import SAMPLE, check_versions, render
from .services import audit
from .templates import TEMPLATES


def upsert_list(key: str, data: dict, claims: Claims) -> MailingList:
    mailing_list = contacts.get_list(key) or MailingList(key=key)
    mailing_list.name, mailing_list.region = data["name"], data["region"]
    mailing_list.names = {code: name for code, name in data.get("names", {}).items() if name}
    db.session.add(mailing_list)
    audit(claims, "list.upsert", "list", key)
    db.session.commit()
    return mailing_list


def require_list(key: str) -> MailingList:
    mailing_list = contacts.get_list(key)
    if mailing_list is None:
        raise NotFound("There is no such list.")
    return mailing_list


def lists_with_counts() -> list[MailingList]:
    """Every list with its number of contacts per subscription status."""
    counts: dict[int, dict[str, int]] = {}
    for list_id, status, n in db.session.execute(
        select(Subscription.list_id, Subscription.status, func.count()).group_by(
            Subscription.list_id, Subscription.status
        )
    ):
        counts.setdefault(list_id, {})[status] = n
    found = list(db.session.scalars(select(MailingList).order_by(MailingList.name)))
    for mailing_list in found:
        mailing_list.counts = counts.get(mailing_list.id, {})
    return found


def create_import(args: dict, upload, claims: Claims) -> ImportJob:
    """Keep the file sealed and queue it; the worker imports it in committed batches.

    Without a column mapping the job waits in `mapping` until the editor chooses one.
    """
    mailing_list = require_list(args["list"])
    name = (upload.filename or "").lower()
    data = upload.read()
    file_format = "xlsx" if name.endswith(".xlsx") or data[:2] == b"PK" else "csv"
    try:
        # An XLSX: its header row alone, read in a child process under limits.
        columns = imports.header_of(data, file_format)
        total = imports.count_rows(data, file_format)
    except imports.ImportRefused as refused:
        raise Invalid("The file cannot be read.", errors={"file": [str(refused)]}) from None
    except (ValueError, KeyError, OSError, csv.Error) as exc:
        raise Invalid(
            "The file cannot be read.",
            errors={"file": ["Send a CSV or XLSX file with a header row and data rows."]},
        ) from exc
    mapping = _mapping(args["mapping"], columns) if args["mapping"] else None
    job = ImportJob(
        id=uuid.uuid4(),
        list_id=mailing_list.id,
        source_kind=args["source_kind"],
        source_name=args["source_name"],
        consent_basis=args["consent_basis"],
        mapping=mapping or {},
        columns=columns,
        file_format=file_format,
        total=total,
        status="queued" if mapping is not None else "mapping",
        counts={},
        processed=0,
        outcomes="",
        report=[],
    )
    job.payload_enc = contacts.envelope().seal(
        data, associated_data("import_jobs", "payload", job.id)
    )
    db.session.add(job)
    audit(claims, "import.create", "import", job.id)
    db.session.commit()
    return _present(job, mailing_list.key)


def _mapping(raw, columns: list[str]) -> dict:
    try:
        mapping = json.loads(raw) if isinstance(raw, str) else raw
        if not isinstance(mapping, dict):
            raise ValueError("The column mapping must map our fields to your column names.")
        return imports.check_mapping(mapping, columns)
    except ValueError as exc:
        raise Invalid(str(exc), errors={"mapping": [str(exc)]}) from None


def set_mapping(job_id, mapping: dict, claims: Claims) -> ImportJob:
    """Start an import that was waiting for its column mapping."""
    job = get_import(job_id)
    if job.status != "mapping":
        raise Conflict("This import has started already; its mapping cannot change.")
    job.mapping = _mapping(mapping, job.columns)
    job.status = "queued"
    audit(claims, "import.map", "import", job.id)
    db.session.commit()
    return get_import(job_id)


def recent_imports(list_key: str | None, limit: int) -> list[ImportJob]:
    query = select(ImportJob, MailingList.key).join(
        MailingList, MailingList.id == ImportJob.list_id
    )
    if list_key:
        query = query.where(MailingList.key == list_key)
    rows = db.session.execute(query.order_by(ImportJob.created_at.desc()).limit(limit))
    return [_present(job, key) for job, key in rows]


def _present(job: ImportJob, list_key: str) -> ImportJob:
    job.list_key = list_key
    job.suggested = imports.suggest(job.columns or [])
    return job


def get_import(job_id) -> ImportJob:
    job = db.session.get(ImportJob, job_id)
    if job is None:
        raise NotFound("There is no such import.")
    return _present(job, db.session.get(MailingList, job.list_id).key)


def import_rows(job_id, offset: int, limit: int, outcomes: list[str] = ()) -> list[dict]:
    job = get_import(job_id)
    reasons = {p["row"]: p["reason"] for p in job.report or []}
    codes = job.outcomes or ""
    if outcomes:
        wanted = {code for code, name in imports.OUTCOMES.items() if name in outcomes}
        numbers = [i for i, code in enumerate(codes) if code in wanted][offset : offset + limit]
    else:
        numbers = range(offset, min(offset + limit, len(codes)))
    return [
        {"row": i + 1, "outcome": imports.OUTCOMES[codes[i]], "reason": reasons.get(i + 1, "")}
        for i in numbers
    ]


def subscribe(data: dict, claims: Claims, commit: bool = True) -> dict:
    """Start a double opt-in and queue the confirmation e-mail (same transaction)."""
    source = ("registration", "registration form") if claims.issuer == "registration" else ()
    sub, token = subscriptions.subscribe(data, *source)
    if sub is None:  # suppressed: nothing is recorded or sent (the caller is not told why)
        audit(claims, "subscription.request", "list", data["list"])
        if commit:
            db.session.commit()
        return {"status": "pending", "count": 1}
    if token:
        config = current_app.extensions["convene_config"]
        mailing_list = db.session.get(MailingList, sub.list_id)
        prefix = "" if data["language"] == "en" else f"{data['language']}/"
        base = config.public_url.rstrip("/")
        queue_internal(
            "subscription_confirmation",
            data["language"],
            data["email"],
            {
                "list_name": mailing_list.name_in(data["language"]),
                "confirm_url": f"{base}/{prefix}newsletter/confirm/{token}/",
            },
        )
    audit(claims, "subscription.request", "list", data["list"])
    if commit:
        db.session.commit()
    return {"status": sub.status, "count": 1}


def subscribe_once(data: dict, key: str | None, claims: Claims) -> dict:
    """`subscribe`, carried out once per (caller, Idempotency-Key) when a key is given."""
    if key is None:
        return subscribe(data, claims)
    endpoint = f"subscriptions.create:{claims.issuer}"
    request_hash = idempotency.fingerprint(data, current_app.extensions["convene_index"].digest)
    stored = idempotency.replay(db.session, IdempotencyRecord, endpoint, key, request_hash)
    if stored:
        return stored[1]
    body = subscribe(data, claims, commit=False)
    idempotency.remember(db.session, IdempotencyRecord, endpoint, key, request_hash, 202, body)
    db.session.commit()
    return body


def queue_internal(template: str, language: str, to: str, context: dict) -> Message:
    return services.new_message(template, language, "mailer", to, context)


def confirm(token: str, claims: Claims) -> dict:
    """Confirm a subscription and, in the same transaction, queue a welcome that carries the
    way out: the person can unsubscribe before the first campaign ever reaches them."""
    sub = subscriptions.confirm(token)
    contact = db.session.get(Contact, sub.contact_id)
    mailing_list = db.session.get(MailingList, sub.list_id)
    to, _name = contacts.open_identity(contact.id, contact.email_enc, contact.name_enc)
    language = contact.preferred_language or "en"
    queue_internal(
        "subscription_welcome",
        language,
        to,
        {
            "list_name": mailing_list.name_in(language),
            "unsubscribe_url": unsubscribe_url(sub, language),
        },
    )
    audit(claims, "subscription.confirm", "subscription", sub.id)
    db.session.commit()
    return {"status": sub.status, "count": 1}


def unsubscribe_url(sub: Subscription, language: str) -> str:
    """The one-click unsubscribe page of one subscription, in the person's language."""
    key = current_app.extensions["convene_index"].derive_key(subscriptions.UNSUBSCRIBE_PURPOSE)
    token = subscriptions.unsubscribe_token(sub.contact_id, sub.list_id, key)
    base = current_app.extensions["convene_config"].public_url.rstrip("/")
    prefix = "" if language == "en" else f"{language}/"
    return f"{base}/{prefix}newsletter/unsubscribe/{token}/"


def unsubscribe(token: str, everything: bool, claims: Claims) -> dict:
    count = subscriptions.unsubscribe(token, everything)
    audit(
        claims,
        "subscription.unsubscribe_all" if everything else "subscription.unsubscribe",
        "subscription",
        "token",
    )
    db.session.commit()
    return {"status": "unsubscribed", "count": count}


def never_mail(token: str, suppress: bool, claims: Claims) -> dict:
    """The recipient's one-click "never mail me again" (or its undo), from the website."""
    state = recipients.never_mail(token, suppress)
    audit(
        claims, "suppression.never_mail" if suppress else "suppression.lift", "suppression", "token"
    )
    db.session.commit()
    return {"status": state, "count": 1}


def save_template(key: str, data: dict, claims: Claims) -> Template:
    if key in TEMPLATES or key.startswith(services.EDITOR):
        raise Invalid(
            "This name belongs to one of the system's own messages (confirmations, links, "
            "decisions), which editors cannot change. Choose another name.",
            errors={"key": ["Reserved for the system's own messages."]},
        )
    check_versions(data["versions"])
    template = db.session.get(Template, key) or Template(key=key)
    template.name, template.versions = data["name"], data["versions"]
    db.session.add(template)
    audit(claims, "template.save", "template", key)
    db.session.commit()
    return template


def all_templates() -> list[Template]:
    return list(db.session.scalars(select(Template).order_by(Template.name)))


def get_template(key: str) -> Template:
    template = db.session.get(Template, key)
    if template is None:
        raise NotFound("There is no such template.")
    return template


def preview(key: str, language: str) -> dict:
    template = get_template(key)
    version = template.versions.get(language) or next(iter(template.versions.values()))
    subject, text, html = render(version, SAMPLE)
    return {"subject": subject, "text": text, "html": html}


def test_send(key: str, language: str, to: str, claims: Claims) -> dict:
    get_template(key)
    queue_internal(services.EDITOR + key, language, to, dict(SAMPLE))
    audit(claims, "template.test_send", "template", key)
    db.session.commit()
    return {"status": "queued", "count": 1}
