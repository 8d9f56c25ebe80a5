"""The public site and the moderation workflow, in Debian Chromium, with axe-core."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from demo.home.documents import minimal_pdf
from tests.support.pages import public_urls
from tests.support.second_factor import sign_in_browser
from tests.support.site import admin_password, wait_for_mail

pytestmark = pytest.mark.e2e
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
}


def test_browse_calendar_event_and_criteria(stack, page):
    page.goto(stack.url("cms") + "/")
    page.get_by_role("link", name="Regional review: Europe and North America").click()
    page.get_by_role("link", name="Calendar").first.click()
    page.get_by_role("link", name="Intergovernmental review meeting (ECE)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Intergovernmental review meeting (ECE)"
    )
    expect(page.get_by_text("Europe/Zurich (UTC")).to_be_visible()
    page.get_by_role("link", name="Engagement and registration criteria").click()
    expect(page.get_by_role("heading", name="Who may take part")).to_be_visible()


def test_submission_is_moderated_and_published_with_the_disclaimer(stack, page, tmp_path):
    document = tmp_path / "input.pdf"
    document.write_bytes(minimal_pdf("Browser submission"))
    title = "Browser submission on remittance costs"
    page.goto(stack.url("cms") + "/review-ece/send-a-submission/")
    page.get_by_label("Title of the submission").fill(title)
    page.get_by_label("Organisation").fill("Canary Network")
    page.locator("#id_category").select_option("academia")
    page.locator("#id_country").select_option("DE")
    page.locator("#id_submission_language").select_option("en")
    page.get_by_label("Summary").fill("Remittance costs remain high in the region.")
    page.get_by_label("Document (PDF, DOCX or ODT)").set_input_files(str(document))
    page.get_by_label("Your e-mail address").fill("sub.browser@example.org")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Send the submission").click()
    expect(page.get_by_role("heading", name="Submission received")).to_be_visible()

    sign_in_browser(page, stack.url("cms"), "admin", admin_password(stack.demo_output))
    page.goto(stack.url("cms") + "/admin/")
    page.get_by_role("link", name=title).first.click()
    expect(page.get_by_text("Automatic checks")).to_be_visible()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish").click()
    expect(page.get_by_role("status")).to_contain_text("has been updated")

    page.goto(stack.url("cms") + "/review-ece/submissions/")
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("note")).to_contain_text("published as received")
    expect(page.get_by_role("link", name="Download the submission")).to_be_visible()
    mail = wait_for_mail(stack.mail_dir, "sub.browser@example.org")
    assert "Your submission has been published" in mail


@pytest.mark.parametrize(("name", "path"), public_urls(), ids=[n for n, _p in public_urls()])
def test_public_pages_have_no_accessibility_violations(stack, page, name, path):
    response = page.goto(stack.url("cms") + path)
    assert response.status == 200, path
    if name.startswith("ar "):
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


def test_form_errors_are_summarised_at_the_top_and_next_to_fields(stack, page):
    page.goto(stack.url("cms") + "/review-ece/send-a-submission/")
    page.get_by_role("button", name="Send the submission").click()
    summary = page.get_by_role("region", name="There is a problem")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("Title of the submission"))).to_be_visible()
    expect(page.locator("#id_title_error")).to_be_visible()
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize(
    "path", ["/ar/review-ece/calendar/consultation/", "/review-ece/send-a-submission/"]
)
def test_pages_fit_a_phone_screen_without_sideways_scrolling(stack, page, path):
    page.goto(stack.url("cms") + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=re.compile("Skip to content|انتقل إلى المحتوى"))
    expect(skip).to_be_focused()
    assert skip.bounding_box()["width"] > 10  # visible once focused
