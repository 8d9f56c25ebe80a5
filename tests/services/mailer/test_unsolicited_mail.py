"""Mail to people who did not ask for it (issue 17, section 1). Each test performs the
attack: a newsletter form submitted 20 times for someone else's address, a fourth
confirmation to one address in a day, mail to an address that asked never to be mailed,
and the "never mail me again" link of a mail anyone could cause. What the fix added is
imported inside the tests, so that each test fails on its own before the fix."""

from __future__ import annotations

import re
import threading
import uuid

from sqlalchemy import select

from services.mailer import create_app
from services.mailer.config import Config
from services.mailer.extensions import db
from services.mailer.models import Message, Suppression
from services.mailer.senders import SMTPSender

from ..conftest import bearer, service_app
from .conftest import make_message
from .test_outreach import cms, make_list, run_worker

VICTIM = "victim.canary@example.org"
FOCAL = {"event_title": "Consultation", "event_when": "-", "authorise_url": "https://x/a/"}


def queue(client, template="registration_confirmation", to=VICTIM, context=None, **extra):
    data = make_message(template=template, to=to, **extra)
    if context is not None:
        data["context"] = context
    headers = bearer("mailer", issuer="registration") | {"Idempotency-Key": uuid.uuid4().hex}
    response = client.post("/messages", json=data, headers=headers)
    assert response.status_code == 202, response.get_json()
    return response.get_json()


def statuses(app) -> list[str]:
    with app.app_context():
        return [m.status for m in db.session.scalars(select(Message).order_by(Message.created_at))]


def sink_sender(smtp_sink):
    return SMTPSender("127.0.0.1", smtp_sink.port, "Convene <no-reply@convene.localhost>")


def never_mail_token(mail) -> str:
    return re.search(r"/mail/never/([\w-]+)/", mail.get_content()).group(1)


def test_twenty_subscription_requests_for_one_address_send_one_confirmation(app, client, smtp_sink):
    make_list(client)
    for _ in range(20):
        asked = client.post(
            "/subscriptions",
            json={"list": "ece", "email": VICTIM, "language": "en"},
            headers=cms(),
        )
        assert asked.get_json() == {"status": "pending", "count": 1}
    run_worker(app, sink_sender(smtp_sink))
    assert len(smtp_sink.wait_for(1)) == 1
    assert statuses(app) == ["sent"]
    # The first link still confirms: asking again did not replace it.
    token = re.search(r"/newsletter/confirm/([\w-]+)/", smtp_sink.messages[0].get_content())
    confirmed = client.post("/subscriptions/confirm", json={"token": token.group(1)}, headers=cms())
    assert confirmed.get_json()["status"] == "subscribed"


def test_a_fourth_confirmation_to_one_address_in_a_day_is_not_sent(app, client, smtp_sink):
    answers = [queue(client, context={"name": "N", "event_title": "E"}) for _ in range(4)]
    assert [a["status"] for a in answers] == ["queued", "queued", "queued", "withheld"]
    queue(client, to="someone.else@example.org")  # another address has its own count
    queue(client, template="decision_selected")  # a decision is not a mail anyone can cause
    run_worker(app, sink_sender(smtp_sink))
    sent = smtp_sink.wait_for(5)
    assert [m["To"] for m in sent].count(VICTIM) == 4  # three confirmations, one decision
    from services.mailer.models import RecipientDay  # (imports inside: see the module's doc)

    with app.app_context():
        day = db.session.scalars(select(RecipientDay)).all()
    assert sorted(d.count for d in day) == [1, 3]
    assert all(VICTIM not in d.email_index for d in day)  # the blind index, not the address


def test_the_daily_limit_is_a_setting(database_url, crypto_config):
    for app in service_app(
        create_app, Config, database_url, crypto_config, smtp_port=9, recipient_daily_limit=1
    ):
        client = app.test_client()
        assert [queue(client)["status"] for _ in range(2)] == ["queued", "withheld"]


def test_the_daily_count_is_atomic_when_many_requests_come_at_once(app):
    """Twelve requests for one address at the same moment: exactly three go."""
    results, barrier = [], threading.Barrier(12)

    def one():
        client = app.test_client()
        barrier.wait()
        results.append(queue(client)["status"])

    threads = [threading.Thread(target=one) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["queued"] * 3 + ["withheld"] * 9
    assert statuses(app).count("queued") == 3


def test_a_suppressed_address_gets_nothing(app, client, smtp_sink):
    make_list(client)
    early = queue(client, template="decision_selected")  # queued before the suppression
    with app.app_context():
        from services.mailer.recipients import never_mail_token as mint

        token = mint(VICTIM)
    done = client.post("/suppressions", json={"token": token}, headers=cms())
    assert done.get_json() == {"status": "suppressed", "count": 1}
    assert queue(client)["status"] == "withheld"
    assert queue(client, template="authorisation_request", context=FOCAL)["status"] == "withheld"
    assert queue(client, template="decision_not_selected")["status"] == "withheld"
    client.post("/subscriptions", json={"list": "ece", "email": VICTIM}, headers=cms())
    run_worker(app, sink_sender(smtp_sink))
    assert smtp_sink.messages == []
    assert client.get(f"/messages/{early['id']}", headers=cms()).get_json()["status"] == "withheld"
    from services.mailer.models import RecipientDay

    with app.app_context():  # nothing counted against the day either
        assert db.session.scalars(select(RecipientDay)).all() == []


def test_unsubscribing_from_every_list_still_lets_a_registrant_hear_about_their_registration(
    app, client, smtp_sink
):
    with app.app_context():
        from services.mailer.contacts import email_index

        db.session.add(Suppression(email_index=email_index(VICTIM), reason="unsubscribe"))
        db.session.commit()
    assert queue(client, template="decision_selected")["status"] == "queued"


def test_a_third_party_mail_carries_a_never_mail_link_that_works(app, client, smtp_sink):
    queue(client, template="authorisation_request", context=FOCAL, language="fr")
    run_worker(app, sink_sender(smtp_sink))
    [mail] = smtp_sink.wait_for(1)
    body = mail.get_content()
    assert "Si vous n'attendiez pas ce message, ignorez-le ou dites-le-nous" in body
    token = never_mail_token(mail)
    assert mail["List-Unsubscribe"] == f"<http://127.0.0.1:8000/fr/mail/never/{token}/>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert VICTIM not in token and "canary" not in mail["List-Unsubscribe"]
    forged = client.post("/suppressions", json={"token": token[:-4] + "AAAA"}, headers=cms())
    assert forged.status_code == 404
    assert client.post("/suppressions", json={"token": token}, headers=cms()).status_code == 200
    assert queue(client, template="authorisation_request", context=FOCAL)["status"] == "withheld"
    with app.app_context():
        assert db.session.scalars(select(Suppression.reason)).all() == ["never_mail"]
    # The same link undoes it: only the mailbox's holder has it.
    undo = client.post("/suppressions", json={"token": token, "suppress": False}, headers=cms())
    assert undo.get_json() == {"status": "open", "count": 1}
    assert queue(client, template="authorisation_request", context=FOCAL)["status"] == "queued"


def test_a_sender_cannot_set_the_never_mail_link(app, client, smtp_sink):
    context = {**FOCAL, "never_mail_url": "https://evil.example/never/"}
    queue(client, template="authorisation_request", context=context)
    run_worker(app, sink_sender(smtp_sink))
    [mail] = smtp_sink.wait_for(1)
    assert "evil.example" not in mail.as_string() and "/mail/never/" in mail.get_content()


def test_only_the_website_may_suppress_by_link(client):
    refused = client.post(
        "/suppressions",
        json={"token": "x" * 40},
        headers=bearer("mailer", issuer="registration"),
    )
    assert refused.status_code == 403
