"""Event pages: the criteria rule, time zones, tracks, the calendar and its feeds."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from wagtail_convene.events.models import EventPage

from .conftest import (
    make_calendar,
    make_criteria,
    make_event,
    make_review,
    open_track,
    publish,
    translate_page,
)

pytestmark = pytest.mark.django_db


def test_event_with_open_registration_needs_published_criteria():
    review = make_review()
    draft_criteria = make_criteria(review, live=False)
    with pytest.raises(ValidationError, match="Publish the criteria page"):
        make_event(parent=review, slug="first", criteria=draft_criteria)
    with pytest.raises(ValidationError, match="Choose the criteria page"):
        make_event(parent=review, slug="second", criteria=None)
    assert not EventPage.objects.live().exists()
    publish(draft_criteria)
    page = make_event(parent=review, slug="third", criteria=draft_criteria)
    assert page.live
    closed = make_event(parent=review, slug="closed", criteria=None, registration_open=False)
    assert closed.live


def test_admin_publish_is_refused_with_a_clear_message(admin_client):
    review = make_review()
    criteria = make_criteria(review, live=False)
    page = make_event(parent=review, publish_it=False, criteria=criteria)
    edit = f"/admin/pages/{page.pk}/edit/"
    form = admin_client.get(edit)
    assert form.status_code == 200
    data = {
        "title": page.title,
        "slug": page.slug,
        "kind": "consultation",
        "region": "ECE",
        "start_date": page.start_date.isoformat(),
        "start_time": "09:00",
        "end_date": page.end_date.isoformat(),
        "end_time": "12:00",
        "timezone": "Europe/Zurich",
        "modality": "hybrid",
        "registration_open": "on",
        "criteria": criteria.pk,
        "agenda-count": "0",
        "tracks-TOTAL_FORMS": "0",
        "tracks-INITIAL_FORMS": "0",
        "tracks-MIN_NUM_FORMS": "0",
        "tracks-MAX_NUM_FORMS": "1000",
        "interpretation_languages": ["en", "ar"],
        "action-publish": "action-publish",
    }
    refused = admin_client.post(edit, data)
    assert "Publish the criteria page" in refused.text
    assert not EventPage.objects.get(pk=page.pk).live
    publish(criteria)
    admin_client.post(edit, data)
    published = EventPage.objects.get(pk=page.pk)
    assert published.live
    assert published.interpretation_language_codes == ["en", "ar"]


def test_times_are_shown_in_the_events_zone_with_utc_offset(client):
    summer = timezone.localdate().replace(month=7, day=1) + timedelta(days=365)
    page = make_event(start_date=summer, end_date=summer, timezone="Europe/Zurich")
    assert page.utc_offset == "UTC+02:00"
    assert page.starts_at.utcoffset() == timedelta(hours=2)
    html = client.get(page.url).text
    assert "Europe/Zurich (UTC+02:00)" in html


def test_registration_follows_the_track_windows():
    now = timezone.now()
    closed = {
        "name": "Speakers",
        "opens_at": now - timedelta(days=9),
        "closes_at": now - timedelta(days=1),
    }
    page = make_event(tracks=[closed])
    assert not page.is_registration_open()
    page = make_event(slug="open", tracks=[closed, open_track()])
    assert page.is_registration_open()
    assert [t["name"] for t in page.registration_settings()["tracks"]] == [
        "Speakers",
        "Civil society",
    ]


def test_event_ical_has_timezone_deadlines_and_stable_uids(client):
    page = make_event(tracks=[open_track()])
    first = Calendar.from_ical(client.get(page.url + "ical/").content)
    again = Calendar.from_ical(client.get(page.url + "ical/").content)
    events = first.walk("VEVENT")
    assert len(events) == 2
    meeting, deadline = events
    assert meeting["DTSTART"].dt == page.starts_at
    assert meeting["DTSTART"].params["TZID"] == "Europe/Zurich"
    assert any(tz["TZID"] == "Europe/Zurich" for tz in first.walk("VTIMEZONE"))
    assert "Registration closes" in str(deadline["SUMMARY"])
    closes = page.tracks.first().closes_at
    assert abs(deadline["DTSTART"].dt - closes) < timedelta(seconds=1)
    assert [e["UID"] for e in events] == [e["UID"] for e in again.walk("VEVENT")]
    french = translate_page(page, "fr")
    french_uids = [
        e["UID"]
        for e in Calendar.from_ical(client.get(french.url + "ical/").content).walk("VEVENT")
    ]
    assert french_uids == [e["UID"] for e in events]


def test_calendar_lists_filters_and_shows_months(client):
    review = make_review()
    calendar = make_calendar(review)
    criteria = make_criteria(review)
    soon = make_event(
        parent=calendar,
        title="Briefing soon",
        slug="b",
        kind="briefing",
        criteria=criteria,
        days=5,
        interpretation_languages="en,fr",
    )
    make_event(
        parent=calendar, title="Review meeting", slug="r", kind="review", criteria=criteria, days=70
    )
    make_event(
        parent=calendar,
        title="Past side event",
        slug="p",
        kind="side",
        registration_open=False,
        days=-30,
        criteria=None,
    )
    html = client.get(calendar.url).text
    assert html.index("Briefing soon") < html.index("Review meeting") < html.index("Past side")
    filtered = client.get(calendar.url, {"kind": "review"}).text
    assert "Review meeting" in filtered and "Briefing soon" not in filtered
    by_language = client.get(calendar.url, {"language": "fr"}).text
    assert "Briefing soon" in by_language and "Review meeting" not in by_language
    month = client.get(
        calendar.url, {"view": "month", "month": soon.start_date.strftime("%Y-%m")}
    ).text
    assert "<table" in month and "Briefing soon" in month


def test_calendar_feeds_in_ical_and_json(client):
    review = make_review()
    calendar = make_calendar(review)
    make_event(parent=calendar, criteria=make_criteria(review), tracks=[open_track()])
    feed = Calendar.from_ical(client.get(calendar.url + "ical/").content)
    assert len(feed.walk("VEVENT")) == 2
    region = Calendar.from_ical(client.get(calendar.url + "region/ECE/ical/").content)
    assert len(region.walk("VEVENT")) == 2
    assert (
        Calendar.from_ical(client.get(calendar.url + "region/ECA/ical/").content).walk("VEVENT")
        == []
    )
    data = client.get(calendar.url + "json/").json()["events"]
    assert data[0]["timezone"] == "Europe/Zurich"
    assert data[0]["registration_deadlines"][0]["track"] == "Civil society"


def test_review_landing_page_shows_next_deadlines(client):
    review = make_review()
    make_event(
        parent=review, criteria=make_criteria(review), tracks=[open_track()], start_time=time(10)
    )
    html = client.get(review.url).text
    assert "Next deadlines" in html and "Registration closes: Civil society" in html
