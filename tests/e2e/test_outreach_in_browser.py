"""The Outreach screens in Debian Chromium: an import from upload to report, a campaign's
progress updating live without a reload, and axe-core on our part of each screen."""

import secrets

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .test_site_in_browser import WCAG

pytestmark = pytest.mark.e2e
ADMIN = "/admin/convene/outreach"


def check_axe(page):
    # Our part of the page. Wagtail's own flash messages fade in, and axe measures their
    # contrast half-way through the animation; they are Wagtail's, not ours.
    context = {"include": [["main"]], "exclude": [[".messages"]]}
    results = Axe().run(page, context=context, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


def test_import_and_campaign_with_live_progress(stack, admin_page, tmp_path):
    page, base, tag = admin_page, stack.url("cms"), secrets.token_hex(3)
    key = f"browser-{tag}"
    page.goto(base + f"{ADMIN}/lists/")
    check_axe(page)
    page.locator("main").get_by_label("Key").fill(key)
    page.locator("main #id_name").fill(f"Browser list {tag}")
    page.locator("main").get_by_label("Name in Français").fill(f"Liste {tag}")
    page.get_by_role("button", name="Create list").click()
    page.get_by_role("row", name=key).get_by_role("link", name="Import contacts").click()

    people = tmp_path / "people.csv"
    people.write_text(
        "E-mail,Name,Language\n"
        + "".join(f"p{i}.{tag}@example.org,Person {i},fr\n" for i in range(6))
        + "broken,Nobody,fr\n"
    )
    page.locator("main").get_by_label("CSV or XLSX file").set_input_files(str(people))
    page.locator("main").get_by_label("Supplied by").select_option("global_network")
    page.locator("main").get_by_label("Consent basis").fill(
        "signed up at the global Network's forum"
    )
    check_axe(page)
    page.get_by_role("button", name="Upload and choose columns").click()
    expect(page.get_by_role("heading", name="Which column is which?")).to_be_visible()
    expect(page.locator("main").get_by_label("E-mail address")).to_have_value("E-mail")
    check_axe(page)
    page.get_by_role("button", name="Start the import").click()
    # The page follows the import by itself and shows the report when it is done.
    expect(page.get_by_role("heading", name="Rows not imported")).to_be_visible(timeout=30_000)
    expect(page.locator("dd[data-field=new]")).to_have_text("6")
    check_axe(page)

    page.goto(base + f"{ADMIN}/templates/new/")
    page.locator("main").get_by_label("Key").fill(f"browser-{tag}")
    page.locator("#id_name").fill("Browser update")
    page.locator("main").get_by_label("Subject (English)").fill("Browser update")
    page.locator("main").get_by_label("Plain text (English)").fill("Hello {{ name }}")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Template saved.")).to_be_visible()
    check_axe(page)

    page.goto(base + f"{ADMIN}/campaigns/new/")
    page.locator("#id_name").fill(f"Browser campaign {tag}")
    page.locator("#id_template").select_option(f"browser-{tag}")
    page.locator("main").get_by_label(f"Browser list {tag}").check()
    page.locator("main").get_by_label("Messages per second").fill("2")
    check_axe(page)
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator("[data-field=status]").first).to_have_text("draft")
    page.get_by_role("button", name="Schedule").click()
    page.evaluate("window.stillTheSamePage = true")
    # Six messages at two a second: the figures change on the open page, no reload.
    expect(page.locator("dd[data-field=sent]")).to_have_text("6", timeout=30_000)
    expect(page.locator("strong[data-field=status]")).to_have_text("sent")
    assert page.evaluate("window.stillTheSamePage") is True
    check_axe(page)
