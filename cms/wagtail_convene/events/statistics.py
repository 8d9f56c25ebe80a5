"""Public registration statistics for an event page, from the registration service.

The service hides every count below 5 ("fewer than 5"); the page labels the values in
the visitor's language. The figures are cached for a minute; if the service cannot be
reached the page is shown without them.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..clients import RegistrationClient, ServiceError
from .forms import AGE_BANDS, GENDERS

FEATURES = [
    ("category", gettext_lazy("By stakeholder group")),
    ("subregion", gettext_lazy("By sub-region")),
    ("gender", gettext_lazy("By gender")),
    ("age_band", gettext_lazy("By age")),
    ("migrant_led", gettext_lazy("Migrant-led organisations")),
]
HIDDEN = "fewer than 5"


def event_statistics(page) -> dict | None:
    key = f"convene:stats:{page.event_key}"
    figures = cache.get(key)
    if figures is None:
        try:
            with RegistrationClient.from_settings() as client:
                figures = client.statistics(page.event_key)
        except ServiceError:
            return None
        cache.set(key, figures, 60)
    if figures.get("total") in (0, None):
        return None
    return {
        "total": _count(figures["total"]),
        "tables": [
            (title, [(_label(name, v), _count(n)) for v, n in figures.get(name, {}).items()])
            for name, title in FEATURES
            if figures.get(name)
        ],
    }


def _count(value) -> str:
    return _("fewer than 5") if value == HIDDEN else str(value)


def _label(feature: str, value: str) -> str:
    from ..taxonomy.models import StakeholderCategory

    if feature == "gender":
        return str(dict(GENDERS).get(value, value))
    if feature == "age_band":
        return str(dict(AGE_BANDS).get(value, value))
    if feature == "migrant_led":
        return _("Migrant-led") if value == "True" else _("Other organisations")
    if feature == "category":
        found = StakeholderCategory.objects.filter(slug=value, locale__language_code="en").first()
        return str(found.localized.name) if found else (value or _("Not given"))
    return value or _("Not given")
