"""A stolen or guessed password (issue 16, path 4): ten wrong passwords lock the account,
in words the person can act on; an administrator unlocks it in the admin; a session lasts
eight hours."""

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"
SCREEN = "/admin/convene/locked-signins/"


def sign_in(client: Client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_ten_wrong_passwords_lock_the_account_until_an_administrator_unlocks_it(
    django_user_model,
):
    django_user_model.objects.create_user(
        "officer", password="right-password-0123", is_staff=True, is_superuser=True
    )
    admin = django_user_model.objects.create_superuser("chief", password="chief-pass-0123")
    attacker = Client()
    for _ in range(9):
        assert sign_in(attacker, "officer", "guess").status_code == 200  # the form again
    locked = sign_in(attacker, "officer", "guess")
    assert locked.status_code == 429 and "Sign-in locked" in locked.text
    # Even the right password, now, from anywhere: locked.
    owner = Client()
    refused = sign_in(owner, "officer", "right-password-0123", address="198.51.100.9")
    assert refused.status_code == 429 and "_auth_user_id" not in owner.session

    chief = Client()
    chief.force_login(admin)
    screen = chief.get(SCREEN)
    assert screen.status_code == 200 and "officer" in screen.text
    keys = {row["key"] for row in screen.context["locked"]}
    assert keys == {"username:officer", "ip:203.0.113.7"}  # the account and the address
    assert chief.post(SCREEN, {"attempt": "username:officer"}).status_code == 302
    assert "officer" not in chief.get(SCREEN).text.split("<table")[-1]
    signed = sign_in(owner, "officer", "right-password-0123", address="198.51.100.9")
    assert signed.status_code == 302 and owner.session["_auth_user_id"]


def test_one_address_guessing_many_accounts_is_locked_too(django_user_model):
    for i in range(10):
        response = sign_in(Client(), f"someone{i}", "guess", address="192.0.2.44")
    assert response.status_code == 429


def test_only_a_superuser_sees_the_locked_sign_ins(client, django_user_model):
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user("editor", password="x" * 16)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    assert client.get(SCREEN, follow=True).redirect_chain == [("/admin/", 302)]


def test_a_user_agent_changed_at_each_guess_is_still_counted(django_user_model):
    """axes keeps a row per browser: the screen adds them up, so the lock shows."""
    django_user_model.objects.create_user("spread", password="right-password-0123")
    for i in range(10):
        sign_in(Client(HTTP_USER_AGENT=f"Agent/{i}"), "spread", "guess", address=f"192.0.2.{i}")
    chief = Client()
    chief.force_login(django_user_model.objects.create_superuser("c2", password="x" * 16))
    assert "username:spread" in {row["key"] for row in chief.get(SCREEN).context["locked"]}


def test_a_sign_in_between_guesses_does_not_wipe_the_count(django_user_model):
    """An insider guessing at a colleague's password cannot reset the count by signing in
    as themselves from the same address."""
    django_user_model.objects.create_user("colleague", password="right-password-0123")
    django_user_model.objects.create_user("insider", password="insider-pass-0123")
    for _ in range(9):
        sign_in(Client(), "colleague", "guess", address="192.0.2.77")
    assert (
        sign_in(Client(), "insider", "insider-pass-0123", address="192.0.2.77").status_code == 302
    )
    assert sign_in(Client(), "colleague", "guess", address="192.0.2.99").status_code == 429


def test_behind_the_proxy_the_clients_own_address_counts_not_a_forged_one(rf, settings):
    from wagtail_convene.signin import client_address

    settings.CONVENE_TRUSTED_PROXIES = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert client_address(request) == "203.0.113.9"
    settings.CONVENE_TRUSTED_PROXIES = 0
    assert client_address(request) == "10.0.0.2"


def test_a_session_lasts_eight_hours():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
