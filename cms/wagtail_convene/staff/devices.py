"""A staff member's second factors: an authenticator app (TOTP), security keys or passkeys
(WebAuthn) and one-time recovery codes. The protocols are django-otp's and
django-otp-webauthn's; this module only decides which device a typed code goes to, and
when a person may enrol one.

Threat: a stolen password. Enrolment is open only to an account that has no second factor
yet (its first sign-in) or to a session already verified with one, so a password alone
can neither pass the step nor add a device. Codes go to the device their shape names (six
digits to the app, anything else to the recovery codes), so a wrong code slows down only
that device (django-otp waits 1, 2, 4, ... seconds after each failure)."""

from __future__ import annotations

import re
from base64 import b32encode
from dataclasses import dataclass

import django_otp
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.utils import get_credential_model

from .. import conf
from . import notices

APP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
APP_CODE = re.compile(r"[0-9]{6}")


def has_second_factor(user) -> bool:
    """Any confirmed device: an app, a key, or recovery codes still unused."""
    return django_otp.user_has_device(user, confirmed=True)


def may_enrol(user) -> bool:
    """A first enrolment, or another device once this session passed the step."""
    return user.is_verified() or not has_second_factor(user)


def has_app(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def has_key(user) -> bool:
    return get_credential_model().objects.devices_for_user(user, confirmed=True).exists()


def pending_app(user) -> TOTPDevice:
    """The app being enrolled: one unconfirmed device whose secret the page shows until a
    code from the app confirms it."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The secret as an app asks for it when typed (base32), in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The app's set-up link as a QR code (an SVG data URI: no request leaves the page)."""
    import segno

    return segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2)


def normalised(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


@dataclass(frozen=True)
class Outcome:
    """The device that accepted a code; `waiting` when a device refused to try because
    of recent wrong codes."""

    device: Device | None
    waiting: bool = False


def verify(user, code: str) -> Outcome:
    """Check a code from the app, or a recovery code (used up when it passes)."""
    code = normalised(code)
    model = TOTPDevice if APP_CODE.fullmatch(code) else StaticDevice
    waiting = False
    for device in model.objects.devices_for_user(user, confirmed=True):
        allowed, _why = device.verify_is_allowed()
        if not allowed:
            waiting = True
            continue
        # Locked for update while it checks: the same code cannot pass twice at once.
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            return Outcome(verified)
    return Outcome(None, waiting)


def confirm_app(device: TOTPDevice, code: str) -> Outcome:
    """The first code from a newly set-up app confirms it."""
    allowed, _why = device.verify_is_allowed()
    if not allowed:
        return Outcome(None, waiting=True)
    code = normalised(code)
    if not APP_CODE.fullmatch(code) or not device.verify_token(code):
        return Outcome(None)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    notices.second_factor_changed(device.user)
    return Outcome(device)


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def issue_recovery_codes(user) -> list[str]:
    """A new set of one-time codes; the previous set stops working."""
    codes = [StaticToken.random_token() for _ in range(conf.recovery_codes())]
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    notices.second_factor_changed(user)
    return [f"{c[:4]}-{c[4:]}" for c in codes]


def forget_all(user) -> int:
    """Remove every second factor of `user` (a lost phone or key): their next sign-in
    leads to enrolment. Returns how many devices were removed."""
    removed = 0
    for device in list(django_otp.devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    return removed
