"""Transactional messages: queued once, delivered over real SMTP in their language."""

import uuid

from sqlalchemy import select

from services.mailer.extensions import db
from services.mailer.models import Message
from services.mailer.senders import SMTPSender
from services.mailer.worker import make_step

from ..conftest import bearer
from .conftest import make_message


def queue(client, caller, data, key=None):
    return client.post(
        "/messages", json=data, headers=caller | {"Idempotency-Key": key or uuid.uuid4().hex}
    )


def test_queued_message_is_sealed_and_idempotent_per_caller(app, client, caller):
    first = queue(client, caller, make_message(), key="outbox-0123456789")
    assert first.status_code == 202
    assert first.get_json()["status"] == "queued"
    assert "canary" not in first.get_data(as_text=True).lower()
    again = queue(client, caller, make_message(), key="outbox-0123456789")
    assert again.get_json()["id"] == first.get_json()["id"]
    other_caller = bearer("mailer", issuer="grievance")
    assert (
        queue(client, other_caller, make_message(), key="outbox-0123456789").get_json()["id"]
        != first.get_json()["id"]
    )
    with app.app_context():
        rows = db.session.scalars(select(Message)).all()
        assert len(rows) == 2
        assert all(b"canary" not in (m.recipient_enc + m.context_enc).lower() for m in rows)


def test_bad_messages_are_refused(client, caller):
    response = queue(client, caller, make_message(template="nope", to="x"))
    assert response.status_code == 422
    assert set(response.get_json()["errors"]["json"]) == {"template", "to"}


def test_worker_delivers_in_the_recipients_language_without_personal_data_in_subject(
    app, client, caller, smtp_sink
):
    message_id = queue(client, caller, make_message()).get_json()["id"]
    sender = SMTPSender("127.0.0.1", smtp_sink.port, "Convene <no-reply@convene.localhost>")
    with app.app_context():
        assert make_step(sender)() == 1
    [mail] = smtp_sink.wait_for(1)
    assert mail["To"] == "amina.canary@example.org"
    assert mail["Subject"] == "Votre inscription a été reçue"
    assert mail["Content-Language"] == "fr"
    body = mail.get_content()
    assert "Bonjour Amina Canary" in body and "AB12CD34" in body
    state = client.get(f"/messages/{message_id}", headers=caller).get_json()
    assert state["status"] == "sent"


def test_unreachable_smtp_is_retried_not_lost(app, client, caller):
    message_id = queue(client, caller, make_message()).get_json()["id"]
    with app.app_context():
        assert make_step(SMTPSender("127.0.0.1", 9, "x@example.org", timeout=2))() == 0
        message = db.session.get(Message, uuid.UUID(message_id))
        assert message.attempts == 1 and message.done_at is None and message.failed_at is None
        assert message.last_error == "ConnectionRefusedError"


def test_every_template_speaks_the_seven_languages():
    from services.mailer.templates import LANGUAGES, TEMPLATES, render

    for name, texts in TEMPLATES.items():
        assert set(texts) == set(LANGUAGES), name
        for language in LANGUAGES:
            subject, body = render(
                name,
                language,
                {
                    "name": "N",
                    "title": "T",
                    "url": "U",
                    "reason": "R",
                    "event_title": "E",
                    "event_when": "W",
                    "reference": "X",
                    "list_name": "L",
                    "confirm_url": "C",
                    "my_registration_url": "M",
                    "accept_url": "A",
                    "authorise_url": "AU",
                    "consent_url": "CU",
                    "join_url": "J",
                    "region": "RG",
                    "queue_url": "QU",
                    "service": "S",
                    "admin_url": "AD",
                    "unsubscribe_url": "UU",
                    "recording_url": "RU",
                    "reporting_url": "RP",
                    "contest_url": "CT",
                    "follow_up_url": "FU",
                    "reset_url": "RS",
                    "username": "UN",
                    "never_mail_url": "NM",
                },
            )
            assert "$" not in subject + body and "canary" not in subject
    assert render("submission_rejected", "zh-Hans", {"title": "T", "reason": "R"})[0] == (
        "您的材料无法发布"
    )


def test_french_texts_keep_a_no_break_space_before_colons_and_question_marks():
    import re

    from services.mailer.templates import TEMPLATES, render

    assert all(
        not re.search(r" [:;!?]", text) for texts in TEMPLATES.values() for text in texts["fr"]
    )
    subject, body = render("registration_confirmation", "fr", {"event_title": "A : B"})
    assert "inscription à\u00a0: A : B" in body  # what a person typed is left as it is
