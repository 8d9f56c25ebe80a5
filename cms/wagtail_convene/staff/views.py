"""The second-factor screens, in the layout of Wagtail's sign-in page: the step after the
password, enrolment (an authenticator app with its QR code and its secret as text, or a
security key), and the recovery codes, shown once."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http.request import split_domain_port
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_otp import login as otp_login

from . import devices
from .middleware import ENROL, STEP

CODES = "wagtail_convene_second_factor_codes"
# The recovery codes wait here between the POST that makes them and the page that shows
# them once (a redirect, so that reloading the page does not make new ones).
SHOWN_ONCE = "convene_recovery_codes_once"

# django-otp-webauthn's script asks `gettext` for its English texts: our own words for
# them, from our catalogues (its package has none for most of our languages).
_KEY_WAITING = gettext_lazy("Waiting for your key…")
_KEY_NOT_ADDED = gettext_lazy("The key was not added. Try again, or use an authenticator app.")
_KEY_REFUSED = gettext_lazy("The key was not accepted. Try again, or type a code.")
KEY_TEXTS = {
    "Register a Passkey": gettext_lazy("Add a security key or passkey"),
    "Registering...": _KEY_WAITING,
    "Finishing registration...": _KEY_WAITING,
    "Registration successful!": gettext_lazy("Your key is added."),
    "Registration failed. You most likely already have a Passkey registered for this site.": (
        gettext_lazy("This key is already added to your account.")
    ),
    **dict.fromkeys(
        [
            "An error occurred during registration.",
            "Registration aborted.",
            "Registration aborted or not allowed.",
            "Registration failed. A server error occurred.",
            "Registration failed. A technical problem occurred that prevents you from "
            "registering a Passkey for this site.",
            "Registration failed. An unknown error occurred.",
            "Registration failed. The server was unable to verify this passkey.",
            "Registration failed. Unable to fetch registration options from server.",
        ],
        _KEY_NOT_ADDED,
    ),
    "Verify with Passkey": gettext_lazy("Use your security key"),
    "Verifying...": _KEY_WAITING,
    "Finishing verification...": _KEY_WAITING,
    "Verification successful!": gettext_lazy("Verified."),
    **dict.fromkeys(
        [
            "An error occurred during verification.",
            "Verification aborted.",
            "Verification canceled or not allowed.",
            "Verification failed. A server error occurred.",
            "Verification failed. An unknown error occurred.",
            "Verification failed. An unknown server error occurred.",
            "Verification failed. Could not retrieve parameters from the server.",
        ],
        _KEY_REFUSED,
    ),
}


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


def next_url(request) -> str:
    """Where the person was going: a path on this site, else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if safe and target.startswith("/") and not target.startswith(reverse(STEP)):
        return target
    return reverse("wagtailadmin_home")


def with_next(name: str, request) -> str:
    from urllib.parse import urlencode

    return f"{reverse(name)}?{urlencode({'next': next_url(request)})}"


def keys_work_here(request) -> bool:
    """A key is bound to the site's host name; at another address (127.0.0.1 for
    localhost) the browser would refuse it, so the page offers the app alone."""
    host, _port = split_domain_port(request.get_host())
    return host == settings.OTP_WEBAUTHN_RP_ID


def reader_language(request) -> str:
    """The account's admin language, else the browser's (the admin's URLs carry no
    language, so Django would answer in the site's default)."""
    from wagtail.users.models import UserProfile

    chosen = UserProfile.get_for_user(request.user).preferred_language
    return chosen or translation.get_language_from_request(request, check_path=False)


class SecondFactorScreen(View):
    template_name = ""
    key_script = ""  # django-otp-webauthn's script for this screen's key ceremony

    def dispatch(self, request, *args, **kwargs):
        with translation.override(reader_language(request)):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response

    def render(self, **context):
        context["next"] = next_url(self.request)
        if context.get("keys"):
            from django_otp_webauthn.templatetags.otp_webauthn import get_configuration

            context.update(
                key_script=self.key_script,
                key_config=get_configuration(self.request),
                key_texts={english: str(text) for english, text in KEY_TEXTS.items()},
            )
        return TemplateResponse(self.request, self.template_name, context)


class SecondFactorStep(SecondFactorScreen):
    """After the password: a code from the app, a recovery code, or the security key."""

    template_name = "wagtail_convene/staff/step.html"
    key_script = "django_otp_webauthn/otp_webauthn_auth.js"

    def get(self, request, *args, **kwargs):
        if not devices.has_second_factor(request.user):
            return redirect(with_next(ENROL, request))
        if request.user.is_verified():
            return redirect(next_url(request))
        return self.page(CodeForm())

    def post(self, request, *args, **kwargs):
        form = CodeForm(request.POST)
        if form.is_valid():
            outcome = devices.verify(request.user, form.cleaned_data["code"])
            if outcome.device is not None:
                otp_login(request, outcome.device)
                if outcome.device.name == devices.RECOVERY_NAME:
                    left = devices.recovery_codes_left(request.user)
                    messages.warning(
                        request,
                        _("That recovery code is now used up. Recovery codes left: %(left)s.")
                        % {"left": left},
                    )
                return redirect(next_url(request))
            form.add_error(
                "code",
                _("Too many wrong codes. Wait a minute, then try again.")
                if outcome.waiting
                else _("This code is not right. Type the code your app shows now."),
            )
        return self.page(form)

    def page(self, form):
        user = self.request.user
        return self.render(
            form=form,
            keys=devices.has_key(user) and keys_work_here(self.request),
            codes_only=not devices.has_app(user),
        )


class Enrol(SecondFactorScreen):
    """A first second factor (or another one, from a verified session)."""

    template_name = "wagtail_convene/staff/enrol.html"
    key_script = "django_otp_webauthn/otp_webauthn_register.js"

    def dispatch(self, request, *args, **kwargs):
        if not devices.may_enrol(request.user):
            return redirect(with_next(STEP, request))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.page(CodeForm())

    def post(self, request, *args, **kwargs):
        form = CodeForm(request.POST)
        app = devices.pending_app(request.user)
        if form.is_valid():
            outcome = devices.confirm_app(app, form.cleaned_data["code"])
            if outcome.device is not None:
                if not request.user.is_verified():
                    otp_login(request, outcome.device)
                return first_recovery_codes(request)
            form.add_error(
                "code",
                _("Too many wrong codes. Wait a minute, then try again.")
                if outcome.waiting
                else _(
                    "This code is not right. Check that the phone's clock is right, "
                    "then type the code the app shows now."
                ),
            )
        return self.page(form)

    def page(self, form):
        app = devices.pending_app(self.request.user)
        return self.render(
            form=form,
            secret=devices.secret_text(app),
            qr=devices.qr_data_uri(app),
            keys=keys_work_here(self.request),
            codes_url=with_next(CODES, self.request),
        )


def first_recovery_codes(request):
    """After a first enrolment: recovery codes, unless the person has some already."""
    if devices.recovery_codes_left(request.user):
        messages.success(request, _("Your second factor is ready."))
        return redirect(next_url(request))
    request.session[SHOWN_ONCE] = devices.issue_recovery_codes(request.user)
    return redirect(with_next(CODES, request))


class RecoveryCodes(SecondFactorScreen):
    """The codes right after they are made (once), else how many are left, and a way to
    make new ones or add a device. Reached only with a verified session."""

    template_name = "wagtail_convene/staff/codes.html"

    def get(self, request, *args, **kwargs):
        user = request.user
        return self.render(
            codes=request.session.pop(SHOWN_ONCE, None),
            left=devices.recovery_codes_left(user),
            has_app=devices.has_app(user),
            has_key=devices.has_key(user),
            enrol_url=with_next(ENROL, request),
        )

    def post(self, request, *args, **kwargs):
        if request.POST.get("after") == "key":  # a key was just added (the page's script)
            return first_recovery_codes(request)
        request.session[SHOWN_ONCE] = devices.issue_recovery_codes(request.user)
        return redirect(with_next(CODES, request))
