"""The landing page of a regional review, its criteria page, and simple content pages."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from ..blocks import BodyBlock
from ..taxonomy.models import region_choices


class RegionalReviewPage(Page):
    """One region's review: intro, key dates, its events, criteria, submissions, contact."""

    region = models.CharField(_("region"), max_length=16, choices=region_choices)
    intro = RichTextField(_("introduction"), blank=True)
    contact = RichTextField(_("contact"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("region"),
        FieldPanel("intro"),
        FieldPanel("contact"),
    ]
    api_fields = [APIField("region"), APIField("intro"), APIField("contact")]
    subpage_types = [
        "wagtail_convene_events.CalendarPage",
        "wagtail_convene_reviews.CriteriaPage",
        "wagtail_convene_submissions.SubmissionIndexPage",
        "wagtail_convene_submissions.SubmissionFormPage",
        "wagtail_convene_reviews.ContentPage",
        "wagtail_convene_reporting.ReportingPage",
    ]
    template = "wagtail_convene/reviews/regional_review_page.html"

    class Meta:
        verbose_name = _("regional review")

    def events(self):
        from ..events.models import EventPage
        from ..fallback import one_per_translation, under_any_translation

        events = EventPage.objects.live().filter(
            under_any_translation(EventPage, self, children_only=False)
        )
        return one_per_translation(events, self.locale)

    def next_deadlines(self, limit: int = 5) -> list[dict]:
        """Upcoming dates a stakeholder must not miss: registration closings and meetings."""
        now = timezone.now()
        items = []
        for event in self.events().specific():
            for track in event.tracks.all():
                if track.closes_at and track.closes_at >= now:
                    items.append(
                        {
                            "when": track.closes_at,
                            "event": event,
                            "label": _("Registration closes: %(track)s") % {"track": track.name},
                        }
                    )
            if event.starts_at >= now:
                items.append({"when": event.starts_at, "event": event, "label": event.title})
        return sorted(items, key=lambda item: item["when"])[:limit]

    def children_of_type(self, model_name: str):
        return self.get_children().live().filter(content_type__model=model_name).specific()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["deadlines"] = self.next_deadlines()
        context["criteria_pages"] = self.children_of_type("criteriapage")
        context["calendars"] = self.children_of_type("calendarpage")
        context["submission_indexes"] = self.children_of_type("submissionindexpage")
        context["submission_forms"] = self.children_of_type("submissionformpage")
        context["content_pages"] = self.children_of_type("contentpage")
        return context


class CriteriaPage(Page):
    """The engagement and registration criteria of a review, public before registration opens."""

    body = StreamField(BodyBlock(), verbose_name=_("criteria"))

    content_panels = Page.content_panels + [FieldPanel("body")]
    api_fields = [APIField("body")]
    parent_page_types = ["wagtail_convene_reviews.RegionalReviewPage"]
    subpage_types = []
    template = "wagtail_convene/reviews/content_page.html"

    class Meta:
        verbose_name = _("criteria page")


class ContentPage(Page):
    """News, updates and reports."""

    kind = models.CharField(
        _("kind"),
        max_length=16,
        default="news",
        choices=[
            ("news", _("News or update")),
            ("report", _("Report")),
            ("page", _("Page")),
        ],
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    body = StreamField(BodyBlock(), verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("date"),
        FieldPanel("body"),
    ]
    api_fields = [APIField("kind"), APIField("date"), APIField("body")]
    template = "wagtail_convene/reviews/content_page.html"

    class Meta:
        verbose_name = _("content page")
