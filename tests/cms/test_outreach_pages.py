"""Public newsletter pages when the mailer cannot be reached, and RFC 8058 one-click."""

import pytest

pytestmark = pytest.mark.django_db


def test_subscribe_form_explains_an_unreachable_mailer(client):
    page = client.get("/newsletter/subscribe/")
    assert page.status_code == 200 and "Subscribe to updates" in page.text
    response = client.post("/newsletter/subscribe/", {"email": "a@example.org"})
    assert response.status_code == 503
    assert "could not record your subscription" in response.text
    invalid = client.post("/newsletter/subscribe/", {"email": "nope"})
    assert invalid.status_code == 422 and 'class="error-summary"' in invalid.text


def test_unsubscribe_page_offers_this_list_or_everything(client):
    page = client.get("/fr/newsletter/unsubscribe/sometoken1234567890/", follow=True)
    assert page.redirect_chain == [("/fr/newsletter/unsubscribe/", 302)]
    assert page.status_code == 200
    assert "Cette liste seulement" in page.text and 'lang="fr"' in page.text


def test_one_click_post_needs_no_csrf_token(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/newsletter/unsubscribe/sometoken1234567890/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 503  # reached the view (no CSRF refusal), mailer down
    assert "cannot be reached" in response.text


def test_confirm_links_do_nothing_on_get(client):
    page = client.get("/newsletter/confirm/sometoken1234567890/", follow=True)
    assert page.status_code == 200 and "<form" in page.text
