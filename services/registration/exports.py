"""The participant list as CSV, streamed: rows leave as they are decrypted.

A list of 100,000 registrations takes longer to decrypt than any one wait along the way
(the CMS's read timeout, a proxy's), so nothing waits for the whole file: the header goes
at once, then a chunk of `CHUNK` rows at a time. Rows are read `CHUNK` at a time too
(`yield_per`, a server-side cursor on PostgreSQL) with their consents (`selectinload`,
one query per chunk), so memory stays flat whatever the size.

The audit entry is written and committed before the first byte: an export the client
abandons half-way was still an export.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from services.common.auth import Claims
from services.common.spreadsheets import writer as csv_writer

from .extensions import db
from .models import Registration
from .review import _scoped
from .selfservice import current_consents
from .services import audit, unseal

EXPORT_ALWAYS = ("track", "status", "category", "country", "subregion")
HEADER = ("name", "organisation", "email", "phone", *EXPORT_ALWAYS)
CHUNK = 200


def export_csv(claims: Claims, args: dict) -> Iterator[str]:
    """A participant list that includes only what each participant consented to share:
    name and organisation with "appear in the published list", e-mail and phone with
    "share my contact with other participants". No cell starts a formula
    (`common.spreadsheets`): the registrant wrote these texts.

    Checks the caller and audits now; returns the CSV's chunks, to iterate inside the
    request (Flask's `stream_with_context`)."""
    query = _scoped(claims, args["event"]).where(Registration.status.in_(_wanted(args)))
    if args.get("track"):
        query = query.where(Registration.track_key == args["track"])
    rows = db.session.scalar(select(func.count()).select_from(query.subquery()))
    audit(claims, "registration.export", "event", args["event"], f"{rows} rows")
    db.session.commit()
    return _chunks(
        query.order_by(Registration.created_at, Registration.id)
        .options(selectinload(Registration.consents))
        .execution_options(yield_per=CHUNK)
    )


def _chunks(query) -> Iterator[str]:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(HEADER)
    yield _drain(out)
    try:
        for partition in db.session.scalars(query).partitions():
            for reg in partition:
                writer.writerow(_row(reg))
            yield _drain(out)
    finally:
        db.session.rollback()  # ends the read (and its cursor) however the client left


def _drain(out: io.StringIO) -> str:
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text


def _row(reg: Registration) -> list:
    consents = {c.kind: c.granted for c in current_consents(reg)}
    listed, shared = consents.get("public_listing"), consents.get("share_contact")
    return [
        unseal(reg, "name_enc") if listed else "",
        unseal(reg, "organisation_enc") if listed else "",
        unseal(reg, "email_enc") if shared else "",
        unseal(reg, "phone_enc") if shared else "",
        reg.track_key,
        reg.status,
        reg.category,
        reg.country,
        reg.subregion,
    ]


def _wanted(args: dict) -> tuple[str, ...]:
    status = args.get("status") or "selected"
    return ("selected", "confirmed") if status == "selected" else (status,)
