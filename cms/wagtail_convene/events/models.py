"""The meeting page. Its registration settings live in the registration service."""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from .. import conf
from . import views

TIMEZONES = sorted((tz, tz) for tz in zoneinfo.available_timezones())


class EventPage(RoutablePageMixin, Page):
    """One meeting of a regional review; `register/` is its registration form."""

    region = models.CharField(_("region"), max_length=16, choices=conf.regions)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    timezone = models.CharField(_("time zone"), max_length=64, choices=TIMEZONES, default="UTC")
    registration_open = models.BooleanField(_("registration open"), default=True)
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("region"),
                FieldPanel("starts_at"),
                FieldPanel("ends_at"),
                FieldPanel("timezone"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("registration_open"),
    ]
    template = "wagtail_convene/events/event_page.html"

    class Meta:
        verbose_name = _("event")

    @property
    def event_key(self) -> str:
        """Shared by every translation of the page, so one event has one key."""
        return str(self.translation_key)

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The event cannot end before it starts.")})

    def registration_settings(self) -> dict:
        """What the registration service needs to know (sent on publish)."""
        return {
            "title": self.title,
            "region": self.region,
            "timezone": self.timezone,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "registration_open": bool(self.registration_open and self.live),
        }

    @path("register/")
    def register(self, request):
        return views.register(request, self)

    @path("register/thanks/")
    def register_thanks(self, request):
        return views.register_thanks(request, self)
