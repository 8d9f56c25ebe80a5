"""The thin path through every part, as real processes over HTTP on loopback."""

import email
import secrets
from email import policy

import httpx
import pytest

from tests.support.site import (
    admin_password,
    event_url,
    form_fields,
    login,
    secretariat_headers,
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
    with httpx.Client(base_url=stack.url("cms"), follow_redirects=True) as web:
        url = event_url(web)
        form = web.get(url + "register/")
        data = {**form_fields(form.text), **person}
        first = web.post(url + "register/", data=data)
        second = web.post(url + "register/", data=data)
    return {"person": person, "responses": (first, second), "url": url}


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
        headers=secretariat_headers(stack.data_dir, "ECE"),
    ).json()
    assert [r["email"] for r in rows].count(person["email"]) == 1
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
        page = admin.get("/admin/convene/intake/registrations/")
    assert page.status_code == 200
    assert person["email"] in page.text and person["name"] in page.text


def test_another_region_gets_403_from_the_service(stack, registered):
    service = stack.url("registration")
    own = httpx.get(f"{service}/registrations", headers=secretariat_headers(stack.data_dir, "ECE"))
    row = next(r for r in own.json() if r["email"] == registered["person"]["email"])
    other = secretariat_headers(stack.data_dir, "ECA")
    by_id = httpx.get(f"{service}/registrations/{row['id']}", headers=other)
    by_event = httpx.get(f"{service}/registrations", params={"event": row["event"]}, headers=other)
    assert by_id.status_code == 403 and by_event.status_code == 403
    assert registered["person"]["email"] not in by_id.text + by_event.text
    assert httpx.get(f"{service}/registrations", headers=other).json() == []


def test_registering_the_same_email_again_is_explained_next_to_the_field(stack, registered):
    french = "/fr" + registered["url"] + "register/"  # the French translation of the event
    with httpx.Client(base_url=stack.url("cms"), follow_redirects=True) as web:
        form = web.get(french)
        data = {**form_fields(form.text), **registered["person"]}
        again = web.post(french, data=data)
    assert again.status_code == 422
    assert 'lang="fr"' in again.text and 'id="id_email-error"' in again.text
    assert "déjà inscrite à cet événement" in again.text
