"""Issue 15, bug 6: the grievance and reprisal reporting page is reached by links, not by
typing its address: from the review, each event, every page's footer, "my registration"
and every e-mail (whose links the website resolves); a decision e-mail's link opens a
grievance form about that decision. Bug 3: a receipt code is accepted however typed."""

import re

import pytest
from bs4 import BeautifulSoup

from wagtail_convene.reporting.forms import CodeForm
from wagtail_convene.reporting.models import ReportingPage

from .conftest import make_event, make_review, publish, translate_page

pytestmark = pytest.mark.django_db


def add_reporting(review) -> ReportingPage:
    page = ReportingPage(title="Report a grievance or reprisal", slug="report")
    review.add_child(instance=page)
    return publish(page)


@pytest.fixture
def site():
    review = make_review("ECE")
    reporting = add_reporting(review)
    event = make_event()  # in the ECE review
    french = {
        "review": translate_page(review, "fr"),
        "reporting": translate_page(reporting, "fr"),
        "event": translate_page(event, "fr"),
    }
    english = {"review": review, "reporting": reporting, "event": event}
    return {"en": english, "fr": french}


def links(client, url) -> list[str]:
    page = client.get(url)
    assert page.status_code == 200, url
    return [a["href"] for a in BeautifulSoup(page.text, "html.parser").find_all("a", href=True)]


def footer_links(client, url) -> list[str]:
    soup = BeautifulSoup(client.get(url).text, "html.parser")
    return [a["href"] for a in soup.select("footer a[href]")]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_review_each_event_and_every_footer_link_the_reporting_page_in_its_language(
    client, site, language
):
    pages = site[language]
    target = pages["reporting"].url
    assert target.startswith("/fr/") == (language == "fr")
    assert target in links(client, pages["review"].url)  # "In this review"
    assert target in links(client, pages["event"].url)
    for url in (pages["review"].url, pages["event"].url, pages["reporting"].url):
        assert target in footer_links(client, url), url


def test_pages_outside_a_review_link_the_reporting_address_that_leads_to_it(client, site):
    for url, language in (("/newsletter/subscribe/", ""), ("/fr/registration/link/", "/fr")):
        [link] = [h for h in footer_links(client, url) if "reporting" in h]
        assert link == f"{language}/reporting/"
        answer = client.get(link)
        assert (
            answer.status_code == 302
            and answer["Location"] == site[language.strip("/") or "en"]["reporting"].url
        )
        assert answer["Cache-Control"] == "no-store"


def test_with_several_reviews_the_reader_chooses_or_the_region_decides(client, site):
    eca = make_review("ECA")
    add_reporting(eca)
    chooser = client.get("/reporting/follow-up/")
    assert chooser.status_code == 200
    assert "/review-ece/report/follow-up/" in chooser.text
    assert "/review-eca/report/follow-up/" in chooser.text
    direct = client.get("/reporting/grievance/?region=ECA&ref=AB12CD34")
    assert direct["Location"] == "/review-eca/report/grievance/?ref=AB12CD34"
    # On a page of the ECA review, the footer links the ECA reporting page.
    assert "/review-eca/report/" in footer_links(client, eca.url)
    assert client.get("/reporting/elsewhere/").status_code == 404


def test_a_decision_e_mails_link_opens_a_grievance_form_about_that_decision(client, site):
    from services.mailer.reporting_texts import reporting_links

    emailed = reporting_links("http://testserver", "fr", {"reference": "AB12CD34"})
    form_page = client.get(emailed["contest_url"], follow=True)
    assert form_page.redirect_chain[-1][0] == "/fr/review-ece/report/grievance/?ref=AB12CD34"
    soup = BeautifulSoup(form_page.content, "html.parser")
    assert soup.html["lang"] == "fr"
    chosen = soup.select_one("#id_category option[selected]")
    assert chosen["value"] == "registration_or_selection"
    assert "AB12CD34" in soup.select_one("#id_decision")["value"]
    assert client.get(emailed["reporting_url"])["Location"] == "/fr/review-ece/report/"


def test_a_reference_that_is_not_one_is_not_carried_nor_filled_in(client, site):
    answer = client.get("/reporting/grievance/?ref=%3Cscript%3E")
    assert answer["Location"] == "/review-ece/report/grievance/"
    form = client.get("/review-ece/report/grievance/?ref=<b>x</b>")
    assert "&lt;b&gt;" not in form.text and "<b>x</b>" not in form.text
    assert not BeautifulSoup(form.text, "html.parser").select_one("#id_decision").get("value")


def test_the_follow_up_link_the_grievance_service_mails_reaches_the_follow_up_form(client, site):
    from services.grievance.worker import follow_up_url

    answer = client.get(follow_up_url("http://testserver", "fr", "ECE"), follow=True)
    assert answer.redirect_chain[-1][0] == "/fr/review-ece/report/follow-up/"
    assert 'name="code"' in answer.content.decode()


@pytest.mark.parametrize(
    "typed",
    [
        "12345 67890 12345 67890 12345",
        "1234567890123456789012345",
        "12345-67890-12345-67890-12345",
        " 12345\n67890\n12345 67890-12345 ",
        "١٢٣٤٥ ٦٧٨٩٠ ١٢٣٤٥ ٦٧٨٩٠ ١٢٣٤٥",
    ],
)
def test_an_older_receipt_code_is_accepted_with_or_without_spaces_and_dashes(typed):
    form = CodeForm({"code": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["code"] == "12345 67890 12345 67890 12345"


CODE = "7Q2MX B0K9D 4RTVW 1HJ5N PZ8EA C6GY3"


@pytest.mark.parametrize(
    "typed",
    [
        CODE,
        CODE.lower(),
        CODE.replace(" ", ""),
        CODE.replace(" ", "-").lower(),
        CODE.replace("0", "o").replace("1", "I"),
        f"  {CODE.replace(' ', chr(10))}\n",
    ],
    ids=["as-shown", "lower", "no-separators", "hyphens-lower", "look-alikes", "wrapped"],
)
def test_a_receipt_code_is_accepted_in_any_case_with_or_without_separators(typed):
    form = CodeForm({"code": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["code"] == CODE


def test_the_code_field_asks_for_letters_too():
    field = CodeForm().fields["code"]
    assert "inputmode" not in field.widget.attrs  # a numeric keypad has no letters
    assert field.widget.attrs["autocapitalize"] == "characters"


def test_a_code_missing_a_group_is_told_without_asking_the_service():
    from django.utils import translation

    with translation.override("en"):
        for clipped in ("12345 67890 12345 67890", CODE.rsplit(" ", 1)[0]):
            form = CodeForm({"code": clipped})  # what a clipped code showed
            assert not form.is_valid()
            assert re.search("six groups of five", str(form.errors["code"]))


def test_the_website_reads_a_code_as_the_grievance_service_does():
    """The plugin keeps its own copy of the rule (it cannot import the service)."""
    import random

    from services.grievance import receipts
    from wagtail_convene.reporting import codes

    assert (codes.ALPHABET, codes.GROUPS, codes.GROUP) == (
        receipts.ALPHABET,
        receipts.GROUPS,
        receipts.GROUP,
    )
    typed = "ĳIiLlOoUu-_.·  \u200f\u00a0²①٣۴३４ＡａАаΟοЗßÆ" + receipts.ALPHABET
    rng = random.Random(17)
    samples = [receipts.new_code(), typed]
    samples += ["".join(rng.sample(typed, 12)) for _ in range(200)]
    for sample in samples:
        assert codes.normalise(sample) == receipts.normalise(sample), sample


@pytest.fixture
def registration_service(settings, tmp_path):
    from .test_selfservice_pages import registration_service as real

    yield from real.__wrapped__(settings, tmp_path)


def test_my_registration_links_the_reporting_page_and_contesting_a_decision(
    registration_service, client, site
):
    import uuid

    from services.registration.extensions import db
    from services.registration.models import Registration
    from wagtail_convene.clients import RegistrationClient

    from .test_selfservice_pages import _emailed_path

    event = site["en"]["event"]
    with RegistrationClient.from_settings() as service:
        rid = service.register(
            {
                "event": event.event_key,
                "track": str(event.tracks.first().key),
                "name": "Amina",
                "email": "amina@example.org",
                "country": "FR",
                "age_band": "30_59",
                "language": "fr",
                "category": "civil_society",
            },
            "issue-15-reporting",
        )["id"]
    link = _emailed_path(registration_service, "registration.receipt", rid, "my_registration_url")
    mine = client.get(link)["Location"]  # the token is exchanged for a cookie
    assert mine == "/fr/registration/mine/"
    hrefs = links(client, mine)
    assert "/fr/review-ece/report/" in hrefs
    assert not [h for h in hrefs if "ref=" in h]  # nothing to contest yet
    with registration_service.app_context():
        db.session.get(Registration, uuid.UUID(rid)).status = "not_selected"
        db.session.commit()
    contest = f"/fr/review-ece/report/grievance/?ref={uuid.UUID(rid).hex[-8:].upper()}"
    assert contest in links(client, mine)
