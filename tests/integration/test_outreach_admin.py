"""The Outreach screens of the Wagtail admin, driving the real mailer over HTTP:
a list, an import with column mapping and its report, a template with preview and
test send, and a campaign from the builder to its last message."""

import email
import html
import re
import secrets
from datetime import UTC, datetime, timedelta
from email import policy

import httpx
import pytest

from tests.support.site import csrf, poll, wait_for_mail

ADMIN = "/admin/convene/outreach"


def parse(raw: str):
    return email.message_from_string(raw, policy=policy.default)


@pytest.fixture(scope="module")
def tag():
    return secrets.token_hex(3)


@pytest.fixture(scope="module")
def imported(admin, stack, tag):
    """A list created in the admin and a member file imported into it."""
    key = f"members-{tag}"
    page = admin.get(f"{ADMIN}/lists/")
    created = admin.post(
        f"{ADMIN}/lists/",
        data={**csrf(page.text), "key": key, "name": f"Members {tag}", "region": "ECE"},
    )
    assert created.status_code == 200 and key in created.text
    upload = admin.get(f"{ADMIN}/lists/{key}/import/")
    rows = (
        "Courriel;Nom;Pays;Langue\n"
        f"ana.{tag}@example.org;Ana Test;ES;es\n"
        f"ben.{tag}@example.org;Ben Test;FR;fr\n"
        "not-an-address;Nobody;FR;fr\n"
    )
    mapping_page = admin.post(
        f"{ADMIN}/lists/{key}/import/",
        data={
            **csrf(upload.text),
            "source_kind": "regional_economic_community",
            "source_name": "ECOWAS secretariat",
            "consent_basis": "members' own consent records",
        },
        files={"file": ("members.csv", rows.encode(), "text/csv")},
    )
    return {"key": key, "mapping_page": mapping_page, "emails": [f"ana.{tag}", f"ben.{tag}"]}


def test_lists_show_their_contacts_by_status(admin):
    page = admin.get(f"{ADMIN}/lists/")
    assert page.status_code == 200
    assert "Regional review updates" in page.text  # the demo's newsletter list
    assert "no-store" in page.headers["Cache-Control"]


def test_upload_asks_for_columns_with_a_guess(imported):
    page = imported["mapping_page"]
    assert page.status_code == 200 and "Which column is which?" in page.text
    assert re.search(r'<option value="Courriel"\s+selected>', page.text)
    assert re.search(r'<option value="Langue"\s+selected>', page.text)


def test_import_runs_with_progress_and_reports_bad_rows(admin, imported):
    page = imported["mapping_page"]
    url = str(page.url.path)
    started = admin.post(
        url,
        data={
            **csrf(page.text),
            "email": "Courriel",
            "name": "Nom",
            "country": "Pays",
            "preferred_language": "Langue",
        },
    )
    assert started.status_code == 200 and "data-live-progress" in started.text
    state = poll(admin, url)
    assert (state["new"], state["invalid"], state["processed"]) == (2, 1, 3)
    report = admin.get(url).text
    assert "Rows not imported" in report and "not a valid e-mail address" in report
    lists = admin.get(f"{ADMIN}/lists/").text
    row = re.search(rf"<code>{imported['key']}</code></th>(.*?)</tr>", lists, re.S).group(1)
    assert re.findall(r"<td>(\d+)</td>", row)[0] == "2"  # two subscribed


@pytest.fixture(scope="module")
def template(admin, tag):
    key = f"update-{tag}"
    form = admin.get(f"{ADMIN}/templates/new/")
    saved = admin.post(
        f"{ADMIN}/templates/new/",
        data={
            **csrf(form.text),
            "key": key,
            "name": f"Update {tag}",
            "en-subject": "News from the review",
            "en-text": "Dear {{ name }}, here is the news.",
            "es-subject": "Noticias de la revisión",
            "es-text": "Estimada/o {{ name }}, estas son las noticias.",
            "es-html": "<p>Estimada/o {{ name }}</p>",
        },
    )
    assert saved.status_code == 200 and "Template saved." in saved.text
    return key


def test_template_preview_and_test_send(admin, stack, template, tag):
    preview = admin.get(f"{ADMIN}/templates/{template}/", params={"preview": "es"})
    assert "Noticias de la revisión" in preview.text
    assert 'sandbox=""' in preview.text  # the HTML preview cannot run scripts
    to = f"tester.{tag}@example.org"
    sent = admin.post(
        f"{ADMIN}/templates/{template}/",
        data={**csrf(preview.text), "action": "test", "language": "es", "to": to},
    )
    assert "A test message is on its way." in sent.text
    assert parse(wait_for_mail(stack.mail_dir, to))["Subject"] == "Noticias de la revisión"


def test_a_template_reaching_python_objects_is_refused_on_the_form(admin, tag):
    form = admin.get(f"{ADMIN}/templates/new/")
    refused = admin.post(
        f"{ADMIN}/templates/new/",
        data={
            **csrf(form.text),
            "key": f"bad-{tag}",
            "name": "Bad",
            "en-subject": "x",
            "en-text": "{{ name.__class__.__mro__ }}",
        },
    )
    assert refused.status_code == 422
    assert "help-critical" in refused.text


def _campaign_form(admin, tag, template, key, **extra):
    form = admin.get(f"{ADMIN}/campaigns/new/")
    data = {
        **csrf(form.text),
        "name": f"Campaign {tag}",
        "template": template,
        "fallback_language": "en",
        "kind": "update",
        "lists": [key],
        "max_rate": "0",
        **extra,
    }
    return admin.post(f"{ADMIN}/campaigns/new/", data=data)


def test_late_invitation_needs_a_reason_shown_on_the_form(admin, tag, template, imported):
    form = admin.get(f"{ADMIN}/campaigns/new/").text
    event = re.search(r'<option value="([0-9a-f-]{36})">', form).group(1)
    # The demo's first event is 45 days ahead: sending in ten days leaves 35.
    soon = (datetime.now(UTC) + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    refused = _campaign_form(
        admin, tag, template, imported["key"], kind="invitation", event=event, scheduled_at=soon
    )
    assert refused.status_code == 422
    assert "at least 42 days before the event" in html.unescape(refused.text)
    accepted = _campaign_form(
        admin,
        tag,
        template,
        imported["key"],
        kind="invitation",
        event=event,
        scheduled_at=soon,
        late_reason="The venue changed; the task team agreed to re-invite.",
    )
    assert accepted.status_code == 200 and "Late invitation, recorded reason" in accepted.text


def test_campaign_from_builder_to_every_recipient_in_their_language(
    admin, stack, tag, template, imported
):
    created = _campaign_form(admin, tag, template, imported["key"], audience_languages=[])
    assert created.status_code == 200 and "Campaign saved as a draft" in created.text
    url = str(created.url.path)
    scheduled = admin.post(url, data={**csrf(created.text), "action": "schedule"})
    assert "Scheduled." in scheduled.text
    state = poll(admin, url)
    assert (state["status"], state["sent"], state["remaining"]) == ("sent", 2, 0)
    spanish = parse(wait_for_mail(stack.mail_dir, imported["emails"][0]))
    assert spanish["Subject"] == "Noticias de la revisión"
    assert spanish["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    french = parse(wait_for_mail(stack.mail_dir, imported["emails"][1]))
    assert french["Subject"] == "News from the review"  # no French version: the fallback
    listing = admin.get(f"{ADMIN}/campaigns/").text
    assert f"Campaign {tag}" in listing


def test_screens_are_for_outreach_staff_only(stack):
    with httpx.Client(base_url=stack.url("cms"), follow_redirects=False) as anonymous:
        response = anonymous.get(f"{ADMIN}/lists/")
    assert response.status_code == 302 and "/admin/login/" in response.headers["location"]
