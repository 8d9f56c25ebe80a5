"""The public registration forms, as a stakeholder on a bad connection meets them."""

import re

import pytest

from .conftest import make_event, open_track, translate_page

pytestmark = pytest.mark.django_db


def idempotency_key(html: str) -> str:
    return re.search(r'name="idempotency_key" value="([0-9a-f]+)"', html).group(1)


def form_url(page, index: int = 0) -> str:
    return f"{page.url}register/{page.tracks.all()[index].key}/"


PERSON = {
    "name": "Amina Canary",
    "email": "amina@example.org",
    "country": "KE",
    "gender": "woman",
    "age_band": "30_59",
}


def test_one_open_track_leads_straight_to_its_form(client):
    page = make_event()
    response = client.get(page.url + "register/")
    assert response.status_code == 302 and response["Location"] == form_url(page)


def test_several_tracks_are_offered_to_choose_from(client):
    page = make_event(
        tracks=[open_track("Participants"), open_track("Floor", kind="floor_speaker")]
    )
    html = client.get(page.url + "register/").text
    assert form_url(page, 0) in html and form_url(page, 1) in html
    assert "Request to speak from the floor" in html


def test_each_rendering_mints_a_new_idempotency_key(client):
    page = make_event()
    first = client.get(form_url(page))
    second = client.get(form_url(page))
    assert first.status_code == 200
    assert idempotency_key(first.text) != idempotency_key(second.text)
    assert first["Cache-Control"].startswith("max-age=0") or "no-cache" in first["Cache-Control"]


def test_nothing_is_shared_unless_the_person_ticks_it(client):
    html = client.get(form_url(make_event())).text
    for name in ("public_listing", "share_contact", "updates"):
        box = re.search(rf'<input type="checkbox" name="{name}"[^>]*>', html).group(0)
        assert "checked" not in box


def test_a_floor_speaker_form_asks_for_the_focal_point_and_expertise(client):
    page = make_event(tracks=[open_track("Floor", kind="floor_speaker")])
    html = client.get(form_url(page)).text
    assert 'name="focal_point_email"' in html and 'name="statement"' in html
    response = client.post(form_url(page), {**PERSON, "idempotency_key": "k" * 32})
    assert response.status_code == 422
    assert 'id="id_focal_point_name_error"' in response.text
    assert 'id="id_category_error"' in response.text


def test_under_18_needs_a_guardian(client):
    page = make_event()
    response = client.post(
        form_url(page), {**PERSON, "age_band": "under_18", "idempotency_key": "k" * 32}
    )
    assert response.status_code == 422 and 'id="id_guardian_email_error"' in response.text


@pytest.mark.parametrize(
    ("language", "country", "label"),
    [
        ("fr", "Allemagne", "Nom complet"),
        ("es", "Alemania", "Nombre completo"),
        ("en", "Germany", "Full name"),
    ],
)
def test_the_form_speaks_the_visitors_language(client, language, country, label):
    page = make_event()
    if language != "en":
        page = translate_page(page, language)
        assert page.url.startswith(f"/{language}/")
    html = client.get(form_url(page)).text
    assert f'<option value="DE">{country}</option>' in html
    assert f'lang="{language}"' in html and label in html


def test_field_errors_are_shown_next_to_the_field_and_nothing_is_sent(client):
    page = make_event()
    key = idempotency_key(client.get(form_url(page)).text)
    response = client.post(
        form_url(page), {"name": "", "email": "nope", "country": "DE", "idempotency_key": key}
    )
    assert response.status_code == 422
    assert 'id="id_email_error"' in response.text and 'id="id_name_error"' in response.text


def test_unreachable_service_keeps_answers_and_key_for_a_safe_retry(client):
    page = make_event()
    key = idempotency_key(client.get(form_url(page)).text)
    response = client.post(form_url(page), {**PERSON, "idempotency_key": key})
    assert response.status_code == 503
    assert "could not reach the registration service" in response.text
    assert idempotency_key(response.text) == key
    assert 'value="Amina Canary"' in response.text


@pytest.mark.parametrize("status", [429, 503])
def test_a_busy_service_keeps_answers_and_key_and_says_nothing_was_lost(
    client, monkeypatch, status
):
    """The service sheds load with 429 or 503 and Retry-After (services/common/overload.py):
    the person reads, in their language, to send again in a moment, not twice."""
    import html

    import httpx

    from tests.support.catalogue import tr
    from wagtail_convene.clients import registration

    def busy(request):
        body = {"code": status, "status": "Busy", "message": "The service is busy."}
        return httpx.Response(status, json=body, headers={"Retry-After": "2"})

    real = registration.RegistrationClient.__init__

    def with_mock(self, base_url, tokens, timeout=10.0, transport=None):
        real(self, base_url, tokens, timeout, httpx.MockTransport(busy))

    monkeypatch.setattr(registration.RegistrationClient, "__init__", with_mock)
    page = translate_page(make_event(), "fr")
    key = idempotency_key(client.get(form_url(page)).text)
    response = client.post(form_url(page), {**PERSON, "idempotency_key": key})
    assert response.status_code == 503
    said = tr(
        "fr",
        "We could not reach the registration service. Your answers are kept below: please "
        "send the form again in a moment. You will not be registered twice.",
    )
    assert said in html.unescape(response.text)
    assert idempotency_key(response.text) == key and 'value="Amina Canary"' in response.text


def test_closed_or_unpublished_events_do_not_take_registrations(client):
    closed = make_event(registration_open=False)
    assert client.get(closed.url + "register/").status_code == 410
    assert client.get(form_url(closed)).status_code == 410
    assert "Registration for this event is closed" in client.get(closed.url).text
