"""Template tags of the public pages: language switcher, time zones, disclaimer."""

from django import template
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import get_language

from .. import labels

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per configured language that has a live translation of this page."""
    page = context.get("page")
    current = get_language()
    names = dict(settings.LANGUAGES)
    if page is None or not hasattr(page, "get_translations"):
        return []
    links = []
    for translation in page.get_translations(inclusive=True).live().select_related("locale"):
        code = translation.locale.language_code
        links.append(
            {
                "code": code,
                "name": names.get(code, code),
                "url": translation.get_url(request=context.get("request")),
                "current": code == current,
            }
        )
    order = [code for code, _name in settings.LANGUAGES]
    return sorted(
        links, key=lambda link: order.index(link["code"]) if link["code"] in order else 99
    )


@register.filter
def in_zone(value, zone):
    """An aware datetime shown in the given IANA time zone."""
    import zoneinfo

    return value.astimezone(zoneinfo.ZoneInfo(zone)) if value else value


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
