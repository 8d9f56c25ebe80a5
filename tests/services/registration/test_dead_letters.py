"""A message the mailer refuses eight times becomes a dead letter the secretariat of its
region sees, requeues or discards (audited); the CLI does the same; operators are told
once; /ready shows the backlog; the updates relay is idempotent."""

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from services.common.auth import TokenIssuer
from services.common.db import utcnow
from services.common.http import service_client
from services.common.worker import MAX_ATTEMPTS
from services.mailer import create_app as create_mailer
from services.mailer.config import Config as MailerConfig
from services.mailer.extensions import db as mailer_db
from services.mailer.models import Message
from services.registration import worker
from services.registration.extensions import db
from services.registration.models import AuditEntry, OutboxMessage

from ..conftest import SIGNING_KEYS, build_app, dispose, token_keys
from .conftest import make_registration, secretariat
from .test_relay import mailer_client


@pytest.fixture
def mailer(tmp_path, crypto_config):
    config = MailerConfig(
        database_url=f"sqlite:///{tmp_path / 'mailer.sqlite3'}",
        crypto=crypto_config,
        tokens=token_keys("mailer"),
    )
    app = build_app(create_mailer, config)
    yield app
    dispose(app, mailer_db)


def fail_for_good(app, client, cms, key="k-dead-000001") -> str:
    """Register once and let the relay fail MAX_ATTEMPTS times (the mailer is unreachable)."""
    client.post("/registrations", json=make_registration(), headers=cms | {"Idempotency-Key": key})
    issuer = TokenIssuer(SIGNING_KEYS["registration"], "registration")
    with (
        app.app_context(),
        service_client("http://127.0.0.1:9", issuer, "mailer", retries=0) as http,
    ):
        step = worker.make_step(http)
        for _ in range(MAX_ATTEMPTS):
            item = db.session.scalars(select(OutboxMessage)).one()
            item.available_at = utcnow() - timedelta(seconds=1)  # skip the back-off
            db.session.commit()
            step()
        return str(db.session.scalars(select(OutboxMessage)).one().id)


def test_dead_letter_is_seen_in_its_region_requeued_and_delivered(app, client, cms, event, mailer):
    item_id = fail_for_good(app, client, cms)
    listed = client.get("/dead-letters", headers=secretariat("ECE")).get_json()
    assert [(d["id"], d["kind"], d["region"]) for d in listed] == [
        (item_id, "registration.receipt", "ECE")
    ]
    assert listed[0]["last_error"] == "ConnectError" and listed[0]["attempts"] == MAX_ATTEMPTS
    assert client.get("/dead-letters", headers=secretariat("ESCAP")).get_json() == []
    refused = client.post(f"/dead-letters/{item_id}/requeue", headers=secretariat("ESCAP"))
    assert refused.status_code == 404

    requeued = client.post(f"/dead-letters/{item_id}/requeue", headers=secretariat("ECE"))
    assert requeued.status_code == 200, requeued.get_json()
    with app.app_context(), mailer_client(mailer) as http:
        assert worker.make_step(http)() == 1
        assert db.session.scalars(select(OutboxMessage)).one().done_at is not None
        actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "dead_letter.requeue" in actions
    assert client.get("/dead-letters", headers=secretariat("ECE")).get_json() == []
    with mailer.app_context():
        assert mailer_db.session.scalars(select(Message.template)).all() == [
            "registration_confirmation"
        ]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_discard_needs_a_reason_and_is_audited(app, client, cms, event):
    item_id = fail_for_good(app, client, cms)
    url = f"/dead-letters/{item_id}/discard"
    assert client.post(url, json={}, headers=secretariat("ECE")).status_code == 422
    done = client.post(url, json={"reason": "address abandoned"}, headers=secretariat("ECE"))
    assert done.status_code == 200 and done.get_json()["discarded_at"]
    assert client.get("/dead-letters", headers=secretariat("ECE")).get_json() == []
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "dead_letter.discard")
        ).one()
        assert (entry.actor, entry.reason) == ("cms:user:7", "address abandoned")
        item = db.session.scalars(select(OutboxMessage)).one()
        assert (str(item.id), item.discard_reason) == (item_id, "address abandoned")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_cli_lists_requeues_and_discards(app, client, cms, event):
    item_id = fail_for_good(app, client, cms)
    runner = app.test_cli_runner()
    listed = runner.invoke(args=["dead-letters", "list"])
    assert item_id in listed.output and "ConnectError" in listed.output
    assert runner.invoke(args=["dead-letters", "requeue", item_id]).exit_code == 0
    assert runner.invoke(args=["dead-letters", "list"]).output == ""
    with app.app_context():
        item = db.session.scalars(select(OutboxMessage)).one()
        item.failed_at = utcnow()  # it failed for good again
        db.session.commit()
    refused = runner.invoke(args=["dead-letters", "discard", item_id])
    assert refused.exit_code != 0  # a reason is required
    done = runner.invoke(
        args=["dead-letters", "discard", item_id, "--reason", "test", "--actor", "ops"]
    )
    assert done.exit_code == 0, done.output
    with app.app_context():
        actors = db.session.scalars(
            select(AuditEntry.actor).where(AuditEntry.object_type == "outbox")
        ).all()
    assert actors == ["cli:cli", "cli:ops"]


def test_operators_are_told_once_and_ready_shows_the_backlog(app, client, cms, event, mailer):
    client.post(
        "/registrations", json=make_registration(), headers=cms | {"Idempotency-Key": "k-wait-0001"}
    )
    with app.app_context():
        item = db.session.scalars(select(OutboxMessage)).one()
        item.created_at = utcnow() - timedelta(hours=2)
        db.session.commit()
    ready = client.get("/ready").get_json()
    assert ready["backlog"]["pending"] == 1
    assert ready["backlog"]["oldest_pending_seconds"] >= 7200
    app.extensions["convene_config"] = replace(
        app.extensions["convene_config"], operators_to="ops@example.org"
    )
    with app.app_context(), mailer_client(mailer) as http:
        assert worker.alert(http) == 1
        assert worker.alert(http) == 1  # noticed again within the hour: the mailer keeps one
    with mailer.app_context():
        messages = mailer_db.session.scalars(select(Message)).all()
    assert [(m.template, m.language) for m in messages] == [("ops.backlog", "en")]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_replayed_updates_relay_subscribes_once(app, client, cms, event, mailer):
    from services.common.auth import Claims
    from services.mailer import outreach

    # Even with no resend pause, a replay of the same outbox item sends nothing new.
    mailer.extensions["convene_config"] = replace(
        mailer.extensions["convene_config"], confirmation_resend_hours=0
    )
    with mailer.app_context():
        outreach.upsert_list("updates", {"name": "Updates", "region": ""}, Claims("cms", "t"))
    client.post(
        "/registrations",
        json=make_registration(consents={"updates": True}),
        headers=cms | {"Idempotency-Key": "k-updates-2"},
    )
    with app.app_context(), mailer_client(mailer) as http:
        step = worker.make_step(http)
        while step():
            pass
        item = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.topic == worker.UPDATES)
        ).one()
        item.done_at = None  # a crash after sending, before marking it done
        db.session.commit()
        assert step() == 1
    with mailer.app_context():
        templates = mailer_db.session.scalars(select(Message.template)).all()
    assert templates.count("subscription_confirmation") == 1
