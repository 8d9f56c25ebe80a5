"""A stolen password (issue 16, path 4): the admin asks every staff member for a second
factor (an authenticator app, a security key, or a one-time recovery code); a password
alone reaches only the step, enrolment on a first sign-in, and sign-out; the reprisal
desk refuses to unlock for an unverified session and locks itself when left alone."""

import re
import time

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.support.second_factor import KNOWN_SECRET_HEX, Authenticator
from wagtail_convene import conf
from wagtail_convene.intake.case_views import DESK_SEEN, UNLOCK_COOKIE
from wagtail_convene.intake.models import IntakeReviewer
from wagtail_convene.staff import devices

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"
STEP = "/admin/convene/second-factor/"
ENROL = "/admin/convene/second-factor/enrol/"
CODES = "/admin/convene/second-factor/codes/"
DESK = "/admin/convene/intake/desk/"
REPRISALS = "/admin/convene/intake/cases/reprisals/"
PASSWORD = "right-password-0123"


def password_only(username: str, password: str = PASSWORD) -> Client:
    """A browser that gave the right password, and nothing else yet."""
    browser = Client()
    signed = browser.post(LOGIN, {"username": username, "password": password})
    assert signed.status_code == 302 and browser.session["_auth_user_id"]
    return browser


def officer(django_user_model, name="officer", app=True, desk=False):
    user = django_user_model.objects.create_superuser(name, f"{name}@example.org", PASSWORD)
    IntakeReviewer.objects.create(user=user, regions="ECE")
    if app:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=user, name="app", key=KNOWN_SECRET_HEX, confirmed=True)
    if desk:
        user.groups.add(Group.objects.get_or_create(name=conf.reprisal_desk_group())[0])
    return user


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/pages/",
        "/admin/users/",
        "/admin/convene/intake/registrations/",
        REPRISALS,
        DESK,
        "/admin/convene/outreach/lists/",
        "/admin/convene/locked-signins/",
        CODES,
    ],
)
def test_a_password_alone_opens_no_admin_page(django_user_model, path):
    officer(django_user_model)
    browser = password_only("officer")
    response = browser.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{STEP}?next=")
    # What it may reach: the step itself, and signing out.
    assert browser.get(STEP).status_code == 200
    signed_out = browser.post("/admin/logout/")
    assert signed_out.status_code == 302 and "_auth_user_id" not in browser.session


def test_a_password_alone_cannot_enrol_another_app_on_an_account_that_has_one(
    django_user_model,
):
    officer(django_user_model)
    browser = password_only("officer")
    assert browser.get(ENROL)["Location"].startswith(STEP)
    assert browser.post(ENROL, {"code": "123456"})["Location"].startswith(STEP)


def test_a_first_sign_in_enrols_an_app_then_shows_the_recovery_codes_once(django_user_model):
    officer(django_user_model, app=False)
    browser = password_only("officer")
    to_enrol = browser.get("/admin/", follow=True)
    assert to_enrol.redirect_chain[-1][0].startswith(ENROL)
    page = to_enrol.text
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn in the page
    secret = re.search(r"data-secret>([A-Z2-7 ]+)<", page).group(1)
    app = Authenticator(secret)

    wrong = browser.post(ENROL, {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 200 and '<li class="error">This code is not right' in wrong.text
    _waited_out_the_throttle("officer")
    done = browser.post(ENROL, {"code": app.code(), "next": "/admin/"}, follow=True)
    app.accepted()
    assert done.redirect_chain[-1][0].startswith(CODES)
    codes = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", done.text)
    assert len(codes) == conf.recovery_codes() and "shown only now" in done.text
    again = browser.get(CODES)
    assert not re.findall(r"<code>[a-z2-7]{4}-[a-z2-7]{4}</code>", again.text)  # once
    assert "You have 10 unused recovery codes." in again.text
    assert browser.get("/admin/").status_code == 200

    # The next sign-in asks for the app's code; the same code is not accepted twice.
    later = password_only("officer")
    assert later.get("/admin/")["Location"].startswith(STEP)
    code = app.code()
    assert later.post(STEP, {"code": code, "next": "/admin/"})["Location"] == "/admin/"
    app.accepted()
    replay = password_only("officer")
    refused = replay.post(STEP, {"code": code, "next": "/admin/"})
    assert refused.status_code == 200 and "This code is not right" in refused.text


def _waited_out_the_throttle(username):
    """django-otp waits 1, 2, 4, ... seconds after a wrong code: a test moves the last
    failure back rather than sleep."""
    from datetime import timedelta

    from django.utils import timezone
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user__username=username).update(
            throttling_failure_timestamp=timezone.now() - timedelta(minutes=5)
        )


def test_wrong_codes_slow_the_step_down(django_user_model):
    officer(django_user_model)
    browser = password_only("officer")
    assert "This code is not right" in browser.post(STEP, {"code": "000000"}).text
    waiting = browser.post(STEP, {"code": Authenticator.from_hex(KNOWN_SECRET_HEX).code()})
    assert "Too many wrong codes" in waiting.text and "_auth_user_id" in browser.session
    assert browser.get("/admin/")["Location"].startswith(STEP)


def test_a_recovery_code_works_once(django_user_model):
    user = officer(django_user_model)
    first, second = devices.issue_recovery_codes(user)[:2]
    browser = password_only("officer")
    passed = browser.post(STEP, {"code": first.upper().replace("-", " "), "next": "/admin/"})
    assert passed["Location"] == "/admin/"
    assert browser.get("/admin/").status_code == 200
    assert devices.recovery_codes_left(user) == conf.recovery_codes() - 1

    again = password_only("officer")
    refused = again.post(STEP, {"code": first, "next": "/admin/"})
    assert refused.status_code == 200 and again.get("/admin/")["Location"].startswith(STEP)
    _waited_out_the_throttle("officer")
    other = password_only("officer")
    assert other.post(STEP, {"code": second, "next": "/admin/"})["Location"] == "/admin/"


def test_the_desk_refuses_to_unlock_for_a_session_without_second_factor(
    django_user_model, settings, monkeypatch
):
    """Even were the admin's middleware gone (a settings change), the desk's own check
    refuses a password-only session: no passphrase reaches the service."""
    from wagtail_convene.intake import case_views

    officer(django_user_model, desk=True)
    calls = []

    def desk(self, *args, **kwargs):
        calls.append(args)
        return {"token": "unlock-id.secret"}

    monkeypatch.setattr(case_views.DeskUnlock, "desk", desk)
    browser = password_only("officer")
    assert browser.post(DESK, {"action": "unlock", "passphrase": "p"})["Location"].startswith(STEP)
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "SecondFactor" not in m]
    browser = Client()  # a new client loads the changed middleware; the same session
    browser.cookies = password_only("officer").cookies
    shown = browser.get(DESK)
    refused = browser.post(DESK, {"action": "unlock", "passphrase": "desk passphrase"})
    assert (shown.status_code, shown["Location"]) == (302, "/admin/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert calls == [] and UNLOCK_COOKIE not in refused.cookies

    # Verified, the same member reaches the service.
    verified = Client()
    verified.force_login(django_user_model.objects.get(username="officer"))
    verified.post(DESK, {"action": "unlock", "passphrase": "desk passphrase"})
    assert calls == [("/desk/unlock", {"passphrase": "desk passphrase"})]


def test_the_desk_locks_itself_after_30_minutes_without_a_desk_request(
    django_user_model, monkeypatch
):
    from django.http import HttpResponse

    from wagtail_convene.intake import case_views

    monkeypatch.setattr(case_views.CaseQueue, "get", lambda *a, **k: HttpResponse("queue"))
    member = officer(django_user_model, desk=True)
    browser = Client()
    browser.force_login(member)
    browser.cookies[UNLOCK_COOKIE] = "unlock-id.secret"
    browser.cookies[UNLOCK_COOKIE]["path"] = "/admin/convene/intake/"
    session = browser.session
    session[DESK_SEEN] = time.time() - 29 * 60
    session.save()
    fresh = browser.get(REPRISALS)
    assert fresh.status_code == 200 and fresh.text == "queue"
    assert browser.session[DESK_SEEN] > time.time() - 60  # this request was activity

    session = browser.session
    session[DESK_SEEN] = time.time() - 31 * 60
    session.save()
    idle = browser.get(REPRISALS)
    assert idle.status_code == 302 and idle["Location"] == f"{DESK}?next={REPRISALS}"
    assert idle.cookies[UNLOCK_COOKIE].value == ""  # the browser forgets the unlock
    assert DESK_SEEN not in browser.session
    page = browser.get(DESK)
    assert "locked itself after 30 minutes without use" in page.text


def test_a_session_ends_eight_hours_after_sign_in_however_busy(django_user_model, settings):
    from wagtail_convene.staff.middleware import SIGNED_IN_AT

    browser = Client()
    browser.force_login(officer(django_user_model))
    assert browser.get("/admin/").status_code == 200
    session = browser.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_COOKIE_AGE - 1
    session.save()
    ended = browser.get("/admin/")
    assert ended.status_code == 302 and ended["Location"] == "/admin/login/"
    assert "_auth_user_id" not in browser.session


def test_outside_the_admin_a_password_alone_is_anonymous(django_user_model, rf):
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from wagtail_convene.staff.middleware import SecondFactorMiddleware

    user = officer(django_user_model)
    seen = {}

    def view(request):
        seen["user"] = request.user
        return None

    request = rf.get("/review-ece/")
    request.session = SessionStore()
    request.user = get_user_model().objects.get(pk=user.pk)
    request.user.is_verified = lambda: False
    SecondFactorMiddleware(view)(request)
    assert seen["user"].is_anonymous


def test_a_password_alone_cannot_register_a_security_key_on_an_enrolled_account(
    django_user_model,
):
    """The key ceremony's endpoints answer before the second step (for enrolment and for
    the step itself), but django-otp-webauthn refuses a new key to an account that has a
    second factor until the session is verified."""
    begin = "/admin/convene/second-factor/key/registration/begin/"
    officer(django_user_model)
    refused = password_only("officer").post(begin, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "user_not_verified"

    officer(django_user_model, name="newcomer", app=False)
    offered = password_only("newcomer").post(begin, content_type="application/json")
    assert offered.status_code == 200 and offered.json()["rp"]["id"] == "localhost"
