"""The public forms as a screen-reader or keyboard user meets them (WCAG 2.2 AA beyond axe):
references that resolve, errors announced and linked, groups with legends, autocomplete,
language of parts, and error pages in the visitor's language and the site's layout."""

import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client, RequestFactory
from django.utils import translation

from wagtail_convene.errors import server_error
from wagtail_convene.reporting.models import ReportingPage
from wagtail_convene.submissions.models import SubmissionFormPage, SubmissionIndexPage

from .conftest import (
    home,
    make_event,
    make_review,
    make_reviewer,
    open_track,
    publish,
    translate_page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    """Every public form's address: registration (each kind of track), submission,
    grievance, reprisal, follow-up, link request, newsletter."""
    event = make_event(
        tracks=[
            open_track("Participants"),
            open_track("Floor", kind="floor_speaker"),
            open_track("Panels", kind="interest"),
            open_track("Nominations", kind="nomination"),
        ],
    )
    review = event.get_parent().specific
    index = SubmissionIndexPage(title="Submissions", slug="submissions")
    review.add_child(instance=index)
    index = publish(index)
    form_page = SubmissionFormPage(title="Send a submission", slug="send", index=index)
    review.add_child(instance=form_page)
    form_page = publish(form_page)
    reporting = ReportingPage(title="Report", slug="report")
    review.add_child(instance=reporting)
    reporting = publish(reporting)
    registration = [f"{event.url}register/{track.key}/" for track in event.tracks.all()]
    return {
        "registration": registration,
        "others": [
            form_page.url,
            reporting.url + "grievance/",
            reporting.url + "reprisal/",
            reporting.url + "follow-up/",
            "/registration/link/",
            "/newsletter/subscribe/",
        ],
        "reporting": reporting,
        "event": event,
    }


def all_form_urls(pages) -> list[str]:
    return pages["registration"] + pages["others"]


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def submit_empty(client, url):
    """Send the page's first form as a browser would, with nothing filled in or ticked."""
    form = soup(client.get(url)).find("form", method="post")
    data = {}
    for control in form.find_all(["input", "select", "textarea"], attrs={"name": True}):
        kind = control.get("type", "text")
        if control.name == "select":
            chosen = control.find("option", selected=True) or control.find("option")
            data[control["name"]] = chosen["value"] if chosen else ""
        elif kind == "hidden":
            data[control["name"]] = control.get("value", "")
        elif kind not in ("radio", "checkbox", "file", "submit"):
            data[control["name"]] = ""
    return client.post(url, data)


def unresolved_references(doc: BeautifulSoup) -> list[str]:
    ids = {tag["id"] for tag in doc.find_all(id=True)}
    missing = []
    for attr in ("aria-describedby", "aria-labelledby"):
        for tag in doc.find_all(attrs={attr: True}):
            missing += [f"{attr}={ref}" for ref in tag[attr].split() if ref not in ids]
    for label in doc.find_all("label"):
        if label.has_attr("for") and label["for"] not in ids:
            missing.append(f"label for={label['for']!r}")
    return missing


def test_every_reference_resolves_before_and_after_a_failed_submit(client, pages):
    for url in all_form_urls(pages):
        before = client.get(url)
        assert before.status_code == 200, url
        assert unresolved_references(soup(before)) == [], url
        after = submit_empty(client, url)
        assert after.status_code in (200, 400, 422), url
        doc = soup(after)
        assert doc.select(".error-summary"), url
        assert unresolved_references(doc) == [], url
        described = [t for t in doc.find_all(attrs={"aria-invalid": "true"})]
        assert described, url  # the invalid fields say so ...
        for tag in described:  # ... and each is described by its error, or its group is
            group = tag.find_parent("fieldset", class_="field")
            refs = tag.get("aria-describedby") or (group or {}).get("aria-describedby") or ""
            assert any(ref.endswith("_error") for ref in refs.split()), (url, tag.get("name"))


def test_the_error_summary_takes_focus_and_links_every_field(client, pages):
    for url in all_form_urls(pages):
        doc = soup(submit_empty(client, url))
        summary = doc.select_one(".error-summary")
        assert summary.has_attr("autofocus") and summary["tabindex"] == "-1", url
        links = summary.select("a")
        assert links, url
        for link in links:
            target = link["href"]
            assert target.startswith("#") and len(target) > 1, (url, target)
            assert doc.find(id=target[1:]) is not None, (url, target)


def test_the_danger_question_is_a_group_with_a_legend_linked_from_the_summary(client, pages):
    url = pages["reporting"].url + "reprisal/"
    doc = soup(submit_empty(client, url))
    radio = doc.find("input", attrs={"name": "danger", "value": "no"})
    group = radio.find_parent("fieldset")
    assert group.legend.get_text(strip=True).startswith("Is anyone in immediate danger?")
    assert doc.find("label", attrs={"for": ""}) is None
    first = doc.find("input", attrs={"name": "danger"})["id"]
    links = [a["href"] for a in doc.select(".error-summary a")]
    assert f"#{first}" in links and "#" not in links
    # Each radio has its own label beside it, not wrapped and stretched.
    for radio in doc.find_all("input", attrs={"name": "danger"}):
        assert radio.find_parent("div", class_="choice").find("label", attrs={"for": radio["id"]})


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_title_starts_with_error_in_the_visitors_language(client, pages, language):
    reporting = pages["reporting"]
    url = reporting.url + "grievance/"
    if language != "en":
        url = translate_page(reporting, language).url + "grievance/"
    with translation.override(language):
        prefix = translation.gettext("Error:")
    assert language == "en" and prefix == "Error:" or prefix != "Error:"
    title = soup(client.get(url)).title.get_text()
    assert not title.startswith(prefix)
    title = soup(submit_empty(client, url)).title.get_text()
    assert title.startswith(prefix + " "), title


def test_required_fields_are_explained_and_say_they_are_required(client, pages):
    for url in all_form_urls(pages):
        doc = soup(client.get(url))
        assert doc.select_one(".required-note"), url
        for label in doc.find_all("label", attrs={"for": True}):
            if "*" not in label.get_text():
                continue
            control = doc.find(id=label["for"])
            assert control.has_attr("required") or control.get("aria-required") == "true", (
                url,
                label["for"],
            )


AUTOCOMPLETE = {
    # Registration: the person's own details.
    "name": "name",
    "email": "email",
    "phone": "tel",
    "organisation": "organization",
    "organisation_website": "url",
    "country": "country-name",
    "nominator_name": "name",
    "nominator_email": "email",
    "nominator_organisation": "organization",
    # Grievance and reprisal: optional contact.
    "contact_name": "name",
    "contact_email": "email",
    "contact_phone": "tel",
}


def test_personal_fields_say_what_they_hold(client, pages):
    seen = set()
    urls = pages["registration"] + pages["others"][:3]
    for url in urls:
        doc = soup(client.get(url))
        nomination = "Full name of the person nominated" in doc.get_text()
        for control in doc.find_all(["input", "select"], attrs={"name": True}):
            name = control["name"]
            if name not in AUTOCOMPLETE or (name == "country" and "reprisal" in url):
                continue
            if nomination and name in ("name", "email", "phone"):
                assert control.get("autocomplete") == "off", (url, name)  # not the visitor's
                continue
            assert control.get("autocomplete") == AUTOCOMPLETE[name], (url, name)
            if AUTOCOMPLETE[name] == "tel":
                assert control["type"] == "tel", (url, name)
            seen.add(name)
    assert seen == set(AUTOCOMPLETE)
    submission = soup(client.get(pages["others"][0]))
    assert submission.find(attrs={"name": "email"})["autocomplete"] == "email"
    assert submission.find(attrs={"name": "organisation"})["autocomplete"] == "organization"


def test_language_names_carry_their_language(client, pages):
    event = pages["event"]
    event.interpretation_languages = "ar,fr"
    publish(event)
    french = translate_page(event, "fr")
    doc = soup(client.get(french.url))
    names = {span.get_text(): (span.get("lang"), span.get("dir")) for span in doc.select("dd span")}
    assert names["العربية"] == ("ar", "rtl") and names["Français"] == ("fr", "ltr")
    switcher = doc.select("nav.languages a")
    assert switcher and all(a.get("lang") and a.get("dir") for a in switcher)
    form = soup(client.get(pages["registration"][0]))
    arabic = form.find("input", attrs={"name": "languages", "value": "ar"})
    label = form.find("label", attrs={"for": arabic["id"]})
    assert (label["lang"], label["dir"]) == ("ar", "rtl")
    submission = soup(client.get(pages["others"][0]))
    option = submission.select_one('select[name="submission_language"] option[value="zh-hans"]')
    assert option["lang"] == "zh-hans" and option["dir"] == "ltr"


def test_agenda_headings_do_not_skip_levels(client):
    event = make_event(
        agenda=[
            ("session", "Opening"),
            ("item", {"title": "Welcome", "speakers": "Chair"}),
            ("session", "Roundtables"),
            ("item", {"title": "Decent work"}),
        ]
    )
    doc = soup(client.get(event.url))
    levels = [int(h.name[1]) for h in doc.find_all(re.compile(r"^h[1-6]$"))]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    agenda = doc.find(id="agenda-title").find_parent("section")
    assert [h.name for h in agenda.find_all(re.compile(r"^h[1-6]$"))] == [
        "h2",
        "h3",
        "h4",
        "h3",
        "h4",
    ]


def test_a_missing_page_answers_in_the_visitors_language_in_the_site_layout():
    make_review()
    translate_page(home(), "fr")
    response = Client().get("/fr/no-such-page/")
    assert response.status_code == 404
    doc = soup(response)
    assert doc.html["lang"] == "fr"
    assert doc.select_one("header.site-header") and doc.select_one("main#main")
    with translation.override("fr"):
        heading = translation.gettext("Page not found")
        back = translation.gettext("Go to the home page")
    assert heading != "Page not found" and doc.h1.get_text() == heading
    assert doc.find("a", string=back)["href"] == "/fr/"
    assert "Not Found" not in doc.get_text()


def test_the_server_error_page_needs_no_database_and_speaks_arabic():
    """No django_db here: any query would fail the test."""
    request = RequestFactory().get("/ar/some/page/")
    response = server_error(request)
    assert response.status_code == 500
    doc = soup(response)
    assert (doc.html["lang"], doc.html["dir"]) == ("ar", "rtl")
    with translation.override("ar"):
        assert doc.find("a", string=translation.gettext("Go to the home page"))["href"] == "/ar/"


def test_a_refused_form_explains_itself_in_the_site_layout(pages):
    browser = Client(enforce_csrf_checks=True)
    reporting = translate_page(pages["reporting"], "ar")
    url = reporting.url + "grievance/"
    response = browser.post(url, {"category": "other", "description": "x"})
    assert response.status_code == 403
    doc = soup(response)
    assert (doc.html["lang"], doc.html["dir"]) == ("ar", "rtl")
    assert doc.select_one("header.site-header") and doc.select_one("main#main")
    with translation.override("ar"):
        again = translation.gettext("Open the form again")
        home_link = translation.gettext("Go to the home page")
    assert doc.find("a", string=again)["href"] == url
    assert doc.find("a", string=home_link)["href"] == "/ar/"


def test_the_admin_new_selection_form_links_its_errors(client, django_user_model):
    client.force_login(make_reviewer(django_user_model, regions="ECE"))
    event = make_event()
    url = f"/admin/convene/intake/events/{event.translation_key}/selections/new/"
    data = {
        "name": "",
        "organisation_cap": "many",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "1",
        "roles-MAX_NUM_FORMS": "1000",
        "roles-0-role": "panel",
        "roles-0-track": str(event.tracks.first().key),
        "roles-0-seats": "seven",
        "quotas-TOTAL_FORMS": "1",
        "quotas-INITIAL_FORMS": "0",
        "quotas-MIN_NUM_FORMS": "0",
        "quotas-MAX_NUM_FORMS": "1000",
        "quotas-0-role": "panel",
        "quotas-0-feature": "gender",
        "quotas-0-value": "woman",
        "quotas-0-min": "three",
        "quotas-0-max": "4",
        "step": "check",
    }
    doc = soup(client.post(url, data))
    invalid = doc.find_all(attrs={"aria-invalid": "true"})
    assert {t["name"] for t in invalid} >= {"roles-0-seats", "quotas-0-min"}
    assert unresolved_references(doc) == []
    for tag in invalid:
        assert any(ref.endswith("_error") for ref in tag.get("aria-describedby", "").split())


def test_the_error_summary_punctuates_as_the_language_does(client):
    """French puts a no-break space before a colon; a label's own full stop is not doubled."""
    from django.utils import translation

    from wagtail_convene.templatetags.convene_forms import summary_line

    class Bound:
        label = "Ich stimme zu."

    with translation.override("fr"):
        assert summary_line(Bound(), "Ce champ est obligatoire.") == (
            "Ich stimme zu\u00a0: Ce champ est obligatoire."
        )
    with translation.override("es"):
        assert summary_line(Bound(), "Este campo es obligatorio.") == (
            "Ich stimme zu: Este campo es obligatorio."
        )
