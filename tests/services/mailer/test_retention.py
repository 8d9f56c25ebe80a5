"""Retention in the mailer: a message's recipient and content, and unfinished imports' files."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from services.common import retention as common
from services.common.db import utcnow
from services.mailer import retention
from services.mailer.extensions import db
from services.mailer.models import ImportJob, MailingList, Message

pytestmark = pytest.mark.postgres


def message(**dates) -> Message:
    return Message(
        template="registration.received",
        language="fr",
        source="registration",
        recipient_enc=b"sealed-recipient",
        context_enc=b"sealed-context",
        **dates,
    )


def test_content_goes_30_days_after_delivery_and_queued_mail_is_untouched(app):
    old, recent = utcnow() - timedelta(days=31), utcnow() - timedelta(days=29)
    with app.app_context():
        rows = {
            "delivered long ago": message(done_at=old, sent_at=old),
            "given up long ago": message(failed_at=old),
            "delivered lately": message(done_at=recent, sent_at=recent),
            "queued": message(created_at=old, available_at=old),
        }
        db.session.add_all(rows.values())
        lists = MailingList(key="updates", name="Updates")
        db.session.add(lists)
        db.session.flush()
        db.session.add_all(
            [
                ImportJob(
                    list_id=lists.id,
                    source_kind="partner",
                    file_format="csv",
                    payload_enc=b"f",
                    created_at=old,
                ),
                ImportJob(
                    list_id=lists.id, source_kind="partner", file_format="csv", payload_enc=b"f"
                ),
            ]
        )
        db.session.commit()
        ids = {name: row.id for name, row in rows.items()}
        counts = common.run(db.session, retention.rules({}))
        assert counts["message_content"] == 2 and counts["import_files"] == 1
        kept = dict(db.session.execute(select(Message.id, Message.recipient_enc)).all())
        assert kept[ids["delivered long ago"]] == b"" == kept[ids["given up long ago"]]
        assert kept[ids["delivered lately"]] == b"sealed-recipient" == kept[ids["queued"]]
        assert db.session.get(Message, ids["given up long ago"]).status == "failed"
        files = db.session.scalars(select(ImportJob.payload_enc).order_by(ImportJob.created_at))
        assert list(files) == [None, b"f"]
        assert common.run(db.session, retention.rules({}))["message_content"] == 0
