"""A floor speaker's whole journey in French, in Debian Chromium with axe-core: register,
the focal point authorises, the secretariat checks and selects, the decision arrives
by e-mail, and the speaker withdraws through their link."""

import email
import re
import secrets
import time
from email import policy

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.support.second_factor import sign_in_browser
from tests.support.site import admin_password

from .test_site_in_browser import WCAG

pytestmark = pytest.mark.e2e


def check_axe(page, context=None):
    results = Axe().run(page, context=context, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


def mail_to(stack, address: str, needle: str = "", timeout: float = 30):
    """The first e-mail to `address` whose text holds `needle`, waiting for it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(stack.mail_dir.glob("*.eml"), key=lambda p: p.stat().st_mtime):
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            if message["To"] == address and needle in message.get_content():
                return message
        time.sleep(0.3)
    raise AssertionError(f"no mail to {address} containing {needle!r}")


def link_in(message, path: str) -> str:
    return re.search(rf"https?://\S+/{path}/\S+/", message.get_content()).group(0)


def test_floor_speaker_in_french_from_registration_to_withdrawal(stack, browser):
    tag = secrets.token_hex(3)
    speaker, focal = f"orateur.{tag}@example.org", f"point.focal.{tag}@example.org"
    base = stack.url("cms")
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    page = context.new_page()

    page.goto(base + "/fr/review-ece/calendar/review-meeting/register/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_role("link", name="Prise de parole depuis la salle").click()
    check_axe(page)
    page.get_by_role("textbox", name="Nom complet", exact=True).fill(f"Awa Orateur {tag}")
    page.get_by_role("textbox", name="Adresse électronique", exact=True).fill(speaker)
    page.get_by_role("combobox", name="Pays", exact=True).select_option("SN")
    page.get_by_role("combobox", name="Âge", exact=True).select_option("18_29")
    page.get_by_role("combobox", name="Genre", exact=True).select_option("prefer_not_to_say")
    page.get_by_role("textbox", name="Organisation", exact=True).fill("Réseau Canari")
    page.get_by_role("combobox", name="Groupe de parties prenantes").select_option(index=1)
    page.get_by_label("Nom du point focal qui vous autorise à prendre la parole").fill("Fatou")
    page.get_by_label("Adresse électronique du point focal").fill(focal)
    page.get_by_label("Votre expertise en matière de migrations").fill(
        "Dix ans d'accompagnement juridique de personnes migrantes."
    )
    page.get_by_role("button", name="Envoyer l'inscription").click()
    expect(page.get_by_role("heading", name="Inscription reçue")).to_be_visible()

    # The focal point authorises through the link in their e-mail.
    authorise = link_in(mail_to(stack, focal), "registration/authorise")
    page.goto(authorise)
    check_axe(page)
    page.get_by_role("button", name="Oui, j'autorise").click()
    expect(page.get_by_role("status")).to_contain_text("c'est enregistré")

    # The secretariat checks the criteria, finds the speaker eligible, and selects them.
    staff = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    admin = staff.new_page()
    sign_in_browser(admin, base, "admin", admin_password(stack.demo_output))
    admin.wait_for_url("**/admin/")
    admin.goto(base + "/admin/convene/intake/registrations/?status=received")
    admin.get_by_role("link", name=f"Awa Orateur {tag}").click()
    admin.get_by_role("button", name="Open the record").click()
    expect(admin.get_by_text(speaker)).to_be_visible()
    admin.get_by_label("Represents a relevant stakeholder entity").check()
    admin.get_by_label("Has expertise in migration").check()
    admin.get_by_role("button", name="Save the checks").click()
    admin.get_by_role("button", name="Mark eligible", exact=True).click()
    admin.get_by_role("button", name="Select", exact=True).click()
    expect(admin.get_by_role("heading", level=2)).to_contain_text("(Selected)")
    staff.close()

    # The decision arrives in French, with the link to the speaker's own page.
    decision = mail_to(stack, speaker, "sélectionné")
    assert decision["Subject"] == "Vous avez été sélectionné·e"
    mine = link_in(decision, "registration/mine")
    assert "/fr/registration/mine/" in mine
    page.goto(mine)
    expect(page.get_by_role("heading", name="Mon inscription", exact=True)).to_be_visible()
    expect(page.get_by_text("Sélectionnée : merci de confirmer")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Retirer mon inscription").click()
    page.get_by_role("button", name="Oui, retirer mon inscription").click()  # asked once more
    expect(page.get_by_role("status")).to_contain_text("Votre inscription est retirée.")
    expect(page.get_by_text("Retirée", exact=True)).to_be_visible()
    check_axe(page)
    context.close()
