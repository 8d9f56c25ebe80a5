"""Password reset (issue 16, path 4): limited per account and per address, refused in the
reader's language without telling which addresses have an account, and mailed through
the mailer service (template `staff.password_reset`) with a link on the site's own URL."""

import re

import pytest
from django.test import Client

from wagtail_convene.staff.models import ResetRequest

pytestmark = pytest.mark.django_db
RESET = "/admin/password_reset/"


@pytest.fixture
def mailed(monkeypatch):
    """What the CMS asks the mailer to send (the mailer's own tests cover the sending)."""
    from wagtail_convene.clients.mailer import MailerClient

    sent = []

    def send(self, template, language, to, context, key):
        sent.append({"template": template, "language": language, "to": to, **context})
        return {"id": "m", "status": "queued"}

    monkeypatch.setattr(MailerClient, "send", send)
    return sent


def ask(email: str, address: str = "203.0.113.20", language: str = "en"):
    return Client(HTTP_ACCEPT_LANGUAGE=language).post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_the_link_goes_through_the_mailer_in_the_accounts_language(
    django_user_model, mailed, settings
):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_user("ana", "ana@example.org", "pw-0123456789ab")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "pt"
    profile.save()
    assert ask("ana@example.org").status_code == 302
    [mail] = mailed
    assert (mail["template"], mail["language"], mail["to"], mail["username"]) == (
        "staff.password_reset",
        "pt",
        "ana@example.org",
        "ana",
    )
    assert mail["reset_url"].startswith(
        settings.WAGTAILADMIN_BASE_URL + "/admin/password_reset/confirm/"
    )
    link = mail["reset_url"].removeprefix(settings.WAGTAILADMIN_BASE_URL)
    assert Client().get(link).status_code == 302  # Django's check of the token, then the form


def test_three_resets_a_day_per_account_then_a_clear_refusal_known_or_not(
    django_user_model, mailed
):
    django_user_model.objects.create_user("ana", "ana@example.org", "pw-0123456789ab")
    answers = {}
    for email in ("ana@example.org", "nobody@example.org"):
        # From different addresses: the account's own limit.
        answers[email] = [ask(email, address=f"198.51.100.{i}") for i in range(4)]
    for responses in answers.values():
        assert [r.status_code for r in responses] == [302, 302, 302, 429]
    known, unknown = answers["ana@example.org"][3], answers["nobody@example.org"][3]
    same = [  # but for the CSRF token and the address typed
        re.sub(r"[A-Za-z0-9]{64}|\w+@example\.org", "", r.text) for r in (known, unknown)
    ]
    assert same[0] == same[1]  # nothing tells which address has an account
    assert "reached today&#x27;s limit" in known.text
    assert len(mailed) == 3  # three e-mails to the account, none to the unknown address
    # Counted as keyed hashes: neither address is stored.
    stored = " ".join(ResetRequest.objects.values_list("key", flat=True))
    assert "ana@example.org" not in stored and "198.51.100" not in stored


def test_ten_resets_an_hour_per_address_then_a_refusal_in_the_readers_language(mailed):
    for i in range(10):
        assert ask(f"person{i}@example.org", address="192.0.2.9").status_code == 302
    refused = ask("person10@example.org", address="192.0.2.9", language="fr")
    assert refused.status_code == 429
    assert "Trop de demandes de réinitialisation" in refused.text
    assert ask("person10@example.org", address="192.0.2.10").status_code == 302


def test_an_unreachable_mailer_changes_nothing_the_visitor_sees(django_user_model, caplog):
    django_user_model.objects.create_user("ana", "ana@example.org", "pw-0123456789ab")
    known, unknown = ask("ana@example.org"), ask("nobody@example.org", "203.0.113.21")
    assert known.status_code == unknown.status_code == 302
    assert "event=password_reset.mail_failed" in caplog.text
    assert "ana@example.org" not in caplog.text
