"""A message that fails eight times is a dead letter outreach staff requeue or discard;
bounce rates over SES's advised 2 % alert the operators once."""

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from services.common.db import utcnow
from services.common.worker import MAX_ATTEMPTS
from services.mailer import alerts
from services.mailer.extensions import db
from services.mailer.models import AuditEntry, Message, Suppression
from services.mailer.senders import SMTPSender
from services.mailer.services import new_message
from services.mailer.worker import make_step

from ..conftest import bearer
from .conftest import make_message
from .test_messages import queue


def outreach(user="9"):
    return bearer("mailer", subject=f"user:{user}", roles=["outreach"])


def test_failed_message_is_a_dead_letter_requeued_then_delivered(app, client, caller, smtp_sink):
    message_id = queue(client, caller, make_message()).get_json()["id"]
    refused = SMTPSender("127.0.0.1", 9, "x@example.org", timeout=1)
    with app.app_context():
        for _ in range(MAX_ATTEMPTS):
            message = db.session.get(Message, uuid.UUID(message_id))
            message.available_at = utcnow() - timedelta(seconds=1)  # skip the back-off
            db.session.commit()
            make_step(refused)()
    listed = client.get("/dead-letters", headers=outreach()).get_json()
    assert [(d["id"], d["kind"], d["last_error"]) for d in listed] == [
        (message_id, "registration_confirmation", "ConnectionRefusedError")
    ]
    assert "canary" not in str(listed).lower()  # no recipient, no values
    secretariat = bearer("mailer", subject="user:7", roles=["secretariat"])
    assert client.get("/dead-letters", headers=secretariat).status_code == 403

    assert client.post(f"/dead-letters/{message_id}/requeue", headers=outreach()).status_code == 200
    with app.app_context():
        assert make_step(SMTPSender("127.0.0.1", smtp_sink.port, "x@example.org"))() == 1
        assert db.session.get(Message, uuid.UUID(message_id)).status == "sent"
        actions = db.session.scalars(select(AuditEntry.action)).all()
    assert smtp_sink.wait_for(1)
    assert "dead_letter.requeue" in actions
    again = client.post(
        f"/dead-letters/{message_id}/discard", json={"reason": "sent"}, headers=outreach()
    )
    assert again.status_code == 404  # delivered: no longer a dead letter


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_bounce_rate_over_two_percent_alerts_once(app):
    app.extensions["convene_config"] = replace(
        app.extensions["convene_config"], operators_to="ops@example.org", rate_min_sent=100
    )
    with app.app_context():
        for n in range(100):
            message = new_message("registration_confirmation", "en", "test", f"p{n}@x.org", {})
            message.sent_at = message.done_at = utcnow()
        for n in range(2):
            db.session.add(Suppression(email_index=f"b{n}", reason="bounce"))
        db.session.commit()
        assert alerts.check() == 0  # 2 % exactly: at the limit, not over it
        db.session.add(Suppression(email_index="b2", reason="bounce"))
        db.session.commit()
        assert alerts.check() == 1
        assert alerts.check() == 0  # once an hour
        sent = db.session.scalars(select(Message).where(Message.template.like("ops.%"))).all()
    assert [(m.template, m.language, m.source) for m in sent] == [
        ("ops.bounce_rate", "en", "mailer")
    ]
