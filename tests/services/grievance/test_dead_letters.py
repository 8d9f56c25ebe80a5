"""Grievance dead letters are the reprisal desk's alone: the secretariat cannot list them."""

import uuid

import pytest

from services.common.db import utcnow
from services.grievance.extensions import db
from services.grievance.models import AuditEntry, OutboxMessage

from .conftest import desk_member, staff


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_only_the_desk_sees_and_discards_grievance_dead_letters(app, client):
    with app.app_context():
        item = OutboxMessage(
            id=uuid.uuid4(),
            topic="reprisal.urgent",
            object_id=str(uuid.uuid4()),
            attempts=8,
            last_error="HTTPStatusError",
            failed_at=utcnow(),
        )
        db.session.add(item)
        db.session.commit()
        item_id = str(item.id)
    assert client.get("/dead-letters", headers=staff("ECE")).status_code == 403
    listed = client.get("/dead-letters", headers=desk_member("ECE")).get_json()
    assert [(d["id"], d["kind"], d["last_error"]) for d in listed] == [
        (item_id, "reprisal.urgent", "HTTPStatusError")
    ]
    url = f"/dead-letters/{item_id}/discard"
    refused = client.post(url, json={"reason": "case closed"}, headers=staff("ECE"))
    assert refused.status_code == 403
    done = client.post(url, json={"reason": "case closed"}, headers=desk_member("ECE"))
    assert done.status_code == 200
    with app.app_context():
        assert db.session.get(OutboxMessage, uuid.UUID(item_id)).discard_reason == "case closed"
        entry = db.session.query(AuditEntry).filter_by(action="dead_letter.discard").one()
        assert (entry.actor, entry.reason) == ("cms:user:7", "case closed")
