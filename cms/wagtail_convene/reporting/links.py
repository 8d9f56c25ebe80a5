"""Where the reporting page is, from anywhere: the review of the page being read, an
event, or a region; in the reader's language, else in the site's default language.

Mails and pages outside a review link `/<language>/reporting/` (`?region=` when known),
which leads to the right review's reporting page, or lets the reader choose one."""

from __future__ import annotations

import re

from django.urls import reverse
from wagtail.models import Locale, Page

PARTS = {"": "", "grievance": "grievance/", "reprisal": "reprisal/", "follow-up": "follow-up/"}
REFERENCE = re.compile(r"[A-Za-z0-9-]{4,32}")  # a registration's pseudonymous reference


def _locales() -> list[Locale]:
    found = []
    for get in (Locale.get_active, Locale.get_default):
        try:
            locale = get()
        except Locale.DoesNotExist:
            continue
        if locale not in found:
            found.append(locale)
    return found


def reporting_pages(region: str | None = None) -> list:
    """One live reporting page per review (of `region` if given), in the reader's
    language where the review has one there, else in the default language."""
    from ..reviews.models import RegionalReviewPage
    from .models import ReportingPage

    pages, regions = [], set()
    for locale in _locales():
        reviews = RegionalReviewPage.objects.live().filter(locale=locale).order_by("path")
        if region:
            reviews = reviews.filter(region=region)
        for review in reviews:
            page = ReportingPage.objects.live().child_of(review).first()
            if page is not None and review.region not in regions:
                regions.add(review.region)
                pages.append(page)
    return pages


def review_of(page) -> str | None:
    """The region of the review a page belongs to (itself included), if any."""
    from ..reviews.models import RegionalReviewPage

    if not isinstance(page, Page):
        return None
    review = RegionalReviewPage.objects.ancestor_of(page, inclusive=True).only("region").first()
    return review.region if review else None


def region_of_event(event_key: str | None) -> str | None:
    from ..events.models import EventPage

    if not event_key:
        return None
    event = EventPage.objects.filter(translation_key=event_key).only("region").first()
    return event.region if event else None


def reporting_url(page=None, region: str | None = None, part: str = "") -> str:
    """The reporting page (or its `part`) for this page's review or this region, in the
    reader's language; else the address that lets the reader choose a review."""
    region = region or review_of(page)
    found = reporting_pages(region) if region else []
    if found:
        return found[0].url + PARTS[part]
    return choose_url(part, region=region)


def choose_url(part: str = "", **query) -> str:
    from urllib.parse import urlencode

    name = "choose" if not part else "choose_part"
    kwargs = {"part": part} if part else {}
    url = reverse(f"wagtail_convene_reporting:{name}", kwargs=kwargs)
    query = {k: v for k, v in query.items() if v}
    return f"{url}?{urlencode(query)}" if query else url
