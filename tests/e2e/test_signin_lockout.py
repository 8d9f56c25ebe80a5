"""In Debian Chromium, in French on a phone: ten wrong passwords lock a staff account, the
lock says what to do, the right password does not get past it, and an administrator
unlocks it from the admin (issue 16, path 4)."""

import secrets

import pytest
from playwright.sync_api import expect

from tests.support.catalogue import tr
from tests.support.journey import PageChecks

pytestmark = pytest.mark.e2e
VICTIM = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
user = get_user_model().objects.create_user({name!r}, password={password!r}, is_staff=True)
user.user_permissions.add(Permission.objects.get(codename="access_admin"))
"""


def test_ten_wrong_passwords_lock_and_the_administrator_unlocks(stack, officer, phone):
    name, password = f"victim-{secrets.token_hex(3)}", secrets.token_urlsafe(12)
    stack.manage("shell", "-c", VICTIM.format(name=name, password=password))
    chief = officer("fr")  # signed in before any wrong password
    page = phone("fr")
    base = stack.url("cms")

    def attempt(secret: str) -> None:
        page.goto(base + "/admin/login/")
        page.fill("#id_username", name)
        page.fill("#id_password", secret)
        with page.expect_navigation(wait_until="load"):
            page.locator("main form button[type=submit]").click()

    try:
        for _ in range(10):
            attempt("wrong password")
        expect(page.locator("h1")).to_have_text(tr("fr", "Sign-in locked"))
        PageChecks("fr", base).check(page)
        attempt(password)  # the right one, too late
        expect(page.locator("h1")).to_have_text(tr("fr", "Sign-in locked"))

        chief.goto(base + "/admin/convene/locked-signins/")
        # The account and the address are both listed; the guesses came from one
        # browser, so unlocking the account clears its address too.
        unlock = chief.get_by_role("button", name=tr("fr", "Unlock %(name)s", name=name))
        expect(
            chief.get_by_role("button", name=tr("fr", "Unlock %(name)s", name="127.0.0.1"))
        ).to_be_visible()
        with chief.expect_navigation(wait_until="load"):
            unlock.click()
        expect(chief.locator(".messages")).to_contain_text(
            tr("fr", "Unlocked: they can sign in again.")
        )
        PageChecks("fr", base, admin=True).check(chief)
        attempt(password)  # past the lock, to the second factor (a first sign-in: enrolment)
        assert "/admin/convene/second-factor/enrol/" in page.url, page.url
    finally:
        stack.manage("axes_reset")  # never leave the test machine's address locked
