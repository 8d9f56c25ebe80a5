"""The thin path through every part, as real processes over HTTP on loopback."""

import email
import re
import secrets
import time
from email import policy

import httpx
import pytest

from tests.support.site import (
    admin_password,
    event_url,
    form_fields,
    login,
    secretariat_headers,
    track_form_url,
    wait_for_mail,
)


@pytest.fixture(scope="module")
def registered(stack):
    """One registration sent through the website, twice with the same key."""
    tag = secrets.token_hex(4)
    person = {
        "name": f"Canary Person {tag}",
        "email": f"canary.{tag}@example.org",
        "organisation": f"Canary Org {tag}",
        "country": "CH",
    }
    answers = {**person, "age_band": "30_59", "gender": "prefer_not_to_say"}
    with httpx.Client(base_url=stack.url("cms"), follow_redirects=True) as web:
        url = track_form_url(web, event_url(web))
        form = web.get(url)
        data = {**form_fields(form.text), **answers}
        first = web.post(url, data=data)
        second = web.post(url, data=data)
    return {"person": person, "answers": answers, "responses": (first, second), "url": url}


def test_stakeholder_sees_the_confirmation_page(registered):
    first, second = registered["responses"]
    for response in (first, second):
        assert response.status_code == 200
        assert response.url.path.endswith("/register/thanks/")
        assert "Registration received" in response.text


def test_confirmation_email_reaches_the_smtp_sink(stack, registered):
    person = registered["person"]
    raw = wait_for_mail(stack.mail_dir, person["email"])
    mail = email.message_from_string(raw, policy=policy.default)
    assert mail["To"] == person["email"]
    assert person["name"] not in mail["Subject"] and person["email"] not in mail["Subject"]
    assert person["name"] in mail.get_content()


def test_second_submit_with_the_same_key_created_nothing(stack, registered):
    person = registered["person"]
    wait_for_mail(stack.mail_dir, person["email"])
    rows = httpx.get(
        f"{stack.url('registration')}/registrations",
        params={"limit": 500},
        headers=secretariat_headers(stack.data_dir, "ECE"),
    ).json()["items"]
    assert [r["name"] for r in rows].count(person["name"]) == 1
    mails = [p for p in stack.mail_dir.glob("*.eml") if person["email"] in p.read_text()]
    assert len(mails) == 1


def test_registration_database_holds_no_plaintext(stack, registered):
    person = registered["person"]
    files = [p for p in stack.data_dir.glob("registration.sqlite3*") if p.is_file()]
    assert files
    for path in files:
        raw = path.read_bytes().lower()
        for value in (person["name"], person["email"], person["organisation"]):
            assert value.lower().encode() not in raw, f"{value} in {path.name}"


def test_logs_hold_no_personal_data(stack, registered):
    person = registered["person"]
    wait_for_mail(stack.mail_dir, person["email"])
    for path in stack.log_dir.glob("*.log"):
        text = path.read_text(errors="replace")
        assert person["email"] not in text and person["name"] not in text, path.name


def test_secretariat_of_the_region_sees_it_in_the_admin(stack, registered):
    person = registered["person"]
    with httpx.Client(base_url=stack.url("cms"), follow_redirects=True) as admin:
        login(admin, "admin", admin_password(stack.demo_output))
        page = admin.get("/admin/convene/intake/registrations/", params={"status": "received"})
    assert page.status_code == 200
    assert person["name"] in page.text
    assert person["email"] not in page.text  # opened one at a time, for a stated reason
    registration_id = re.search(
        rf'href="[^"]*/registrations/([0-9a-f-]+)/">{person["name"]}', page.text
    )
    detail_url = f"/admin/convene/intake/registrations/{registration_id.group(1)}/"
    with httpx.Client(base_url=stack.url("cms"), follow_redirects=True) as admin:
        login(admin, "admin", admin_password(stack.demo_output))
        asked = admin.get(detail_url)
        opened = admin.get(detail_url, params={"reason": "eligibility check"})
    assert "Why are you opening this record?" in asked.text and person["email"] not in asked.text
    assert person["email"] in opened.text


def test_another_region_gets_403_from_the_service(stack, registered):
    service = stack.url("registration")
    own = httpx.get(
        f"{service}/registrations",
        params={"limit": 500},
        headers=secretariat_headers(stack.data_dir, "ECE"),
    )
    row = next(r for r in own.json()["items"] if r["name"] == registered["person"]["name"])
    other = secretariat_headers(stack.data_dir, "ECA")
    by_id = httpx.get(
        f"{service}/registrations/{row['id']}", params={"reason": "test"}, headers=other
    )
    by_event = httpx.get(f"{service}/registrations", params={"event": row["event"]}, headers=other)
    assert by_id.status_code == 403 and by_event.status_code == 403
    assert registered["person"]["email"] not in by_id.text + by_event.text
    eca = httpx.get(f"{service}/registrations", headers=other).json()
    assert registered["person"]["name"] not in [r["name"] for r in eca["items"]]


def test_registering_again_in_another_language_gets_the_same_registration(stack, registered):
    french = "/fr" + registered["url"]  # the French translation of the same track's form
    with httpx.Client(base_url=stack.url("cms"), follow_redirects=True) as web:
        form = web.get(french)
        data = {**form_fields(form.text), **registered["answers"]}  # a new idempotency key
        again = web.post(french, data=data)
    assert again.status_code == 200 and 'lang="fr"' in again.text
    assert "Inscription reçue" in again.text
    time.sleep(2)  # give the relay time to send a second e-mail, if it ever would
    person = registered["person"]
    mails = [p for p in stack.mail_dir.glob("*.eml") if person["email"] in p.read_text()]
    assert len(mails) == 1


def test_the_event_page_shows_registration_statistics_without_small_counts(stack, registered):
    event_page = registered["url"].split("register/")[0]
    with httpx.Client(base_url=stack.url("cms"), follow_redirects=True) as web:
        deadline = time.monotonic() + 70  # the page caches the figures for a minute
        while time.monotonic() < deadline:
            page = web.get(event_page)
            if "Who has registered" in page.text:
                break
            time.sleep(2)
    assert "Who has registered" in page.text
    assert "fewer than 5" in page.text  # a handful of registrations: no exact counts shown
    assert registered["person"]["name"] not in page.text
