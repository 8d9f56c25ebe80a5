"""Signing in as staff do in tests: the password, then the second factor, with an
authenticator app whose secret the test knows. One helper for every way a test signs in:
the Django test client (`verify_session`), HTTP (`sign_in`) and Chromium (`sign_in_browser`).

An account with no second factor is enrolled on its first sign-in, through the page, as a
person would (the secret is read from the page). Codes come from `Authenticator`, which
stays one time step ahead of the code it gave last: the server accepts each step once, so
two sign-ins within 30 seconds need the next step's code (django-otp accepts one step of
drift either way, and follows it)."""

from __future__ import annotations

import re
import time
from base64 import b32decode, b32encode
from html import unescape

STEP = 30
# Test users' app: a fixed, test-only secret (hex, as django-otp stores it).
KNOWN_SECRET_HEX = "3132333435363738393031323334353637383930"


class Authenticator:
    """The authenticator app of one account."""

    def __init__(self, secret: str):
        compact = re.sub(r"\s", "", secret).upper()
        self.key = b32decode(compact + "=" * (-len(compact) % 8))
        self.lead = -1  # first code: the current step
        self.last = None

    @classmethod
    def from_hex(cls, secret_hex: str) -> Authenticator:
        return cls(b32encode(bytes.fromhex(secret_hex)).decode())

    def code(self) -> str:
        from django_otp.oath import TOTP

        self.last = int(time.time()) // STEP + self.lead + 1
        app = TOTP(self.key, step=STEP, t0=0, digits=6)
        app.time = self.last * STEP  # the code of that time step
        return f"{app.token():06d}"

    def accepted(self) -> None:
        """After the server accepted the last code: measured from now (not from when the
        code was made), the next code stays within the server's window."""
        self.lead = self.last - int(time.time()) // STEP


# (site origin, username) → that account's app, shared by HTTP and browser sign-ins.
AUTHENTICATORS: dict[tuple[str, str], Authenticator] = {}


def register(origin: str, username: str, authenticator: Authenticator) -> Authenticator:
    AUTHENTICATORS[(origin.rstrip("/"), username)] = authenticator
    return authenticator


def authenticator(origin: str, username: str) -> Authenticator:
    try:
        return AUTHENTICATORS[(origin.rstrip("/"), username)]
    except KeyError:
        raise AssertionError(
            f"{username} has a second factor this test run did not set up"
        ) from None


GIVE_DEVICE = """
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
for name in {usernames!r}:
    user = get_user_model().objects.get(username=name)
    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(user=user, name="Authenticator app", key={key!r}, confirmed=True)
"""


def give_device(stack, *usernames: str) -> None:
    """Stack accounts get an app with the known secret (through `manage.py shell`)."""
    stack.manage("shell", "-c", GIVE_DEVICE.format(usernames=usernames, key=KNOWN_SECRET_HEX))
    for name in usernames:
        register(stack.url("cms"), name, Authenticator.from_hex(KNOWN_SECRET_HEX))


# -- the Django test client ----------------------------------------------------------


def verify_session(client, user) -> None:
    """A session signed in with `force_login` passes the second factor too: the user gets
    an app with the known secret, and the session is marked as verified by it."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="Authenticator app", defaults={"key": KNOWN_SECRET_HEX, "confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


# -- HTTP ----------------------------------------------------------------------------


def _origin(url) -> str:
    return f"{url.scheme}://{url.netloc.decode()}"


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _follow(client, response):
    for _ in range(5):
        if not response.is_redirect:
            break
        response = client.get(response.headers["location"])
    return response


def sign_in(client, username: str, password: str):
    """The admin's sign-in with an `httpx.Client`: password, then the second step (an
    app is enrolled on the account's first sign-in). Returns the page reached."""
    page = client.get("/admin/login/")
    response = client.post(
        "/admin/login/",
        data={"csrfmiddlewaretoken": _csrf(page.text), "username": username, "password": password},
    )
    return pass_second_step(client, _follow(client, response), username)


def pass_second_step(client, response, username: str):
    url, html = response.url, response.text
    if "/second-factor/enrol/" in url.path:
        secret = re.search(r"data-secret>([A-Z2-7 ]+)<", html).group(1)
        app = register(_origin(url), username, Authenticator(secret))
    elif "/second-factor/" in url.path:
        app = authenticator(_origin(url), username)
    else:
        return response
    next_path = unescape(re.search(r'name="next" value="([^"]*)"', html).group(1))
    data = {"csrfmiddlewaretoken": _csrf(html), "next": next_path, "code": app.code()}
    response = _follow(client, client.post(str(url), data=data))
    assert "/second-factor/" not in response.url.path or "data-recovery-codes" in response.text, (
        f"the second step refused {username}'s code"
    )
    app.accepted()
    if "data-recovery-codes" in response.text:  # a first enrolment: the codes, shown once
        response = _follow(client, client.get(next_path))
    return response


# -- Chromium (Playwright) -------------------------------------------------------------


def sign_in_browser(page, base: str, username: str, password: str) -> None:
    """The same sign-in in a browser page (any language, any size)."""
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation(wait_until="load"):
        page.locator("main form button[type=submit]").click()
    pass_second_step_in_browser(page, username)


def pass_second_step_in_browser(page, username: str) -> None:
    from urllib.parse import urlsplit

    parts = urlsplit(page.url)
    origin = f"{parts.scheme}://{parts.netloc}"
    if "/second-factor/enrol/" in parts.path:
        secret = page.locator("[data-secret]").inner_text()
        app = register(origin, username, Authenticator(secret))
    elif "/second-factor/" in parts.path:
        app = authenticator(origin, username)
    else:
        return
    page.fill("#id_code", app.code())
    with page.expect_navigation(wait_until="load"):
        page.locator("main form.login-form button[type=submit]").click()
    assert page.locator("[data-recovery-codes]").count() or "/second-factor/" not in page.url, (
        page.locator("main").inner_text()[:400]
    )
    app.accepted()
    if page.locator("[data-recovery-codes]").count():
        with page.expect_navigation(wait_until="load"):
            page.locator("[data-continue]").click()
