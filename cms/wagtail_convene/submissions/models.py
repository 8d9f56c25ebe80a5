"""Published stakeholder submissions, their index, and the public form that creates them."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page

from ..taxonomy.models import region_choices

PAGE_SIZE = 20
LANGUAGE_CHOICES = settings.LANGUAGES


class SubmissionIndexPage(Page):
    """Published submissions of a review, filterable and paginated."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    subpage_types = ["wagtail_convene_submissions.SubmissionPage"]
    template = "wagtail_convene/submissions/submission_index_page.html"

    class Meta:
        verbose_name = _("submission index")

    FILTERS = ("region", "category", "country", "objective", "language")

    def submissions(self, params):
        """Live submissions under this index or any of its translations, once each.

        A submission is written in one language and usually published under the index of
        the language it was sent from; every language's index lists it (a page translated
        into this index's language is shown in that translation). The submission's own
        language is a filter, never a wall.
        """
        from ..fallback import one_per_translation, under_any_translation

        pages = SubmissionPage.objects.live().filter(under_any_translation(SubmissionPage, self))
        pages = one_per_translation(pages, self.locale).order_by("-first_published_at", "-pk")
        if params.get("region"):
            pages = pages.filter(region=params["region"])
        if params.get("category"):
            pages = pages.filter(category__slug=params["category"])
        if params.get("country"):
            pages = pages.filter(country__code=params["country"])
        if params.get("objective", "").isdigit():
            pages = pages.filter(objectives__number=int(params["objective"]))
        if params.get("language"):
            pages = pages.filter(submission_language=params["language"])
        return pages.distinct()

    def get_context(self, request, *args, **kwargs):
        from ..taxonomy.models import (
            Country,
            GCMObjective,
            StakeholderCategory,
            sorted_by_name,
        )

        context = super().get_context(request, *args, **kwargs)
        params = request.GET
        paginator = Paginator(
            self.submissions(params).select_related("country", "category", "locale"), PAGE_SIZE
        )
        context["page_obj"] = paginator.get_page(params.get("page"))
        context["filters"] = {k: params.get(k, "") for k in self.FILTERS}
        query = params.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        context["options"] = {
            "regions": region_choices(),
            "categories": [
                (c.slug, c.label)
                for c in StakeholderCategory.objects.filter(locale__language_code="en")
            ],
            "countries": sorted_by_name((c.code, c.name) for c in Country.objects.all()),
            "objectives": [
                (o.number, o.label) for o in GCMObjective.objects.filter(locale__language_code="en")
            ],
            "languages": LANGUAGE_CHOICES,
        }
        return context


class SubmissionPage(Page):
    """One stakeholder submission, published as received with the standard disclaimer."""

    organisation = models.CharField(_("organisation"), max_length=200)
    category = models.ForeignKey(
        "wagtail_convene_taxonomy.StakeholderCategory",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("stakeholder category"),
    )
    country = models.ForeignKey(
        "wagtail_convene_taxonomy.Country",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country"),
    )
    region = models.CharField(_("region"), max_length=16, choices=region_choices)
    submission_language = models.CharField(
        _("language of the submission"), max_length=8, choices=LANGUAGE_CHOICES
    )
    objectives = ParentalManyToManyField(
        "wagtail_convene_taxonomy.GCMObjective",
        related_name="+",
        blank=True,
        verbose_name=_("GCM objectives"),
    )
    summary = models.TextField(_("summary"))
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("document"),
    )
    # Kept sealed only until the submitter has been told the outcome, then erased.
    submitter_email_sealed = models.BinaryField(null=True, blank=True, editable=False)
    check_results = models.JSONField(default=list, blank=True, editable=False)

    content_panels = Page.content_panels + [
        HelpPanel(
            template="wagtail_convene/submissions/check_results_panel.html",
            heading=_("Automatic checks"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("category"),
                FieldPanel("country"),
                FieldPanel("region"),
                FieldPanel("submission_language"),
                FieldPanel("objectives", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("About the submission"),
        ),
        FieldPanel("summary"),
        FieldPanel("document"),
    ]
    api_fields = [
        APIField("organisation"),
        APIField("category"),
        APIField("country"),
        APIField("region"),
        APIField("submission_language"),
        APIField("objectives"),
        APIField("summary"),
        APIField("document"),
    ]
    parent_page_types = ["wagtail_convene_submissions.SubmissionIndexPage"]
    subpage_types = []
    template = "wagtail_convene/submissions/submission_page.html"

    class Meta:
        verbose_name = _("submission")

    def seal_context(self) -> str:
        return f"submission:{self.translation_key}"


class SubmissionFormPage(Page):
    """The public form that sends a submission into the task team's review."""

    intro = RichTextField(_("introduction"), blank=True)
    index = models.ForeignKey(
        SubmissionIndexPage,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("publish into"),
    )
    thanks = RichTextField(_("thank-you text"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("index"),
        FieldPanel("thanks"),
    ]
    api_fields = [APIField("intro")]
    subpage_types = []
    template = "wagtail_convene/submissions/submission_form_page.html"

    class Meta:
        verbose_name = _("submission form")

    def serve(self, request, *args, **kwargs):
        from .views import submission_form

        return submission_form(request, self)
