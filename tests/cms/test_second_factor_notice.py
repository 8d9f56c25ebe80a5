"""A staff member hears of every second factor added to their account (issue 16, path 4):
the e-mail goes through the mailer (`staff.second_factor_changed`) in their admin language,
once per change. Someone who has their password and sets up their own phone on the
account (a new account's first sign-in, or a session taken over) is then noticed."""

import re

import pytest
from django.core.cache import cache

from tests.support.second_factor import Authenticator
from wagtail_convene.staff import devices

from .test_second_factor import ENROL, officer, password_only

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailed(monkeypatch):
    from wagtail_convene.clients.mailer import MailerClient

    sent = []

    def send(self, template, language, to, context, key):
        sent.append({"template": template, "language": language, "to": to, **context})
        return {"id": "m", "status": "queued"}

    monkeypatch.setattr(MailerClient, "send", send)
    cache.clear()
    return sent


def test_setting_up_an_app_tells_the_owner_once_in_their_language(django_user_model, mailed):
    from wagtail.users.models import UserProfile

    user = officer(django_user_model, app=False)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ar"
    profile.save()
    browser = password_only("officer")
    page = browser.get(ENROL).text
    app = Authenticator(re.search(r"data-secret>([A-Z2-7 ]+)<", page).group(1))
    done = browser.post(ENROL, {"code": app.code(), "next": "/admin/"}, follow=True)
    assert done.status_code == 200
    # The app and its first recovery codes: one change, one e-mail.
    assert mailed == [
        {
            "template": "staff.second_factor_changed",
            "language": "ar",
            "to": "officer@example.org",
            "username": "officer",
        }
    ]


def test_new_recovery_codes_and_a_new_key_are_told_too(django_user_model, mailed):
    from django_otp_webauthn.utils import get_credential_model

    user = officer(django_user_model)
    devices.issue_recovery_codes(user)
    cache.clear()  # later: another change
    get_credential_model().objects.create(
        user=user, name="key", credential_id=b"\x01" * 16, public_key=b"\x02" * 32, sign_count=0
    )
    assert [m["template"] for m in mailed] == ["staff.second_factor_changed"] * 2
    assert {m["to"] for m in mailed} == {"officer@example.org"}
