"""Intake screens: each call names the acting user and their regions to the service,
which enforces them; the CMS keeps nothing of what it shows."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..clients import RegistrationClient, ServiceRejected, ServiceUnavailable
from ..events.models import EventPage
from .forms import BULK, ActionForm, QueueFilterForm, ReasonForm
from .models import reviewer_regions

PAGE = 50


class IntakeView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "form"
    unavailable = gettext_lazy("The registration service cannot be reached; try again.")

    def dispatch(self, request, *args, **kwargs):
        self.regions = reviewer_regions(request.user)
        if not self.regions:
            raise PermissionDenied
        try:
            response = super().dispatch(request, *args, **kwargs)
        except ServiceUnavailable:
            context = self.get_context_data(error=self.unavailable)
            response = self.render_to_response(context, status=503)
        except ServiceRejected as exc:
            context = self.get_context_data(error=exc.message)
            response = self.render_to_response(context, status=exc.status)
        response["Cache-Control"] = "no-store"
        return response

    def call(self, method: str, *args, **kwargs):
        with RegistrationClient.from_settings() as client:
            return getattr(client, method)(self.request.user, self.regions, *args, **kwargs)

    def events(self):
        return (
            EventPage.objects.live()
            .filter(locale__language_code="en", region__in=self.regions)
            .order_by("start_date")
        )

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


class RegistrationQueue(IntakeView):
    """Registrations in the reviewer's regions: filters, counts, pages, bulk actions."""

    page_title = gettext_lazy("Registrations")
    template_name = "wagtail_convene/intake/registrations.html"

    def get(self, request, *args, **kwargs):
        events = list(self.events())
        form = QueueFilterForm(request.GET or None, events=events)
        filters = form.filters()
        offset = max(0, int(request.GET.get("offset", "0") or 0))
        if request.GET.get("export") and filters.get("event"):
            return self.export(filters)
        queue = self.call("queue", **filters, offset=offset, limit=PAGE)
        event = next((e for e in events if e.event_key == filters.get("event")), None)
        balance = self.call("balance", event.event_key) if event else None
        context = self.get_context_data(
            regions=self.regions,
            form=form,
            queue=queue,
            event=event,
            balance=balance,
            bulk=BULK,
            offset=offset,
            next_offset=offset + PAGE if offset + PAGE < queue["total"] else None,
            previous_offset=max(0, offset - PAGE) if offset else None,
            query=request.GET.urlencode(),
        )
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        ids = request.POST.getlist("ids")
        action = request.POST.get("action", "")
        if not ids or action not in dict(BULK):
            messages.error(request, _("Tick at least one registration and choose an action."))
        else:
            try:
                done = self.call("act_many", {"action": action, "ids": ids})
            except ServiceRejected as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Done for %(n)s registrations.") % {"n": done["count"]})
        return redirect(
            f"{reverse('wagtail_convene_intake_registrations')}?{request.GET.urlencode()}"
        )

    def export(self, filters: dict) -> HttpResponse:
        params = {k: filters[k] for k in ("event", "track") if k in filters}
        text = self.call("export", **params, status=filters.get("status") or "selected")
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="participants.csv"'
        return response


class RegistrationDetail(IntakeView):
    """One registration, opened for a stated reason; its actions."""

    page_title = gettext_lazy("Registration")
    template_name = "wagtail_convene/intake/registration.html"

    def get(self, request, registration_id):
        reason_form = ReasonForm(request.GET or None)
        if not reason_form.is_valid():
            return self.render_to_response(self.get_context_data(reason_form=reason_form))
        reason = reason_form.cleaned_data["reason"]
        item = self.call("detail", str(registration_id), reason)
        return self.render_to_response(self.get_context_data(item=item, reason=reason))

    def post(self, request, registration_id):
        form = ActionForm(request.POST)
        reason = request.POST.get("opened_for", "eligibility check")
        if form.is_valid():
            try:
                self.call("act", str(registration_id), form.body())
            except ServiceRejected as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Saved."))
        url = reverse("wagtail_convene_intake_registration", args=[registration_id])
        return redirect(f"{url}?reason={reason}")
