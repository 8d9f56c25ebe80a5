"""iCalendar feeds (icalendar library): meetings and registration deadlines.

UIDs derive from the event's translation key, so every language's feed, and every
later download, names the same event: calendar apps update instead of duplicating.
"""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpResponse
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

PRODID = "-//Convene//GCM regional reviews//EN"
UID_DOMAIN = "convene.un-migration"


def event_uid(event) -> str:
    return f"{event.event_key}@{UID_DOMAIN}"


def deadline_uid(event, track) -> str:
    return f"{event.event_key}-track-{track.key}-closes@{UID_DOMAIN}"


def build_calendar(events, name: str = "") -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if name:
        cal.add("x-wr-calname", name)
    for page in events:
        cal.add_component(_meeting(page))
        for track in page.tracks.all():
            cal.add_component(_deadline(page, track))
    cal.add_missing_timezones()
    return cal


def _meeting(page) -> Event:
    vevent = Event()
    vevent.add("uid", event_uid(page))
    vevent.add("summary", page.title)
    vevent.add("dtstart", page.starts_at)
    vevent.add("dtend", page.ends_at)
    vevent.add("dtstamp", page.last_published_at or page.latest_revision_created_at)
    vevent.add("categories", [page.get_kind_display()])
    location = page.venue or page.platform
    if location:
        vevent.add("location", location)
    if page.full_url:
        vevent.add("url", page.full_url)
    return vevent


def _deadline(page, track) -> Event:
    vevent = Event()
    vevent.add("uid", deadline_uid(page, track))
    vevent.add(
        "summary",
        _("Registration closes: %(track)s – %(event)s")
        % {"track": track.name, "event": page.title},
    )
    closes = track.closes_at.astimezone(page.zone)  # in the event's zone, as on its page
    vevent.add("dtstart", closes)
    vevent.add("dtend", closes + timedelta(minutes=30))
    vevent.add("dtstamp", page.last_published_at or page.latest_revision_created_at)
    if page.full_url:
        vevent.add("url", page.full_url + "register/")
    return vevent


def ical_response(events, filename: str, name: str = "") -> HttpResponse:
    response = HttpResponse(
        build_calendar(events, name).to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
