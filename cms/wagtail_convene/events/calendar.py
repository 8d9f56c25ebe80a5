"""Listing, filtering and month grids for CalendarPage; its feeds in iCalendar and JSON."""

from __future__ import annotations

import calendar as pycalendar
from datetime import date

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.contrib.routable_page.models import path

from ..taxonomy.models import region_choices


def _month(value: str | None) -> date:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        today = timezone.localdate()
        return date(today.year, today.month, 1)


class CalendarMixin:
    """Routes: `/` (list or month view), `ical/`, `region/<code>/ical/`, `json/`.

    (Wagtail page paths allow no dots, hence `ical/` rather than `calendar.ics`.)
    """

    def all_events(self):
        from ..fallback import one_per_translation, under_any_translation
        from .models import EventPage

        # Every language's calendar lists every event: its translation when there is
        # one, else the page it was written in (editors are told to translate it).
        events = EventPage.objects.live()
        parent = self.get_parent().specific
        if EventPage.objects.filter(under_any_translation(EventPage, self)).exists():
            events = events.filter(under_any_translation(EventPage, self))
        elif parent.specific_class.__name__ == "RegionalReviewPage":
            events = events.filter(under_any_translation(EventPage, parent, children_only=False))
        events = one_per_translation(events, self.locale)
        return events.order_by("start_date", "start_time")

    def filtered_events(self, params):
        events = self.all_events()
        if params.get("region"):
            events = events.filter(region=params["region"])
        if params.get("kind"):
            events = events.filter(kind=params["kind"])
        if params.get("language"):
            events = events.filter(interpretation_languages__contains=params["language"])
        return events

    def filter_options(self):
        from django.conf import settings

        from .models import KINDS

        return {"regions": region_choices(), "kinds": KINDS, "languages": settings.LANGUAGES}

    @path("")
    def index(self, request):
        params = request.GET
        events = list(self.filtered_events(params).specific())
        today = timezone.localdate()
        context = self.get_context(request)
        context.update(
            {
                "filters": {k: params.get(k, "") for k in ("region", "kind", "language")},
                "options": self.filter_options(),
                "view": "month" if params.get("view") == "month" else "list",
                "upcoming": [e for e in events if e.end_date >= today],
                "past": [e for e in events if e.end_date < today][::-1],
            }
        )
        if context["view"] == "month":
            first = _month(params.get("month"))
            if not params.get("month") and context["upcoming"]:
                # Open on the next meeting's month, not on an empty one.
                start = min(e.start_date for e in context["upcoming"])
                first = max(first, date(start.year, start.month, 1))
            context.update(self.month_context(events, first))
        return TemplateResponse(request, self.get_template(request), context)

    def month_context(self, events, first: date) -> dict:
        weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
        by_day = {}
        for event in events:
            by_day.setdefault(event.start_date, []).append(event)
        prev_month = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
        next_month = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        return {
            "month": first,
            "weeks": [
                [(day, day.month == first.month, by_day.get(day, [])) for day in week]
                for week in weeks
            ],
            "prev_month": prev_month.strftime("%Y-%m"),
            "next_month": next_month.strftime("%Y-%m"),
        }

    @path("ical/")
    def ical_feed(self, request):
        from .ical import ical_response

        return ical_response(
            self.filtered_events(request.GET).specific(),
            filename=f"{self.slug}.ics",
            name=self.title,
        )

    @path("region/<str:code>/ical/")
    def region_feed(self, request, code):
        from .ical import ical_response

        events = self.all_events().filter(region=code.upper()).specific()
        return ical_response(
            events,
            filename=f"{self.slug}-{code.lower()}.ics",
            name=f"{self.title} ({code.upper()})",
        )

    @path("json/")
    def json_feed(self, request):
        events = self.filtered_events(request.GET).specific()
        return JsonResponse(
            {
                "events": [
                    {
                        "id": e.pk,
                        "key": e.event_key,
                        "title": e.title,
                        "url": e.full_url,
                        "kind": e.kind,
                        "region": e.region,
                        "modality": e.modality,
                        "starts_at": e.starts_at.isoformat(),
                        "ends_at": e.ends_at.isoformat(),
                        "timezone": e.timezone,
                        "locale": e.locale.language_code,
                        "interpretation_languages": e.interpretation_language_codes,
                        "registration_deadlines": [
                            {
                                "track": t.name,
                                "closes_at": t.closes_at.astimezone(e.zone).isoformat(),
                            }
                            for t in e.tracks.all()
                        ],
                    }
                    for e in events
                ]
            }
        )
