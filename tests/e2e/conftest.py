"""One Debian Chromium for the whole run, driven by Playwright (never downloaded); a context
per test and language."""

import shutil

import pytest

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def admin_page(stack, browser):
    """A desktop-sized page signed in to the Wagtail admin as the demo's admin."""
    from tests.support.site import admin_password

    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(stack.url("cms") + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", admin_password(stack.demo_output))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    yield page
    context.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """A new 360x740 phone context in a language: `phone("ar")` gives its first page."""
    contexts = []

    def open_phone(language: str, width: int = 360, height: int = 740):
        context = browser.new_context(
            locale=language, viewport={"width": width, "height": height}, accept_downloads=True
        )
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()
