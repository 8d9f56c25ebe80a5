"""The worker relays the outbox to the mailer, over HTTP, once per message."""

import time

import httpx
import pytest
from sqlalchemy import select

from services.common.auth import TokenIssuer
from services.common.http import service_client
from services.mailer import create_app as create_mailer
from services.mailer.config import Config as MailerConfig
from services.mailer.extensions import db as mailer_db
from services.mailer.models import Message
from services.registration.extensions import db
from services.registration.models import OutboxMessage
from services.registration.worker import make_step

from ..conftest import SIGNING_KEYS, build_app, dispose, token_keys
from .conftest import make_registration


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


def mailer_client(mailer):
    issuer = TokenIssuer(SIGNING_KEYS["registration"], "registration")
    return service_client(
        "http://mailer", issuer, "mailer", transport=httpx.WSGITransport(app=mailer)
    )


def test_outbox_is_relayed_once_even_when_run_twice(app, client, cms, event, mailer):
    client.post(
        "/registrations",
        json=make_registration(),
        headers=cms | {"Idempotency-Key": "k-0123456789"},
    )
    with app.app_context(), mailer_client(mailer) as http:
        step = make_step(http)
        assert step() == 1
        assert step() == 0
        item = db.session.scalars(select(OutboxMessage)).one()
        assert item.done_at is not None
        # Redelivery (a crash after sending, before marking done) is absorbed by the mailer,
        # also in a later second: the item's links are issued as of its creation.
        item.done_at = None
        db.session.commit()
        time.sleep(1.1)
        assert step() == 1
    with mailer.app_context():
        messages = mailer_db.session.scalars(select(Message)).all()
        assert len(messages) == 1
        assert messages[0].template == "registration_confirmation"
        assert messages[0].language == "fr"


def test_updates_consent_subscribes_through_double_opt_in(app, client, cms, event, mailer):
    with mailer.app_context():
        from services.common.auth import Claims
        from services.mailer import outreach

        outreach.upsert_list("updates", {"name": "Updates", "region": ""}, Claims("cms", "t"))
    client.post(
        "/registrations",
        json=make_registration(consents={"updates": True}),
        headers=cms | {"Idempotency-Key": "k-updates-1"},
    )
    with app.app_context(), mailer_client(mailer) as http:
        step = make_step(http)
        while step():
            pass
    with mailer.app_context():
        from services.mailer.models import Provenance, Subscription

        sub = mailer_db.session.scalars(select(Subscription)).one()
        source = mailer_db.session.scalars(select(Provenance)).one()
        templates = sorted(m.template for m in mailer_db.session.scalars(select(Message)))
    assert sub.status == "pending"  # the person confirms by e-mail first
    assert (source.source_kind, source.source_name) == ("registration", "registration form")
    assert templates == ["registration_confirmation", "subscription_confirmation"]


def test_unreachable_mailer_is_retried_later(app, client, cms, event):
    client.post(
        "/registrations",
        json=make_registration(),
        headers=cms | {"Idempotency-Key": "k-0123456789"},
    )
    issuer = TokenIssuer(SIGNING_KEYS["registration"], "registration")
    with (
        app.app_context(),
        service_client("http://127.0.0.1:9", issuer, "mailer", retries=0) as http,
    ):
        assert make_step(http)() == 0
        item = db.session.scalars(select(OutboxMessage)).one()
        assert item.done_at is None and item.attempts == 1
        assert item.last_error == "ConnectError"
        assert make_step(http)() == 0  # backing off: not due yet
        assert db.session.get(OutboxMessage, item.id).attempts == 1
