"""What every outreach screen shares: the permission, the mailer client, its failures."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ...clients.errors import ServiceRejected, ServiceUnavailable
from ...clients.mailer import OutreachClient
from ..models import may_manage_outreach


class OutreachView(WagtailAdminTemplateMixin, TemplateView):
    """An admin page backed by the mailer. Nothing personal is cached: `no-store`."""

    header_icon = "mail"
    parent_crumbs: list[tuple[str, str]] = []

    def dispatch(self, request, *args, **kwargs):
        if not may_manage_outreach(request.user):
            return permission_denied(request)  # its message in the admin language
        try:
            response = super().dispatch(request, *args, **kwargs)
        except ServiceUnavailable:
            response = self.unavailable()
        except ServiceRejected as exc:
            if exc.status == 404:
                raise Http404(exc.message) from exc
            raise
        response["Cache-Control"] = "no-store"
        return response

    def mailer(self) -> OutreachClient:
        return OutreachClient.for_user(self.request.user)

    def call(self, method: str, *args, **kwargs):
        with self.mailer() as mailer:
            return getattr(mailer, method)(*args, **kwargs)

    def get_breadcrumbs_items(self):
        crumbs = [{"url": url, "label": label} for url, label in self.parent_crumbs]
        return self.breadcrumbs_items + crumbs + [{"url": "", "label": self.get_page_title()}]

    def unavailable(self):
        if self.wants_json():
            return JsonResponse({"error": "unavailable"}, status=503)
        return TemplateResponse(
            self.request,
            "wagtail_convene/outreach/admin/unavailable.html",
            {**self.get_context_data(), "page_title": _("Mailer unavailable")},
            status=503,
        )

    def wants_json(self) -> bool:
        return self.request.GET.get("format") == "json"


def form_errors_from(form, exc: ServiceRejected) -> None:
    """Show the mailer's refusal on the form: next to a field when it names one."""
    for field, messages in (exc.errors or {}).items():
        if field in form.fields and isinstance(messages, list):
            for message in messages:
                form.add_error(field, str(message))
    form.add_error(None, exc.message or _("The mailer refused this."))
