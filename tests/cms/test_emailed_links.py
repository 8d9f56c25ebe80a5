"""Issue 17, section 5: the token of an e-mailed link is exchanged for a short cookie on
the link's first request, and every page is served at an address without it."""

import base64
import logging
import re
from pathlib import Path

import pytest
from django.urls import get_resolver

from wagtail_convene import emailed_links
from wagtail_convene.logs import RedactLinkTokens, redact

pytestmark = pytest.mark.django_db
TOKEN = "Canary-tok3n_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
ROOT = Path(__file__).resolve().parents[2]
LINKS = {  # the link's path (as e-mailed) -> the page's clean path
    "/fr/registration/mine/{}/": "/fr/registration/mine/",
    "/registration/authorise/{}/": "/registration/authorise/",
    "/es/registration/guardian/{}/": "/es/registration/guardian/",
    "/registration/accept/{}/": "/registration/accept/",
    "/ar/newsletter/confirm/{}/": "/ar/newsletter/confirm/",
    "/newsletter/unsubscribe/{}/": "/newsletter/unsubscribe/",
    "/ru/mail/never/{}/": "/ru/mail/never/",
}


def every_token_route() -> set[str]:
    """Each URL pattern of the site that has a `token` in it."""
    found = set()

    def walk(patterns, prefix=""):
        for pattern in patterns:
            text = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, text)
            elif "token" in text:
                found.add(text)

    walk(get_resolver().url_patterns)
    return found


def test_every_address_with_a_token_is_a_link_to_exchange():
    """Ours, and Wagtail's staff password reset (Django's view exchanges its token for a
    session and redirects to `.../set-password/` itself)."""
    assert every_token_route() == {
        "registration/mine/<str:token>/",
        "^registration/(?P<purpose>authorise|guardian|accept)/(?P<token>[^/]+)/$",
        "newsletter/confirm/<str:token>/",
        "newsletter/unsubscribe/<str:token>/",
        "mail/never/<str:token>/",
        "admin/password_reset/confirm/<uidb64>/<token>/",
    }
    assert redact("/admin/password_reset/confirm/MQ/set-password/").endswith("set-password/")
    assert "c4n4ry" not in redact("/admin/password_reset/confirm/MQ/c4n4ry-abc123/")


def test_the_services_email_exactly_these_links():
    """The other side of the boundary: the paths the services build their links with."""
    registration = (ROOT / "services" / "registration" / "messages.py").read_text()
    paths = set(re.findall(r'_url\(reg, "(\w+)"', registration))
    assert paths == {"mine", "accept", "authorise", "guardian"}
    mailer = (ROOT / "services" / "mailer" / "outreach.py").read_text()
    assert set(re.findall(r"newsletter/(\w+)/\{token\}/", mailer)) == {"confirm", "unsubscribe"}
    never = (ROOT / "services" / "mailer" / "recipients.py").read_text()
    assert re.findall(r'"\{base\}\{prefix\}(/mail/never/)\{', never) == ["/mail/never/"]


@pytest.mark.parametrize(("link", "clean"), LINKS.items())
def test_a_link_answers_with_a_clean_address_and_a_sealed_cookie(client, link, clean):
    response = client.get(link.format(TOKEN))
    assert response.status_code == 302 and response["Location"] == clean
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    [cookie] = response.cookies.values()
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/"
    assert cookie["max-age"] == 30 * 60
    assert TOKEN not in cookie.value and TOKEN.encode() not in base64.urlsafe_b64decode(
        cookie.value
    )
    page = client.get(clean)  # the service is down in these tests: it was asked, with it
    assert page.status_code in (200, 503), page.status_code
    assert TOKEN not in page.text


@pytest.mark.parametrize("clean", ["/registration/mine/", "/fr/newsletter/confirm/"])
def test_a_page_without_its_cookie_asks_for_the_link_again(client, clean):
    page = client.get(clean)
    assert page.status_code == 403
    assert "30" in page.text and "link" in page.text.lower() or "lien" in page.text


def test_a_cookie_opens_only_its_own_purpose_and_only_for_30_minutes(rf, monkeypatch):
    response = emailed_links.exchange(rf.get("/"), "mine", TOKEN, "/registration/mine/")
    value = response.cookies["convene_mine"].value
    request = rf.get("/", HTTP_COOKIE=f"convene_mine={value}")
    assert emailed_links.token(request, "mine") == TOKEN
    moved = rf.get("/", HTTP_COOKIE=f"convene_confirm={value}")  # another purpose's name
    assert emailed_links.token(moved, "confirm") is None
    tampered = rf.get("/", HTTP_COOKIE=f"convene_mine={value[:-4]}AAAA")
    assert emailed_links.token(tampered, "mine") is None
    import time

    later = time.time() + 31 * 60
    monkeypatch.setattr(emailed_links.time, "time", lambda: later)
    assert emailed_links.token(request, "mine") is None


def test_one_click_unsubscribe_still_posts_to_the_link(client):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        f"/newsletter/unsubscribe/{TOKEN}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 503  # acted at once (the mailer is down here)
    assert not [name for name in response.cookies if name.startswith("convene_")]


def test_log_lines_lose_the_token_of_a_link():
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Internal Server Error: %s",
        (f"/fr/newsletter/unsubscribe/{TOKEN}/",),
        None,
    )
    assert RedactLinkTokens().filter(record)
    assert TOKEN not in record.getMessage()
    assert record.getMessage().endswith("/fr/newsletter/unsubscribe/[token]/")
    assert redact("/registration/mine/download/") == "/registration/mine/download/"
    assert TOKEN not in redact(f'"GET /registration/guardian/{TOKEN}/ HTTP/1.1"')
