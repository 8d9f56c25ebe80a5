"""Content and links in the visitor's language (issue 15, bugs 6, 11 and 13)."""

import re

import pytest
from django.utils import translation

from wagtail_convene.events.models import CalendarPage
from wagtail_convene.taxonomy.models import (
    GCMObjective,
    StakeholderCategory,
    SubRegion,
    sorted_by_name,
)

from .conftest import (
    make_calendar,
    make_criteria,
    make_event,
    make_review,
    publish,
    translate_page,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "newsletter/confirm/tok1234567890abcdef/",
        "newsletter/unsubscribe/tok1234567890abcdef/",
        "newsletter/subscribe/",
    ],
)
def test_newsletter_pages_link_home_in_their_language(client, path):
    html = client.get(f"/es/{path}", follow=True).text
    assert re.search(r'<a class="brand" href="/es/"', html)


def test_the_review_page_links_the_newsletter_in_its_language(client):
    review = make_review()
    french = translate_page(review, "fr")
    assert 'href="/fr/newsletter/subscribe/"' in client.get(french.url).text


def test_stakeholder_groups_and_objectives_in_every_language():
    migrants = StakeholderCategory.objects.get(slug="migrant-diaspora-organisations")
    workers = StakeholderCategory.objects.get(slug="workers-organisations")
    smuggling = GCMObjective.objects.get(number=9)
    with translation.override("fr"):
        assert migrants.label == "Organisations de migrants et de la diaspora"
        assert smuggling.label == "9. Renforcer l’action transnationale face au trafic de migrants"
    with translation.override("es"):
        assert workers.label == "Organizaciones de trabajadores y sindicatos"
    with translation.override("ar"):
        assert migrants.label == "منظمات المهاجرين والمغتربين"
    with translation.override("zh-hans"):
        assert GCMObjective.objects.get(number=15).label == "15. 为移民提供基本服务"
    with translation.override("en"):
        assert (
            smuggling.label == "9. Strengthen the transnational response to smuggling of migrants"
        )
    same_word = {("fr", "Migrants")}
    for code in ("fr", "es", "ar", "zh-hans", "ru", "pt"):
        with translation.override(code):
            for item in [*StakeholderCategory.objects.all(), *GCMObjective.objects.all()]:
                english = item.name if hasattr(item, "name") else item.title
                if (code, english) not in same_word:
                    assert english not in item.label, (code, english)


def test_sub_regions_are_named_in_every_language():
    """ "West Africa" stayed English on the Arabic, Spanish and French event statistics."""
    from wagtail_convene.labels import subregion_label

    with translation.override("ar"):
        assert subregion_label("West Africa") == "غرب أفريقيا"
    same_word = {("fr", "Maghreb"), ("es", "Mashreq")}
    for code in ("fr", "es", "ar", "zh-hans", "ru", "pt"):
        with translation.override(code):
            for sub in SubRegion.objects.filter(locale__language_code="en"):
                if (code, sub.name) not in same_word:
                    assert sub.name not in subregion_label(sub.name), (code, sub.name)


def test_an_editors_translation_of_a_group_wins_over_the_catalogue():
    migrants = StakeholderCategory.objects.get(slug="migrants")
    from .conftest import locale

    copy = migrants.copy_for_translation(locale("fr"))
    copy.name = "Personnes migrantes"
    copy.save()
    with translation.override("fr"):
        assert migrants.label == "Personnes migrantes"


def test_country_names_are_sorted_as_the_language_sorts():
    names = [("EG", "Égypte"), ("ZM", "Zambie"), ("EE", "Estonie"), ("AF", "Afghanistan")]
    assert [n for _c, n in sorted_by_name(names, "fr")] == [
        "Afghanistan",
        "Égypte",
        "Estonie",
        "Zambie",
    ]
    spanish = [("x", "Nueva Zelanda"), ("y", "Ñandú"), ("z", "Omán")]
    assert [n for _c, n in sorted_by_name(spanish, "es")] == ["Nueva Zelanda", "Ñandú", "Omán"]


def test_the_french_forms_list_egypt_before_zambia():
    from wagtail_convene.events.forms import country_choices
    from wagtail_convene.submissions.forms import SubmissionForm

    names = [name for _code, name in country_choices("fr")]
    assert names.index("Égypte") < names.index("Émirats arabes unis") < names.index("Zambie")
    with translation.override("fr"):
        form = SubmissionForm()
    names = [str(name) for _code, name in form.fields["country"].choices]
    assert names.index("Égypte") < names.index("Zambie")


def test_a_new_event_is_in_every_languages_calendar_until_it_is_translated(client):
    review = make_review()
    calendar = make_calendar(review)
    make_event(parent=calendar, title="Side event", criteria=make_criteria(review))
    french_calendar = translate_page(calendar, "fr")
    assert isinstance(french_calendar, CalendarPage)
    html = client.get(french_calendar.url).text
    assert "Side event" in html
    # The English title on the French page says it is English (WCAG 3.1.2), and so does the link.
    assert re.search(r'<a href="[^"]+" lang="en" hreflang="en">Side event</a>', html)
    # Once translated, the French calendar shows the French page only.
    event = calendar.get_children().first().specific
    french_event = translate_page(event, "fr")
    french_event.title = "Événement parallèle"
    publish(french_event)
    html = client.get(french_calendar.url).text
    assert "Événement parallèle" in html and "Side event" not in html
    assert "Side event" in client.get(calendar.url).text


def test_the_editor_is_told_which_languages_lack_a_new_event(admin_client):
    from wagtail.models import Page

    review = make_review()
    calendar = make_calendar(review)
    criteria = make_criteria(review)
    from .conftest import locale

    for code in ("fr", "es", "ar", "zh-hans", "ru", "pt"):
        locale(code)
    response = admin_client.post(
        f"/admin/pages/add/wagtail_convene_events/eventpage/{calendar.pk}/",
        {
            "title": "Side event",
            "slug": "side-event",
            "kind": "consultation",
            "region": "ECE",
            "timezone": "Europe/Zurich",
            "modality": "virtual",
            "start_date": "2031-05-06",
            "start_time": "10:00",
            "end_date": "2031-05-06",
            "end_time": "12:00",
            "criteria": criteria.pk,
            "action-publish": "publish",
            "tracks-TOTAL_FORMS": "0",
            "tracks-INITIAL_FORMS": "0",
            "tracks-MIN_NUM_FORMS": "0",
            "tracks-MAX_NUM_FORMS": "1000",
            "agenda-count": "0",
        },
        follow=True,
    )
    errors = re.findall(r"error-message[^>]*>(?:<[^>]+>)*([^<]+)", response.text)
    assert Page.objects.filter(slug="side-event", live=True).exists(), errors
    assert "is not yet translated into Français, Español" in response.text


def test_every_page_below_a_review_has_a_way_back_up_in_its_language(client):
    review = make_review()
    calendar = make_calendar(review)
    event = make_event(parent=calendar, criteria=make_criteria(review))
    french_event = translate_page(event, "fr")
    html = client.get(event.url).text
    trail = re.search(r'<nav aria-label="You are here" class="breadcrumbs">(.*?)</nav>', html)
    assert re.findall(r'href="([^"]+)"', trail.group(1)) == [review.url, calendar.url]
    # On a track's form, the event itself is a step back; in French, every step is French.
    form = client.get(french_event.url + "register/", follow=True).text
    trail = re.search(r'<nav aria-label="Vous êtes ici" class="breadcrumbs">(.*?)</nav>', form)
    steps = re.findall(r'href="([^"]+)"', trail.group(1))
    assert steps[-1] == french_event.url and all(s.startswith("/fr/") for s in steps)


def test_pages_that_are_views_switch_language_in_place_but_a_receipt_does_not(client):
    html = client.get("/es/newsletter/subscribe/").text
    switch = re.search(r'<nav aria-label="[^"]+" class="languages">(.*?)</nav>', html, re.S)
    assert 'href="/ar/newsletter/subscribe/"' in switch.group(1)
    assert 'href="/newsletter/subscribe/"' in switch.group(1)
    assert 'class="languages"' not in client.get("/fr/no-such-page/").text


def test_dates_from_the_services_are_written_the_readers_way():
    """The follow-up page showed "Received on 2026-12-02" in every language."""
    from wagtail_convene.templatetags.convene_tags import written_date

    with translation.override("fr"):
        assert written_date("2026-12-02") == "2 décembre 2026"
    with translation.override("ar"):
        assert written_date("2026-12-02") == "2 ديسمبر 2026"


def test_the_language_switch_keeps_the_month_view_but_not_a_one_off_notice(client):
    review = make_review()
    calendar = make_calendar(review)
    french = translate_page(calendar, "fr")
    html = client.get(calendar.url, {"view": "month", "month": "2031-01"}).text
    assert f'href="{french.url}?view=month&amp;month=2031-01"' in html
    html = client.get("/es/newsletter/subscribe/", {"done": "1"}).text
    assert 'href="/ar/newsletter/subscribe/"' in html


def test_an_offset_in_an_arabic_page_reads_left_to_right():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from wagtail_convene.templatetags.convene_tags import zoned_time

    moment = datetime(2031, 1, 15, 9, tzinfo=ZoneInfo("UTC"))
    with translation.override("ar"):
        assert "\u2066(UTC+01:00)\u2069" in zoned_time(moment, "Europe/Zurich")
    with translation.override("fr"):
        assert "10:00 (UTC+01:00)" in zoned_time(moment, "Europe/Zurich")
