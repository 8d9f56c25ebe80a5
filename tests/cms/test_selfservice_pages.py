"""The registrant's own pages when the registration service is down, in their language."""

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db
TOKEN = "t" * 40


def test_my_registration_page_explains_an_unreachable_service(client):
    page = client.get(f"/fr/registration/mine/{TOKEN}/", follow=True)
    assert page.redirect_chain == [("/fr/registration/mine/", 302)]
    assert page.status_code == 503 and 'lang="fr"' in page.text
    assert "Le service d'inscription est injoignable" in page.text
    assert page["Referrer-Policy"] == "no-referrer"


def test_nothing_happens_on_get_of_a_consent_link(client):
    page = client.get(f"/registration/authorise/{TOKEN}/", follow=True)
    assert page.redirect_chain == [("/registration/authorise/", 302)]
    assert page.status_code == 503  # it only asked the service what to show
    assert client.get(f"/registration/elsewhere/{TOKEN}/").status_code == 404


def test_asking_for_a_link_keeps_the_answers_when_the_service_is_down(client):
    form = client.get("/es/registration/link/")
    assert form.status_code == 200 and "Recibir un enlace a mi inscripción" in form.text
    invalid = client.post("/es/registration/link/", {"email": "nope"})
    assert invalid.status_code == 422 and 'class="error-summary"' in invalid.text


def test_withdrawing_asks_for_confirmation_before_calling_the_service(client):
    client.get(f"/fr/registration/mine/{TOKEN}/")  # the e-mailed link, exchanged
    url = "/fr/registration/mine/"
    asked = client.post(url, {"action": "withdraw"})
    assert asked.status_code == 200  # the service (down here) was not called
    assert 'name="confirmed" value="yes"' in asked.text
    assert 'href="/fr/registration/mine/"' in asked.text  # a way to keep it
    assert TOKEN not in asked.text
    confirmed = client.post(url, {"action": "withdraw", "confirmed": "yes"})
    assert confirmed.status_code == 503  # now it is asked to withdraw


def test_getting_a_link_makes_the_person_choose_the_event(client):
    from .conftest import make_event

    make_event(title="First consultation", slug="first")
    make_event(title="Second consultation", slug="second", days=60)
    form = client.get("/registration/link/")
    assert '<option value="" selected>Choose an event</option>' in form.text
    assert "Second consultation" in form.text
    missing = client.post("/registration/link/", {"email": "me@example.org"})
    assert missing.status_code == 422
    assert "Choose the event you registered for." in missing.text


@pytest.fixture
def registration_service(settings, tmp_path):
    """The real registration service on a loopback port, for the pages that read it."""
    import secrets
    import threading

    from werkzeug.serving import make_server

    from services.common.auth import public_key_of
    from services.common.config import CryptoConfig, TokenKeys
    from services.common.crypto import LocalKeyring
    from services.registration import create_app
    from services.registration.config import Config
    from tests.services.conftest import build_app, dispose

    LocalKeyring.add_key(tmp_path / "keys")
    config = Config(
        database_url=f"sqlite:///{tmp_path / 'registration.sqlite3'}",
        crypto=CryptoConfig(
            keyring="local", key_dir=tmp_path / "keys", blind_index_key=secrets.token_bytes(32)
        ),
        tokens=TokenKeys("", {"cms": public_key_of(settings.WAGTAILCONVENE_SIGNING_KEY)}),
        mailer_url="http://127.0.0.1:9",
        public_url="http://testserver",
    )
    app = build_app(create_app, config)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILCONVENE_REGISTRATION_URL = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    from services.registration.extensions import db

    dispose(app, db)


def _emailed_path(app, topic: str, registration_id: str, link: str) -> str:
    """The path of the link the service e-mails for `topic` (its e-mail, not typed)."""
    from services.registration import messages

    with app.test_request_context():
        return messages.build(topic, registration_id)["context"][link].split("testserver", 1)[1]


def test_pages_show_the_event_title_in_the_readers_language(client, registration_service):
    """Issue 15: every translation was sent with its own title, the Arabic one last, so the
    French "my registration", its download and the focal point's page showed Arabic."""
    from wagtail_convene.clients import RegistrationClient

    from .conftest import make_event, open_track, publish, translate_page

    page = make_event(
        title="Regional consultation",
        tracks=[open_track(), open_track("Speakers", kind="floor_speaker")],
    )
    for code, title in (("fr", "Consultation régionale"), ("ar", "المشاورة الإقليمية")):
        copy = translate_page(page, code)
        copy.title = title
        publish(copy)  # each publish sends the event; Arabic is sent last
    speakers = str(page.tracks.get(kind="floor_speaker").key)
    with RegistrationClient.from_settings() as service:
        rid = service.register(
            {
                "event": page.event_key,
                "track": speakers,
                "name": "Amina",
                "email": "amina@example.org",
                "country": "FR",
                "age_band": "30_59",
                "language": "fr",
                "category": "civil_society",
                "statement": "Expert.",
                "focal_point_name": "Focal",
                "focal_point_email": "focal@example.org",
            },
            "issue-15-title",
        )["id"]

    with translation.override("en"):  # the pages switch language; later tests expect English
        _check_pages(client, registration_service, rid)


def _check_pages(client, registration_service, rid):
    mine = _emailed_path(registration_service, "registration.receipt", rid, "my_registration_url")
    assert mine.startswith("/fr/registration/mine/")
    french = client.get(mine, follow=True).text
    assert "Consultation régionale" in french and "المشاورة" not in french
    english = client.get("/registration/mine/").text  # the same cookie, another language
    assert "Regional consultation" in english and "المشاورة" not in english
    download = client.post("/fr/registration/mine/download/").json()
    assert download["event_title"] == "Consultation régionale"
    authorise = _emailed_path(
        registration_service, "registration.authorisation", rid, "authorise_url"
    )
    focal = client.get(authorise, follow=True).text
    assert "Consultation régionale" in focal and "المشاورة" not in focal
    assert "المشاورة الإقليمية" in client.get("/ar/registration/authorise/").text
