"""An outreach editor turned hostile cannot take over transactional mail or stall the
mailer with a template (issue 16, path 1). Each test performs the attack."""

from __future__ import annotations

import time

import pytest

from services.mailer.extensions import db
from services.mailer.models import Template
from services.mailer.senders import SMTPSender

from .conftest import make_message
from .test_outreach import outreach, run_worker

STEAL = (
    "{% if my_registration_url is defined %}{{ my_registration_url }}{% endif %}Hello {{ name }}"
)


def save(client, key: str, text: str, html: str = ""):
    version = {"subject": "News", "text": text, **({"html": html} if html else {})}
    return client.put(
        f"/templates/{key}",
        json={"name": "Update", "versions": {"en": version}},
        headers=outreach(),
    )


@pytest.mark.parametrize(
    "key", ["registration_link", "registration_confirmation", "subscription_confirmation"]
)
def test_a_template_under_a_transactional_key_is_refused_at_save_time(client, key):
    refused = save(client, key, "Hello {{ name }}")
    assert refused.status_code == 422, refused.get_json()
    assert "system's own messages" in refused.get_json()["message"]


def test_a_probe_for_an_undeclared_value_is_refused_at_save_time(client):
    refused = save(client, "june-update", STEAL)
    assert refused.status_code == 422, refused.get_json()
    body = refused.get_json()
    assert "my_registration_url" in body["message"]
    assert "unsubscribe_url" in str(body["errors"])  # what may be used instead


def test_no_transactional_email_changes_even_with_a_template_row_under_its_key(
    app, client, caller, smtp_sink
):
    """A row left under a transactional key (written before this fix, or straight into the
    database) is never used: the self-service link goes out in the built-in text only."""
    with app.app_context():
        db.session.add(
            Template(
                key="registration_link",
                name="Hijack",
                versions={"fr": {"subject": "Hijacked", "text": STEAL + " https://evil.example"}},
            )
        )
        db.session.commit()
    link = "https://convene.example/fr/registration/mine/token/"
    message = make_message(
        template="registration_link",
        context={
            "name": "Amina Canary",
            "event_title": "Consultation",
            "my_registration_url": link,
        },
    )
    sent = client.post(
        "/messages", json=message, headers=caller | {"Idempotency-Key": "key-hijack-1"}
    )
    assert sent.status_code == 202, sent.get_json()
    run_worker(app, SMTPSender("127.0.0.1", smtp_sink.port, "x@example.org"))
    [mail] = smtp_sink.wait_for(1)
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "evil.example" not in body and mail["Subject"] != "Hijacked"
    assert link in body and mail["To"] == "amina.canary@example.org"


def test_services_cannot_send_an_editors_template_as_a_message(client, caller):
    assert save(client, "june-update", "Hello {{ name }}").status_code == 200
    for key in ("june-update", "editor:june-update"):
        refused = client.post(
            "/messages",
            json=make_message(template=key),
            headers=caller | {"Idempotency-Key": f"key-{key}"},
        )
        assert refused.status_code == 422, refused.get_json()


@pytest.mark.parametrize(
    "source",
    [
        # Nested loops that print nothing: a billion turns.
        "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}"
        "{% endfor %}{% endfor %}{% endfor %}",
        # Nested loops that print a lot.
        "{% for a in range(1000) %}{% for b in range(1000) %}{{ name }}{% endfor %}{% endfor %}",
        "{{ name * 100000000 }}",
        "{{ 'x' * 10 ** 9 }}",
        "{{ 2 ** 100000000 }}",
        "{% for a in range(10 ** 6) %}{% endfor %}",
        "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
        # From a review: loops that print nothing, size-building filters, formatting,
        # concatenation, huge powers, includes, and a bomb only for real recipients.
        "{% set s='a'*600 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
        "{{ '%*s'|format(10**9, '') }}",
        "{{ ''|center(10**9) }}",
        "{{ 'ab'|replace('', 'b') }}",
        "{{ [name]|join }}",
        "{{ '%999999999s' % name }}",
        "{{ (((9**64)**64)**64)**64 }}",
        "{{ name ~ name ~ name }}",
        "{% include 'x' %}",
        "{{ 'a' * (6000 if name != 'Amina Example' else 1) }}",
    ],
)
def test_templates_that_would_run_long_or_large_are_refused_quickly(client, source):
    started = time.monotonic()
    refused = save(client, "bomb", source)
    elapsed = time.monotonic() - started
    assert refused.status_code == 422, refused.get_json()
    assert "cannot be rendered" in refused.get_json()["message"]
    assert elapsed < 5, f"{elapsed:.1f}s to refuse"


def test_an_editor_template_is_still_used_for_its_test_send(app, client, smtp_sink):
    assert save(client, "june-update", "Dear {{ name }}, {{ unsubscribe_url }}").status_code == 200
    sent = client.post(
        "/templates/june-update/test",
        json={"language": "en", "to": "editor@example.org"},
        headers=outreach(),
    )
    assert sent.status_code == 202
    run_worker(app, SMTPSender("127.0.0.1", smtp_sink.port, "x@example.org"))
    [mail] = smtp_sink.wait_for(1)
    assert "Dear Amina Example" in mail.get_body(preferencelist=("plain",)).get_content()


def test_the_editor_screen_offers_exactly_the_variables_the_mailer_allows():
    """Both sides of the boundary: the CMS's template screen names the variables, the
    mailer refuses any other; a change to either list fails here."""
    import re
    from pathlib import Path

    from services.mailer.rendering import VARIABLES

    screen = Path(__file__).resolve().parents[3] / (
        "cms/wagtail_convene/templates/wagtail_convene/outreach/admin/template_edit.html"
    )
    offered = set(re.findall(r"<code>\{\{ (\w+) \}\}</code>", screen.read_text()))
    assert offered == set(VARIABLES["campaign"])
