"""Campaigns: the builder (audience, message, schedule, rate, late-invitation reason), and
each campaign's live progress with pause, resume and cancel."""

from __future__ import annotations

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...clients.errors import ServiceRejected
from ...events.models import EventPage
from ..admin_forms import CampaignForm
from .base import OutreachView, form_errors_from

CAMPAIGNS_CRUMB = [("/admin/convene/outreach/campaigns/", gettext_lazy("Campaigns"))]
ACTIONS = {
    "draft": ["schedule", "cancel"],
    "scheduled": ["pause", "cancel"],
    "sending": ["pause", "cancel"],
    "paused": ["resume", "cancel"],
}
FINISHED = {"sent", "cancelled"}


class CampaignsView(OutreachView):
    page_title = gettext_lazy("Campaigns")
    template_name = "wagtail_convene/outreach/admin/campaigns.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(campaigns=self.call("campaigns")))


class CampaignCreateView(OutreachView):
    page_title = gettext_lazy("New campaign")
    template_name = "wagtail_convene/outreach/admin/campaign_new.html"
    parent_crumbs = CAMPAIGNS_CRUMB

    def form(self, data=None):
        with self.mailer() as mailer:
            templates, lists = mailer.templates(), mailer.lists()
        events = EventPage.objects.live().filter(locale__language_code="en").order_by("start_date")
        return CampaignForm(data, templates=templates, lists=lists, events=list(events))

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                campaign = self.call("create_campaign", form.payload())
            except ServiceRejected as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("Campaign saved as a draft; schedule it when ready."))
                return redirect("wagtail_convene_outreach_campaign", campaign_id=campaign["id"])
        return self.render_to_response(self.get_context_data(form=form), status=422)


class CampaignView(OutreachView):
    template_name = "wagtail_convene/outreach/admin/campaign.html"
    parent_crumbs = CAMPAIGNS_CRUMB
    page_title = gettext_lazy("Campaign")

    def get(self, request, *args, **kwargs):
        campaign = self.call("get_campaign", str(self.kwargs["campaign_id"]))
        if self.wants_json():
            return JsonResponse(progress_of(campaign))
        context = self.get_context_data(
            campaign=campaign,
            progress=progress_of(campaign),
            actions=ACTIONS.get(campaign["status"], []),
        )
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        campaign_id = str(self.kwargs["campaign_id"])
        action = request.POST.get("action", "")
        try:
            self.call("campaign_action", campaign_id, action)
        except ServiceRejected as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, DONE.get(action, _("Done.")))
        return redirect("wagtail_convene_outreach_campaign", campaign_id=campaign_id)


DONE = {
    "schedule": gettext_lazy("Scheduled."),
    "pause": gettext_lazy("Paused: nothing more is sent until you resume."),
    "resume": gettext_lazy("Resumed."),
    "cancel": gettext_lazy("Cancelled: nothing more will be sent."),
}


def progress_of(campaign: dict) -> dict:
    counts = campaign["progress"]
    total = sum(counts.values())
    finished = counts["sent"] + counts["failed"] + counts["skipped"]
    return {
        "status": campaign["status"],
        "done": campaign["status"] in FINISHED,
        "total": total,
        "percent": round(100 * finished / total) if total else 0,
        **counts,
    }
