"""A stakeholder's journeys, in each of the seven languages, on a 360x740 phone.

Each journey starts from the home page and follows links; the only address typed is one that
arrived in an e-mail (read from the SMTP sink). Every page passed is checked by
`PageChecks` (layout, labels, ARIA references, English left on the page, times against the
iCal feed, axe-core, page weight). Each language registers for a different kind of track, so
that across the seven every kind is walked, with the guardian's, the focal point's and the
nominee's answers given from their e-mails.
"""

from __future__ import annotations

import json
import re
import secrets

import pytest
from playwright.sync_api import expect

from demo.home.documents import minimal_pdf
from tests.support.journey import WALKED_IN, PageChecks, link_in, mails, prefix, text_of

pytestmark = pytest.mark.e2e

# (review, event, track position on the event's track list, who authorises by e-mail)
TRACKS = {
    "en": ("review-ece", "consultation", 0, "guardian"),
    "fr": ("review-ece", "review-meeting", 0, "focal_point"),
    "es": ("review-eca", "consultation", 1, None),
    "ar": ("review-ece", "review-meeting", 1, None),
    "zh-hans": ("review-eca", "review-meeting", 0, "focal_point"),
    "ru": ("review-eca", "consultation", 2, "nominee"),
    "pt": ("review-eca", "review-meeting", 1, None),
}


def follow(page, checks, selector: str, *, axe: bool = True):
    """Click the first link matching `selector` in the page, then check the new page."""
    link = page.locator(selector).first
    expect(link).to_be_visible()
    # Wait for the next page itself, not the load state of the one being left.
    with page.expect_navigation(wait_until="load"):
        link.click()
    checks.check(page, axe=axe)


def submit(page, checks, form: str = "main form[method=post]", *, axe: bool = True):
    with page.expect_navigation(wait_until="load"):
        page.locator(form).last.locator("button[type=submit]").last.click()
    checks.check(page, axe=axe)


def fill_required(page, values: dict[str, str]) -> None:
    """Fill the form's fields by name; any other required field gets a plausible value."""
    form = page.locator("main form[method=post]").last
    for name, value in values.items():
        field = form.locator(f'[name="{name}"]').first
        if not field.count():
            continue
        tag = field.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if tag.startswith("select"):
            field.select_option(value)
        elif tag.endswith("checkbox"):
            field.check()
        else:
            field.fill(value)
    for field in form.locator("[required]").all():
        if not field.is_visible() or field.input_value():
            continue
        tag = field.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if tag.startswith("select"):
            field.select_option(index=1)
        elif tag.endswith(("checkbox", "radio")):
            field.check()
        elif tag.endswith("email"):
            field.fill(f"someone.{secrets.token_hex(3)}@example.org")
        else:
            field.fill("Test " + secrets.token_hex(2))


def home(phone, stack, language):
    page = phone(language)
    checks = PageChecks(language, stack.url("cms"))
    page.goto(stack.url("cms") + prefix(language) + "/")
    expect(page.locator("html")).to_have_attribute("lang", re.compile(language, re.I))
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    checks.check(page)
    return page, checks


@pytest.mark.parametrize("language", WALKED_IN["register"])
def test_register_authorise_correct_download_and_withdraw(stack, phone, language, tmp_path):
    review, event, position, authoriser = TRACKS[language]
    tag = secrets.token_hex(3)
    me = f"journey.{language}.{tag}@example.org"
    third = f"authoriser.{language}.{tag}@example.org"
    page, checks = home(phone, stack, language)
    follow(page, checks, f'main a[href$="/{review}/"]')
    follow(page, checks, 'main a[href$="/calendar/"]')
    follow(page, checks, f'main a[href$="/calendar/{event}/"]')
    title = page.locator("h1").inner_text()
    follow(page, checks, 'main a[href$="/register/"]')
    if "/register/" in page.url and not re.search(r"/register/[0-9a-f-]{36}/$", page.url):
        with page.expect_navigation(wait_until="load"):
            page.locator("main a[href*='/register/']").nth(position).click()
        checks.check(page)

    values = {
        "name": f"Journey {language} {tag}",
        "email": me,
        "country": "SN",
        "organisation": "Canary Network",
        "age_band": "30_59",
        "interest_roles": "on",
    }
    if authoriser == "guardian":
        values.update(age_band="under_18", guardian_email=third)
    elif authoriser == "focal_point":
        values.update(focal_point_email=third, focal_point_name="Fatou")
    elif authoriser == "nominee":  # an organisation nominates the person, who accepts
        values.update(
            nominator_name="Fatou", nominator_email=third, nominator_organisation="Canary Network"
        )
    submit(page, checks, axe=False)  # an empty form first: errors reach everyone
    expect(page.locator(".error-summary, [role=alert]").first).to_be_focused()
    fill_required(page, values)
    submit(page, checks)
    expect(page.locator("main [role=status], main h1").first).to_be_visible()
    assert "/register/thanks/" in page.url, page.locator("main").inner_text()[:600]

    if authoriser == "nominee":  # the nominee's request, then their receipt once accepted
        request = mails(stack.mail_dir, me)[0]
        assert title in text_of(request), "the event title is not in the nominee's language"
        assert re.search(r"/report(ing)?/", text_of(request)), "no link to the reporting page"
        page.goto(link_in(request, "/registration/accept/"))
        checks.check(page)
        submit(page, checks)
        expect(page.locator("main [role=status]")).to_be_visible()

    confirmation = mails(stack.mail_dir, me, count=2 if authoriser == "nominee" else 1)[-1]
    assert title in text_of(confirmation), "the event title is not in the recipient's language"
    assert re.search(r"/report(ing)?/", text_of(confirmation)), "no link to the reporting page"

    if authoriser in ("guardian", "focal_point"):
        request = mails(stack.mail_dir, third)[0]
        assert title in text_of(request)
        page.goto(link_in(request, "/registration/"))
        checks.check(page)
        submit(page, checks)
        expect(page.locator("main [role=status]")).to_be_visible()

    page.goto(link_in(confirmation, "/registration/mine/"))
    checks.check(page)
    expect(page.locator("main")).to_contain_text(title)
    page.locator('main [name="organisation"]').fill("Canary Network (corrected)")
    with page.expect_navigation(wait_until="load"):
        page.locator('main button[value="update"]').click()
    checks.check(page)
    expect(page.locator('main [name="organisation"]')).to_have_value("Canary Network (corrected)")

    with page.expect_download() as download:
        page.locator('main form[action*="download"] button').click()
    data = json.loads(download.value.path().read_text())
    assert title in json.dumps(data, ensure_ascii=False)

    with page.expect_navigation(wait_until="load"):
        page.locator('main button[value="withdraw"]').click()
    checks.check(page)
    confirm = page.locator('main button[value="withdraw"], main button[value="confirm_withdraw"]')
    if "withdraw" in page.url or confirm.count():  # the confirmation step
        with page.expect_navigation(wait_until="load"):
            confirm.last.click()
        checks.check(page)
    expect(page.locator("main [role=status]")).to_be_visible()
    withdrawn = mails(stack.mail_dir, me, count=3 if authoriser == "nominee" else 2)[-1]
    assert title in text_of(withdrawn)


@pytest.mark.parametrize("language", WALKED_IN["submission"])
def test_submission_newsletter_subscribe_confirm_unsubscribe(stack, phone, language, tmp_path):
    tag = secrets.token_hex(3)
    page, checks = home(phone, stack, language)
    follow(page, checks, 'main a[href$="/review-ece/"]')
    follow(page, checks, 'a[href$="/send-a-submission/"]')
    document = tmp_path / "submission.pdf"
    document.write_bytes(minimal_pdf(f"Journey {tag}"))
    page.locator('main [name="document"]').set_input_files(str(document))
    fill_required(
        page,
        {
            "title": f"Journey submission {language} {tag}",
            "email": f"submitter.{tag}@example.org",
            "summary": "A summary written by the journey.",
            "country": "SN",
            "consent": "on",
        },
    )
    submit(page, checks)
    assert "thanks" in page.url or page.locator("main [role=status]").count(), page.url

    page.goto(stack.url("cms") + prefix(language) + "/")
    follow(page, checks, 'a[href*="/newsletter/"]')
    reader = f"reader.{language}.{tag}@example.org"
    fill_required(page, {"email": reader, "name": "Reader"})
    submit(page, checks)
    confirm = mails(stack.mail_dir, reader)[0]
    assert re.search(r"/report(ing)?/", text_of(confirm)), "no link to the reporting page"
    if language != "en":  # the list's own name, in the reader's language too
        assert "Regional review updates" not in text_of(confirm)
    page.goto(link_in(confirm, "/newsletter/"))
    checks.check(page)
    if page.locator("main form[method=post]").count():
        submit(page, checks)
    expect(page.locator('a[href$="/"]').first).to_be_visible()
    home_link = page.locator("header a.brand").get_attribute("href")
    assert home_link == prefix(language) + "/", f"home link {home_link} on a {language} page"
    welcome = mails(stack.mail_dir, reader, "unsubscribe", timeout=30)[-1]
    page.goto(link_in(welcome, "unsubscribe"))
    checks.check(page)
    if page.locator("main form[method=post]").count():
        submit(page, checks)
    expect(page.locator("main")).to_be_visible()


@pytest.mark.parametrize("language", WALKED_IN["grievance"])
def test_grievance_and_urgent_reprisal_with_the_receipt_code(stack, phone, language, browser):
    # In the Africa review: the grievance channel's own tests count the Europe review's cases.
    from tests.support.second_factor import sign_in_browser
    from tests.support.site import admin_password

    tag = secrets.token_hex(3)
    page, checks = home(phone, stack, language)
    follow(page, checks, 'main a[href$="/review-eca/"]')
    follow(page, checks, 'a[href$="/report/"]')
    follow(page, checks, 'main a[href$="/report/grievance/"]')
    fill_required(
        page,
        {
            "description": f"Journey grievance {tag}: the venue was not accessible.",
            "contact_email": f"reporter.{tag}@example.org",
        },
    )
    submit(page, checks)
    code = page.locator("#receipt-code, .receipt-code code, .receipt-code input").first
    receipt = code.evaluate("e => e.value || e.textContent").strip()
    assert len(re.sub(r"[\s-]", "", receipt)) >= 20, receipt

    # The secretariat answers in the admin.
    staff = browser.new_context(locale="en-GB", viewport={"width": 1366, "height": 900})
    admin = staff.new_page()
    sign_in_browser(admin, stack.url("cms"), "admin", admin_password(stack.demo_output))
    admin.wait_for_url("**/admin/")
    admin.goto(stack.url("cms") + "/admin/convene/intake/cases/grievances/")
    answered = False
    for link in admin.locator("main table a").all()[:20]:  # newest first
        case = staff.new_page()
        case.goto(stack.url("cms") + link.get_attribute("href"))
        if f"Journey grievance {tag}" in case.content():
            case.locator("#message-text").fill(f"Answer {tag}")
            with case.expect_navigation(wait_until="load"):
                reply = case.locator("form", has=case.locator("#message-text"))
                reply.locator("button").click()
            answered = True
            break
        case.close()
    staff.close()
    assert answered, "the grievance did not reach the secretariat's queue"
    notice = mails(stack.mail_dir, f"reporter.{tag}@example.org", "/report")[-1]
    assert f"Answer {tag}" not in text_of(notice), "the answer itself was e-mailed"

    page.goto(stack.url("cms") + prefix(language) + "/review-eca/")
    follow(page, checks, 'a[href$="/report/"]')
    follow(page, checks, 'main a[href$="/report/follow-up/"]')
    # As a person copies it: lower case, spaces instead of dashes.
    page.locator("main input[type=text], main input:not([type])").first.fill(
        receipt.lower().replace("-", " ")
    )
    submit(page, checks)
    expect(page.locator("main")).to_contain_text(f"Answer {tag}")

    page.goto(stack.url("cms") + prefix(language) + "/review-eca/report/")
    follow(page, checks, 'main a[href$="/report/reprisal/"]')
    page.locator('main input[type=radio][name="danger"][value="yes"]').check()  # urgent
    fill_required(page, {"what_happened": f"Journey reprisal {tag}: threatened after speaking."})
    submit(page, checks)
    code = page.locator("#receipt-code")
    expect(code).to_be_visible()
    expect(code).to_have_attribute("dir", "ltr")
    reprisal = code.inner_text()
    follow(page, checks, 'main a[href$="/report/follow-up/"]')
    page.locator('main [name="code"]').fill(re.sub(r"\s", "", reprisal))  # copied without spaces
    submit(page, checks)
    expect(page.locator("main dl.facts")).to_be_visible()  # the report's status, not a refusal
