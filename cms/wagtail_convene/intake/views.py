"""Intake screens: each call names the acting user and their regions to the service,
which enforces them; the CMS keeps nothing of what it shows."""

from __future__ import annotations

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import labels
from ..clients import RegistrationClient, ServiceRejected, ServiceUnavailable
from ..events.models import EventPage
from ..spreadsheets import safe_csv_chunks
from .decisions import BULK, bulk_choices, bulk_outcome, detail_lines, labelled
from .forms import ActionForm, BulkForm, QueueFilterForm, ReasonForm
from .models import reviewer_regions
from .origin import cross_site

PAGE = 50


class IntakeView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "form"
    unavailable = gettext_lazy("The registration service cannot be reached; try again.")

    def dispatch(self, request, *args, **kwargs):
        self.regions = reviewer_regions(request.user)
        if not self.regions:
            return permission_denied(request)  # its message in the admin language
        if request.method == "GET" and cross_site(request):
            # A page of another site led here: decrypt nothing until the officer asks.
            context = self.get_context_data(again=request.get_full_path())
            return TemplateResponse(
                request, "wagtail_convene/intake/cross_site.html", context, status=403
            )
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
        form = QueueFilterForm(request.GET or None, events=events, regions=self.regions)
        filters = form.filters()
        offset = max(0, int(request.GET.get("offset", "0") or 0))
        queue = self.call("queue", **filters, offset=offset, limit=PAGE)
        by_key = {e.event_key: e for e in events}
        queue["items"] = [labelled(item, by_key) for item in queue["items"]]
        queue["count_lines"] = [
            {"status": code, "label": labels.status_label(code), "count": n}
            for code, n in queue["counts"].items()
        ]
        event = by_key.get(filters.get("event"))
        balance = self.call("balance", event.event_key) if event else None
        context = self.get_context_data(
            regions=self.regions,
            form=form,
            queue=queue,
            event=event,
            event_title=event.localized.title if event else "",
            balance=_balance_tables(balance) if balance else None,
            bulk=bulk_choices(queue["items"]),
            bulk_form=BulkForm(actions=[*BULK, "check_criteria"]),
            floor_speakers=any(i["kind"] == "floor_speaker" for i in queue["items"]),
            offset=offset,
            next_offset=offset + PAGE if offset + PAGE < queue["total"] else None,
            previous_offset=max(0, offset - PAGE) if offset else None,
            query=request.GET.urlencode(),
        )
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        if request.POST.get("export"):  # a download of names: POST, with the CSRF check
            events = list(self.events())
            filters = QueueFilterForm(request.GET, events=events, regions=self.regions).filters()
            if filters.get("event"):
                return self.export(filters)
        form = BulkForm(request.POST, actions=[*BULK, "check_criteria"])
        if not form.is_valid():
            for error in form.non_field_errors() or [_("Choose an action.")]:
                messages.error(request, error)
        else:
            action = form.cleaned_data["action"]
            try:
                outcome = self.call("act_many", form.body())
            except ServiceRejected as exc:
                messages.error(request, exc.message)
            else:
                done, skipped = bulk_outcome(action, outcome)
                (messages.success if outcome["count"] else messages.warning)(request, done)
                for line in skipped:
                    messages.warning(request, line)
        return redirect(
            f"{reverse('wagtail_convene_intake_registrations')}?{request.GET.urlencode()}"
        )

    def export(self, filters: dict) -> StreamingHttpResponse:
        """The participant list, passed on chunk by chunk as the service sends it (the
        browser shows the download growing): no wait for the whole file, however large
        the event. The client stays open until Django closes the response."""
        params = {k: filters[k] for k in ("event", "track") if k in filters}
        params["status"] = filters.get("status") or "selected"
        client = RegistrationClient.from_settings()
        try:
            download = client.export(self.request.user, self.regions, **params)
        except BaseException:
            client.close()
            raise
        chunks = download.map(safe_csv_chunks).also_close(client.close)
        response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="participants.csv"'
        return response


def _balance_tables(balance: dict) -> list[dict]:
    """The balance panel with each feature and value named."""
    return [
        {
            "feature": labels.feature_label(feature),
            "rows": [
                {"label": labels.value_label(feature, value), **cell}
                for value, cell in values.items()
            ],
        }
        for feature, values in balance.items()
    ]


class RegistrationDetail(IntakeView):
    """One registration, opened for a stated reason; the decisions its status allows."""

    page_title = gettext_lazy("Registration")
    template_name = "wagtail_convene/intake/registration.html"

    def get(self, request, registration_id):
        # Back from a decision on the record (same-origin: see `dispatch`), or the form.
        return self.opened(registration_id, ReasonForm(request.GET or None))

    def opened(self, registration_id, reason_form: ReasonForm):
        if not reason_form.is_valid():
            return self.render_to_response(self.get_context_data(reason_form=reason_form))
        reason = reason_form.cleaned_data["reason"]
        item = self.call("detail", str(registration_id), reason)
        by_key = {e.event_key: e for e in self.events()}
        item = {**labelled(item, by_key), **detail_lines(item)}
        context = self.get_context_data(
            item=item,
            reason=reason,
            reason_label=dict(reason_form.fields["reason"].choices).get(reason, reason),
            criteria=_criteria_rows(item),
        )
        return self.render_to_response(context)

    def post(self, request, registration_id):
        if request.POST.get("step") == "open":  # the reason, given in a POST with CSRF
            return self.opened(registration_id, ReasonForm(request.POST))
        form = ActionForm(request.POST)
        reason = request.POST.get("opened_for", "eligibility check")
        if form.is_valid():
            try:
                self.call("act", str(registration_id), form.body())
            except ServiceRejected as exc:
                messages.error(request, exc.message)
            else:
                action = form.cleaned_data["action"]
                if action in labels.ACTIONS:
                    done = _("Done: %(action)s.") % {"action": labels.action_label(action)}
                else:
                    done = _("Saved.")
                messages.success(request, done)
        url = reverse("wagtail_convene_intake_registration", args=[registration_id])
        return redirect(f"{url}?{urlencode({'reason': reason})}")


def _criteria_rows(item: dict) -> list[dict]:
    """The floor-speaker criteria, each checked or not, in words."""
    if item.get("kind") != "floor_speaker":
        return []
    checks = item.get("criteria") or {}
    return [
        {
            "key": "authorised",
            "label": labels.criterion_label("authorised"),
            "met": bool(item.get("authorised_at")),
            "editable": False,
        },
        {
            "key": "category",
            "label": labels.criterion_label("category"),
            "met": bool(checks.get("category")),
            "editable": True,
        },
        {
            "key": "expertise",
            "label": labels.criterion_label("expertise"),
            "met": bool(checks.get("expertise")),
            "editable": True,
        },
    ]
