"""The grievance service's audit trail, read by an auditor.

Decided in docs/security.md: an entry about a grievance needs the `auditor` role; an
entry about a reprisal report, its evidence, or the reprisal desk itself (keys, members,
unlocks) needs the desk's role (`reprisal_desk`) as well, since who handled a reprisal
report and when is itself sensitive. A case's entries are limited to the auditor's
regions (an auditor without regions audits all). The read itself is audited.
"""

from __future__ import annotations

from sqlalchemy import and_, case, literal, or_, select, true

from services.common.audit_trail import READ, check_region, read_page, uuid_matches
from services.common.auth import Claims
from services.common.errors import Forbidden

from . import desk
from .extensions import db
from .models import GRIEVANCE, REPRISAL, AuditEntry, Case, Evidence

# A desk member's read of the trail may name a reprisal report: it is a desk entry too.
DESK_OBJECTS = ("desk_key", "reviewer", "desk_audit")
CONTACT = "case.contact:"


def _of_case(column, desk_value=None):
    """`column` of the case an entry is about (directly, or through its evidence);
    `desk_value` for entries about the desk itself."""
    dialect = db.engine.dialect.name
    direct = select(column).where(uuid_matches(AuditEntry.object_id, Case.id, dialect))
    through = (
        select(column)
        .join(Evidence, Evidence.case_id == Case.id)
        .where(uuid_matches(AuditEntry.object_id, Evidence.id, dialect))
    )
    return case(
        (AuditEntry.object_type == "case", direct.scalar_subquery()),
        (AuditEntry.object_type == "evidence", through.scalar_subquery()),
        (AuditEntry.object_type.in_(DESK_OBJECTS), literal(desk_value)),
        else_=None,
    )


def read(claims: Claims, args: dict) -> dict:
    """A page of the trail the auditor may see; the read is audited."""
    if not check_region(claims, args):
        raise Forbidden("You do not audit this region.")
    region, kind = _of_case(Case.region), _of_case(Case.kind, REPRISAL)
    # An entry whose case is gone has neither kind nor region: only the desk's auditors
    # without regions see it, rather than anyone guessing what it was.
    of_cases = AuditEntry.object_type.in_(("case", "evidence"))
    of_kind = or_(kind == GRIEVANCE, and_(~of_cases, ~AuditEntry.object_type.in_(DESK_OBJECTS)))
    of_kind = true() if claims.has_role(desk.DESK_ROLE) else of_kind
    in_region = or_(region.in_(sorted(claims.regions)), ~of_cases)
    scope = and_(of_kind, in_region if claims.regions else true())
    page = read_page(db.session, AuditEntry, args, region=region, scope=scope)
    for item in page["items"]:
        # Opening a reporter's contact details records its reason in the action's name.
        if item["action"].startswith(CONTACT):
            item["action"], item["reason"] = CONTACT[:-1], item["action"][len(CONTACT) :]
    read_of = "desk_audit" if claims.has_role(desk.DESK_ROLE) else "audit"
    desk.audit(claims, READ, read_of, args.get("object_id") or "*")
    db.session.commit()
    return page
