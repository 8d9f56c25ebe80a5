"""The aggregate features of a registration and their values, named in the reader's language
(shared by the public statistics, the selection screens and the transparency reports)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FEATURES = {
    "category": gettext_lazy("Stakeholder group"),
    "subregion": gettext_lazy("Sub-region"),
    "country": gettext_lazy("Country"),
    "gender": gettext_lazy("Gender"),
    "age_band": gettext_lazy("Age"),
    "migrant_led": gettext_lazy("Migrant-led organisation"),
}


def feature_label(feature: str) -> str:
    return str(FEATURES.get(feature, feature))


def value_label(feature: str, value: str) -> str:
    from .events.forms import AGE_BANDS, GENDERS
    from .taxonomy.models import StakeholderCategory

    if feature == "gender":
        return str(dict(GENDERS).get(value, value))
    if feature == "age_band":
        return str(dict(AGE_BANDS).get(value, value))
    if feature == "migrant_led":
        return _("Migrant-led") if value in ("True", "yes") else _("Other organisations")
    if feature == "category":
        found = StakeholderCategory.objects.filter(slug=value, locale__language_code="en").first()
        return str(found.localized.name) if found else (value or _("Not given"))
    return value or _("Not given")


HIDDEN = "fewer than 5"  # what the services send for a count below 5


def count_label(value) -> str:
    """A published count in the reader's language ("fewer than 5" translated)."""
    return _("fewer than 5") if value == HIDDEN else str(value)
