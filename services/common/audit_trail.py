"""Reading the audit trail: the auditor's filters, one page of entries, and the read
itself written to the trail (an auditor's reads are audited like anyone's).

Each service answers `GET /audit` with these schemas; what differs between services is
only which entries a caller may see (`scope`) and where an entry's region comes from
(`region`, an SQL expression over the service's own tables, or None when its entries
have no region). The filters are ids, codes and dates: no personal data is searched.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from marshmallow import Schema, fields, validate
from sqlalchemy import String, cast, func, literal, select, type_coerce

from .auth import Claims

AUDITOR = "auditor"
READ = "audit.read"
MAX_OFFSET = 1_000_000_000  # beyond it a database's integer overflows
FILTERS = ("actor", "action", "object_type", "object_id", "since", "until", "region")


class AuditQueryArgsSchema(Schema):
    """The auditor's filters; `from` and `to` are days (UTC), both included."""

    actor = fields.String(validate=validate.Length(max=128))
    action = fields.String(validate=validate.Length(max=64))
    object_type = fields.String(validate=validate.Length(max=64))
    object_id = fields.String(validate=validate.Length(max=64))
    since = fields.Date(data_key="from")
    until = fields.Date(data_key="to")
    region = fields.String(validate=validate.Length(max=16))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, MAX_OFFSET))
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))


class AuditEntrySchema(Schema):
    """Who did what to which object, when, why (where the service records a reason),
    and the object's region (None when the object has none)."""

    id = fields.Integer(required=True)
    at = fields.DateTime(required=True)
    actor = fields.String(required=True)
    action = fields.String(required=True)
    object_type = fields.String(required=True)
    object_id = fields.String(required=True)
    reason = fields.String(required=True)
    region = fields.String(allow_none=True, required=True)


class AuditPageSchema(Schema):
    """One page of the trail, newest first, and how many entries match in all."""

    items = fields.List(fields.Nested(AuditEntrySchema), required=True)
    total = fields.Integer(required=True)
    offset = fields.Integer(required=True)
    limit = fields.Integer(required=True)


def uuid_matches(text_column, uuid_column, dialect: str):
    """`text_column` (a UUID written as text) equals `uuid_column`, using its index.

    PostgreSQL stores a native uuid; SQLite stores the 32 hex digits without dashes."""
    if dialect == "postgresql":
        return cast(text_column, uuid_column.type) == uuid_column
    return func.replace(text_column, "-", "") == type_coerce(uuid_column, String)


def _day_start(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def read_page(session, model, args: dict, region=None, scope=None) -> dict:
    """One page of `model`'s entries matching `args`, newest first.

    `region` is an SQL expression giving an entry's region (or None); `scope` is a
    condition limiting what this caller may see (or None for every entry)."""
    region = region if region is not None else literal(None, String)
    reason = model.reason if hasattr(model, "reason") else literal("", String)
    query = select(model, region.label("region"), reason.label("reason"))
    conditions = [] if scope is None else [scope]
    for name in ("actor", "action", "object_type", "object_id"):
        if args.get(name):
            conditions.append(getattr(model, name) == args[name])
    if args.get("since"):
        conditions.append(model.at >= _day_start(args["since"]))
    if args.get("until") and args["until"] < date.max:  # the last day: no day after it
        conditions.append(model.at < _day_start(args["until"] + timedelta(days=1)))
    if args.get("region"):
        conditions.append(region == args["region"])
    query = query.where(*conditions)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.execute(
        query.order_by(model.at.desc(), model.id.desc()).offset(args["offset"]).limit(args["limit"])
    ).all()
    items = [
        {
            "id": row[0].id,
            "at": row[0].at,
            "actor": row[0].actor,
            "action": row[0].action,
            "object_type": row[0].object_type,
            "object_id": row[0].object_id,
            "reason": row.reason or "",
            "region": row.region,
        }
        for row in rows
    ]
    return {"items": items, "total": total, "offset": args["offset"], "limit": args["limit"]}


def read_summary(args: dict) -> str:
    """The filters of a read, as its audit entry's reason (ids and codes only)."""
    parts = [f"{name}={args[name]}" for name in FILTERS if args.get(name)]
    parts.append(f"offset={args.get('offset', 0)}")
    return " ".join(parts)[:200]


def check_region(claims: Claims, args: dict) -> bool:
    """False when the caller asks for a region outside their own (an auditor without
    regions audits every region)."""
    return not (args.get("region") and claims.regions and args["region"] not in claims.regions)
