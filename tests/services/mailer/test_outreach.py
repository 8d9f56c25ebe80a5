"""Lists, imports with provenance, double opt-in, unsubscribe, sandboxed templates."""

import io
import json
import re

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from services.mailer.extensions import db
from services.mailer.models import (
    Contact,
    ImportJob,
    Message,
    Provenance,
    Subscription,
    Suppression,
)
from services.mailer.senders import SMTPSender
from services.mailer.worker import make_step

from ..conftest import bearer

OUTREACH = bearer("mailer", roles=["outreach"])
CMS = bearer("mailer", roles=["cms"])


def outreach():
    return bearer("mailer", subject="user:5", roles=["outreach"])


def cms():
    return bearer("mailer", roles=["cms"])


def make_list(client, key="ece", region="ECE"):
    response = client.put(
        f"/lists/{key}", json={"name": f"{key} outreach", "region": region}, headers=outreach()
    )
    assert response.status_code == 200
    return key


def upload(client, content: bytes, filename: str, source_name: str, mapping=None, **extra):
    form = {
        "list": "ece",
        "source_kind": "network_member",
        "source_name": source_name,
        "consent_basis": "member's own consent records",
        "mapping": json.dumps(mapping or {}),
        **extra,
        "file": (io.BytesIO(content), filename),
    }
    return client.post(
        "/imports", data=form, headers=outreach(), content_type="multipart/form-data"
    )


def run_worker(app, sender=None):
    with app.app_context():
        step = make_step(sender or SMTPSender("127.0.0.1", 9, "x@example.org", timeout=1))
        while step():
            pass


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


CSV_A = (
    b"Email;Full name;Org;Country\n"
    b"amina@example.org;Amina A;Net A;KE\n"
    b" AMINA@Example.org ;Amina again;Net A;KE\n"
    b"not-an-email;Bad Row;Net A;KE\n"
    b"li@example.org;Li;Net A;XX\n"
    b"jo@example.org;Jo;Net A;DE\n"
)
MAPPING = {"email": "Email", "name": "Full name", "organisation": "Org", "country": "Country"}


def test_import_reports_each_row_and_keeps_the_file_only_until_done(app, client):
    make_list(client)
    job = upload(client, CSV_A, "members.csv", "IOM", MAPPING).get_json()
    assert job["status"] == "queued" and job["total"] == 5
    run_worker(app)
    done = client.get(f"/imports/{job['id']}", headers=outreach()).get_json()
    assert done["status"] == "done" and done["processed"] == 5
    assert done["counts"] == {"new": 2, "merged": 1, "invalid": 2}
    rows = client.get(f"/imports/{job['id']}/rows", headers=outreach()).get_json()
    assert [(r["row"], r["outcome"]) for r in rows] == [
        (1, "new"),
        (2, "merged"),
        (3, "invalid"),
        (4, "invalid"),
        (5, "new"),
    ]
    assert rows[2]["reason"] == "not a valid e-mail address"
    assert "example.org" not in json.dumps(rows)
    with app.app_context():
        assert (
            db.session.get(ImportJob, db.session.scalar(select(ImportJob.id))).payload_enc is None
        )
        raw = b"".join(
            c.email_enc + (c.name_enc or b"") for c in db.session.scalars(select(Contact))
        )
        assert b"amina" not in raw.lower()
    # Imported contacts were consented by their source: nobody is sent a confirmation.
    assert count(app, Message) == 0


def test_an_address_from_several_sources_is_one_contact_with_several_provenances(app, client):
    make_list(client)
    upload(client, CSV_A, "members.csv", "IOM", MAPPING)
    upload(
        client,
        b"email,name\namina@example.org,Amina\n",
        "rec.csv",
        "ECOWAS",
        source_kind="regional_economic_community",
    )
    run_worker(app)
    assert count(app, Contact) == 2
    with app.app_context():
        sources = sorted(
            db.session.execute(
                select(Provenance.source_kind, Provenance.source_name)
                .join(Contact, Contact.id == Provenance.contact_id)
                .where(Contact.organisation == "Net A")
            ).all()
        )
    assert ("regional_economic_community", "ECOWAS") in sources
    assert ("network_member", "IOM") in sources


def test_imports_never_resubscribe_unsubscribed_or_suppressed_addresses(app, client):
    make_list(client)
    upload(client, b"email\namina@example.org\njo@example.org\n", "a.csv", "IOM")
    run_worker(app)
    with app.app_context():
        subs = db.session.scalars(select(Subscription)).all()
        subs[0].status = "unsubscribed"
        jo = db.session.scalars(select(Contact)).all()[1]
        db.session.add(Suppression(email_index=jo.email_index, reason="complaint"))
        db.session.commit()
    job = upload(client, b"email\namina@example.org\njo@example.org\n", "b.csv", "UNHCR")
    run_worker(app)
    report = client.get(f"/imports/{job.get_json()['id']}", headers=outreach()).get_json()
    assert report["counts"] == {"suppressed": 2}
    assert count(app, Subscription, Subscription.status == "subscribed") == 1


def test_xlsx_files_import_too(app, client):
    make_list(client)
    book = Workbook()
    sheet = book.active
    sheet.append(["E-mail address", "Name", "Language"])
    sheet.append(["fatima@example.org", "Fatima", "ar"])
    sheet.append(["carlos@example.org", "Carlos", "es"])
    data = io.BytesIO()
    book.save(data)
    job = upload(
        client,
        data.getvalue(),
        "list.xlsx",
        "IOM",
        {"email": "E-mail address", "name": "Name", "preferred_language": "Language"},
    ).get_json()
    run_worker(app)
    assert client.get(f"/imports/{job['id']}", headers=outreach()).get_json()["counts"] == {
        "new": 2
    }
    with app.app_context():
        assert sorted(db.session.scalars(select(Contact.preferred_language))) == ["ar", "es"]


def test_double_opt_in_then_one_click_unsubscribe(app, client, smtp_sink):
    make_list(client)
    named = client.put(
        "/lists/ece",
        json={"name": "ece outreach", "region": "ECE", "names": {"fr": "Actualités CEE"}},
        headers=outreach(),
    )
    assert named.get_json()["names"] == {"fr": "Actualités CEE"}
    refused = client.put("/lists/ece", json={"name": "x", "names": {"xx": "?"}}, headers=outreach())
    assert refused.status_code == 422
    asked = client.post(
        "/subscriptions",
        json={"list": "ece", "email": "new@example.org", "name": "New", "language": "fr"},
        headers=cms(),
    )
    assert asked.get_json() == {"status": "pending", "count": 1}
    run_worker(app, SMTPSender("127.0.0.1", smtp_sink.port, "x@example.org"))
    [mail] = smtp_sink.wait_for(1)
    assert mail["Subject"] == "Veuillez confirmer votre abonnement"
    assert "Actualités CEE" in mail.get_content()  # the list's name in the reader's language
    token = re.search(r"/newsletter/confirm/([\w-]+)/", mail.get_content()).group(1)
    assert (
        client.post("/subscriptions/confirm", json={"token": "x" * 20}, headers=cms()).status_code
        == 404
    )
    confirmed = client.post("/subscriptions/confirm", json={"token": token}, headers=cms())
    assert confirmed.get_json()["status"] == "subscribed"
    assert (
        client.post("/subscriptions/confirm", json={"token": token}, headers=cms()).status_code
        == 404
    )  # single use
    # The welcome, in the person's language, carries the way out before any campaign does.
    run_worker(app, SMTPSender("127.0.0.1", smtp_sink.port, "x@example.org"))
    [_, welcome] = smtp_sink.wait_for(2)
    assert welcome["Subject"] == "Votre abonnement est confirmé"
    link = re.search(r"/fr/newsletter/unsubscribe/([\w-]+)/", welcome.get_content()).group(1)
    gone = client.post(
        "/subscriptions/unsubscribe", json={"token": link, "everything": False}, headers=cms()
    )
    assert gone.get_json() == {"status": "unsubscribed", "count": 1}


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ config }}",
        "{{ name.__init__.__globals__ }}",
        "{% for x in range(10**9) %}{% endfor %",
    ],
)
def test_unsafe_or_broken_templates_are_refused_safely(client, source):
    response = client.put(
        "/templates/update",
        json={"name": "Update", "versions": {"en": {"subject": "Hi", "text": source}}},
        headers=outreach(),
    )
    assert response.status_code == 422
    body = response.get_json()
    assert "cannot be rendered" in body["message"]
    assert "Traceback" not in json.dumps(body) and "class" not in body["message"]


def test_template_preview_and_test_send(app, client, smtp_sink):
    saved = client.put(
        "/templates/update",
        json={
            "name": "Update",
            "versions": {
                "en": {
                    "subject": "News for {{ organisation }}",
                    "text": "Dear {{ name }},",
                    "html": "<p>Dear {{ name }}</p>",
                },
                "ar": {"subject": "أخبار", "text": "عزيزي {{ name }}"},
            },
        },
        headers=outreach(),
    )
    assert saved.status_code == 200
    preview = client.get("/templates/update/preview?language=en", headers=outreach()).get_json()
    assert preview == {
        "subject": "News for Example Network",
        "text": "Dear Amina Example,",
        "html": "<p>Dear Amina Example</p>",
    }
    sent = client.post(
        "/templates/update/test",
        json={"language": "ar", "to": "editor@example.org"},
        headers=outreach(),
    )
    assert sent.status_code == 202
    run_worker(app, SMTPSender("127.0.0.1", smtp_sink.port, "x@example.org"))
    [mail] = smtp_sink.wait_for(1)
    assert mail["Subject"] == "أخبار" and mail["Content-Language"] == "ar"
