"""The demo site is whole in every language: every page, its texts, its links.

One test, because building the demo (some 150 pages) takes half a minute.
"""

import re

import pytest
from django.conf import settings
from wagtail.models import Page

from demo.home.demo_content import build_site
from wagtail_convene.events.models import EventPage
from wagtail_convene.submissions.models import SubmissionFormPage, SubmissionIndexPage

from .conftest import home

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def prefix(code):
    return "" if code == "en" else f"/{code}"


def test_the_demo_is_whole_in_every_language(client):
    build_site(home())

    # Every page of the demo in every language (submissions are in their own).
    english = Page.objects.filter(locale__language_code="en", depth__gt=1).exclude(
        submissionpage__isnull=False
    )
    assert english.count() == 19  # home, then nine pages in each of two reviews
    for page in english:
        languages = set(
            page.get_translations(inclusive=True)
            .live()
            .values_list("locale__language_code", flat=True)
        )
        assert languages == set(LANGUAGES), page.title

    # Bug 5: the form exists in Arabic; every language's index lists all 12 submissions.
    assert client.get("/ar/review-ece/send-a-submission/").status_code == 200
    form = SubmissionFormPage.objects.get(
        locale__language_code="ar", url_path__contains="review-ece"
    )
    assert form.index.locale.language_code == "ar"
    for code in LANGUAGES:
        html = client.get(f"{prefix(code)}/review-ece/submissions/").text
        assert len(set(re.findall(r'href="[^"]*/submission-(\d+)/"', html))) == 12, code
    for index in SubmissionIndexPage.objects.filter(url_path__contains="review-ece"):
        for page in index.get_children().specific():
            assert page.locale.language_code == page.submission_language

    # Bug 11: translated texts, and links to the same language's pages.
    french = client.get("/fr/review-ece/").text
    assert "Examen régional\u00a0: Europe et Amérique du Nord" in french
    assert "Regional review" not in french and "how to take part" not in french
    event = EventPage.objects.get(locale__language_code="fr", slug="consultation", region="ECE")
    assert event.criteria.locale.language_code == "fr"
    assert event.title == "Consultation multipartite informelle (ECE)"
    assert {t.name for t in event.tracks.all()} == {
        "Société civile",
        "Panels, rapporteur et conception de l’ordre du jour",
        "Intervenant·es proposé·es par des organisations",
    }
    assert "/fr/review-ece/criteria/" in client.get(event.url).text
    # Bug 6: the Spanish events are linked from the Spanish review and its calendar.
    spanish_calendar = client.get("/es/review-ece/calendar/").text
    assert "Consulta informal con múltiples partes interesadas (ECE)" in spanish_calendar
    assert "/es/review-ece/calendar/consultation/" in client.get("/es/review-ece/").text
    safety = client.get("/ar/review-ece/report/").text
    assert "Use a device and a connection you trust" not in safety
