"""An editor creates an event in the admin, publishes it, translates it into French, and every
language's calendar and iCal feed has it, at the time the editor entered in its own zone.

The editor moves through the page explorer by links; readers reach the calendar from each
language's home page by links, on a phone, with every page checked by `PageChecks`.
"""

from __future__ import annotations

import re
import secrets

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.support.journey import LANGUAGES, PageChecks, prefix

pytestmark = pytest.mark.e2e


def go(page, link) -> None:
    """Click a link or button that leads to another page, and wait for that page."""
    with page.expect_navigation(wait_until="load"):
        link.click()


def explore(admin, title: str) -> None:
    """Open the child page titled `title` in the page explorer."""
    row = admin.locator("main tr", has=admin.locator("a", has_text=title)).first
    go(admin, row.locator("a[href^='/admin/pages/'][href$='/']:not([href$='/edit/'])").last)


def test_an_event_made_in_the_admin_is_in_every_languages_calendar(stack, admin_page, phone):
    admin, tag = admin_page, secrets.token_hex(3)
    title = f"Side event {tag}"
    admin.goto(stack.url("cms") + "/admin/pages/")
    explore(admin, "Regional reviews of the Global")
    explore(admin, "Regional review: Europe and North America")
    explore(admin, "Calendar")
    go(admin, admin.locator("main a[href$='/add_subpage/']").first)
    if admin.locator("main a", has_text=re.compile("^Event")).count():
        go(admin, admin.locator("main a", has_text=re.compile("^Event")).first)

    admin.locator("#id_title").fill(title)
    admin.locator("#id_region").select_option("ECE")
    admin.locator("#id_start_date").fill("2031-01-15")
    admin.locator("#id_start_time").fill("10:00")
    admin.locator("#id_end_date").fill("2031-01-15")
    admin.locator("#id_end_time").fill("12:00")
    admin.locator("#id_timezone").select_option("Europe/Zurich")
    admin.locator("#id_registration_open").uncheck()
    admin.get_by_role("button", name="More actions").click()
    go(admin, admin.get_by_role("button", name="Publish", exact=True))
    expect(admin.locator(".messages")).to_contain_text("not yet translated")

    # Translate into French with wagtail-localize and publish the translation.
    admin.goto(stack.url("cms") + "/admin/pages/")
    explore(admin, "Regional reviews of the Global")
    explore(admin, "Regional review: Europe and North America")
    explore(admin, "Calendar")
    go(admin, admin.locator("main a[href$='/edit/']", has_text=title).first)
    admin.locator("header [aria-label='Actions'], header .w-dropdown__toggle").first.click()
    go(admin, admin.get_by_role("link", name="Translate"))
    admin.get_by_label("Français").check()
    go(admin, admin.get_by_role("button", name="Submit"))
    admin.get_by_role("button", name="More actions").click()
    go(admin, admin.get_by_role("button", name=re.compile("Publish in Français")))

    for language in LANGUAGES:
        page = phone(language)
        checks = PageChecks(language, stack.url("cms"))
        page.goto(stack.url("cms") + prefix(language) + "/")
        go(page, page.locator('main a[href$="/review-ece/"]').first)
        go(page, page.locator('main a[href$="/calendar/"]').first)
        checks.check(page)
        link = page.locator("main a", has_text=title)
        expect(link).to_be_visible()
        own = language == "fr"  # the French translation; elsewhere the English page
        assert (link.get_attribute("hreflang") is None) == (own or language == "en")
        feed = page.locator('main a[href$="/ical/"]').first.get_attribute("href")
        ical = Calendar.from_ical(page.request.get(stack.url("cms") + feed).body())
        [event] = [e for e in ical.walk("VEVENT") if str(e["SUMMARY"]) == title]
        start = event["DTSTART"]
        assert start.params["TZID"] == "Europe/Zurich"
        assert (start.dt.hour, start.dt.minute) == (10, 0)
        go(page, link)
        # Until it is translated, the link says so (hreflang) and leads to the English page.
        expect(page.locator("html")).to_have_attribute("lang", "fr" if own else "en")
        PageChecks("fr" if own else "en", stack.url("cms")).check(page)
        stamp = page.locator("article.event time[datetime]").first.get_attribute("datetime")
        assert stamp == "2031-01-15T10:00:00+01:00"
