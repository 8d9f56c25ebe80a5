"""Issue 17, section 6: the pages show the services' "not shown" (a count withheld so that
a small one cannot be worked out from a total) in the reader's language, as they show
"fewer than 5"; the markers are the services' own strings."""

import pytest
from django.core.cache import cache
from django.utils import translation

from services.common import figures
from wagtail_convene import labels
from wagtail_convene.events.statistics import event_statistics
from wagtail_convene.reporting.views import _labelled

from .conftest import make_event


def test_the_markers_are_the_services_own():
    assert (labels.HIDDEN, labels.WITHHELD) == (figures.HIDDEN, figures.WITHHELD)


@pytest.mark.parametrize(
    ("code", "hidden", "withheld"),
    [("en", "fewer than 5", "not shown"), ("fr", "moins de 5", "non affiché")],
)
def test_hidden_and_withheld_counts_are_named_in_the_readers_language(code, hidden, withheld):
    with translation.override(code):
        assert labels.count_label(figures.HIDDEN) == hidden
        assert labels.count_label(figures.WITHHELD) == withheld
        assert labels.count_label(None) == withheld  # a count the service left out
        assert labels.count_label(12) == "12"


@pytest.mark.django_db
def test_the_event_page_statistics_show_withheld_counts():
    page = make_event()
    published = {
        "event": page.event_key,
        "total": 7,
        "gender": {"man": figures.HIDDEN, "woman": figures.WITHHELD},
        "migrant_led": {},  # a row the service could not protect: no table
    }
    cache.set(f"convene:stats:{page.event_key}", published, 60)
    try:
        shown = event_statistics(page)
    finally:
        cache.delete(f"convene:stats:{page.event_key}")
    assert shown["total"] == "7"
    [(_title, rows)] = shown["tables"]
    assert sorted(count for _label, count in rows) == ["fewer than 5", "not shown"]


def test_the_reporting_figures_show_withheld_counts():
    row = {
        "received": 7,
        "resolved": figures.HIDDEN,
        "by_category": {"conduct": figures.HIDDEN, "other": figures.WITHHELD},
    }
    [line] = _labelled({"grievance": row})
    assert (line["received"], line["resolved"]) == ("7", "fewer than 5")
    assert [count for _name, count in line["categories"]] == ["fewer than 5", "not shown"]
