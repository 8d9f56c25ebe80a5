"""A registrant's own page by signed link; third parties' links; erasure; statistics."""

import uuid

from sqlalchemy import select

from services.registration import links, messages
from services.registration.extensions import db
from services.registration.models import Registration

from .conftest import register, secretariat, topics


def ece():
    return secretariat("ECE")  # tokens live 30 s: mint one per call


def token_for(app, rid: str, purpose: str = "self") -> str:
    with app.test_request_context():
        reg = db.session.get(Registration, uuid.UUID(rid))
        return links.make(reg.id, purpose, reg.link_version)


def test_the_receipt_carries_a_working_link_to_my_registration(app, client, cms, event):
    rid = register(client, cms).get_json()["id"]
    with app.test_request_context():
        receipt = messages.build("registration.receipt", rid)
    url = receipt["context"]["my_registration_url"]
    assert url.startswith("https://convene.example/fr/registration/mine/")
    assert receipt["language"] == "fr" and receipt["to"] == "amina.canary@example.org"
    token = url.rstrip("/").rsplit("/", 1)[1]
    mine = client.post("/self/view", json={"token": token}, headers=cms)
    assert mine.status_code == 200 and mine.get_json()["name"] == "Amina Canary-Name"


def test_correct_confirm_withdraw_and_download(app, client, cms, event):
    rid = register(client, cms).get_json()["id"]
    token = token_for(app, rid)
    fixed = client.post(
        "/self/update",
        json={"token": token, "name": "Amina C.", "consents": {"share_contact": True}},
        headers=cms,
    ).get_json()
    assert fixed["name"] == "Amina C." and fixed["consents"]["share_contact"] is True
    assert [c["kind"] for c in fixed["consent_history"]][-1] == "share_contact"
    early = client.post("/self/confirm", json={"token": token}, headers=cms)
    assert early.status_code == 409  # only once selected
    data = client.post("/self/export", json={"token": token}, headers=cms).get_json()
    assert data["email"] == "amina.canary@example.org" and "consent_history" in data
    gone = client.post("/self/withdraw", json={"token": token}, headers=cms).get_json()
    assert gone["status"] == "withdrawn"


def test_withdrawing_a_place_promotes_the_next_on_the_waiting_list(app, client, cms, event):
    ids = [register(client, cms, email=f"p{i}@example.org").get_json()["id"] for i in range(3)]
    for rid, action in zip(ids, ("select", "select", "waitlist"), strict=True):
        client.post(f"/registrations/{rid}/actions", json={"action": "eligible"}, headers=ece())
        client.post(f"/registrations/{rid}/actions", json={"action": action}, headers=ece())
    client.post("/self/withdraw", json={"token": token_for(app, ids[0])}, headers=cms)
    promoted = client.get(f"/registrations/{ids[2]}?reason=check promotion", headers=ece())
    assert promoted.get_json()["status"] == "selected"
    assert topics(app)[-1] == "registration.promoted"


def test_erasure_removes_personal_data_and_index_but_keeps_counts(app, client, cms, event):
    rid = register(client, cms, phone="+41 79 000 00 00").get_json()["id"]
    token = token_for(app, rid)
    assert client.post("/self/erase", json={"token": token}, headers=cms).status_code == 200
    with app.app_context():
        reg = db.session.get(Registration, uuid.UUID(rid))
        assert all(getattr(reg, column) is None for column in Registration.encrypted)
        assert reg.email_index is None and reg.erased_at is not None
        assert reg.country == "KE"  # aggregate columns stay
        with app.test_request_context():
            assert messages.build("registration.receipt", rid) is None  # nothing more is sent
    assert client.post("/self/view", json={"token": token}, headers=cms).status_code == 404
    assert client.get("/registrations", headers=ece()).get_json()["total"] == 0
    again = register(client, cms)  # the same address may register afresh
    assert again.status_code == 201 and again.get_json()["id"] != rid


def test_asking_for_a_link_never_says_whether_the_address_is_registered(app, client, cms, event):
    rid = register(client, cms).get_json()["id"]
    old = token_for(app, rid)
    known = client.post(
        "/self/links", json={"email": "amina.canary@example.org", "event": "ev-1"}, headers=cms
    )
    unknown = client.post(
        "/self/links", json={"email": "nobody@example.org", "event": "ev-1"}, headers=cms
    )
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json()
    assert topics(app)[-1] == "registration.link"
    # Asking again revokes nothing (issue 17): anyone may ask for anyone's address.
    assert client.post("/self/view", json={"token": old}, headers=cms).status_code == 200


def test_links_are_signed_for_one_purpose(app, client, cms, event):
    rid = register(client, cms).get_json()["id"]
    token = token_for(app, rid)
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    assert client.post("/self/view", json={"token": tampered}, headers=cms).status_code == 404
    wrong_purpose = client.post("/consents/authorise/confirm", json={"token": token}, headers=cms)
    assert wrong_purpose.status_code == 404


def test_focal_point_guardian_and_nominee_confirm_by_link(app, client, cms, event):
    speaker = register(
        client,
        cms,
        track="floor",
        category="civil_society",
        focal_point_name="Focal",
        focal_point_email="focal@example.org",
        statement="Expert.",
    ).get_json()["id"]
    token = token_for(app, speaker, "authorise")
    seen = client.post("/consents/authorise/view", json={"token": token}, headers=cms)
    assert seen.get_json() == {
        "event_title": "Consultation",
        "event_titles": {},
        "applicant_name": "Amina Canary-Name",
        "organisation": "Canary Org",
        "done": False,
    }
    assert client.post(
        "/consents/authorise/confirm", json={"token": token}, headers=cms
    ).get_json()["done"]
    row = client.get("/registrations?event=ev-1&track=floor", headers=ece()).get_json()["items"][0]
    assert row["criteria_met"] is False  # authorised; category and expertise not checked yet
    client.post(
        f"/registrations/{speaker}/actions",
        json={"action": "check_criteria", "criteria": {"category": True, "expertise": True}},
        headers=ece(),
    )
    met = client.get("/registrations?event=ev-1&criteria_met=true", headers=ece()).get_json()
    assert [i["id"] for i in met["items"]] == [speaker]


def test_public_statistics_hide_counts_below_five(client, cms, event):
    for i in range(6):
        register(client, cms, email=f"w{i}@example.org", gender="woman")
    register(client, cms, email="m@example.org", gender="man")
    stats = client.get("/events/ev-1/statistics", headers=cms).get_json()
    assert stats["total"] == 7
    # 6 shown would give 7 - 6 = 1 man: the 6 is withheld too (issue 17, section 6).
    assert stats["gender"] == {"man": "fewer than 5", "woman": "not shown"}
    assert stats["migrant_led"] == {"False": 7}  # nothing hidden, nothing withheld


def test_selected_people_confirm_their_place(app, client, cms, event):
    rid = register(client, cms).get_json()["id"]
    for action in ("eligible", "select"):
        client.post(f"/registrations/{rid}/actions", json={"action": action}, headers=ece())
    confirmed = client.post("/self/confirm", json={"token": token_for(app, rid)}, headers=cms)
    assert confirmed.get_json()["status"] == "confirmed"
    with app.app_context():
        statuses = db.session.scalars(select(Registration.status)).all()
    assert statuses == ["confirmed"]


def test_withdrawing_sends_the_person_an_e_mail_in_their_language(app, client, cms, event):
    from services.mailer.registration_templates import registration_templates

    from .conftest import topics

    rid = register(client, cms).get_json()["id"]
    client.post("/self/withdraw", json={"token": token_for(app, rid)}, headers=cms)
    assert "registration.withdrawn" in topics(app)
    with app.test_request_context():
        mail = messages.build("registration.withdrawn", rid)
    assert (mail["template"], mail["language"]) == ("registration_withdrawn", "fr")
    assert mail["to"] == "amina.canary@example.org"
    # The mailer links this review's reporting page, not a chooser of every review.
    assert mail["context"]["region"] == "ECE"
    assert set(registration_templates()["registration_withdrawn"]) == {
        "en",
        "fr",
        "es",
        "ar",
        "zh-hans",
        "ru",
        "pt",
    }


def test_registrations_in_the_same_minute_have_different_references(app, client, cms, event):
    """The reference was the id's first 8 characters: its creation time (UUIDv7), so two
    people registering within a minute were given the same one."""
    ids = [
        register(client, cms, email=f"same.minute.{i}@example.org").get_json()["id"]
        for i in range(20)
    ]
    with app.test_request_context():
        references = {
            messages.build("registration.receipt", rid)["context"]["reference"] for rid in ids
        }
        mine = client.post("/self/view", json={"token": token_for(app, ids[0])}, headers=cms)
    assert len(references) == 20
    assert mine.get_json()["reference"] in references
