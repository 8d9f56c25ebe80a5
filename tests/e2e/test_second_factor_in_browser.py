"""Staff sign-in on a 360 px phone (issue 16, path 4): a new account's first sign-in leads
to enrolment (a QR code and the key as text), the app's code confirms it, the recovery
codes are shown once; from then on the password alone lands on the second step, whatever
admin page is asked for, and the app's code opens the admin. In Spanish, and in Arabic
(right to left)."""

import secrets

import pytest
from playwright.sync_api import expect

from tests.support.second_factor import Authenticator

pytestmark = pytest.mark.e2e

NEWCOMER = """
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile
user = get_user_model().objects.create_superuser({name!r}, password={password!r})
profile = UserProfile.get_for_user(user)
profile.preferred_language = {language!r}
profile.save()
"""
# What the page says, in the account's language (from the plugin's catalogues).
HEADINGS = {
    "es": ("Configurar un segundo factor", "Códigos de recuperación", "Confirme que es usted"),
    "ar": ("إعداد عامل تحقق ثانٍ", "رموز الاسترداد", "أكِّد أنك صاحب الحساب"),
}


def fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width}px wide on a 360px phone"


def password_only(page, base: str, name: str, password: str) -> None:
    page.goto(base + "/admin/login/")
    page.fill("#id_username", name)
    page.fill("#id_password", password)
    with page.expect_navigation(wait_until="load"):
        page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize("language", ["es", "ar"])
def test_first_sign_in_enrols_an_app_and_the_next_asks_for_its_code(stack, phone, language):
    base, name, password = stack.url("cms"), f"new-{secrets.token_hex(3)}", secrets.token_hex(8)
    stack.manage("shell", "-c", NEWCOMER.format(name=name, password=password, language=language))
    enrol, codes, step = HEADINGS[language]

    page = phone(language)
    password_only(page, base, name, password)
    expect(page.get_by_role("heading", level=1)).to_have_text(enrol)
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert page.locator("img.convene-qr").get_attribute("src").startswith("data:image/svg+xml")
    fits_the_phone(page)
    # Nothing else of the admin opens before the second factor: the desk, the dashboard.
    for path in ("/admin/convene/intake/desk/", "/admin/"):
        page.goto(base + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(enrol)

    app = Authenticator(page.locator("[data-secret]").inner_text())
    page.fill("#id_code", app.code())
    with page.expect_navigation(wait_until="load"):
        page.locator("main form.login-form button[type=submit]").click()
    app.accepted()
    expect(page.get_by_role("heading", level=1)).to_have_text(codes)
    assert page.locator("[data-recovery-codes] li").count() == 10
    fits_the_phone(page)
    with page.expect_navigation(wait_until="load"):
        page.locator("[data-continue]").click()
    assert page.url == base + "/admin/"

    # The next sign-in, on another phone: the password alone lands on the step.
    page.context.close()
    page = phone(language)
    password_only(page, base, name, password)
    page.goto(base + "/admin/convene/intake/cases/reprisals/")
    expect(page.get_by_role("heading", level=1)).to_have_text(step)
    fits_the_phone(page)
    page.fill("#id_code", app.code())
    with page.expect_navigation(wait_until="load"):
        page.locator("main form.login-form button[type=submit]").click()
    app.accepted()
    assert "/second-factor/" not in page.url
    assert page.url.startswith(base + "/admin/")


def test_a_security_key_enrols_and_then_confirms_the_sign_in(stack, browser):
    """Chromium's virtual authenticator stands in for a key. Keys are bound to the site's
    host name, so the site is opened as localhost (the stack runs on 127.0.0.1)."""
    base = stack.url("cms").replace("127.0.0.1", "localhost")
    name, password = f"key-{secrets.token_hex(3)}", secrets.token_hex(8)
    stack.manage("shell", "-c", NEWCOMER.format(name=name, password=password, language="fr"))
    context = browser.new_context(locale="fr", viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("WebAuthn.enable")
        cdp.send(
            "WebAuthn.addVirtualAuthenticator",
            {
                "options": {
                    "protocol": "ctap2",
                    "transport": "usb",
                    "hasResidentKey": True,
                    "hasUserVerification": True,
                    "isUserVerified": True,
                }
            },
        )
        password_only(page, base, name, password)
        key = page.locator("#passkey-register-button")
        expect(key).to_have_text("Ajouter une clé de sécurité ou une clé d'accès")
        with page.expect_navigation(wait_until="load"):
            key.click()  # the key answers; the page goes on to the recovery codes
        assert page.locator("[data-recovery-codes] li").count() == 10
        with page.expect_navigation(wait_until="load"):
            page.locator("[data-continue]").click()
        assert page.url == base + "/admin/"

        context.clear_cookies()  # signed out: the next sign-in asks for the key
        password_only(page, base, name, password)
        expect(page.get_by_role("heading", level=1)).to_have_text("Confirmez que c'est bien vous")
        with page.expect_navigation(wait_until="load"):
            page.locator("#passkey-verification-button").click()
        assert page.url == base + "/admin/"
    finally:
        context.close()
