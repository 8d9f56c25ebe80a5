"""Pages in the visitor's language, falling back to another language's page.

A listing (calendar, submissions, a review's deadlines) shows every item whatever
language it was written in: an item's translation in the listing's locale when there is
one, else its page in the site's default language, else the first one made.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Min, Q


def under_any_translation(model, parent, children_only: bool = True) -> Q:
    """Pages below `parent` or below any of its translations."""
    pick = model.objects.child_of_q if children_only else model.objects.descendant_of_q
    condition = Q(pk__in=[])
    for translation in parent.get_translations(inclusive=True):
        condition |= pick(translation)
    return condition


def one_per_translation(pages, locale):
    """`pages` with one page per translation key, preferring `locale`, then the default."""
    local_keys = pages.filter(locale_id=locale.pk).values("translation_key")
    elsewhere = pages.exclude(translation_key__in=local_keys)
    default_keys = elsewhere.filter(locale__language_code=settings.LANGUAGE_CODE).values(
        "translation_key"
    )
    first_made = (
        elsewhere.exclude(translation_key__in=default_keys)
        .values("translation_key")
        .annotate(first=Min("pk"))
        .values("first")
    )
    return pages.filter(
        Q(locale_id=locale.pk)
        | Q(locale__language_code=settings.LANGUAGE_CODE, translation_key__in=default_keys)
        | Q(pk__in=first_made)
    )
