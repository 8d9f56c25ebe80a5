"""Event pages: the criteria rule, time zones, tracks, the calendar and its feeds."""

import re
import zoneinfo
from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from icalendar import Calendar

from wagtail_convene.events.models import CalendarPage, EventPage

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


def event_form(title: str, slug: str, tracks: list[dict] = (), **fields) -> dict:
    """The admin's event form as an editor publishes it: 10:00–12:00 Europe/Zurich on
    2031-01-15 unless `fields` say otherwise, with `tracks` as inline rows."""
    data = {
        "title": title,
        "slug": slug,
        "kind": "consultation",
        "region": "ECE",
        "start_date": "2031-01-15",
        "start_time": "10:00",
        "end_date": "2031-01-15",
        "end_time": "12:00",
        "timezone": "Europe/Zurich",
        "modality": "hybrid",
        "agenda-count": "0",
        "tracks-TOTAL_FORMS": str(len(tracks)),
        "tracks-INITIAL_FORMS": "0",
        "tracks-MIN_NUM_FORMS": "0",
        "tracks-MAX_NUM_FORMS": "1000",
        "action-publish": "action-publish",
        **fields,
    }
    for i, track in enumerate(tracks):
        data.update({f"tracks-{i}-{name}": value for name, value in track.items()})
    return data


def test_admin_publish_is_refused_with_a_clear_message(admin_client):
    review = make_review()
    criteria = make_criteria(review, live=False)
    page = make_event(parent=review, publish_it=False, criteria=criteria)
    edit = f"/admin/pages/{page.pk}/edit/"
    form = admin_client.get(edit)
    assert form.status_code == 200
    data = event_form(
        page.title,
        page.slug,
        start_date=page.start_date.isoformat(),
        start_time="09:00",
        end_date=page.end_date.isoformat(),
        registration_open="on",
        criteria=criteria.pk,
        interpretation_languages=["en", "ar"],
    )
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
    # Without a month, the month view opens on the next meeting's, not on an empty one.
    review_only = client.get(calendar.url, {"view": "month", "kind": "review"}).text
    assert "Review meeting" in review_only


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


def _time_texts(html: str, stamp: str) -> list[str]:
    """What a person reads in each `<time datetime=stamp>` of a page."""
    return re.findall(rf'<time datetime="{re.escape(stamp)}">([^<]*)</time>', html)


def test_a_winter_meeting_at_10_in_zurich_shows_10_as_in_its_ical(client):
    """Issue 15: 10:00 Europe/Zurich showed as "9 a.m." (UTC) on the page and calendar."""
    review = make_review()
    calendar = make_calendar(review)
    day = date(timezone.localdate().year + 1, 1, 14)  # winter: UTC+01:00
    zurich = zoneinfo.ZoneInfo("Europe/Zurich")
    closing = datetime.combine(timezone.localdate() + timedelta(days=10), time(17), zurich)
    page = make_event(
        parent=calendar,
        criteria=make_criteria(review),
        start_date=day,
        end_date=day,
        start_time=time(10),
        end_time=time(13),
        timezone="Europe/Zurich",
        tracks=[open_track(closes_at=closing), open_track("Speakers", closes_at=closing)],
    )
    feed = Calendar.from_ical(client.get(page.url + "ical/").content)
    meeting, deadline, _other = feed.walk("VEVENT")
    start = meeting["DTSTART"]
    assert start.params["TZID"] == "Europe/Zurich" and start.dt.hour == 10
    stamp = start.dt.isoformat()
    assert stamp == f"{day.isoformat()}T10:00:00+01:00"

    event_page = client.get(page.url).text
    listing = client.get(calendar.url).text
    month = client.get(calendar.url, {"view": "month", "month": day.strftime("%Y-%m")}).text
    written = f"{day:%B} {day.day}, {day.year}, 10:00\u202fAM"
    assert _time_texts(event_page, stamp) == [written]
    assert "Europe/Zurich (UTC+01:00)" in event_page
    assert _time_texts(listing, stamp) == [f"{written} (UTC+01:00)"]
    assert _time_texts(month, stamp) == ["10:00\u202fAM (UTC+01:00)"]
    for html in (event_page, listing, month):
        assert "9:00" not in html

    # The registration deadline: the iCal's DTSTART in the event's zone, on every page.
    closes = deadline["DTSTART"]
    assert closes.params["TZID"] == "Europe/Zurich"
    assert closes.dt == closing and closes.dt.hour == 17
    closes_stamp = closes.dt.isoformat()
    offset = closes.dt.strftime("%z")
    shown = f"{closes.dt:%H:%M} (UTC{offset[:3]}:{offset[3:]})"
    tracks_page = client.get(page.url + "register/").text
    for html in (event_page, tracks_page, client.get(review.url).text):
        texts = _time_texts(html, closes_stamp)
        assert texts and all(
            t.endswith(f"5:00\u202fPM (UTC{offset[:3]}:{offset[3:]})") for t in texts
        )
    with translation.override("fr"):
        french = translate_page(page, "fr")
        french_calendar = CalendarPage.objects.get(locale__language_code="fr")
        french_page = client.get(french.url).text
        french_month = client.get(
            french_calendar.url, {"view": "month", "month": day.strftime("%Y-%m")}
        ).text
        french_tracks = client.get(french.url + "register/").text
    with translation.override("ar"):
        arabic_page = client.get(translate_page(page, "ar").url).text
    assert _time_texts(french_page, stamp) == [f"{day.day} janvier {day.year}, 10:00"]
    # One Arabic format, as the e-mails write it (CLDR), not Django's English fallback.
    assert _time_texts(arabic_page, stamp) == [f"{day.day} يناير {day.year}، 10:00 ص"]
    assert _time_texts(french_month, stamp) == ["10:00 (UTC+01:00)"]
    assert _time_texts(french_tracks, closes_stamp)[0].endswith(shown)


def test_every_translation_sends_the_title_in_every_language():
    """Issue 15: each translation sent only its own title; the last one synced won."""
    page = make_event(title="Regional consultation")
    translations = [page]
    for code, title in (("fr", "Consultation régionale"), ("ar", "المشاورة الإقليمية")):
        copy = translate_page(page, code)
        copy.title = title
        translations.append(publish(copy))
    expected = {"en": "Regional consultation", "fr": "Consultation régionale"}
    expected["ar"] = "المشاورة الإقليمية"
    for translation_page in translations:
        settings = translation_page.registration_settings()
        assert settings["titles"] == expected
        assert settings["title"] == "Regional consultation"  # the default language's
    translations[1].unpublish()
    arabic = translations[2].registration_settings()
    assert "fr" not in arabic["titles"]
    # Unpublishing one translation hides that language; registration stays open.
    assert (
        arabic["registration_open"] and translations[1].registration_settings()["registration_open"]
    )


def test_start_up_sync_sends_each_event_once_whatever_its_translations():
    from django.core.management import CommandError, call_command

    page = make_event()
    for code in ("fr", "ar"):
        translate_page(page, code)
    with pytest.raises(CommandError, match=r"^1 event\(s\) could not be sent"):
        call_command("convene_sync_events")  # the service is unreachable in unit tests


def test_an_editor_types_a_deadline_in_the_events_zone_and_reads_it_back_so(admin_client):
    """17:00 typed for a Geneva meeting means 17:00 in Geneva, not in the admin's UTC."""
    review = make_review()
    page = make_event(parent=review, publish_it=False, criteria=make_criteria(review), tracks=[])
    edit = f"/admin/pages/{page.pk}/edit/"
    admin_client.get(edit)
    row = {
        "name": "Civil society",
        "kind": "consultation",
        "opens_at": "2030-12-01 09:00",
        "closes_at": "2031-01-05 17:00",
        "capacity": "10",
        "ORDER": "1",
    }
    data = event_form(page.title, page.slug, tracks=[row])
    admin_client.post(edit, data)
    track = EventPage.objects.get(pk=page.pk).tracks.get()
    zurich = zoneinfo.ZoneInfo("Europe/Zurich")
    assert track.closes_at == datetime(2031, 1, 5, 17, 0, tzinfo=zurich)
    assert track.opens_at == datetime(2030, 12, 1, 9, 0, tzinfo=zurich)
    shown = admin_client.get(edit).text
    assert 'value="2031-01-05 17:00"' in shown and "In the event&#x27;s time zone" in shown


def test_a_refused_new_event_leaves_no_draft_and_the_next_attempt_publishes(admin_client):
    """A failed creation left a hidden draft, and the next attempt failed on its slug."""
    review = make_review()
    calendar = make_calendar(review)
    criteria = make_criteria(review, live=False)
    data = event_form("Side event", "side-event", registration_open="on", criteria=criteria.pk)
    add = f"/admin/pages/add/wagtail_convene_events/eventpage/{calendar.pk}/"
    refused = admin_client.post(add, data)
    assert "Publish the criteria page" in refused.text
    assert not EventPage.objects.filter(slug="side-event").exists()
    publish(criteria)
    admin_client.post(add, data)
    assert EventPage.objects.get(slug="side-event").live
