"""A registrant's erasure, and their withdrawal of consent to updates, reach the mailer
through the outbox: after an erasure neither service holds the person's address, name or
blind index (the canaries are searched for in every table of both databases)."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import MetaData, select, text

from services.mailer import contacts as mailer_contacts
from services.mailer.extensions import db as mailer_db
from services.mailer.models import Contact, Message, Subscription
from services.registration.erasures import FORGET
from services.registration.extensions import db
from services.registration.messages import WITHDRAWN
from services.registration.models import OutboxMessage, Registration
from services.registration.worker import make_step

from ..conftest import bearer
from .conftest import register
from .test_relay import mailer, mailer_client  # noqa: F401 - the mailer fixture
from .test_selfservice import token_for

EMAIL = "amina.canary@example.org"


def relay(app, mailer) -> int:  # noqa: F811
    with app.app_context(), mailer_client(mailer) as http:
        return make_step(http)()


def every_value(app, database) -> str:
    """Every row of every table, as text (sealed columns are bytes: their repr)."""
    with app.app_context():
        tables = MetaData()
        tables.reflect(database.engine)
        with database.engine.connect() as connection:
            rows = [
                row for table in tables.sorted_tables for row in connection.execute(select(table))
            ]
        return "\n".join(repr(row) for row in rows)


def mailer_state(mailer):  # noqa: F811
    with mailer.app_context():
        index = mailer_contacts.email_index(EMAIL)
        contact = mailer_db.session.scalar(select(Contact).where(Contact.email_index == index))
        messages = mailer_db.session.scalars(
            select(Message.template).where(Message.recipient_index == index)
        ).all()
        subs = mailer_db.session.scalars(select(Subscription.status)).all()
        return index, contact, messages, subs


def lists(mailer):  # noqa: F811
    with mailer.app_context():
        from services.mailer.models import MailingList

        mailer_db.session.add(MailingList(key="updates", name="Updates"))
        mailer_db.session.commit()


def test_an_erasure_leaves_no_trace_of_the_person_in_either_service(
    app,
    client,
    cms,
    event,
    mailer,  # noqa: F811
):
    lists(mailer)
    rid = register(client, cms, consents={"updates": True}).get_json()["id"]
    assert relay(app, mailer) == 2  # the receipt, and the subscription (its confirmation)
    index, contact, messages, subs = mailer_state(mailer)
    assert contact is not None and len(messages) == 2 and subs == ["pending"]
    with app.app_context():
        own_index = db.session.scalar(select(Registration.email_index))
    erased = client.post("/self/erase", json={"token": token_for(app, rid)}, headers=cms)
    assert erased.status_code == 200
    with app.app_context():
        [item] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.topic == FORGET))
        assert item.sealed and EMAIL.encode() not in item.sealed  # sealed while it waits
    assert relay(app, mailer) == 1
    _index, contact, messages, subs = mailer_state(mailer)
    assert contact is None and messages == [] and subs == []
    with app.app_context():
        assert db.session.get(OutboxMessage, item.id).sealed is None  # relayed: gone here too
    for service, database in ((app, db), (mailer, mailer_db)):
        stored = every_value(service, database)
        assert "canary" not in stored.lower()
        assert index not in stored and own_index not in stored


def test_an_address_given_elsewhere_too_stays_on_that_list(
    app,
    client,
    cms,
    event,
    mailer,  # noqa: F811
):
    lists(mailer)
    website = mailer.test_client().post(
        "/subscriptions",
        json={"list": "updates", "email": EMAIL, "language": "fr"},
        headers=bearer("mailer", roles=["cms"]),
    )
    assert website.status_code == 202
    rid = register(client, cms, consents={"updates": True}).get_json()["id"]
    relay(app, mailer)
    client.post("/self/erase", json={"token": token_for(app, rid)}, headers=cms)
    relay(app, mailer)
    _index, contact, messages, subs = mailer_state(mailer)
    assert contact is not None and subs == ["pending"]  # the website's subscription
    assert messages == []  # but no message to them is kept


def test_withdrawing_consent_to_updates_unsubscribes_in_the_mailer(
    app,
    client,
    cms,
    event,
    mailer,  # noqa: F811
):
    lists(mailer)
    rid = register(client, cms, consents={"updates": True}).get_json()["id"]
    relay(app, mailer)
    with mailer.app_context():
        mailer_db.session.execute(text("UPDATE subscriptions SET status = 'subscribed'"))
        mailer_db.session.commit()
    changed = client.post(
        "/self/update",
        json={"token": token_for(app, rid), "consents": {"updates": False}},
        headers=cms,
    )
    assert changed.status_code == 200
    with app.app_context():
        assert db.session.scalar(
            select(OutboxMessage.topic).where(OutboxMessage.topic == WITHDRAWN)
        )
    assert relay(app, mailer) == 1
    assert mailer_state(mailer)[3] == ["unsubscribed"]


def test_only_the_registration_service_may_ask(mailer):  # noqa: F811
    asked = mailer.test_client().post(
        "/people/forget", json={"email": EMAIL, "erase": True}, headers=bearer("mailer")
    )
    assert asked.status_code == 403
    assert asked.get_json()["code"] == 403


def test_the_relay_retries_while_the_mailer_is_down(app, client, cms, event):
    rid = register(client, cms).get_json()["id"]
    client.post("/self/erase", json={"token": token_for(app, rid)}, headers=cms)

    def down(request):
        raise httpx.ConnectError("refused")

    from services.common.auth import TokenIssuer
    from services.common.http import service_client

    from ..conftest import SIGNING_KEYS

    issuer = TokenIssuer(SIGNING_KEYS["registration"], "registration")
    with (
        app.app_context(),
        service_client("http://mailer", issuer, "mailer", transport=httpx.MockTransport(down)) as h,
    ):
        assert make_step(h)() == 0
        item = db.session.scalar(select(OutboxMessage).where(OutboxMessage.topic == FORGET))
        assert item.attempts == 1 and item.sealed is not None  # kept for the next try


pytestmark = pytest.mark.postgres
