"""Two workers draining one outbox at once: every item is handled exactly once."""

import threading
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.common.worker import drain
from services.registration.extensions import db
from services.registration.models import OutboxMessage

from .registration.conftest import app  # noqa: F401 - the app fixture, on both databases


def test_concurrent_workers_never_handle_an_item_twice(app):  # noqa: F811
    with app.app_context():
        db.session.add_all(OutboxMessage(topic="t", object_id=str(i)) for i in range(60))
        db.session.commit()
        engine = db.engine
    handled = Counter()
    lock = threading.Lock()

    def handle(item):
        with lock:
            handled[item.object_id] += 1

    def run(name):
        with Session(engine) as session:
            while drain(session, OutboxMessage, handle, owner=name, name=name):
                pass

    threads = [threading.Thread(target=run, args=(f"w{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(handled) == 60
    assert set(handled.values()) == {1}
    with app.app_context():
        left = db.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.done_at.is_(None))
        )
        assert left == 0


def test_a_claim_never_leases_more_than_its_limit(app):  # noqa: F811
    from services.common.worker import claim

    with app.app_context():
        from services.common.db import utcnow

        same = utcnow()  # rows queued together, as a campaign's deliveries are
        now_rows = [
            OutboxMessage(topic="t", object_id=str(i), created_at=same, available_at=same)
            for i in range(250)
        ]
        db.session.add_all(now_rows)
        db.session.commit()
        won = claim(db.session, OutboxMessage, "w", limit=100)
        assert len(won) == 100
        leased = db.session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.lease_owner.is_not(None))
        )
        assert leased == 100
