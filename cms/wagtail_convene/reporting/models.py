"""The reporting page of a regional review: grievances, reprisal reports, follow-up with
a receipt code, and the public figures. Works without JavaScript; every answer is
`no-store`; the receipt code never appears in an address."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from . import views


class ReportingPage(RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True)
    safety = RichTextField(
        _("safety advice"),
        blank=True,
        help_text=_("Shown on the reprisal form: how to report safely."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("safety")]
    parent_page_types = ["wagtail_convene_reviews.RegionalReviewPage"]
    subpage_types = []
    template = "wagtail_convene/reporting/landing.html"
    # Bodies posted here never touch the disk and never exceed the form's promise
    # (reporting.uploads.ReportingUploadsMiddleware).
    memory_only_uploads = True

    class Meta:
        verbose_name = _("grievance and reprisal reporting page")

    @property
    def region(self) -> str:
        return self.get_parent().specific.region

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    @path("")
    def landing(self, request):
        return views.landing(request, self)

    @path("grievance/")
    def grievance(self, request):
        return views.report(request, self, "grievance")

    @path("reprisal/")
    def reprisal(self, request):
        return views.report(request, self, "reprisal")

    @path("follow-up/")
    def follow_up(self, request):
        return views.follow_up(request, self)


class SpentTicket(models.Model):
    """A reporting form's ticket that was used (`tickets`): a digest of its random nonce
    and the day, never a time of day, an address or anything of the report."""

    digest = models.CharField(max_length=64, primary_key=True)
    day = models.DateField(db_index=True)

    def __str__(self) -> str:
        return self.digest[:8]
