"""Importing contacts from member organisations' CSV and XLSX files.

Rows are processed in batches; each batch commits its contacts and the job's progress
together, so a crash resumes after the last committed batch. An address already known
is merged (a new provenance); an unsubscribed, bounced or complained address is never
re-subscribed; imported contacts are consented already, so nobody is sent a confirmation.

An XLSX file is a zip archive of XML, and a 150 KB one can hold a 60 MB shared-strings
table (61 s of CPU and 570 MB to parse, inside the request). So an XLSX is first judged
by its archive's directory (`XLSX_ARCHIVE`: sizes and packing ratio, nothing inflated),
and then read only in a child process with its own limits (`xlsx_reader.py` in
`services.common.sandbox`): the upload reads the header row alone (`XLSX_HEADER`), the
worker reads the rows (`XLSX_ROWS`). Neither the API process nor the worker parses it.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

from marshmallow import ValidationError
from marshmallow.validate import Email
from sqlalchemy import select

from services.common.archives import ArchiveLimits, ArchiveRefused, check_archive
from services.common.crypto import normalise
from services.common.db import insert_rows, utcnow, uuid7
from services.common.errors import ConveneError
from services.common.sandbox import Limits, MiB, SandboxError, SandboxRefused, run
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

XLSX_READER = Path(__file__).with_name("xlsx_reader.py")
# An upload is at most 1 MiB (the services' body limit); spreadsheets' XML packs about
# ten to one, so 32 MB unpacked is three times what a real one holds.
XLSX_ARCHIVE = ArchiveLimits(members=200, member_bytes=24 * MiB, total_bytes=32 * MiB, ratio=100)
# The header: a few rows and the strings they point to (the interpreter is about 40 MiB).
XLSX_HEADER = Limits(memory=160 * MiB, cpu_seconds=5, wall_seconds=20, output_bytes=MiB)
# Every row, in the worker (384 MiB in all): openpyxl streams the sheet but holds the
# shared strings, at most 24 MB of XML.
XLSX_ROWS = Limits(memory=224 * MiB, cpu_seconds=60, wall_seconds=180, output_bytes=64 * MiB)
NO_ROWS_STATUS = 11  # xlsx_reader.NO_ROWS


class ImportRefused(ConveneError):
    """The file cannot be imported; the message says why, for the person who sent it."""


def _xlsx(data: bytes, mode: str, limits: Limits) -> bytes:
    try:
        check_archive(data, XLSX_ARCHIVE)
        return run(XLSX_READER, data, limits, mode)
    except ArchiveRefused as exc:
        raise ImportRefused(str(exc)) from None
    except SandboxRefused as refused:
        if refused.code == NO_ROWS_STATUS:
            raise ImportRefused("The file has a header row but no data rows.") from None
        raise ImportRefused("The file is not a workbook we can read.") from None
    except SandboxError:
        raise ImportRefused(
            "Reading the file took more memory or time than a contact list may: "
            "split it, or save it as CSV."
        ) from None


def xlsx_rows(data: bytes) -> tuple[int, Iterator[dict]]:
    """(number of data rows, each as {column header: text}), read in the child."""
    answer = _xlsx(data, "rows", XLSX_ROWS)
    lines = io.BytesIO(answer)
    header = [column.strip() for column in json.loads(lines.readline())]
    rows = (dict(zip(header, json.loads(line), strict=False)) for line in lines)
    return answer.count(b"\n") - 1, rows


def rows_of(data: bytes, file_format: str) -> Iterator[dict]:
    """Each data row as {column header: text}; ImportRefused for an XLSX that cannot be."""
    if file_format == "xlsx":
        yield from xlsx_rows(data)[1]
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
    """Data rows of a CSV (at most 1 MiB: cheap). An XLSX is counted by the worker as it
    imports it: counting would mean parsing it all in the request."""
    if file_format == "xlsx":
        return 0
    return sum(1 for _ in rows_of(data, file_format))


def header_of(data: bytes, file_format: str) -> list[str]:
    """The file's column names, in order; ValueError when it has no data rows."""
    if file_format == "xlsx":
        columns = json.loads(_xlsx(data, "header", XLSX_HEADER))["columns"]
        return list(dict.fromkeys(column for column in columns if column))
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
