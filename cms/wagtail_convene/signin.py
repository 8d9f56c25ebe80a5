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
        from axes.models import AccessAttempt

        limit = getattr(settings, "AXES_FAILURE_LIMIT", 10)
        locked = AccessAttempt.objects.filter(failures_since_start__gte=limit)
        return super().get_context_data(
            locked=locked.order_by("-attempt_time").values("id", "username", "ip_address"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        from axes.models import AccessAttempt

        attempt = AccessAttempt.objects.filter(pk=request.POST.get("attempt") or 0).first()
        if attempt is not None:
            attempt.delete()
            messages.success(request, _("Unlocked: they can sign in again."))
        return redirect(URL_NAME)


urlpatterns = [path("convene/locked-signins/", LockedSignins.as_view(), name=URL_NAME)]


def locked_out(request, original_response=None, credentials=None):
    """The lock-out page (429) in the language the visitor's browser asks for: the admin's
    sign-in page has no language prefix, so the site's default would otherwise answer."""
    from django.shortcuts import render
    from django.utils import translation

    language = translation.get_language_from_request(request, check_path=False)
    with translation.override(language):
        return render(request, "wagtail_convene/locked_out.html", status=429)
