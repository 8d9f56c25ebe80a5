"""A stakeholder on a phone fills the registration form in Chromium and is confirmed."""

import secrets

import pytest
from playwright.sync_api import expect

from tests.support.site import wait_for_mail

pytestmark = pytest.mark.e2e


def test_fill_and_submit_the_registration_form(stack, page):
    tag = secrets.token_hex(4)
    page.goto(stack.url("cms") + "/")
    page.get_by_role("link", name="Informal multi-stakeholder consultation (ECE)").click()
    page.get_by_role("link", name="Register for this event").click()
    page.get_by_role("link", name="Civil society").click()

    page.get_by_role("textbox", name="Full name", exact=True).fill(f"Browser Canary {tag}")
    page.get_by_role("textbox", name="E-mail address", exact=True).fill("not an address")
    page.get_by_role("combobox", name="Country", exact=True).select_option("KE")
    page.get_by_role("combobox", name="Age", exact=True).select_option("18_29")
    page.get_by_role("combobox", name="Gender", exact=True).select_option("prefer_not_to_say")
    page.get_by_role("button", name="Send registration").click()
    expect(page.locator("#id_email_error")).to_contain_text("valid email")
    name = page.get_by_role("textbox", name="Full name", exact=True)
    expect(name).to_have_value(f"Browser Canary {tag}")

    email = page.get_by_role("textbox", name="E-mail address", exact=True)
    email.fill(f"browser.{tag}@example.org")
    page.get_by_role("textbox", name="Organisation", exact=True).fill("Canary Network")
    page.get_by_role("button", name="Send registration").click()

    page.wait_for_url("**/register/thanks/")
    expect(page.get_by_role("heading", name="Registration received")).to_be_visible()
    assert "browser." not in page.url
    wait_for_mail(stack.mail_dir, f"browser.{tag}@example.org")
