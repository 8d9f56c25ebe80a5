"""Campaigns: the six-week rule, one version per recipient's language, consent mid-send."""

from datetime import timedelta

from sqlalchemy import select

from services.common.db import utcnow
from services.mailer.extensions import db
from services.mailer.models import AuditEntry, Contact
from services.mailer.senders import SMTPSender
from services.mailer.worker import make_step

from .test_outreach import make_list, outreach, run_worker, upload

VERSIONS = {
    "en": {
        "subject": "Invitation",
        "text": "Dear {{ name }}, register now.",
        "html": "<p>Dear {{ name }}</p>",
    },
    "fr": {"subject": "Invitation (fr)", "text": "Bonjour {{ name }}, inscrivez-vous."},
}


def campaign(client, **overrides):
    body = {
        "name": "Invite",
        "kind": "update",
        "versions": VERSIONS,
        "fallback_language": "en",
        "segment": {"lists": ["ece"]},
    }
    body.update(overrides)
    return client.post("/campaigns", json=body, headers=outreach())


def people(app, client, rows=("a@example.org,en", "b@example.org,fr", "c@example.org,ar")):
    make_list(client)
    data = (
        "email,name,language\n"
        + "\n".join(f"{r.split(',')[0]},Person {i},{r.split(',')[1]}" for i, r in enumerate(rows))
        + "\n"
    )
    upload(
        client,
        data.encode(),
        "p.csv",
        "IOM",
        {"email": "email", "name": "name", "preferred_language": "language"},
    )
    run_worker(app)


def test_invitations_need_42_days_or_a_recorded_reason(app, client):
    starts = utcnow() + timedelta(days=30)
    refused = campaign(
        client, kind="invitation", event_key="ev-1", event_starts_at=starts.isoformat()
    )
    assert refused.status_code == 422
    assert "at least 42 days before the event" in refused.get_json()["message"]
    assert "late_reason" in refused.get_json()["errors"]
    later = campaign(
        client,
        kind="invitation",
        event_key="ev-1",
        event_starts_at=(utcnow() + timedelta(days=50)).isoformat(),
    )
    assert later.status_code == 201
    late = campaign(
        client,
        kind="invitation",
        event_key="ev-1",
        event_starts_at=starts.isoformat(),
        late_reason="The meeting date was set by member States last week.",
    )
    assert late.status_code == 201
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.object_id == late.get_json()["id"])
        ).all()
    assert "campaign.late_invitation" in actions
    no_event = campaign(client, kind="invitation")
    assert no_event.status_code == 422


def test_each_recipient_gets_their_language_with_unsubscribe_headers(app, client, smtp_sink):
    people(app, client)
    created = campaign(client).get_json()
    assert created["status"] == "draft"
    client.post(
        f"/campaigns/{created['id']}/actions", json={"action": "schedule"}, headers=outreach()
    )
    run_worker(app, SMTPSender("127.0.0.1", smtp_sink.port, "x@example.org"))
    mails = {m["To"]: m for m in smtp_sink.wait_for(3)}
    assert mails["b@example.org"]["Subject"] == "Invitation (fr)"
    assert mails["c@example.org"]["Subject"] == "Invitation"  # no Arabic version: fallback
    assert mails["c@example.org"]["Content-Language"] == "en"
    first = mails["a@example.org"]
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/newsletter/unsubscribe/" in first["List-Unsubscribe"]
    assert "a@example.org" not in first["List-Unsubscribe"]
    html = first.get_body(("html",)).get_content()
    assert "Dear Person 0" in html and "<img" not in html  # no tracking pixel
    state = client.get(f"/campaigns/{created['id']}", headers=outreach()).get_json()
    assert state["progress"] == {"sent": 3, "failed": 0, "skipped": 0, "remaining": 0}
    assert state["status"] == "sent"


def test_unsubscribe_or_suppression_mid_campaign_stops_later_sends(app, client, smtp_sink):
    from services.mailer.contacts import contact_email
    from services.mailer.models import Delivery
    from services.mailer.subscriptions import unsubscribe_token

    people(app, client)
    created = campaign(client).get_json()
    client.post(
        f"/campaigns/{created['id']}/actions", json={"action": "schedule"}, headers=outreach()
    )
    sender = SMTPSender("127.0.0.1", smtp_sink.port, "x@example.org")
    with app.app_context():
        make_step(sender, batch=1)()  # queues everyone, sends to one recipient
        waiting = db.session.scalars(select(Delivery).where(Delivery.outcome.is_(None))).all()
        assert len(waiting) == 2
        holder = db.session.get(Contact, waiting[0].contact_id)
        holder_email = contact_email(holder)
        token = unsubscribe_token(holder.id, waiting[0].list_id)
    response = client.post(
        "/subscriptions/unsubscribe", json={"token": token, "everything": True}, headers=_cms()
    )
    assert response.get_json()["status"] == "unsubscribed"
    run_worker(app, sender)
    recipients = [m["To"] for m in smtp_sink.wait_for(2)]
    assert len(recipients) == 2 and holder_email not in recipients
    state = client.get(f"/campaigns/{created['id']}", headers=outreach()).get_json()
    assert state["progress"] == {"sent": 2, "failed": 0, "skipped": 1, "remaining": 0}


def test_pause_resume_and_cancel(app, client, smtp_sink):
    people(app, client)
    cid = campaign(client).get_json()["id"]

    def act(action):
        return client.post(f"/campaigns/{cid}/actions", json={"action": action}, headers=outreach())

    assert act("resume").status_code == 409  # a draft cannot resume
    act("schedule")
    assert act("pause").get_json()["status"] == "paused"
    run_worker(app, SMTPSender("127.0.0.1", smtp_sink.port, "x@example.org"))
    assert smtp_sink.messages == []  # paused: nothing sent
    assert act("resume").get_json()["status"] == "scheduled"
    assert act("cancel").get_json()["status"] == "cancelled"
    run_worker(app, SMTPSender("127.0.0.1", smtp_sink.port, "x@example.org"))
    assert smtp_sink.messages == []


def _cms():
    from ..conftest import bearer

    return bearer("mailer", roles=["cms"])


def test_a_due_campaign_is_expanded_by_one_worker_and_a_failed_step_does_not_stick(app, client):
    """Two workers at once: the second skips the campaign the first holds; a worker whose
    step failed (an aborted transaction on PostgreSQL) carries on with the next step."""
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from services.common.worker import Loop
    from services.mailer.campaigns import claim_due_campaign, expand

    people(app, client)
    created = campaign(client).get_json()
    client.post(
        f"/campaigns/{created['id']}/actions", json={"action": "schedule"}, headers=outreach()
    )
    with app.app_context():
        first = claim_due_campaign()
        assert str(first.id) == created["id"]
        if db.engine.dialect.name == "postgresql":  # SQLite has one writer: nothing to skip
            with Session(db.engine) as other:
                assert (
                    other.execute(
                        select(text("1"))
                        .select_from(text("campaigns"))
                        .where(text("status = 'scheduled'"))
                        .with_for_update(skip_locked=True)
                    ).all()
                    == []
                )
        assert expand(first) == 3
        assert claim_due_campaign() is None  # now sending: nobody expands it again

        steps, answers = [], []

        def step():
            steps.append(len(steps))
            if len(steps) == 1:
                db.session.execute(text("SELECT * FROM no_such_table"))
            loop.stopping = len(steps) == 2
            answers.append(db.session.execute(text("SELECT 1")).scalar())
            return 1

        loop = Loop("test", step, interval=0, session=db.session)
        loop.run()
    assert steps == [0, 1] and answers == [1]  # the second step ran and its query worked
