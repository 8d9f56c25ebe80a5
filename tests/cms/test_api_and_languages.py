"""The headless API, and every UI string in every configured language."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

import wagtail_convene

from .conftest import make_criteria, make_event, make_review, translate_page

CATALOGUES = [
    Path(wagtail_convene.__file__).parent / "locale",
    Path(settings.BASE_DIR) / "home" / "locale",
]
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("catalogue", CATALOGUES, ids=["plugin", "demo"])
def test_every_ui_string_is_translated_and_compiled(catalogue, language):
    directory = catalogue / language.replace("-hans", "_Hans") / "LC_MESSAGES"
    with open(directory / "django.po", "rb") as fh:
        messages = [m for m in read_po(fh) if m.id]
    assert messages
    missing = [
        m.id
        for m in messages
        if not (m.string if isinstance(m.string, str) else all(m.string)) or m.fuzzy
    ]
    assert missing == []
    mo = directory / "django.mo"
    assert mo.exists() and mo.stat().st_mtime >= (directory / "django.po").stat().st_mtime - 5


@pytest.mark.django_db
def test_arabic_pages_render_right_to_left_with_a_language_switcher(client):
    review = make_review()
    arabic = translate_page(review, "ar")
    html = client.get(arabic.url).text
    assert 'lang="ar" dir="rtl"' in html
    assert 'hreflang="en"' in html and 'aria-current="page"' in html
    english = client.get(review.url).text
    assert f'href="{arabic.url}"' in english


@pytest.mark.django_db
def test_api_lists_events_by_type_locale_and_region(client):
    review = make_review()
    event = make_event(parent=review, criteria=make_criteria(review))
    translate_page(event, "fr")
    other = make_review("ECA")
    make_event(parent=other, region="ECA", criteria=make_criteria(other), slug="eca")
    url = "/api/v2/pages/"
    base = {"type": "wagtail_convene_events.EventPage", "fields": "region,starts_at,timezone"}
    all_events = client.get(url, base).json()
    assert all_events["meta"]["total_count"] == 3
    french = client.get(url, {**base, "locale": "fr"}).json()["items"]
    assert [i["meta"]["locale"] for i in french] == ["fr"]
    ece = client.get(url, {**base, "region": "ECE", "locale": "en"}).json()["items"]
    assert [(i["region"], i["timezone"]) for i in ece] == [("ECE", "Europe/Zurich")]
    detail = client.get(f"{url}{event.pk}/").json()
    assert detail["starts_at"] == event.starts_at.isoformat()
    assert detail["kind"] == "consultation"


@pytest.mark.django_db
def test_the_language_switch_on_a_sub_page_keeps_the_sub_page(client):
    review = make_review()
    event = make_event(parent=review, criteria=make_criteria(review))
    french = translate_page(event, "fr")
    form = client.get(event.url + "register/", follow=True)  # one track: straight to its form
    sub_path = form.request["PATH_INFO"][len(event.url) :]
    assert sub_path.startswith("register/") and len(sub_path) > len("register/")
    assert f'href="{french.url}{sub_path}"' in form.text
