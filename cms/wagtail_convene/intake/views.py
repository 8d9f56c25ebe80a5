"""Intake screens: each call names the acting user and their regions to the service."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..clients import RegistrationClient, ServiceRejected, ServiceUnavailable
from .models import reviewer_regions


class RegistrationQueue(WagtailAdminTemplateMixin, TemplateView):
    """Registrations in the reviewer's regions, decrypted by the service for this page."""

    page_title = _("Registrations")
    header_icon = "form"
    template_name = "wagtail_convene/intake/registrations.html"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        regions = reviewer_regions(request.user)
        if not regions:
            raise PermissionDenied
        filters = {"event": request.GET.get("event"), "region": request.GET.get("region")}
        context = self.get_context_data(regions=regions, filters=filters, registrations=[])
        status = 200
        try:
            with RegistrationClient.from_settings() as client:
                context["registrations"] = client.list_registrations(
                    request.user, regions, **filters
                )
        except ServiceRejected as exc:
            context["error"] = exc.message
            status = exc.status
        except ServiceUnavailable:
            context["error"] = _("The registration service cannot be reached; try again.")
            status = 503
        response = self.render_to_response(context, status=status)
        response["Cache-Control"] = "no-store"
        return response
