"""The dead-letter screens: one per service, listing what failed for good, with
"requeue" and "discard (reason)". The service enforces who may act (role and regions);
the screen refuses those who may not, in the admin language, before calling it.

A row holds a kind, an error name, dates and attempts: never a recipient or content.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import conf
from ..clients import ServiceRejected, ServiceUnavailable
from ..clients.dead_letters import DeadLetters
from ..outreach.models import may_manage_outreach
from .case_views import on_desk
from .models import reviewer_regions

URL_NAME = "wagtail_convene_dead_letters"
TITLES = {
    "registration": gettext_lazy("Failed registration e-mails"),
    "grievance": gettext_lazy("Failed grievance notices"),
    "mailer": gettext_lazy("Failed e-mails"),
}
KINDS = {
    "registration.receipt": gettext_lazy("Registration receipt"),
    "registration.decision": gettext_lazy("Decision on a registration"),
    "registration.updates": gettext_lazy("Subscription to updates"),
    "reprisal.urgent": gettext_lazy("Urgent report notice to the desk"),
    "grievance.reply_waiting": gettext_lazy("Reply notice to a reporter"),
}
OTHER_KIND = {
    "registration": gettext_lazy("E-mail about a registration"),
    "grievance": gettext_lazy("Notice about a case"),
    "mailer": gettext_lazy("Transactional e-mail"),
}
ERRORS = {
    "ConnectError": gettext_lazy("The receiving service could not be reached"),
    "ConnectTimeout": gettext_lazy("The receiving service could not be reached"),
    "ConnectionRefusedError": gettext_lazy("The mail server could not be reached"),
    "HTTPStatusError": gettext_lazy("The receiving service refused it"),
}


def may_see(user, service: str) -> bool:
    if service == "registration":
        return bool(reviewer_regions(user))
    if service == "grievance":
        return on_desk(user)
    return may_manage_outreach(user)


def error_label(code: str | None) -> str:
    if not code:
        return ""
    if code.startswith("SMTP"):
        return str(gettext_lazy("The mail server refused it"))
    return str(ERRORS.get(code, gettext_lazy("Unexpected error")))


def labelled(service: str, row: dict) -> dict:
    return {
        **row,
        "kind_label": str(KINDS.get(row["kind"], OTHER_KIND[service])),
        "error_label": error_label(row.get("last_error")),
        "region_label": str(
            dict(conf.REGIONS).get(row.get("region"), gettext_lazy("No region (record erased)"))
        ),
        "failed": parse_datetime(row["failed_at"]) if row.get("failed_at") else None,
        "created": parse_datetime(row["created_at"]),
    }


class DeadLetterIndex(TemplateView):
    """The alert e-mails' link: the first screen the user may see."""

    def get(self, request, *args, **kwargs):
        for service in TITLES:
            if may_see(request.user, service):
                return redirect(URL_NAME, service=service)
        return permission_denied(request)


class DeadLetterScreen(WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtail_convene/intake/dead_letters.html"
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        self.service = kwargs["service"]
        if self.service not in TITLES:
            raise Http404
        if not may_see(request.user, self.service):
            return permission_denied(request)  # its message in the admin language
        self.regions = reviewer_regions(request.user) if self.service == "registration" else []
        try:
            response = super().dispatch(request, *args, **kwargs)
        except ServiceUnavailable:
            error = _("The service cannot be reached; try again.")
            response = self.render_to_response(self.get_context_data(error=error), status=503)
        except ServiceRejected as exc:
            context = self.get_context_data(error=exc.message)
            response = self.render_to_response(context, status=exc.status)
        response["Cache-Control"] = "no-store"
        return response

    def get_page_title(self):
        return TITLES[self.service]

    def client(self) -> DeadLetters:
        return DeadLetters.for_service(self.service, self.request.user, self.regions)

    def get(self, request, *args, **kwargs):
        with self.client() as client:
            rows = [labelled(self.service, row) for row in client.list()]
        others = [
            {"url": reverse(URL_NAME, args=[s]), "title": title}
            for s, title in TITLES.items()
            if s != self.service and may_see(request.user, s)
        ]
        context = self.get_context_data(rows=rows, others=others, regional=bool(self.regions))
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        action, reason = request.POST.get("action"), request.POST.get("reason", "").strip()
        try:
            item = str(uuid.UUID(request.POST.get("item", "")))
        except ValueError:
            raise Http404 from None
        if action == "discard" and not reason:
            messages.error(request, _("Say why the message is discarded."))
        elif action in ("requeue", "discard"):
            try:
                with self.client() as client:
                    if action == "requeue":
                        client.requeue(item)
                        messages.success(request, _("The message will be sent again."))
                    else:
                        client.discard(item, reason[:200])
                        messages.success(request, _("The message was discarded."))
            except ServiceRejected as exc:
                messages.error(request, exc.message)
        return redirect(URL_NAME, service=self.service)
