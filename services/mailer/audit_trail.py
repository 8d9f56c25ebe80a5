"""The mailer's audit trail, read by an auditor.

Mailer entries (lists, imports, templates, campaigns, messages) belong to no region, so
every auditor sees all of them and a region filter matches none. The read itself is
written to the trail.
"""

from __future__ import annotations

from services.common.audit_trail import READ, check_region, read_page
from services.common.auth import Claims
from services.common.errors import Forbidden

from .extensions import db
from .models import AuditEntry
from .services import audit


def read(claims: Claims, args: dict) -> dict:
    """A page of the trail; the read is audited."""
    if not check_region(claims, args):
        raise Forbidden("You do not audit this region.")
    page = read_page(db.session, AuditEntry, args)
    audit(claims, READ, "audit", args.get("object_id") or "*")
    db.session.commit()
    return page
