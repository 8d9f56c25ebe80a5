"""Every admin URL asks for the second factor, and a session ends eight hours after sign-in.

After the password alone, a person reaches only the second-factor step, enrolment (when
they have no second factor yet), sign-out and the password-reset pages; every other
/admin/ URL (the intake queues, the reprisal desk, outreach, settings, ...) sends them to
the step. Outside the admin they are anonymous, so private pages, documents and images
stay closed to a password alone.

`SESSION_COOKIE_AGE` counts from sign-in, not from the last change to the session (Django
would slide it forward each time the session is written, as the desk's screens do)."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import SimpleLazyObject

SIGNED_IN_AT = "convene_signed_in_at"
STEP = "wagtail_convene_second_factor"
ENROL = "wagtail_convene_second_factor_enrol"
# What a signed-in person reaches before the second step (URL names; the WebAuthn
# ceremony's JSON endpoints too: they refuse a new key to an account that has one).
OPEN_BEFORE_SECOND_FACTOR = {
    STEP,
    ENROL,
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
}
OPEN_NAMESPACES = {"otp_webauthn"}


def stamp_sign_in(sender, request, user, **kwargs) -> None:
    """`user_logged_in` receiver: when the session began."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())


def open_before_second_factor(request) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.url_name in OPEN_BEFORE_SECOND_FACTOR or bool(
        set(match.namespaces) & OPEN_NAMESPACES
    )


def to_step(request):
    return redirect(f"{reverse(STEP)}?{urlencode({'next': request.get_full_path()})}")


class SecondFactorMiddleware:
    """After `django_otp.middleware.OTPMiddleware`, which tells `request.user.is_verified()`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            request.user = SimpleLazyObject(lambda: verified_or_anonymous(user))
            return self.get_response(request)
        if user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT, 0)
            if time.time() - started > settings.SESSION_COOKIE_AGE:
                logout(request)
                return redirect("wagtailadmin_login")
            if not user.is_verified() and not open_before_second_factor(request):
                return to_step(request)
        return self.get_response(request)


def verified_or_anonymous(user):
    if user.is_authenticated and not user.is_verified():
        return AnonymousUser()
    return user
