"""Erasing a registration's personal data, recording it in the ledger, and re-applying
the ledger after a database restore (see services/common/erasures.py)."""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import select

from services.common.db import utcnow
from services.common.erasures import ledger

from .extensions import db
from .models import Note, OutboxMessage, Registration
from .services import audit, outbox_row, seal_value, set_status, unseal

log = logging.getLogger("convene.registration.erasures")


FORGET = "registration.forget"


def erase_record(reg: Registration, actor: str, reason: str) -> None:
    """Personal data, its index, notes and pending messages go; aggregate columns stay;
    a registration still in the running is withdrawn. The mailer is told through the
    outbox, with the address sealed in the item until it is relayed (`FORGET`)."""
    email = unseal(reg, "email_enc")
    forget_personal(reg)
    if email:
        item = OutboxMessage(**outbox_row(FORGET, reg.id))
        item.sealed = seal_value("outbox", "sealed", item.id, {"email": email})
        db.session.add(item)
    if reg.status not in ("withdrawn", "ineligible", "not_selected"):
        set_status(reg, "withdrawn", actor, reason)


def forget_personal(reg: Registration) -> None:
    """Personal data, its index, notes and pending messages go; the status and the
    aggregate columns stay (retention after the event keeps who was selected, as counts)."""
    for column in Registration.encrypted:
        setattr(reg, column, None)
    reg.email_index = None
    reg.erased_at = utcnow()
    reg.link_version += 1
    db.session.execute(Note.__table__.delete().where(Note.registration_id == reg.id))
    db.session.execute(
        OutboxMessage.__table__.delete().where(
            OutboxMessage.object_id == str(reg.id), OutboxMessage.done_at.is_(None)
        )
    )


def reapply() -> tuple[int, int]:
    """Erase again every recorded erasure the database has forgotten (after a restore).
    Returns (recorded, erased again)."""
    recorded = [uuid.UUID(key) for key in ledger().keys("registration")]
    again = 0
    for start in range(0, len(recorded), 500):
        chunk = recorded[start : start + 500]
        for reg in db.session.scalars(
            select(Registration).where(Registration.id.in_(chunk), Registration.erased_at.is_(None))
        ):
            erase_record(reg, "system", "erasure re-applied after a restore")
            audit("system", "registration.erase_reapplied", "registration", reg.id)
            again += 1
        db.session.commit()
    log.info("event=erasures.reapplied recorded=%s again=%s", len(recorded), again)
    return len(recorded), again
