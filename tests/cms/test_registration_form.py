"""The public registration form, as a stakeholder on a bad connection meets it."""

import re

import pytest

from .conftest import make_event, translate_page

pytestmark = pytest.mark.django_db


def idempotency_key(html: str) -> str:
    return re.search(r'name="idempotency_key" value="([0-9a-f]+)"', html).group(1)


def test_each_rendering_mints_a_new_idempotency_key(client):
    page = make_event()
    first = client.get(page.url + "register/")
    second = client.get(page.url + "register/")
    assert first.status_code == 200
    assert idempotency_key(first.text) != idempotency_key(second.text)
    assert first["Cache-Control"].startswith("max-age=0") or "no-cache" in first["Cache-Control"]


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
    html = client.get(page.url + "register/").text
    assert f'<option value="DE">{country}</option>' in html
    assert f'lang="{language}"' in html and label in html


def test_field_errors_are_shown_next_to_the_field_and_nothing_is_sent(client):
    page = make_event()
    key = idempotency_key(client.get(page.url + "register/").text)
    response = client.post(
        page.url + "register/",
        {"name": "", "email": "nope", "country": "DE", "idempotency_key": key},
    )
    assert response.status_code == 422
    assert 'id="id_email-error"' in response.text and 'id="id_name-error"' in response.text


def test_unreachable_service_keeps_answers_and_key_for_a_safe_retry(client):
    page = make_event()
    key = idempotency_key(client.get(page.url + "register/").text)
    response = client.post(
        page.url + "register/",
        {
            "name": "Amina Canary",
            "email": "amina@example.org",
            "country": "KE",
            "idempotency_key": key,
        },
    )
    assert response.status_code == 503
    assert "could not reach the registration service" in response.text
    assert idempotency_key(response.text) == key
    assert 'value="Amina Canary"' in response.text


def test_closed_or_unpublished_events_do_not_take_registrations(client):
    closed = make_event(registration_open=False)
    assert client.get(closed.url + "register/").status_code == 410
    assert "Registration for this event is closed" in client.get(closed.url).text
