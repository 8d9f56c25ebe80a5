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
import lzma
import zlib
from collections import deque
from collections.abc import Iterator
from datetime import timedelta

from flask import current_app
from marshmallow import ValidationError
from marshmallow.validate import Email
from sqlalchemy import and_, or_, select, update

from services.common.crypto import associated_data, normalise
from services.common.db import insert_rows, utcnow, uuid7
from services.common.validation import country_codes

from . import contacts, helper
from .extensions import db
from .models import (
    SUBSCRIBED,
    Contact,
    ImportJob,
    MailingList,
    Provenance,
    Subscription,
    Suppression,
)

log = logging.getLogger("convene.mailer.imports")
BATCH = 10_000
FIELDS = ("email", "name", "organisation", "category", "country", "languages", "preferred_language")
NEW, MERGED, INVALID, SUPPRESSED = "N", "M", "I", "S"
OUTCOMES = {NEW: "new", MERGED: "merged", INVALID: "invalid", SUPPRESSED: "suppressed"}
_is_email = Email()


# What openpyxl and zipfile raise on a damaged workbook besides the ValueError, KeyError,
# OSError and BadZipFile that the API refuses already: broken XML (a SyntaxError), no
# worksheet, a bad attribute, corrupt deflate or LZMA data, an encrypted member (RuntimeError),
# an unknown compression method (found by tests/services/mailer/test_import_fuzz.py).
XLSX_DAMAGE = (
    SyntaxError,
    LookupError,
    TypeError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    zlib.error,
    lzma.LZMAError,
)


def rows_of(data: bytes, file_format: str) -> Iterator[dict]:
    """Each data row as {column header: text}. A file that cannot be read raises
    ValueError, KeyError, OSError, csv.Error or zipfile.BadZipFile, nothing else."""
    if file_format == "xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
            values = sheet.iter_rows(values_only=True)
            header = [str(h or "").strip() for h in next(values, [])]
            for row in values:
                yield {h: "" if v is None else str(v) for h, v in zip(header, row, strict=False)}
        except XLSX_DAMAGE as exc:
            raise ValueError("The workbook cannot be read.") from exc
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


def prepare(batch: list[tuple[int, dict]], mapping: dict) -> list[tuple]:
    """The CPU half of a batch, with no database: check, normalise, index and seal each row.

    Rows are sealed before anyone knows whether they are new; sealing a merged row is
    wasted, but it happens in the helper process while this one writes the last batch.
    Each item is (row number, reason, values, index, contact id, sealed e-mail, sealed name).
    """
    sealer, index = helper.crypto()
    prepared = []
    for number, row in batch:
        values = mapped(row, mapping)
        reason = check(values)
        if reason:
            prepared.append((number, reason, None, None, None, None, None))
            continue
        email = normalise(values["email"])
        contact_id = uuid7()
        email_enc, name_enc = contacts.seal_identity(contact_id, email, values["name"], sealer)
        digest = index.digest(email, contacts.CONTACT_SCOPE)
        prepared.append((number, None, values, digest, contact_id, email_enc, name_enc))
    return prepared


def process_batch(job: ImportJob, prepared: list[tuple]) -> tuple[str, list]:
    """Write one prepared batch; returns its outcome codes and the reasons for invalid rows."""
    outcomes, problems = [], []
    indexes = {item[3] for item in prepared if item[1] is None}
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
    # A contact supplied for a region's list belongs to that region (segments by region).
    region = db.session.scalar(select(MailingList.region).where(MailingList.id == job.list_id))
    # Driver-level inserts: an ORM object per row would cost more than the crypto.
    new_rows, new_subs, new_sources, seen = [], [], [], {}
    now = utcnow()
    for number, reason, values, ix, new_id, email_enc, name_enc in prepared:
        if reason:
            outcomes.append(INVALID)
            problems.append({"row": number, "reason": reason})
            continue
        contact_id = existing.get(ix) or seen.get(ix)
        status = statuses.get(contact_id)
        if ix in suppressed or status in contacts.BLOCKING:
            outcomes.append(SUPPRESSED)
            continue
        if contact_id is None:
            contact_id = new_id
            new_rows.append(
                {
                    "id": contact_id,
                    "email_index": ix,
                    "created_at": now,
                    "email_enc": email_enc,
                    "name_enc": name_enc,
                    "organisation": values["organisation"][:200],
                    "category": values["category"][:64],
                    "region": region or "",
                    "country": values["country"].upper()[:2],
                    "languages": values["languages"][:64],
                    "preferred_language": (values["preferred_language"] or "en")[:8],
                }
            )
            seen[ix] = contact_id
            outcomes.append(NEW)
        else:
            outcomes.append(MERGED)
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
    connection = db.session.connection()
    for model, rows in ((Contact, new_rows), (Subscription, new_subs), (Provenance, new_sources)):
        insert_rows(connection, model.__table__, rows)
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
    """Process the job from where it stopped, one committed batch at a time.

    A large file is prepared (checked, indexed, sealed) in a helper process one batch
    ahead, while this process writes: the two halves of the work run on two cores.
    """
    data = contacts.envelope().open_bytes(
        job.payload_enc, associated_data("import_jobs", "payload", job.id)
    )
    batches = _batches(rows_of(data, job.file_format), job.processed)
    if job.total - job.processed <= BATCH:
        for batch in batches:
            _commit_batch(job, prepare(batch, job.mapping))
    else:
        pool = helper.pool(current_app.extensions["convene_config"].crypto)
        ahead: deque = deque()
        for batch in batches:
            ahead.append(pool.submit(prepare, batch, job.mapping))
            if len(ahead) > 1:
                _commit_batch(job, ahead.popleft().result())
        while ahead:
            _commit_batch(job, ahead.popleft().result())
    job.status = "done"
    job.payload_enc = None  # the file held personal data: forget it once imported
    db.session.commit()
    log.info("event=import.done id=%s rows=%s", job.id, job.processed)


def _batches(rows, skip: int) -> Iterator[list[tuple[int, dict]]]:
    batch = []
    for number, row in enumerate(rows, start=1):
        if number <= skip:
            continue
        batch.append((number, row))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _commit_batch(job: ImportJob, prepared: list[tuple]) -> None:
    codes, problems = process_batch(job, prepared)
    counts = dict(job.counts or {})
    for code in codes:
        counts[OUTCOMES[code]] = counts.get(OUTCOMES[code], 0) + 1
    job.counts = counts
    job.outcomes = (job.outcomes or "") + codes
    job.report = list(job.report or []) + problems
    job.processed += len(prepared)
    job.lease_until = utcnow() + LEASE
    db.session.commit()
