"""The grievance service has the same shape as the others."""

from sqlalchemy import select

from services.grievance.extensions import db
from services.grievance.models import OutboxMessage
from services.grievance.worker import make_step


def test_health_openapi_and_error_payload(app):
    client = app.test_client()
    assert client.get("/health").get_json() == {"status": "ok", "service": "grievance"}
    assert client.get("/openapi.json").get_json()["info"]["title"] == "Convene grievance"
    missing = client.get("/reports")
    assert missing.status_code == 404
    assert missing.get_json()["message"] == "Nothing was found here."


def test_worker_keeps_items_it_cannot_handle_for_retry(app):
    with app.app_context():
        db.session.add(OutboxMessage(topic="unknown.topic", object_id="1"))
        db.session.commit()
        assert make_step()() == 0
        item = db.session.scalars(select(OutboxMessage)).one()
        assert item.attempts == 1 and item.last_error == "UnknownTopic"
