"""Template tags of the public pages: language switcher, time zones, disclaimer."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_datetime_format
from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, get_language_bidi, to_locale

from .. import labels

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per configured language that has a live translation of this page."""
    page = context.get("page")
    current = get_language()
    names = dict(settings.LANGUAGES)
    if page is None or not hasattr(page, "get_translations"):
        return _view_language_links(context.get("request"), names, current)
    request = context.get("request")
    # On a routable sub-page (a track's form, the thanks page) the switch keeps the sub-path:
    # track keys and route names are the same in every translation.
    own_url = page.get_url(request=request) or ""
    rest = request.path[len(own_url) :] if request and request.path.startswith(own_url) else ""
    rest += _kept_query(request)
    links = []
    for translation in page.get_translations(inclusive=True).live().select_related("locale"):
        code = translation.locale.language_code
        links.append(
            {
                "code": code,
                "name": names.get(code, code),
                "url": (translation.get_url(request=request) or "") + rest,
                "current": code == current,
            }
        )
    order = [code for code, _name in settings.LANGUAGES]
    return sorted(
        links, key=lambda link: order.index(link["code"]) if link["code"] in order else 99
    )


def _kept_query(request) -> str:
    """The query a language switch keeps (a month view, filters), without one-off notices
    such as "your changes are saved"."""
    if request is None or not request.GET:
        return ""
    query = request.GET.copy()
    query.pop("done", None)
    query.pop("sent", None)
    return f"?{query.urlencode()}" if query else ""


def _view_language_links(request, names: dict, current: str) -> list[dict]:
    """On a page that is a view, not a Wagtail page (newsletter, "my registration", the
    reporting hub): the same address under each language's prefix."""
    if request is None:
        return []
    return [
        {
            "code": code,
            "name": names[code],
            "url": translate_url(request.path, code) + _kept_query(request),
            "current": code == current,
        }
        for code in names
    ]


@register.filter
def in_zone(value, zone):
    """An aware datetime in the given IANA time zone, kept there by `|date`.

    Django's `date` filter converts aware datetimes to the current time zone (the site's,
    UTC) unless told not to: the flag below is how Django's own `|timezone` filter tells it.
    """
    if not value:
        return value
    return _ZonedDateTime.from_aware(value.astimezone(zoneinfo.ZoneInfo(str(zone))))


class _ZonedDateTime(datetime):
    convert_to_local_time = False

    @classmethod
    def from_aware(cls, value: datetime) -> _ZonedDateTime:
        return cls(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            value.tzinfo,
            fold=value.fold,
        )


@register.filter
def utc_offset(value) -> str:
    """`UTC+01:00` for an aware datetime (summer time included)."""
    offset = value.strftime("%z") if value else ""
    return f"UTC{offset[:3]}:{offset[3:]}" if offset else ""


def reader_locale() -> Locale:
    """The CLDR locale of the active language (English when Babel does not know it)."""
    try:
        return Locale.parse(to_locale(get_language() or "en"))
    except (ValueError, UnknownLocaleError):
        return Locale("en")


def written_time(local: datetime, with_date: bool = True) -> str:
    """A date and time as the reader's language writes them (CLDR, through Babel): one
    format per language on every page, the same as the e-mails ("10 فبراير 2027، 9:00 ص",
    "10 février 2027, 09:00"), where Django's formats fall back to English for some."""
    locale = reader_locale()
    clock = format_time(local, "short", tzinfo=local.tzinfo, locale=locale)
    if not with_date:
        return clock
    return (
        get_datetime_format("long", locale=locale)
        .replace("'", "")
        .replace("{0}", clock)
        .replace("{1}", format_date(local, "long", locale=locale))
    )


@register.simple_tag
def zoned_time(value, zone, fmt="DATETIME_FORMAT", offset=True):
    """`<time>` for a moment in the event's own zone, written the reader's way, with the
    UTC offset: what the iCalendar feed says (DTSTART;TZID=zone), in words. `fmt` is
    "DATETIME_FORMAT" (date and time) or "TIME_FORMAT" (time only)."""
    if not value:
        return ""
    local = in_zone(value, zone)
    text = written_time(local, with_date=fmt != "TIME_FORMAT")
    if offset:
        # In a right-to-left page the offset is isolated left to right (LRI … PDI), or
        # "(UTC+01:00)" comes out as "UTC+(" and "01:00)".
        shown = f"({utc_offset(local)})"
        text = (
            f"{text} {chr(0x2066)}{shown}{chr(0x2069)}"
            if get_language_bidi()
            else f"{text} {shown}"
        )
    return format_html('<time datetime="{}">{}</time>', local.isoformat(timespec="seconds"), text)


@register.filter
def percent(value) -> str:
    """0.1234 -> "12.3 %" in the reader's number format."""
    return f"{number_format(float(value or 0) * 100, 1)}\u00a0%"


@register.filter
def feature_label(feature: str) -> str:
    return labels.feature_label(feature)


@register.filter
def value_label(feature: str, value: str) -> str:
    return labels.value_label(feature, value)


@register.simple_tag
def language_of(page, attributes="lang hreflang") -> str:
    """` lang="fr" hreflang="fr"` (or the `attributes` named) for a page shown in another
    language than the reader's (a translation still missing falls back to the source
    page), else ""."""
    code = page.locale.language_code if page is not None else ""
    if not code or code == get_language():
        return ""
    return format_html_join("", ' {}="{}"', ((name, code) for name in attributes.split()))


@register.inclusion_tag("wagtail_convene/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The way back up: the pages between the home page and this one, and this page itself
    when the visitor is on one of its sub-pages (a track's form, the thanks page)."""
    page, request = context.get("page"), context.get("request")
    if page is None or not hasattr(page, "get_ancestors") or page.depth <= 2:
        return {"trail": []}
    trail = list(page.get_ancestors().filter(depth__gt=2).live())
    own_url = page.get_url(request=request) or ""
    if request is not None and own_url and request.path != own_url:
        trail.append(page)
    return {"trail": trail, "request": request}


@register.filter
def status_label(code: str) -> str:
    """A registration's status in words, in the reader's language."""
    return labels.status_label(code)


@register.filter
def written_date(value) -> str:
    """An ISO date ("2026-12-02", as the services send dates) written the reader's way."""
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value or "")
    return format_date(day, "long", locale=reader_locale())
