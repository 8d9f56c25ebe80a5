"""The auditor's screen: the joined audit trail, its filters, pages and a CSV export.

Only members of the auditors' group (`WAGTAILCONVENE_AUDITOR_GROUP`) come in; anyone else
is refused with 403. The services check the role again, and write each read to the trail.
"""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseForbidden
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..clients import ServiceRejected, ServiceUnavailable
from ..spreadsheets import rows_csv
from . import trail
from .forms import AuditFilterForm


class AuditTrail(WagtailAdminTemplateMixin, TemplateView):
    """Who did what, to which record, when and why, newest first."""

    page_title = gettext_lazy("Audit trail")
    header_icon = "history"
    template_name = "wagtail_convene/audit/trail.html"

    def dispatch(self, request, *args, **kwargs):
        if not trail.is_auditor(request.user):
            # A plain 403: the admin's own refusal is a redirect, which hides the refusal.
            return HttpResponseForbidden(_("Only auditors may read the audit trail."))
        self.auditor = trail.Auditor(request.user)
        self.form = AuditFilterForm(request.GET or None, regions=self.auditor.regions)
        try:
            response = super().dispatch(request, *args, **kwargs)
        except ServiceUnavailable:
            error = _("A service cannot be reached; the export needs all of them. Try again.")
            response = self.render_to_response(self.get_context_data(error=error), status=503)
        except ServiceRejected as exc:
            context = self.get_context_data(error=exc.message)
            response = self.render_to_response(context, status=exc.status)
        response["Cache-Control"] = "no-store"
        return response

    def get(self, request, *args, **kwargs):
        if self.form.is_bound and not self.form.is_valid():
            # Say what is wrong rather than show the whole trail as if it were filtered.
            return self.render_to_response(self.get_context_data(), status=400)
        offset = max(0, int(request.GET.get("offset", "0") or 0))
        entries = trail.page(self.auditor, self.form.services(), self.form.filters(), offset)
        context = self.get_context_data(
            entries=entries,
            offset=offset,
            next_offset=offset + trail.PAGE if entries["more"] else None,
            previous_offset=max(0, offset - trail.PAGE) if offset else None,
        )
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        """The CSV export (POST, with the CSRF check: reasons are staff's own words)."""
        if self.form.is_bound and not self.form.is_valid():
            return self.render_to_response(self.get_context_data(), status=400)
        items = trail.every_entry(self.auditor, self.form.services(), self.form.filters())
        header = [_("When (UTC)"), _("Service"), _("Who"), _("What"), _("Kind of record")]
        header += [_("Record identifier"), _("Region"), _("Why"), _("Action code")]
        rows = [
            [e["at"].isoformat(), e["service_label"], e["actor_label"], e["action_label"]]
            + [e["object_label"], e["object_id"], e["region_label"], e["reason_label"], e["action"]]
            for e in items
        ]
        response = HttpResponse(rows_csv([header, *rows]), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
        return response

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("offset", None)
        return super().get_context_data(
            form=self.form, regions=self.auditor.regions, query=query.urlencode(), **kwargs
        )

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]
