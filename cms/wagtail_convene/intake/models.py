"""Who reviews which regions' intake queues."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from ..taxonomy.models import region_choices


class ReviewedRegions(models.Model):
    """Region codes, checked against the taxonomy (a base for the two ways to assign them)."""

    regions = models.CharField(
        _("regions"),
        max_length=100,
        help_text=_("Region codes separated by commas, for example ECE,ESCAP."),
    )

    class Meta:
        abstract = True

    @property
    def region_codes(self) -> list[str]:
        return [code.strip().upper() for code in self.regions.split(",") if code.strip()]

    def clean(self):
        known = {code for code, _label in region_choices()}
        unknown = sorted(set(self.region_codes) - known)
        if unknown:
            raise ValidationError(
                {"regions": _("Unknown region code(s): %(codes)s") % {"codes": ", ".join(unknown)}}
            )


class IntakeReviewer(ReviewedRegions):
    """A secretariat or task-team member and the regions whose queues they review.

    The services enforce the regions: the CMS only names them in each call's token.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="intake_reviewer",
        verbose_name=_("user"),
    )

    panels = [FieldPanel("user"), FieldPanel("regions")]

    class Meta:
        verbose_name = _("intake reviewer")

    def __str__(self):
        return f"{self.user} ({self.regions})"


class GroupRegions(ReviewedRegions):
    """The regions a Django group's members review (e.g. group "ECE secretariat" → ECE)."""

    group = models.OneToOneField(
        "auth.Group",
        on_delete=models.CASCADE,
        related_name="intake_regions",
        verbose_name=_("group"),
    )

    panels = [FieldPanel("group"), FieldPanel("regions")]

    class Meta:
        verbose_name = _("group's regions")
        verbose_name_plural = _("groups' regions")

    def __str__(self):
        return f"{self.group} ({self.regions})"


def reviewer_regions(user) -> list[str]:
    """The regions `user` reviews, through their groups or their own entry; may be empty."""
    codes: set[str] = set()
    reviewer = IntakeReviewer.objects.filter(user=user).first()
    if reviewer:
        codes.update(reviewer.region_codes)
    for mapping in GroupRegions.objects.filter(group__user=user):
        codes.update(mapping.region_codes)
    return sorted(codes)


class PublishedSelection(models.Model):
    """A selection's public transparency report, shown on its event's page in every
    language. A copy of the service's report (no names), so the page never waits on it."""

    event_key = models.CharField(max_length=64, db_index=True)
    selection_id = models.UUIDField(unique=True)
    report = models.JSONField()
    published_at = models.DateTimeField(auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["published_at"]

    def __str__(self):
        return self.report.get("name", str(self.selection_id))
