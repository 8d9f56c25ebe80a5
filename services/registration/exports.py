"""The participant list as CSV, streamed: rows leave as they are decrypted.

A list of 100,000 registrations takes longer to decrypt than any one wait along the way
(the CMS's read timeout, a proxy's), so nothing waits for the whole file: the header goes
at once, then a chunk of `CHUNK` rows at a time. Rows are read `CHUNK` at a time too
(`yield_per`: a server-side cursor on PostgreSQL), as plain columns with each person's
current consents computed by the database (the latest choice of each kind): loading ORM
objects and their consents cost three times the decryption. Memory stays flat whatever
the size.

The audit entry is written and committed before the first byte: an export the client
abandons half-way was still an export.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from sqlalchemy import func, select

from services.common.auth import Claims
from services.common.spreadsheets import writer as csv_writer

from .extensions import db
from .models import Consent, Registration
from .review import _scoped
from .services import audit, unseal_value

EXPORT_ALWAYS = ("track", "status", "category", "country", "subregion")
HEADER = ("name", "organisation", "email", "phone", *EXPORT_ALWAYS)
CHUNK = 200
# Sealed columns in the order of the header; the first two need "public_listing", the
# other two "share_contact".
SEALED = ("name_enc", "organisation_enc", "email_enc", "phone_enc")


def _granted(kind: str):
    """Whether the registration's latest `kind` consent is granted (NULL: never asked)."""
    return (
        select(Consent.granted)
        .where(Consent.registration_id == Registration.id, Consent.kind == kind)
        .order_by(Consent.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def export_csv(claims: Claims, args: dict) -> Iterator[str]:
    """A participant list that includes only what each participant consented to share:
    name and organisation with "appear in the published list", e-mail and phone with
    "share my contact with other participants". No cell starts a formula
    (`common.spreadsheets`): the registrant wrote these texts.

    Checks the caller and audits now; returns the CSV's chunks, to iterate inside the
    request (Flask's `stream_with_context`)."""
    wanted = Registration.status.in_(_wanted(args))
    counted = _scoped(claims, args["event"], None, func.count()).where(wanted)
    rows = _scoped(
        claims,
        args["event"],
        None,
        Registration.id,
        *(getattr(Registration, column) for column in SEALED),
        *(getattr(Registration, c) for c in ("track_key", "status", "category", "country")),
        Registration.subregion,
        _granted("public_listing"),
        _granted("share_contact"),
    ).where(wanted)
    if args.get("track"):
        counted = counted.where(Registration.track_key == args["track"])
        rows = rows.where(Registration.track_key == args["track"])
    count = db.session.scalar(counted)
    audit(claims, "registration.export", "event", args["event"], f"{count} rows")
    db.session.commit()
    ordered = rows.order_by(Registration.created_at, Registration.id)
    return _chunks(ordered.execution_options(yield_per=CHUNK))


def _chunks(query) -> Iterator[str]:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(HEADER)
    yield _drain(out)
    try:
        for partition in db.session.execute(query).partitions():
            for row in partition:
                writer.writerow(_row(row))
            yield _drain(out)
    finally:
        db.session.rollback()  # ends the read (and its cursor) however the client left


def _drain(out: io.StringIO) -> str:
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text


def _row(row) -> list:
    rid, *sealed = row[:5]
    *plain, listed, shared = row[5:]
    allowed = (listed, listed, shared, shared)
    return [
        *(
            unseal_value("registrations", column, rid, blob) if ok else ""
            for column, blob, ok in zip(SEALED, sealed, allowed, strict=True)
        ),
        *plain,
    ]


def _wanted(args: dict) -> tuple[str, ...]:
    status = args.get("status") or "selected"
    return ("selected", "confirmed") if status == "selected" else (status,)
