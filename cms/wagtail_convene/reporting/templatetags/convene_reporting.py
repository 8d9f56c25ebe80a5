"""`{% reporting_url %}`: the grievance and reprisal reporting page for the page being
read (its review's, in the reader's language), an event (`event_key=`) or a region;
`part="grievance"` with `ref=` links the grievance form about a decision."""

from urllib.parse import urlencode

from django import template
from django.db import DatabaseError

from .. import links

register = template.Library()


@register.simple_tag(takes_context=True)
def reporting_url(context, page=None, event_key=None, region=None, part="", ref=""):
    page = page if page is not None else context.get("page")
    try:
        region = region or links.region_of_event(event_key)
        url = links.reporting_url(page, region, part)
    except DatabaseError:  # an error page must still render: the chooser needs no query
        url = links.choose_url(part)
    if ref and links.REFERENCE.fullmatch(str(ref)):
        url += ("&" if "?" in url else "?") + urlencode({"ref": ref})
    return url
