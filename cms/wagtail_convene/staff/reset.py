"""Password reset for staff: limited per account and per address, mailed by the mailer.

django-axes counts sign-in failures only; Wagtail's reset form would otherwise let anyone
flood a colleague's inbox, or try addresses from one machine without end. Each request
counts against the e-mail address typed (`RESET_PER_ACCOUNT_DAY`, 3 a day) and against
the client's address (`RESET_PER_ADDRESS_HOUR`, 10 an hour). The e-mail address is
counted whether or not an account has it, so the refusal, like the "check your e-mail"
page, tells nobody which addresses belong to an account.

The link is built on `WAGTAILADMIN_BASE_URL`, never on the request's Host header, and the
mailer sends it (template `staff.password_reset`) in the account's admin language."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.auth import PasswordResetForm
from wagtail.admin.views.account import PasswordResetView

from .. import conf
from ..clients import ServiceError
from ..clients.mailer import MailerClient
from ..signin import client_address
from .models import ResetRequest

log = logging.getLogger(__name__)
TEMPLATE = "staff.password_reset"
REFUSALS = {
    ResetRequest.ADDRESS: gettext_lazy(
        "Too many password resets were asked from this address. Try again in an hour."
    ),
    ResetRequest.ACCOUNT: gettext_lazy(
        "Reset links for this e-mail address have reached today's limit. Use the latest "
        "e-mail you received, or try again tomorrow."
    ),
}


def _key(kind: str, value: str) -> str:
    return salted_hmac(f"wagtail_convene.reset.{kind}", value.strip().lower()).hexdigest()


def refused(request, email: str) -> str | None:
    """Count this request; which limit refuses it (`address`, `account`), or None."""
    now = timezone.now()
    ResetRequest.objects.filter(created_at__lt=now - timedelta(days=1)).delete()
    address, account = _key("address", client_address(request)), _key("account", email)
    recent = ResetRequest.objects.filter
    if (
        recent(
            kind=ResetRequest.ADDRESS, key=address, created_at__gte=now - timedelta(hours=1)
        ).count()
        >= conf.reset_per_address_hour()
    ):
        return ResetRequest.ADDRESS
    ResetRequest.objects.create(kind=ResetRequest.ADDRESS, key=address)
    if recent(kind=ResetRequest.ACCOUNT, key=account).count() >= conf.reset_per_account_day():
        return ResetRequest.ACCOUNT
    ResetRequest.objects.create(kind=ResetRequest.ACCOUNT, key=account)
    return None


class ThrottledPasswordResetView(PasswordResetView):
    """Wagtail's reset view, refusing (429, with the reason in the reader's language) past
    either limit."""

    def dispatch(self, request, *args, **kwargs):
        # In the browser's language: the admin's URLs carry none (as the lock-out page).
        with translation.override(translation.get_language_from_request(request)):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response

    def form_valid(self, form):
        reason = refused(self.request, form.cleaned_data["email"])
        if reason is None:
            return super().form_valid(form)
        form.add_error(None, REFUSALS[reason])
        response = self.form_invalid(form)
        response.status_code = 429
        return response


class ThrottledPasswordResetForm(PasswordResetForm):
    """Sends the reset link through the mailer service rather than Django's e-mail."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        path = reverse(
            "wagtailadmin_password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        send_reset_link(
            to_email,
            settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path,
            user.get_username(),
            language_of(user),
        )


def language_of(user) -> str:
    """The account's admin language, else the language the reset page was read in."""
    from wagtail.users.models import UserProfile

    chosen = UserProfile.get_for_user(user).preferred_language
    return (chosen or translation.get_language() or "en").lower()


def send_reset_link(to: str, url: str, username: str, language: str) -> None:
    """Queue the e-mail. A failure is logged without the address and not shown: telling
    the visitor would tell them that an account has this address."""
    try:
        with MailerClient.from_settings() as mailer:
            mailer.send(
                TEMPLATE,
                language,
                to,
                {"reset_url": url, "username": username},
                secrets.token_hex(16),
            )
    except ServiceError:
        log.error("event=password_reset.mail_failed")
