"""Importing contacts from member organisations' CSV and XLSX files.

Rows are processed in batches; each batch commits its contacts and the job's progress
together, so a crash resumes after the last committed batch. An address already known
is merged (a new provenance); an unsubscribed, bounced or complained address is never
re-subscribed; imported contacts are consented already, so nobody is sent a confirmation.
"""

from __future__ import annotations

import csv
import io
import logging
import uuid
from collections.abc import Iterator
from datetime import timedelta

from marshmallow import ValidationError
from marshmallow.validate import Email
from sqlalchemy import and_, or_, select, update

from services.common.crypto import associated_data, normalise
from services.common.db import utcnow
from services.common.validation import country_codes

from . import contacts
from .extensions import db
from .models import SUBSCRIBED, Contact, ImportJob, Provenance, Subscription, Suppression

log = logging.getLogger("convene.mailer.imports")
BATCH = 5000
FIELDS = ("email", "name", "organisation", "category", "country", "languages", "preferred_language")
NEW, MERGED, INVALID, SUPPRESSED = "N", "M", "I", "S"
OUTCOMES = {NEW: "new", MERGED: "merged", INVALID: "invalid", SUPPRESSED: "suppressed"}
_is_email = Email()


def rows_of(data: bytes, file_format: str) -> Iterator[dict]:
    """Each data row as {column header: text}."""
    if file_format == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(values, [])]
        for row in values:
            yield {h: "" if v is None else str(v) for h, v in zip(header, row, strict=False)}
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:  # one column, or too little to tell: plain commas
        dialect = csv.excel
    yield from csv.DictReader(io.StringIO(text), dialect=dialect)


def count_rows(data: bytes, file_format: str) -> int:
    return sum(1 for _ in rows_of(data, file_format))


def header_of(data: bytes, file_format: str) -> list[str]:
    """The file's column names, in order."""
    first = next(rows_of(data, file_format), None)
    if first is None:
        raise ValueError("no data rows")
    return [str(column) for column in first if column is not None]


# Column names member organisations use, in the languages of the Network, per field.
SYNONYMS = {
    "email": {
        "email",
        "e-mail",
        "mail",
        "emailaddress",
        "courriel",
        "correo",
        "correo electronico",
    },
    "name": {"name", "full name", "fullname", "nom", "nombre", "nome", "contact", "имя"},
    "organisation": {"organisation", "organization", "org", "organisme", "organización"},
    "category": {"category", "stakeholder category", "sector", "catégorie", "categoría"},
    "country": {"country", "country code", "pays", "país", "pais", "страна"},
    "languages": {"languages", "langues", "idiomas"},
    "preferred_language": {"preferred language", "language", "langue", "idioma", "lang"},
}


def suggest(columns: list[str]) -> dict[str, str]:
    """A first guess at the mapping from the column names; the editor confirms it."""
    found = {}
    for column in columns:
        plain = column.strip().lower().replace("_", " ")
        for field, names in SYNONYMS.items():
            if field not in found and (plain in names or plain.replace(" ", "") in names):
                found[field] = column
    return found


def check_mapping(mapping: dict, columns: list[str]) -> dict[str, str]:
    """The mapping to use, or an explanation of what is wrong with it."""
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise ValueError(f"Unknown field(s): {', '.join(unknown)}.")
    chosen = {field: column for field, column in mapping.items() if column}
    missing = sorted(column for column in chosen.values() if column not in columns)
    if missing:
        raise ValueError(f"The file has no column named {', '.join(missing)}.")
    if "email" not in chosen and "email" not in columns:
        raise ValueError("Choose the column that holds the e-mail addresses.")
    return chosen


def mapped(row: dict, mapping: dict) -> dict:
    return {field: (row.get(mapping.get(field, field)) or "").strip() for field in FIELDS}


def check(values: dict) -> str | None:
    """Why a row cannot be imported, or None."""
    try:
        _is_email(values["email"])
    except ValidationError:
        return "not a valid e-mail address"
    if values["country"] and values["country"].upper() not in country_codes():
        return "unknown country code"
    return None


def process_batch(job: ImportJob, batch: list[tuple[int, dict]]) -> tuple[str, list]:
    """Import one batch; returns its outcome codes and the reasons for invalid rows."""
    index = contacts.email_index
    outcomes, problems, valid = [], [], []
    for number, row in batch:
        values = mapped(row, job.mapping)
        reason = check(values)
        if reason:
            outcomes.append(INVALID)
            problems.append({"row": number, "reason": reason})
        else:
            values["email"] = normalise(values["email"])
            valid.append((len(outcomes), values, index(values["email"])))
            outcomes.append(None)
    indexes = {ix for _pos, _v, ix in valid}
    existing = dict(
        db.session.execute(
            select(Contact.email_index, Contact.id).where(Contact.email_index.in_(indexes))
        ).all()
    )
    suppressed = set(
        db.session.scalars(
            select(Suppression.email_index).where(Suppression.email_index.in_(indexes))
        )
    )
    statuses = dict(
        db.session.execute(
            select(Subscription.contact_id, Subscription.status).where(
                Subscription.list_id == job.list_id,
                Subscription.contact_id.in_(list(existing.values())),
            )
        ).all()
    )
    known_sources = set(
        db.session.scalars(
            select(Provenance.contact_id).where(
                Provenance.list_id == job.list_id,
                Provenance.source_kind == job.source_kind,
                Provenance.source_name == job.source_name,
                Provenance.contact_id.in_(list(existing.values())),
            )
        )
    )
    # Core inserts (executemany): an ORM object per row would cost more than the crypto.
    new_rows, new_subs, new_sources, seen = [], [], [], {}
    now = utcnow()
    for position, values, ix in valid:
        contact_id = existing.get(ix) or seen.get(ix)
        status = statuses.get(contact_id)
        if ix in suppressed or status in contacts.BLOCKING:
            outcomes[position] = SUPPRESSED
            continue
        if contact_id is None:
            contact_id = uuid.uuid4()
            email_enc, name_enc = contacts.seal_identity(
                contact_id, values["email"], values["name"]
            )
            new_rows.append(
                {
                    "id": contact_id,
                    "email_index": ix,
                    "created_at": now,
                    "email_enc": email_enc,
                    "name_enc": name_enc,
                    "organisation": values["organisation"][:200],
                    "category": values["category"][:64],
                    "region": "",
                    "country": values["country"].upper()[:2],
                    "languages": values["languages"][:64],
                    "preferred_language": (values["preferred_language"] or "en")[:8],
                }
            )
            seen[ix] = contact_id
            outcomes[position] = NEW
        else:
            outcomes[position] = MERGED
        if status is None:
            statuses[contact_id] = SUBSCRIBED
            new_subs.append(
                {
                    "contact_id": contact_id,
                    "list_id": job.list_id,
                    "status": SUBSCRIBED,
                    "consent_basis": job.consent_basis,
                    "changed_at": now,
                }
            )
        if contact_id not in known_sources:
            known_sources.add(contact_id)
            new_sources.append(
                {
                    "contact_id": contact_id,
                    "list_id": job.list_id,
                    "source_kind": job.source_kind,
                    "source_name": job.source_name,
                    "consent_basis": job.consent_basis,
                    "created_at": now,
                }
            )
    for model, rows in ((Contact, new_rows), (Subscription, new_subs), (Provenance, new_sources)):
        if rows:
            # Core executemany on the table: the ORM's bulk path costs more than the rows.
            db.session.connection().execute(model.__table__.insert(), rows)
    return "".join(outcomes), problems


LEASE = timedelta(minutes=2)


def claim_job() -> ImportJob | None:
    """The oldest queued job, or one whose worker died; leased to this worker."""
    now = utcnow()
    candidate = db.session.scalar(
        select(ImportJob.id)
        .where(
            or_(
                ImportJob.status == "queued",
                and_(ImportJob.status == "processing", ImportJob.lease_until < now),
            )
        )
        .order_by(ImportJob.created_at)
        .limit(1)
    )
    if candidate is None:
        return None
    won = db.session.execute(
        update(ImportJob)
        .where(
            ImportJob.id == candidate,
            or_(ImportJob.status == "queued", ImportJob.lease_until < now),
        )
        .values(status="processing", lease_until=now + LEASE)
    ).rowcount
    db.session.commit()
    return db.session.get(ImportJob, candidate) if won else None


def run_job(job: ImportJob) -> None:
    """Process the job from where it stopped, one committed batch at a time."""
    data = contacts.envelope().open_bytes(
        job.payload_enc, associated_data("import_jobs", "payload", job.id)
    )
    batch = []
    for number, row in enumerate(rows_of(data, job.file_format), start=1):
        if number <= job.processed:
            continue
        batch.append((number, row))
        if len(batch) >= BATCH:
            _commit_batch(job, batch)
            batch = []
    if batch:
        _commit_batch(job, batch)
    job.status = "done"
    job.payload_enc = None  # the file held personal data: forget it once imported
    db.session.commit()
    log.info("event=import.done id=%s rows=%s", job.id, job.processed)


def _commit_batch(job: ImportJob, batch) -> None:
    codes, problems = process_batch(job, batch)
    counts = dict(job.counts or {})
    for code in codes:
        counts[OUTCOMES[code]] = counts.get(OUTCOMES[code], 0) + 1
    job.counts = counts
    job.outcomes = (job.outcomes or "") + codes
    job.report = list(job.report or []) + problems
    job.processed += len(batch)
    job.lease_until = utcnow() + LEASE
    db.session.commit()
