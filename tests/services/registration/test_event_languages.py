"""An event published in several languages (issue 15, bugs 1 and 2).

The CMS sends the event once per translation (on each publish, and all of them at
start-up), the Arabic one last here. Each person still reads the title in their own
language, and the meeting's time in the event's own zone with its UTC offset, in the
e-mail that reaches the SMTP sink, on "my registration", in the JSON download and on
the focal point's page.
"""

from services.mailer.senders import SMTPSender
from services.mailer.worker import make_step as mailer_step
from services.registration.worker import make_step as relay_step

from .conftest import event_settings, register
from .test_relay import mailer, mailer_client  # noqa: F401 (the in-process mailer)
from .test_selfservice import token_for

TITLES = {
    "en": "Regional consultation",
    "fr": "Consultation régionale",
    "ar": "المشاورة الإقليمية",
    "zh-Hans": "区域磋商",
}
# 10:00 in Zurich on a winter day (UTC+01:00), as the CMS sends it.
WINTER = {"starts_at": "2027-01-14T10:00:00+01:00", "ends_at": "2027-01-14T13:00:00+01:00"}


def publish_every_translation(client, cms):
    """What the CMS sends for each translation, Arabic last: the same settings each time."""
    for _language in ("en", "fr", "ar"):
        settings = event_settings(title=TITLES["en"], titles=TITLES, **WINTER)
        response = client.put("/events/ev-1", json=settings, headers=cms)
        assert response.status_code == 200, response.get_json()
    return response.get_json()


def deliver(app, mailer, smtp_sink, count):  # noqa: F811
    with app.app_context(), mailer_client(mailer) as http:
        step = relay_step(http)
        while step():
            pass
    sender = SMTPSender("127.0.0.1", smtp_sink.port, "Convene <no-reply@convene.localhost>")
    with mailer.app_context():
        mailer_step(sender)()
    return smtp_sink.wait_for(count)


def test_each_registrant_reads_the_title_and_time_of_their_language(
    app,
    client,
    cms,
    mailer,  # noqa: F811
    smtp_sink,
):
    stored = publish_every_translation(client, cms)
    assert stored["title"] == TITLES["en"]  # what integrators read: the default language
    assert stored["titles"]["fr"] == TITLES["fr"] and stored["titles"]["zh-hans"] == "区域磋商"
    register(client, cms, language="fr")
    register(client, cms, language="en", email="en@example.org")
    register(client, cms, language="zh-hans", email="zh@example.org")
    register(client, cms, language="es", email="es@example.org")  # no Spanish title
    mails = {m["To"]: m for m in deliver(app, mailer, smtp_sink, 4)}

    french = mails["amina.canary@example.org"].get_content()
    assert "Nous avons bien reçu votre inscription à\u00a0: Consultation régionale." in french
    assert "Date et heure\u00a0: 14 janvier 2027, 10:00 (Europe/Zurich, UTC+01:00)" in french
    assert TITLES["ar"] not in french
    english = mails["en@example.org"].get_content()
    assert "your registration for: Regional consultation." in english
    assert "January 14, 2027" in english and "10:00" in english and "UTC+01:00" in english
    assert "9:00" not in english
    chinese = mails["zh@example.org"].get_content()
    assert "区域磋商" in chinese and "2027年1月14日 10:00 (Europe/Zurich, UTC+01:00)" in chinese
    spanish = mails["es@example.org"].get_content()
    assert "Regional consultation" in spanish  # the default language's title
    assert "14 de enero de 2027, 10:00 (Europe/Zurich, UTC+01:00)" in spanish


def test_my_registration_download_and_focal_point_page_use_the_registrants_language(
    app, client, cms
):
    publish_every_translation(client, cms)
    rid = register(client, cms, language="fr").get_json()["id"]
    token = token_for(app, rid)
    mine = client.post("/self/view", json={"token": token}, headers=cms).get_json()
    assert mine["event_title"] == TITLES["fr"]
    download = client.post("/self/export", json={"token": token}, headers=cms).get_json()
    assert download["event_title"] == TITLES["fr"]
    speaker = register(
        client,
        cms,
        language="fr",
        email="speaker@example.org",
        track="floor",
        category="civil_society",
        focal_point_name="Focal",
        focal_point_email="focal@example.org",
        statement="Expert.",
    ).get_json()["id"]
    page = client.post(
        "/consents/authorise/view",
        json={"token": token_for(app, speaker, "authorise")},
        headers=cms,
    ).get_json()
    assert page["event_title"] == TITLES["fr"]
    assert page["event_titles"]["ar"] == TITLES["ar"]  # the page may show its own language


def test_an_integrator_sending_only_a_title_still_works(app, client, cms):
    response = client.put("/events/ev-2", json=event_settings(title="Briefing"), headers=cms)
    assert response.status_code == 200 and response.get_json()["titles"] == {}
    rid = register(client, cms, event="ev-2", language="ar").get_json()["id"]
    mine = client.post("/self/view", json={"token": token_for(app, rid)}, headers=cms).get_json()
    assert mine["event_title"] == "Briefing"
    refused = client.put(
        "/events/ev-3", json=event_settings(titles={"not a language": "x"}), headers=cms
    )
    assert refused.status_code == 422
