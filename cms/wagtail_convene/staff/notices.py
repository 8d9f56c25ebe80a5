"""A staff member is told by e-mail, through the mailer, each time a second factor is added
to their account or new recovery codes are made (template `staff.second_factor_changed`,
in their admin language): if it was not them, someone has their password, and they can
say so before that person uses the account.

One e-mail for one change: setting up an app and its first recovery codes is one notice.
"""

from __future__ import annotations

import logging
import secrets

from django.core.cache import cache
from django.db.models.signals import post_save
from django.dispatch import receiver
from django_otp_webauthn.utils import get_credential_model

from ..clients import ServiceError
from ..clients.mailer import MailerClient
from .reset import language_of

TEMPLATE = "staff.second_factor_changed"
QUIET_SECONDS = 120  # changes within this time after a notice are the same change
log = logging.getLogger(__name__)


def second_factor_changed(user) -> None:
    """Queue the notice to the account's own address, once per change."""
    if not user.email or not cache.add(f"convene-2fa-notice:{user.pk}", 1, QUIET_SECONDS):
        return
    try:
        with MailerClient.from_settings() as mailer:
            mailer.send(
                TEMPLATE,
                language_of(user),
                user.email,
                {"username": user.get_username()},
                secrets.token_hex(16),
            )
    except ServiceError:
        log.error("event=second_factor.notice_failed")


@receiver(post_save, sender=get_credential_model(), dispatch_uid="convene-key-added")
def key_added(sender, instance, created, **kwargs):
    """A security key or passkey, however it was registered (the library's own views)."""
    if created:
        second_factor_changed(instance.user)
