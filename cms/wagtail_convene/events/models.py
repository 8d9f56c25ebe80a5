"""Meetings and the calendar that lists them. Registration itself lives in the service."""

from __future__ import annotations

import uuid
import zoneinfo
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from ..blocks import AgendaBlock
from ..taxonomy.models import region_choices
from . import views
from .calendar import CalendarMixin
from .forms import EventPageForm

TIMEZONES = sorted((tz, tz) for tz in zoneinfo.available_timezones())
KINDS = [
    ("briefing", _("Preparatory briefing")),
    ("consultation", _("Informal multi-stakeholder consultation")),
    ("review", _("Intergovernmental review meeting")),
    ("side", _("Side event")),
]
MODALITIES = [("virtual", _("Virtual")), ("in_person", _("In person")), ("hybrid", _("Hybrid"))]
TRACK_KINDS = [
    ("consultation", _("Consultation participant")),
    ("floor_speaker", _("Request to speak from the floor")),
    ("observer", _("Observe (view and listen)")),
    ("interest", _("Expression of interest: speaker, rapporteur, agenda design")),
    ("nomination", _("Nomination by an organisation")),
]


class EventPage(RoutablePageMixin, Page):
    """One meeting of a regional review; `register/` is its registration form.

    Dates are entered as local date and time in the event's IANA time zone, which is
    how organisers and participants think of them; `starts_at`/`ends_at` are aware.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=KINDS, default="consultation")
    region = models.CharField(_("region"), max_length=16, choices=region_choices)
    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(_("start time"))
    end_date = models.DateField(_("end date"))
    end_time = models.TimeField(_("end time"))
    timezone = models.CharField(_("time zone"), max_length=64, choices=TIMEZONES, default="UTC")
    modality = models.CharField(_("modality"), max_length=16, choices=MODALITIES, default="hybrid")
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    platform = models.CharField(_("online platform"), max_length=120, blank=True)
    interpretation_languages = models.CharField(_("interpretation"), max_length=100, blank=True)
    captioning = models.BooleanField(_("live captioning"), default=False)
    sign_language = models.BooleanField(_("sign language interpretation"), default=False)
    registration_open = models.BooleanField(_("registration open"), default=True)
    criteria = models.ForeignKey(
        "wagtail_convene_reviews.CriteriaPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("criteria page"),
    )
    intro = RichTextField(_("introduction"), blank=True)
    agenda = StreamField(AgendaBlock(), blank=True, verbose_name=_("agenda"))
    stream_url = models.URLField(
        _("view-and-listen link"),
        blank=True,
        help_text=_("E-mailed to registered observers; never shown on the public page."),
    )
    recording_url = models.URLField(
        _("recording"), blank=True, help_text=_("Shown once the meeting has ended.")
    )

    base_form_class = EventPageForm
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("region")]),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldPanel("timezone"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("modality"),
                FieldPanel("venue"),
                FieldPanel("platform"),
                FieldPanel("interpretation_languages"),
                FieldRowPanel([FieldPanel("captioning"), FieldPanel("sign_language")]),
            ],
            heading=_("Where and how"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_open"),
                FieldPanel("criteria"),
                InlinePanel("tracks", label=_("registration tracks")),
            ],
            heading=_("Registration"),
        ),
        FieldPanel("agenda"),
        FieldPanel("stream_url"),
        FieldPanel("recording_url"),
    ]
    api_fields = [
        APIField("kind"),
        APIField("region"),
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("timezone"),
        APIField("modality"),
        APIField("venue"),
        APIField("platform"),
        APIField("interpretation_language_codes"),
        APIField("captioning"),
        APIField("sign_language"),
        APIField("registration_open"),
        APIField("intro"),
        APIField("agenda"),
        APIField("recording_url"),
        APIField("tracks"),
    ]
    parent_page_types = [
        "wagtail_convene_events.CalendarPage",
        "wagtail_convene_reviews.RegionalReviewPage",
    ]
    subpage_types = []
    template = "wagtail_convene/events/event_page.html"

    class Meta:
        verbose_name = _("event")

    @property
    def event_key(self) -> str:
        """Shared by every translation of the page, so one event has one key."""
        return str(self.translation_key)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.start_date, self.start_time, tzinfo=self.zone)

    @property
    def ends_at(self) -> datetime:
        return datetime.combine(self.end_date, self.end_time, tzinfo=self.zone)

    @property
    def utc_offset(self) -> str:
        """`UTC+02:00` style offset at the start of the event (summer time included)."""
        offset = self.starts_at.strftime("%z")
        return f"UTC{offset[:3]}:{offset[3:]}"

    @property
    def interpretation_language_codes(self) -> list[str]:
        return [c for c in self.interpretation_languages.split(",") if c]

    def interpretation_language_names(self) -> list[str]:
        names = dict(settings.LANGUAGES)
        return [str(names.get(code, code)) for code in self.interpretation_language_codes]

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @cached_property
    def open_tracks(self) -> list:
        now = timezone.now()
        return [t for t in self.tracks.all() if t.is_open(now)]

    def is_registration_open(self) -> bool:
        """Open when switched on, live, not past, and one of its tracks is open now."""
        if not (self.registration_open and self.live) or self.is_past:
            return False
        return bool(self.open_tracks)

    def get_context(self, request, *args, **kwargs):
        from .statistics import event_statistics, selection_reports

        context = super().get_context(request, *args, **kwargs)
        context["statistics"] = event_statistics(self)
        context["selection_reports"] = selection_reports(self)
        return context

    def track(self, key: str):
        return next((t for t in self.tracks.all() if str(t.key) == key), None)

    def criteria_problem(self):
        """Why this event may not be live yet, or None."""
        if not self.registration_open:
            return None
        if self.criteria is None:
            return _(
                "Choose the criteria page for this event: registration cannot open "
                "before the criteria are public."
            )
        if not self.criteria.live:
            return _(
                "Publish the criteria page “%(title)s” first: registration cannot open "
                "before the criteria are public."
            ) % {"title": self.criteria.title}
        return None

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.start_time and self.end_time:
            if self.ends_at < self.starts_at:
                errors["end_date"] = _("The event cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    def publish(self, revision, *args, **kwargs):
        """Refuse to go live with open registration before the criteria are public."""
        problem = revision.as_object().criteria_problem()
        if problem:
            raise ValidationError({"criteria": problem})
        return super().publish(revision, *args, **kwargs)

    def titles_by_language(self) -> dict[str, str]:
        """The title in every language the event is live in, by language code.

        Every translation gives the same map, so whichever is published (or sent at
        start-up) last, the service keeps each language's title."""
        pages = self.get_translations(inclusive=True).live().select_related("locale")
        titles = {page.locale.language_code: page.title for page in pages}
        return titles or {self.locale.language_code: self.title}

    def default_title(self, titles: dict[str, str]) -> str:
        """The title in the site's default language, else in the first configured one."""
        order = [settings.LANGUAGE_CODE] + [code for code, _name in settings.LANGUAGES]
        return next((titles[code] for code in order if code in titles), self.title)

    def source_page(self) -> EventPage:
        """The translation in the site's default language (the one editors translate from),
        else this page: its settings speak for the event in every language."""
        source = (
            self.get_translations(inclusive=True)
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .specific()
            .first()
        )
        return source or self

    def registration_settings(self) -> dict:
        """What the registration service needs to know (sent on publish).

        Whichever translation is published, the settings are the default-language page's,
        so unpublishing one translation does not close registration in every language."""
        titles = self.titles_by_language()
        source = self.source_page()
        return {
            "title": self.default_title(titles),
            "titles": titles,
            "region": source.region,
            "timezone": source.timezone,
            "starts_at": source.starts_at.isoformat(),
            "ends_at": source.ends_at.isoformat(),
            "registration_open": bool(source.registration_open and source.live),
            "tracks": [t.as_settings() for t in source.tracks.all()],
            "stream_url": source.stream_url,
            "recording_url": source.recording_url,
        }

    @path("register/")
    def register(self, request):
        return views.choose_track(request, self)

    @path("register/<uuid:track>/")
    def register_track(self, request, track):
        return views.register(request, self, str(track))

    @path("register/thanks/")
    def register_thanks(self, request):
        return views.register_thanks(request, self)

    @path("ical/")
    def ical(self, request):
        from .ical import ical_response

        return ical_response([self], filename=f"{self.slug}.ics")


class EventTrack(Orderable):
    """A registration track (e.g. civil society, speakers) with its window and capacity."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="tracks")
    # Shared by the track's copies in every translation: iCal UIDs and service keys.
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=24, choices=TRACK_KINDS, default="consultation")
    opens_at = models.DateTimeField(_("registration opens"))
    closes_at = models.DateTimeField(_("registration closes"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("capacity"),
    ]
    api_fields = [
        APIField("name"),
        APIField("kind"),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("capacity"),
    ]

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Registration must close after it opens.")})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def as_settings(self) -> dict:
        return {
            "key": str(self.key),
            "name": self.name,
            "kind": self.kind,
            "opens_at": self.opens_at.isoformat(),
            "closes_at": self.closes_at.isoformat(),
            "capacity": self.capacity,
        }


class CalendarPage(CalendarMixin, RoutablePageMixin, Page):
    """The events of a review (or of the whole site): list and month views, filters, feeds."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    subpage_types = ["wagtail_convene_events.EventPage"]
    template = "wagtail_convene/events/calendar_page.html"

    class Meta:
        verbose_name = _("calendar")
