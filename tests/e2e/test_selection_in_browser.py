"""A selection in Debian Chromium: set up from the default quotas, feasibility, the run's
progress reloading the page when done, the draw, the report published on the event's page
in Arabic; axe-core on our part of each screen and on the public page."""

import re
import secrets

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.support.site import eligible_pool

from .test_outreach_in_browser import check_axe
from .test_site_in_browser import WCAG

pytestmark = pytest.mark.e2e
EVENT = "Informal multi-stakeholder consultation (ECA)"
# Steps that wait on the registration service's solver (a feasibility check, a draw):
# under a loaded CI machine they take longer than Playwright's 5 s default.
SERVER = 30_000


def submit(page, action) -> None:
    """Do `action` (a click or a key that submits a form) and wait until the page it
    leads to has loaded."""
    with page.expect_navigation(wait_until="load", timeout=SERVER):
        action()


def test_a_selection_from_set_up_to_the_public_report(stack, admin_page, browser):
    page, base, tag = admin_page, stack.url("cms"), secrets.token_hex(3)
    page.goto(base + "/admin/convene/intake/selections/")
    main = page.locator("main")
    main.get_by_label("Event").select_option(label=EVENT)
    # Each step that submits a form waits for the next page to have loaded: a click
    # returns once the navigation is committed, before the new page's <main> is parsed,
    # and axe run then finds no <main> (the flaky failure), while an `expect` can pass on
    # the page being left when it shows the same text (the feasibility after Enter).
    submit(page, main.get_by_role("button", name="Show").click)
    check_axe(page)
    submit(page, main.get_by_role("link", name="New selection").click)
    key = re.search(r"/events/([0-9a-f-]{36})/", page.url).group(1)
    track = main.get_by_label("Track (1)").input_value()
    eligible_pool(stack, key, track, tag, 24, "ECA")

    main.get_by_label("Name of the selection").fill(f"Panel {tag}")
    main.get_by_label("Seats (1)").fill("6")
    submit(page, main.get_by_role("button", name="Start from the default quotas").click)
    expect(main.get_by_label("Feature (1)")).not_to_have_value("", timeout=SERVER)
    check_axe(page)
    rows = main.get_by_label("Feature (1)").input_value()
    # Enter in the name field checks feasibility; it never resets the quota rows.
    submit(page, lambda: main.get_by_label("Name of the selection").press("Enter"))
    expect(main.get_by_role("status", name="Feasibility")).to_contain_text(
        "Some panel keeps every quota", timeout=SERVER
    )
    expect(main.get_by_label("Feature (1)")).to_have_value(rows)
    submit(page, main.get_by_role("button", name="Check feasibility").click)
    expect(main.get_by_role("status", name="Feasibility")).to_contain_text(
        "Some panel keeps every quota", timeout=SERVER
    )
    submit(page, main.get_by_role("button", name="Commit the seed and run").click)
    # The page follows the run and reloads itself when it is done (or failed: then say why
    # at once rather than wait for the timeout).
    outcome = main.get_by_text("Ready to draw").or_(main.get_by_text("The run failed"))
    expect(outcome).to_be_visible(timeout=90_000)
    expect(main.get_by_text("Ready to draw")).to_be_visible()
    check_axe(page)
    submit(page, main.get_by_role("button", name="Commit the draw").click)
    expect(main.get_by_role("heading", name="The panel")).to_be_visible(timeout=SERVER)
    expect(main.get_by_role("button", name=re.compile("Draw a replacement for"))).to_have_count(6)
    check_axe(page)
    submit(page, main.get_by_role("button", name="Publish the report on the event's page").click)
    expect(
        main.get_by_role("button", name="Remove the report from the event's page")
    ).to_be_visible()

    reader = browser.new_context(locale="ar", viewport={"width": 390, "height": 844})
    public = reader.new_page()
    public.goto(base + "/ar/review-eca/calendar/consultation/")
    expect(public.locator("html")).to_have_attribute("dir", "rtl")
    expect(public.get_by_role("heading", name=re.compile(f"Panel {tag}"))).to_be_visible()
    results = Axe().run(public, options=WCAG)
    assert results.violations_count == 0, results.generate_report()
    reader.close()
