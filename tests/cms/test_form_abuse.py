"""The public forms cannot be turned against anyone (issue 17, section 1). Each test
performs the attack: a flood of posts from one client, a registrant naming themselves as
their own focal point, a scripted report without the form's ticket; and shows that a
person without JavaScript still sends a report, and that nothing keeps an address. What
the fix added is imported inside the tests, so that each test fails on its own before it."""

from __future__ import annotations

import datetime
import html
import math
import re
import secrets
import threading
import time
import types

import pytest
from django.apps import apps
from django.utils import translation

from wagtail_convene.reporting.models import ReportingPage

from .conftest import make_event, make_review, make_reviewer, open_track, publish, translate_page
from .test_registration_form import PERSON, form_url
from .test_selfservice_pages import registration_service  # noqa: F401 (a real service)

pytestmark = pytest.mark.django_db
CLIENT, OTHER = "203.0.113.9", "203.0.113.77"
TOO_MANY = re.compile(r"Too many attempts from your connection\. .*try again in (\d+) minutes?\.")


def post(client, url, data, address=CLIENT, **extra):
    return client.post(url, data, REMOTE_ADDR=address, **extra)


def test_a_flood_of_newsletter_posts_is_refused_with_429_and_keeps_the_answers(client):
    answers = {"email": "victim@example.org", "name": "Amina Canary"}
    for _ in range(5):  # the mailer is down in unit tests: each is a 503 with the form
        assert post(client, "/newsletter/subscribe/", answers).status_code == 503
    refused = post(client, "/newsletter/subscribe/", answers)
    assert refused.status_code == 429
    # The window is 10 minutes from the first post: the header gives the seconds left (the
    # failing mailer calls above take a while), and the page the same, in whole minutes.
    waited = int(refused["Retry-After"])
    assert 0 < waited <= 600
    assert int(TOO_MANY.search(refused.text).group(1)) == math.ceil(waited / 60)
    assert 'value="victim@example.org"' in refused.text and 'value="Amina Canary"' in refused.text
    assert post(client, "/newsletter/subscribe/", answers, OTHER).status_code == 503


def test_a_flood_of_registrations_is_refused_in_the_readers_language(client):
    url = form_url(translate_page(make_event(), "fr"))
    answers = {**PERSON, "name": "Amina Canary", "idempotency_key": "k" * 32}
    codes = [post(client, url, answers).status_code for _ in range(10)]
    assert 429 not in codes
    refused = post(client, url, answers)
    assert refused.status_code == 429 and 'value="Amina Canary"' in refused.text
    assert "Trop de tentatives depuis votre connexion. Vos réponses sont conservées" in (
        refused.text
    )


def test_a_flood_of_link_requests_and_consent_confirmations_is_refused(client):
    link = [post(client, "/registration/link/", {"email": "v@example.org"}) for _ in range(6)]
    assert [r.status_code for r in link][-1] == 429
    assert 'value="v@example.org"' in link[-1].text
    client.get("/registration/authorise/some-token/")  # the link, exchanged for a cookie
    url = "/registration/authorise/"
    consents = [post(client, url, {}).status_code for _ in range(11)]
    assert consents[:10] == [503] * 10 and consents[10] == 429
    assert client.get(url, REMOTE_ADDR=CLIENT).status_code == 503  # reading is not counted


def test_the_counts_keep_no_address_and_change_name_every_day(client, monkeypatch):
    from wagtail_convene import throttle

    for _ in range(3):
        post(client, "/newsletter/subscribe/", {"email": "x@example.org"})
    store = apps.get_app_config("wagtail_convene").throttle_store
    keys = " ".join(str(k) for k in store._cache)
    assert keys and CLIENT not in keys and "203" not in keys
    request = types.SimpleNamespace(META={"REMOTE_ADDR": CLIENT})
    today = throttle.client_name(request)
    later = throttle.timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(throttle.timezone, "now", lambda: later)
    assert throttle.client_name(request) not in (today, None)


def test_behind_the_proxy_the_forwarded_client_is_counted_and_no_address_is_left_to_nginx(
    client, settings
):
    settings.CONVENE_TRUSTED_PROXIES = 1
    for _ in range(5):
        post(client, "/registration/link/", {}, "127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4")
    again = post(client, "/registration/link/", {}, HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert again.status_code == 429
    other = post(client, "/registration/link/", {}, HTTP_X_FORWARDED_FOR="198.51.100.5")
    assert other.status_code == 200  # another client: the (empty) form again
    # No X-Forwarded-For behind the proxy (the reporting path): nginx counts, not the app.
    for _ in range(8):
        assert post(client, "/registration/link/", {}, "127.0.0.1").status_code == 200


def test_a_burst_of_concurrent_posts_counts_each_once(client, settings):
    from wagtail_convene import throttle

    settings.WAGTAILCONVENE_FORM_LIMITS = {"link": [20, 600]}
    request = types.SimpleNamespace(META={"REMOTE_ADDR": CLIENT})
    refusals, barrier = [], threading.Barrier(30)

    def one():
        barrier.wait()
        refusals.append(throttle.check(request, "link"))

    threads = [threading.Thread(target=one) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r is None for r in refusals) == 20


@pytest.mark.parametrize(
    ("track", "field", "extra"),
    [
        (
            {"kind": "floor_speaker"},
            "focal_point_email",
            {"focal_point_name": "Me", "statement": "Expert.", "category": "civil_society"},
        ),
        ({}, "guardian_email", {"age_band": "under_18"}),
    ],
)
def test_naming_oneself_as_focal_point_or_guardian_is_refused_in_french(
    client, track, field, extra
):
    page = translate_page(make_event(tracks=[open_track("Track", **track)]), "fr")
    answers = {**PERSON, **extra, field: " AMINA@Example.ORG ", "idempotency_key": "k" * 32}
    refused = client.post(form_url(page), answers)
    assert refused.status_code == 422
    assert "doit être une autre personne\u00a0: indiquez sa propre adresse" in refused.text


# -- the reporting forms ------------------------------------------------------------


@pytest.fixture
def grievance_service(settings, tmp_path, monkeypatch):
    """The real grievance service on a loopback port."""
    from werkzeug.serving import make_server

    from services.common.auth import public_key_of
    from services.common.config import CryptoConfig, TokenKeys
    from services.common.crypto import LocalKeyring, passphrase
    from services.grievance import create_app
    from services.grievance.config import Config
    from services.grievance.extensions import db
    from tests.services.conftest import build_app, dispose

    cheap = passphrase.Params(n=2**10, r=8, p=1)
    monkeypatch.setattr(passphrase, "HASH_PARAMS", cheap)
    LocalKeyring.add_key(tmp_path / "keys")
    config = Config(
        database_url=f"sqlite:///{tmp_path / 'grievance.sqlite3'}",
        crypto=CryptoConfig(
            keyring="local", key_dir=tmp_path / "keys", blind_index_key=secrets.token_bytes(32)
        ),
        tokens=TokenKeys("", {"cms": public_key_of(settings.WAGTAILCONVENE_SIGNING_KEY)}),
        mailer_url="http://127.0.0.1:9",
        receipt_pepper=secrets.token_hex(32),
    )
    app = build_app(create_app, config)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILCONVENE_GRIEVANCE_URL = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    dispose(app, db)


def reports(app) -> int:
    from services.grievance.extensions import db
    from services.grievance.models import Case

    with app.app_context():
        return db.session.query(Case).count()


@pytest.fixture
def grievance_form():
    review = make_review("ECE")
    page = ReportingPage(title="Report", slug="report")
    review.add_child(instance=page)
    return publish(page).url + "grievance/"


GRIEVANCE = {"category": "accessibility", "description": "Canary: the venue had no ramp."}


def ticket_of(html: str) -> str:
    return re.search(r'name="ticket" value="([^"]+)"', html).group(1)


def later(monkeypatch, seconds: float):
    """The reporter writes for `seconds` (the tickets' clock only)."""
    from wagtail_convene.reporting import tickets

    now = time.time() + seconds
    monkeypatch.setattr(tickets, "time", types.SimpleNamespace(time=lambda: now))


def test_a_person_without_javascript_sends_a_report_once(
    client, grievance_form, grievance_service, monkeypatch
):
    form = client.get(grievance_form)
    assert "<script" not in form.text.split("<main", 1)[1]  # the form needs no script
    ticket = ticket_of(form.text)
    later(monkeypatch, 9)  # reading the page and writing: nobody does it in 8 seconds
    sent = client.post(grievance_form, {**GRIEVANCE, "ticket": ticket})
    assert sent.status_code == 200 and 'id="receipt-code"' in sent.text
    assert reports(grievance_service) == 1
    # The same ticket again (a replayed post): refused, the answers kept, a fresh ticket.
    again = client.post(grievance_form, {**GRIEVANCE, "ticket": ticket})
    assert again.status_code == 422 and "already sent" in again.text
    assert "Canary: the venue had no ramp." in again.text and ticket_of(again.text) != ticket
    assert reports(grievance_service) == 1
    from django.utils import timezone

    from wagtail_convene.reporting.models import SpentTicket

    assert [(t.day, len(t.digest)) for t in SpentTicket.objects.all()] == [
        (timezone.now().date(), 64)  # a day and a digest: no time, no address
    ]


def test_a_bare_scripted_report_is_refused_and_reaches_no_one(
    client, grievance_form, grievance_service
):
    for data in (GRIEVANCE, {**GRIEVANCE, "ticket": "forged"}):
        refused = client.post(grievance_form, data)
        assert refused.status_code == 400
        assert "could not be sent as it was" in refused.text
        assert "Canary: the venue had no ramp." in refused.text  # a person's answers stay
    reprisal_ticket = ticket_of(client.get(grievance_form.replace("grievance", "reprisal")).text)
    wrong_form = client.post(grievance_form, {**GRIEVANCE, "ticket": reprisal_ticket})
    assert wrong_form.status_code == 400
    assert reports(grievance_service) == 0


def test_a_report_sent_at_once_is_held_back_and_goes_when_sent_again(
    client, grievance_form, grievance_service, monkeypatch
):
    ticket = ticket_of(client.get(grievance_form).text)
    early = client.post(grievance_form, {**GRIEVANCE, "ticket": ticket})
    assert early.status_code == 422 and "very quickly" in early.text
    assert ticket_of(early.text) == ticket  # the wait counts from the first time it was served
    assert reports(grievance_service) == 0
    later(monkeypatch, 9)
    sent = client.post(grievance_form, {**GRIEVANCE, "ticket": ticket_of(early.text)})
    assert sent.status_code == 200 and reports(grievance_service) == 1


def test_an_old_form_comes_back_with_its_answers_and_a_fresh_ticket(
    client, grievance_form, grievance_service, monkeypatch
):
    ticket = ticket_of(client.get(grievance_form).text)
    later(monkeypatch, 49 * 3600)
    old = client.post(grievance_form, {**GRIEVANCE, "ticket": ticket})
    assert old.status_code == 422 and "open for a long time" in old.text
    assert "Canary: the venue had no ramp." in old.text and ticket_of(old.text) != ticket


def test_a_flood_of_reports_from_one_client_is_refused_with_the_answers_kept(
    client, grievance_form
):
    for _ in range(10):
        post(client, grievance_form, {"category": "accessibility"})
    refused = post(client, grievance_form, GRIEVANCE)
    assert refused.status_code == 429 and "Canary: the venue had no ramp." in refused.text


# -- the secretariat's flag ----------------------------------------------------------


def test_the_secretariat_sees_a_flag_when_the_focal_point_shares_the_domain(
    client,
    django_user_model,
    registration_service,  # noqa: F811
):
    from wagtail_convene.clients import RegistrationClient

    page = make_event(tracks=[open_track("Speakers", kind="floor_speaker")])
    with RegistrationClient.from_settings() as service:
        rid = service.register(
            {
                "event": page.event_key,
                "track": str(page.tracks.get().key),
                "name": "Amina",
                "email": "amina@ngo.example",
                "country": "FR",
                "age_band": "30_59",
                "language": "en",
                "category": "civil_society",
                "statement": "Expert.",
                "focal_point_name": "Boss",
                "focal_point_email": "boss@NGO.example",
            },
            "same-domain-flag",
        )["id"]
    client.force_login(make_reviewer(django_user_model))
    record = f"/admin/convene/intake/registrations/{rid}/?reason=eligibility+check"
    opened = client.get(record)
    assert opened.status_code == 200, opened.text[:500]
    flag = html.unescape(re.search(r'data-flag="same-domain">([^<]+)<', opened.text).group(1))
    assert flag.startswith("The focal point's e-mail address is at the same domain")
    with translation.override("fr"):
        assert "même domaine" in translation.gettext(flag)
