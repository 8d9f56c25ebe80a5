"""An officer, in each of the seven languages on a 360x740 phone, creates an event in the
admin, publishes it and translates it; every language's calendar and iCal feed has it, at
the time the officer entered in its own zone.

The officer moves through the page explorer by links; a reader in the translation's
language reaches the event from the home page by links, with every page checked by
`PageChecks`.
"""

from __future__ import annotations

import re
import secrets

import httpx
import pytest
from django.conf import settings
from icalendar import Calendar
from playwright.sync_api import expect

from tests.support.catalogue import tr
from tests.support.journey import LANGUAGES, WALKED_IN, PageChecks, prefix, wait_until

REMINDER = (
    "“%(title)s” is not yet translated into %(languages)s. Until it is, those "
    "languages' calendars show it as it is written here."
)

pytestmark = pytest.mark.e2e


def go(page, link) -> None:
    """Click a link or button that leads to another page, and wait for that page."""
    with page.expect_navigation(wait_until="load"):
        link.click()


def explore(admin, title: str) -> None:
    """Open the child page titled `title` in the page explorer."""
    row = admin.locator("main tr", has=admin.locator("a", has_text=title)).first
    go(admin, row.locator("a[href^='/admin/pages/'][href$='/']:not([href$='/edit/'])").last)


# Each language's own name, as wagtail-localize labels its choices (the site's settings).
NAMES = dict(settings.LANGUAGES)
# True once an element has kept the same place over three checks, 100 ms apart.
AT_REST = """(el) => {
  const top = Math.round(el.getBoundingClientRect().top);
  const seen = (el._convene_seen = (el._convene_seen || []).concat(top).slice(-3));
  return seen.length === 3 && seen.every((t) => t === top);
}"""


@pytest.mark.parametrize("language", WALKED_IN["event"])
def test_an_event_made_in_the_admin_is_in_every_languages_calendar(stack, officer, phone, language):
    """The officer works in the admin in `language` and translates the new event into it
    (the English officer into French)."""
    admin, tag, base = officer(language), secrets.token_hex(3), stack.url("cms")
    target = "fr" if language == "en" else language
    checks = PageChecks(language, base, admin=True)
    title = f"Side event {tag}"
    admin.goto(base + "/admin/pages/")
    explore(admin, "Regional reviews of the Global")
    explore(admin, "Regional review: Europe and North America")
    explore(admin, "Calendar")
    go(admin, admin.locator("main a[href$='/add_subpage/']").first)
    if "/add_subpage/" in admin.url:
        go(admin, admin.locator("main a[href*='/eventpage/']").first)
    checks.check(admin, layout=False, axe=False)  # Wagtail's editor: see PageChecks.check

    admin.locator("#id_title").fill(title)
    admin.locator("#id_region").select_option("ECE")
    admin.locator("#id_start_date").fill("2031-01-15")
    admin.locator("#id_start_time").fill("10:00")
    admin.locator("#id_end_date").fill("2031-01-15")
    admin.locator("#id_end_time").fill("12:00")
    admin.locator("#id_timezone").select_option("Europe/Zurich")
    # Wagtail's editor scrolls smoothly (`.content-wrapper{scroll-behavior:smooth}`, even
    # with reduced motion), so a box brought into view is still moving when clicked: the
    # click once missed it and the box stayed ticked. Bring it into view, wait until it has
    # stopped moving, then untick it.
    admin.keyboard.press("Escape")
    registration_open = admin.locator("#id_registration_open")
    registration_open.scroll_into_view_if_needed()
    wait_until(admin, AT_REST, registration_open.element_handle())
    registration_open.uncheck()
    admin.get_by_role("button", name=tr(language, "More actions")).click()
    go(admin, admin.locator("button[name='action-publish']"))
    reminder = tr(language, REMINDER, title=title, languages="|").split("|")[0]
    expect(admin.locator(".messages")).to_contain_text(reminder)

    # Translate with wagtail-localize and publish the translation.
    admin.goto(base + "/admin/pages/")
    explore(admin, "Regional reviews of the Global")
    explore(admin, "Regional review: Europe and North America")
    explore(admin, "Calendar")
    go(admin, admin.locator("main a[href$='/edit/']", has_text=title).first)
    admin.locator("header .w-dropdown__toggle").first.click()
    go(admin, admin.locator("a[href*='/admin/localize/submit/page/']"))
    admin.get_by_label(NAMES[target]).check()
    go(admin, admin.locator("main [type=submit]").last)
    publish = admin.locator('button[name="action"][value="publish"]')
    expect(publish).to_contain_text(NAMES[target])
    go(admin, publish)

    # Every language's calendar and iCal feed has it, at 10:00 in Zurich; the officer's
    # language's readers follow links from the home page to it, on a phone.
    for reader in LANGUAGES:
        calendar = base + prefix(reader) + "/review-ece/calendar/"
        html = httpx.get(calendar, timeout=30).text
        assert title in html, f"{title} is not in the {reader} calendar"
        feed = re.search(r'href="([^"]*/ical/)"', html).group(1)
        ical = Calendar.from_ical(httpx.get(base + feed, timeout=30).content)
        [event] = [e for e in ical.walk("VEVENT") if str(e["SUMMARY"]) == title]
        start = event["DTSTART"]
        assert start.params["TZID"] == "Europe/Zurich"
        assert (start.dt.hour, start.dt.minute) == (10, 0)

    page = phone(target)
    reading = PageChecks(target, base)
    page.goto(base + prefix(target) + "/")
    go(page, page.locator('main a[href$="/review-ece/"]').first)
    go(page, page.locator('main a[href$="/calendar/"]').first)
    reading.check(page)
    link = page.locator("main a", has_text=title)
    expect(link).to_be_visible()
    assert link.get_attribute("hreflang") is None  # its own translation
    go(page, link)
    expect(page.locator("html")).to_have_attribute("lang", target)
    reading.check(page)
    stamp = page.locator("article.event time[datetime]").first.get_attribute("datetime")
    assert stamp == "2031-01-15T10:00:00+01:00"
