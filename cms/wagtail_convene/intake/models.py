"""Who reviews which regions' intake queues."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from ..taxonomy.models import region_choices


class IntakeReviewer(models.Model):
    """A secretariat or task-team member and the regions whose queues they review.

    The services enforce the regions: the CMS only names them in each call's token.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="intake_reviewer",
        verbose_name=_("user"),
    )
    regions = models.CharField(
        _("regions"),
        max_length=100,
        help_text=_("Region codes separated by commas, for example ECE,ESCAP."),
    )

    panels = [FieldPanel("user"), FieldPanel("regions")]

    class Meta:
        verbose_name = _("intake reviewer")

    def __str__(self):
        return f"{self.user} ({self.regions})"

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


def reviewer_regions(user) -> list[str]:
    """The regions `user` reviews; empty when they review none."""
    reviewer = IntakeReviewer.objects.filter(user=user).first()
    return reviewer.region_codes if reviewer else []
