"""Compare the outbox with what the mailer received: every e-mail the registration service
relayed in the last days must be a message at the mailer, and none of them failed.

    flask --app services.registration outbox reconcile [--days 2]

The mailer keeps the Idempotency-Key of each message it queued for 2 days (its
`idempotency` retention), so the window is at most that. An item relayed with nothing to
send (its registration erased since, say) is counted apart. Prints counts, and the outbox
ids and topics of confirmations that never left (ids only: no personal data); exits 1
when there are any.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from services.common.db import utcnow

from . import messages
from .erasures import FORGET
from .extensions import db
from .messages import WITHDRAWN
from .models import OutboxMessage

NOT_MAIL = {"registration.updates", FORGET, WITHDRAWN}  # relayed to other endpoints
CHUNK = 500


def reconcile(mailer, days: int = 2) -> dict:
    since = utcnow() - timedelta(days=days)
    relayed = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.done_at >= since, OutboxMessage.topic.not_in(NOT_MAIL))
        .order_by(OutboxMessage.created_at)
    ).all()
    counts: Counter = Counter()
    missing, failed = [], []
    for start in range(0, len(relayed), CHUNK):
        chunk = relayed[start : start + CHUNK]
        keys = [f"registration-{item.id}" for item in chunk]
        found = mailer.post("/messages/lookup", json={"keys": keys})
        found.raise_for_status()
        for item, answer in zip(chunk, found.json(), strict=True):
            status = answer["status"]
            if status is None:
                built = messages.build(item.topic, item.object_id, item.created_at.timestamp())
                status = "nothing to send" if built is None else "missing"
            counts[status] += 1
            if status == "missing":
                missing.append((str(item.id), item.topic))
            elif status == "failed":
                failed.append((str(item.id), item.topic))
    return {"relayed": len(relayed), "counts": dict(counts), "missing": missing, "failed": failed}
