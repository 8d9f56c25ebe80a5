"""Locked sign-ins (django-axes): the accounts and addresses that gave ten wrong
passwords, and an administrator's unlock. Superusers only; each unlock is logged by axes."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

URL_NAME = "wagtail_convene_locked_signins"


class LockedSignins(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Locked sign-ins")
    header_icon = "lock"
    template_name = "wagtail_convene/locked_signins.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(locked=locked(), **kwargs)

    def post(self, request, *args, **kwargs):
        from axes.utils import reset

        kind, _sep, value = request.POST.get("attempt", "").partition(":")
        if kind == "username" and value:
            reset(username=value)
        elif kind == "ip" and value:
            reset(ip=value)
        else:
            return redirect(URL_NAME)
        messages.success(request, _("Unlocked: they can sign in again."))
        return redirect(URL_NAME)


def locked() -> list[dict]:
    """Accounts and addresses at the failure limit, adding up every attempt row (axes keeps
    one per account, address and browser, so a changing browser spreads the count)."""
    from axes.models import AccessAttempt
    from django.db.models import Sum

    limit = getattr(settings, "AXES_FAILURE_LIMIT", 10)
    rows = []
    for field, kind in (("username", "username"), ("ip_address", "ip")):
        totals = (
            AccessAttempt.objects.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(failures=Sum("failures_since_start"))
            .filter(failures__gte=limit)
        )
        rows += [
            {"kind": kind, "value": row[field], "key": f"{kind}:{row[field]}"} for row in totals
        ]
    return rows


def client_address(request) -> str:
    """The client's address: the peer's, or behind `CONVENE_TRUSTED_PROXIES` proxies the
    entry the nearest proxy appended to X-Forwarded-For (earlier ones can be forged)."""
    proxies = getattr(settings, "CONVENE_TRUSTED_PROXIES", 0)
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


urlpatterns = [path("convene/locked-signins/", LockedSignins.as_view(), name=URL_NAME)]


def locked_out(request, original_response=None, credentials=None):
    """The lock-out page (429) in the language the visitor's browser asks for: the admin's
    sign-in page has no language prefix, so the site's default would otherwise answer."""
    from django.shortcuts import render
    from django.utils import translation

    language = translation.get_language_from_request(request, check_path=False)
    with translation.override(language):
        return render(request, "wagtail_convene/locked_out.html", status=429)
