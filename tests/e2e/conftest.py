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
    from tests.support.second_factor import sign_in_browser
    from tests.support.site import admin_password

    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in_browser(page, stack.url("cms"), "admin", admin_password(stack.demo_output))
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


OFFICERS = """
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile
from wagtail_convene.intake.models import IntakeReviewer
from wagtail_convene.events.models import EventPage
User = get_user_model()
for language in {languages!r}:
    user, _ = User.objects.get_or_create(username="officer-" + language)
    user.is_staff = user.is_superuser = True
    user.set_password({password!r})
    user.save()
    IntakeReviewer.objects.update_or_create(user=user, defaults={{"regions": "ECE,ECA"}})
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
for event in EventPage.objects.filter(locale__language_code="en"):
    print("event", event.region, event.slug, event.event_key)
"""


@pytest.fixture(scope="session")
def officers(stack):
    """A secretariat officer per language (the admin in their own language, reviewing ECE
    and ECA), signed in on demand; with the demo events' keys, `(region, slug) → key`."""
    import secrets

    from tests.support.journey import LANGUAGES
    from tests.support.second_factor import give_device

    password = secrets.token_urlsafe(12)
    out = stack.manage("shell", "-c", OFFICERS.format(languages=LANGUAGES, password=password))
    give_device(stack, *(f"officer-{language}" for language in LANGUAGES))
    keys = {}
    for line in out.splitlines():
        if line.startswith("event "):
            _, region, slug, key = line.split()
            keys[(region, slug)] = key
    return password, keys


@pytest.fixture
def officer(stack, browser, officers):
    """`officer("ar")`: a 360x740 phone signed in to the admin as the Arabic officer."""
    from tests.support.second_factor import sign_in_browser

    contexts = []

    def sign_in(language: str):
        context = browser.new_context(locale=language, viewport={"width": 360, "height": 740})
        contexts.append(context)
        page = context.new_page()
        sign_in_browser(page, stack.url("cms"), f"officer-{language}", officers[0])
        assert "/login/" not in page.url, page.locator("main").inner_text()[:400]
        return page

    yield sign_in
    for context in contexts:
        context.close()
