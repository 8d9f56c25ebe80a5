"""Admin wiring only: after an event is published, tell the editor which languages lack it."""

from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _
from wagtail import hooks


def missing_languages(page) -> list[str]:
    """Names of the site languages that have no live translation of `page`."""
    have = set(
        page.get_translations(inclusive=True).live().values_list("locale__language_code", flat=True)
    )
    return [name for code, name in settings.LANGUAGES if code not in have]


@hooks.register("after_publish_page")
def remind_to_translate(request, page):
    from ..events.models import EventPage

    if not isinstance(page.specific, EventPage):
        return
    missing = missing_languages(page)
    if missing:
        messages.warning(
            request,
            _(
                "“%(title)s” is not yet translated into %(languages)s. Until it is, those "
                "languages' calendars show it as it is written here."
            )
            % {"title": page.title, "languages": ", ".join(missing)},
        )
