"""Mail to people the registrant names (issue 17, section 1). Each test performs the
attack: a registrant who writes their own text into a focal point's, guardian's or
nominee's mail; who names themselves as their own focal point or guardian; and someone
who asks for a victim's link again and again to cut them off."""

from __future__ import annotations

import json
import re
import uuid
from datetime import timedelta
from string import Template

import pytest
from sqlalchemy import update

from services.mailer.extensions import db as mailer_db
from services.mailer.models import Message, Suppression
from services.mailer.registration_templates import registration_templates
from services.mailer.senders import SMTPSender
from services.mailer.worker import make_step as mailer_step
from services.registration import messages
from services.registration.extensions import db
from services.registration.models import Registration
from services.registration.worker import make_step as relay_step

from ..conftest import bearer
from .conftest import register, secretariat, topics
from .test_relay import mailer, mailer_client  # noqa: F401 (the in-process mailer)
from .test_selfservice import token_for

# What a hostile registrant types: it must reach no one they name.
SPAM = "Canary-Spam BUY NOW https://spam.example"
FLOOR = {
    "track": "floor",
    "category": "civil_society",
    "name": SPAM,
    "organisation": f"{SPAM} Org",
    "focal_point_name": f"{SPAM} Focal",
    "focal_point_email": "focal.victim@example.net",
    "statement": "Ten years of work on migrants' rights.",
}
MINOR = {"age_band": "under_18", "name": SPAM, "guardian_email": "guardian.victim@example.net"}
NOMINATION = {
    "track": "nominate",
    "email": "nominee.victim@example.net",
    "name": SPAM,
    "organisation": f"{SPAM} Org",
    "nominator_name": f"{SPAM} Lead",
    "nominator_email": "lead@example.org",
    "nominator_organisation": f"{SPAM} Network",
}
THIRD_PARTY = {
    "registration.authorisation": ("authorisation_request", FLOOR),
    "registration.guardian": ("guardian_consent_request", MINOR),
    "registration.nomination": ("nomination_request", NOMINATION),
}
# Variables the mailer fills itself, whatever the sender: the reporting page and the
# recipient's own "never mail me again" link.
MAILER_FILLS = {"reporting_url", "contest_url", "never_mail_url"}


def built(app, rid: str, topic: str) -> dict:
    with app.test_request_context():
        return messages.build(topic, rid)


@pytest.mark.parametrize("topic", THIRD_PARTY)
def test_a_third_party_request_carries_nothing_the_registrant_typed(app, client, cms, event, topic):
    template, answers = THIRD_PARTY[topic]
    rid = register(client, cms, **answers).get_json()["id"]
    assert topic in topics(app)
    request = built(app, rid, topic)
    assert request["template"] == template
    assert "canary" not in json.dumps(request["context"]).lower()
    assert "spam" not in json.dumps(request["context"]).lower()


def test_a_third_party_mail_reaches_its_reader_without_the_registrants_text_and_with_a_way_out(
    app,
    client,
    cms,
    event,
    mailer,  # noqa: F811
    smtp_sink,
):
    for answers in (FLOOR, MINOR, NOMINATION):
        email = answers.get("email") or f"{uuid.uuid4().hex[:8]}@example.org"
        assert register(client, cms, **{**answers, "email": email}).status_code == 201
    with app.app_context(), mailer_client(mailer) as http:
        step = relay_step(http)
        while step():
            pass
    sender = SMTPSender("127.0.0.1", smtp_sink.port, "Convene <no-reply@convene.localhost>")
    with mailer.app_context():
        mailer_step(sender)()
    victims = {
        "focal.victim@example.net",
        "guardian.victim@example.net",
        "nominee.victim@example.net",
    }
    mails = [m for m in smtp_sink.wait_for(5) if m["To"] in victims]
    assert {m["To"] for m in mails} == victims
    for mail in mails:
        text = mail.get_content()
        assert "canary" not in text.lower() and "spam" not in text.lower(), text
        assert "Quelqu'un a saisi cette adresse" in text  # in the registrant's language
        assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        token = re.search(r"/fr/mail/never/([\w-]+)/", text).group(1)
        # Following the link: the mailer never writes to that address again.
        with mailer.test_client() as web:
            done = web.post(
                "/suppressions", json={"token": token}, headers=bearer("mailer", roles=["cms"])
            )
            assert done.get_json()["status"] == "suppressed"
    with mailer.app_context():
        assert len(mailer_db.session.query(Suppression).all()) == 3
    # A registration naming the same focal point again: withheld, not sent.
    again = register(client, cms, **{**FLOOR, "email": "other@example.org"})
    assert again.status_code == 201
    with app.app_context(), mailer_client(mailer) as http:
        step = relay_step(http)
        while step():
            pass
    with mailer.app_context():
        newest = mailer_db.session.query(Message).order_by(Message.created_at.desc()).first()
        assert newest.template == "authorisation_request" and newest.status == "withheld"


def test_the_context_sent_and_the_templates_variables_agree(app, client, cms, event):
    """The two sides of the boundary: every variable a registration text uses is in the
    context the registration service sends for it (or filled by the mailer); a request
    to a third party sends nothing its text does not use."""
    rids = {
        "floor": register(client, cms, **FLOOR).get_json()["id"],
        "minor": register(client, cms, **{**MINOR, "email": "m@example.org"}).get_json()["id"],
        "nominee": register(client, cms, **NOMINATION).get_json()["id"],
        "plain": register(client, cms, email="plain@example.org").get_json()["id"],
    }
    cases = {
        "registration.receipt": "plain",
        "registration.link": "plain",
        "registration.withdrawn": "plain",
        "registration.authorisation": "floor",
        "registration.guardian": "minor",
        "registration.nomination": "nominee",
    }
    with app.app_context():
        db.session.execute(
            update(Registration)
            .where(Registration.id == uuid.UUID(rids["plain"]))
            .values(status="withdrawn")
        )
        db.session.commit()
    texts = registration_templates()
    for topic, who in cases.items():
        request = built(app, rids[who], topic)
        sent = set(request["context"]) - {"region"}  # region: the mailer's links only
        used = set()
        for _subject, body in texts[request["template"]].values():
            used |= set(Template(body).get_identifiers())
        assert used - MAILER_FILLS <= sent, (topic, used - MAILER_FILLS - sent)
        if topic in THIRD_PARTY:  # and to a third party, nothing more than the text uses
            assert sent <= used, (topic, sent - used)


@pytest.mark.parametrize(
    ("field", "answers"),
    [
        ("focal_point_email", FLOOR),
        ("guardian_email", {"age_band": "under_18"}),
    ],
)
@pytest.mark.parametrize(
    "own",
    ["amina.canary@example.org", " AMINA.Canary@Example.ORG ", "ａｍｉｎａ.canary@example.org"],
)
def test_naming_oneself_as_focal_point_or_guardian_is_refused(
    app, client, cms, event, field, answers, own
):
    refused = register(client, cms, **{**answers, field: own})
    assert refused.status_code == 422, refused.get_json()
    assert refused.get_json()["errors"][field][0].endswith("give their own address.")
    assert topics(app) == []


def test_the_secretariat_sees_when_a_focal_point_or_guardian_shares_the_domain(
    app, client, cms, event
):
    floor = register(client, cms, **{**FLOOR, "focal_point_email": "boss@EXAMPLE.org"}).get_json()[
        "id"
    ]
    minor = register(
        client, cms, **{**MINOR, "email": "kid@mail.example", "guardian_email": "mum@mail.example"}
    ).get_json()["id"]
    apart = register(client, cms, **{**FLOOR, "email": "x@elsewhere.example"}).get_json()["id"]
    seen = {}
    for rid in (floor, minor, apart):
        detail = client.get(
            f"/registrations/{rid}?reason=eligibility check", headers=secretariat("ECE")
        )
        assert detail.status_code == 200, detail.get_json()
        seen[rid] = detail.get_json()["same_domain"]
    assert seen == {floor: ["focal_point"], minor: ["guardian"], apart: []}


def test_asking_for_the_link_twice_keeps_the_first_link_working(app, client, cms, event):
    rid = register(client, cms).get_json()["id"]
    first = token_for(app, rid)
    ask = {"email": "amina.canary@example.org", "event": "ev-1"}
    for _ in range(5):
        assert client.post("/self/links", json=ask, headers=cms).status_code == 202
    assert client.post("/self/view", json={"token": first}, headers=cms).status_code == 200
    # Within the cooldown, five requests queue one mail; its link works too.
    assert topics(app).count("registration.link") == 1
    mailed = built(app, rid, "registration.link")["context"]["my_registration_url"]
    token = mailed.rstrip("/").rsplit("/", 1)[1]
    assert client.post("/self/view", json={"token": token}, headers=cms).status_code == 200
    # After the cooldown, another request sends the link again.
    with app.app_context():
        reg = db.session.get(Registration, uuid.UUID(rid))
        reg.link_sent_at -= timedelta(minutes=16)
        db.session.commit()
    client.post("/self/links", json=ask, headers=cms)
    assert topics(app).count("registration.link") == 2
    assert client.post("/self/view", json={"token": first}, headers=cms).status_code == 200
