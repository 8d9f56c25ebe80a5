"""Public registration statistics for an event page, from the registration service.

The service hides every count below 5 ("fewer than 5"), and a few larger ones ("not
shown") where a small one could otherwise be worked out from the total; the page labels
the values in the visitor's language. The figures are cached for a minute; if the service cannot be
reached the page is shown without them.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import gettext_lazy

from ..clients import RegistrationClient, ServiceError
from ..labels import count_label as _count
from ..labels import feature_label, value_label

FEATURES = [
    ("category", gettext_lazy("By stakeholder group")),
    ("subregion", gettext_lazy("By sub-region")),
    ("gender", gettext_lazy("By gender")),
    ("age_band", gettext_lazy("By age")),
    ("migrant_led", gettext_lazy("Migrant-led organisations")),
]


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
            (title, [(value_label(name, v), _count(n)) for v, n in figures.get(name, {}).items()])
            for name, title in FEATURES
            if figures.get(name)
        ],
    }


def selection_reports(page) -> list[dict]:
    """The transparency reports of the event's published selections (no names): balance
    rows labelled in the reader's language, counts below 5 as "fewer than 5"."""
    from ..intake.models import PublishedSelection

    reports = []
    for published in PublishedSelection.objects.filter(event_key=page.event_key):
        report = published.report
        reports.append(
            {
                **report,
                "seats_total": sum(report.get("seats", {}).values()),
                "several_roles": len(report.get("seats", {})) > 1,
                "balance": [
                    {
                        **row,
                        "feature_label": feature_label(row["feature"]),
                        "value_label": value_label(row["feature"], row["value"]),
                        "pool": _count(row["pool"]),
                        "selected": _count(row["selected"]),
                    }
                    for row in report.get("balance", [])
                ],
            }
        )
    return reports
