"""SES v2 against moto_server; SNS bounce/complaint notifications with real signatures; DSNs."""

import base64
import datetime
import json
import mailbox
import threading
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from sqlalchemy import select

from services.mailer import create_app
from services.mailer.bounces import canonical
from services.mailer.config import Config
from services.mailer.extensions import db
from services.mailer.models import Subscription, Suppression
from services.mailer.senders import SESSender, SMTPSender
from services.mailer.worker import make_step

from ..conftest import bearer, build_app, dispose, token_keys
from .test_outreach import make_list, run_worker, upload


def test_ses_sender_sends_raw_mime_through_moto(moto):
    ses = moto.client("ses")
    ses.verify_email_identity(EmailAddress="no-reply@convene.localhost")
    sender = SESSender(moto.client("sesv2"), "no-reply@convene.localhost")
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = (
        "no-reply@convene.localhost",
        "a@example.org",
        "Hello",
    )
    message["List-Unsubscribe"] = "<https://example.org/u/x/>"
    message.set_content("Body")
    before = ses.get_send_quota()["SentLast24Hours"]
    with sender.session() as connection:
        assert connection.send(message)
    assert ses.get_send_quota()["SentLast24Hours"] > before
    stranger = EmailMessage()
    stranger["From"], stranger["To"], stranger["Subject"] = (
        "unverified@elsewhere.example",
        "a@example.org",
        "x",
    )
    stranger.set_content("x")
    with pytest.raises(Exception, match="not verified|MessageRejected"):
        sender.send(stranger)


class _Signer:
    """A local stand-in for SNS's signing certificate, served over loopback HTTP."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.test")])
        now = datetime.datetime.now(datetime.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self.key.public_key())
            .serial_number(1)
            .not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=1))
            .sign(self.key, hashes.SHA256())
        )
        pem = cert.public_bytes(serialization.Encoding.PEM)

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                self.send_response(200)
                self.end_headers()
                self.wfile.write(pem)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.prefix = f"http://127.0.0.1:{self.server.server_port}/"

    def sign(self, message: dict) -> dict:
        message = {**message, "SignatureVersion": "2", "SigningCertURL": self.prefix + "cert.pem"}
        signature = self.key.sign(canonical(message), padding.PKCS1v15(), hashes.SHA256())
        return {**message, "Signature": base64.b64encode(signature).decode()}


@pytest.fixture
def signer():
    s = _Signer()
    yield s
    s.server.shutdown()


@pytest.fixture
def sns_app(tmp_path, crypto_config, signer):
    config = Config(
        database_url=f"sqlite:///{tmp_path / 'm.sqlite3'}",
        crypto=crypto_config,
        tokens=token_keys("mailer"),
        sns_cert_prefixes=(signer.prefix,),
        sns_topic_arns=("arn:aws:sns:eu-west-1:1:ses-events",),
    )
    app = build_app(create_app, config)
    yield app
    dispose(app, db)


def notification(event: dict) -> dict:
    return {
        "Type": "Notification",
        "MessageId": "m-1",
        "TopicArn": "arn:aws:sns:eu-west-1:1:ses-events",
        "Message": json.dumps(event),
        "Timestamp": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
    }


def bounce(address, kind="Permanent"):
    return {
        "notificationType": "Bounce",
        "bounce": {"bounceType": kind, "bouncedRecipients": [{"emailAddress": address}]},
    }


def test_signed_permanent_bounce_suppresses_and_transient_does_not(sns_app, signer):
    client = sns_app.test_client()
    make_list(client)
    upload(client, b"email\nhard@example.org\nsoft@example.org\n", "a.csv", "IOM")
    run_worker(sns_app)
    hard = client.post(
        "/bounces/sns",
        data=json.dumps(signer.sign(notification(bounce("hard@example.org")))),
        content_type="text/plain",
    )
    assert hard.status_code == 200 and hard.get_json()["count"] == 1
    soft = client.post(
        "/bounces/sns",
        data=json.dumps(signer.sign(notification(bounce("soft@example.org", "Transient")))),
        content_type="text/plain",
    )
    assert soft.get_json()["count"] == 0
    complaint = {
        "notificationType": "Complaint",
        "complaint": {"complainedRecipients": [{"emailAddress": "soft@example.org"}]},
    }
    client.post(
        "/bounces/sns",
        data=json.dumps(signer.sign(notification(complaint))),
        content_type="text/plain",
    )
    with sns_app.app_context():
        reasons = sorted(db.session.scalars(select(Suppression.reason)))
        statuses = sorted(db.session.scalars(select(Subscription.status)))
    assert reasons == ["bounce", "complaint"] and statuses == ["bounced", "complained"]


def test_forged_or_tampered_notifications_are_refused(sns_app, signer):
    client = sns_app.test_client()
    signed = signer.sign(notification(bounce("victim@example.org")))
    tampered = {**signed, "Message": json.dumps(bounce("other@example.org"))}
    assert client.post("/bounces/sns", data=json.dumps(tampered)).status_code == 403
    foreign = {**signed, "SigningCertURL": "https://evil.example/cert.pem"}
    assert client.post("/bounces/sns", data=json.dumps(foreign)).status_code == 403
    other_topic = signer.sign(
        {**notification(bounce("x@example.org")), "TopicArn": "arn:aws:sns:eu-west-1:1:other"}
    )
    assert client.post("/bounces/sns", data=json.dumps(other_topic)).status_code == 403
    with sns_app.app_context():
        assert db.session.scalars(select(Suppression)).all() == []


DSN = b"""From: MAILER-DAEMON@relay.example
To: no-reply@convene.localhost
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message could not be delivered.
--B
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.example

Final-Recipient: rfc822; gone@example.org
Action: failed
Status: 5.1.1

Final-Recipient: rfc822; busy@example.org
Action: failed
Status: 4.2.2
--B--
"""


def test_smtp_delivery_status_notifications_suppress_hard_bounces(app, client):
    response = client.post(
        "/bounces/dsn",
        data=DSN,
        content_type="message/rfc822",
        headers=bearer("mailer", roles=["bounces"]),
    )
    assert response.get_json() == {"status": "applied", "count": 1}
    assert client.post("/bounces/dsn", data=DSN).status_code == 401
    with app.app_context():
        assert len(db.session.scalars(select(Suppression)).all()) == 1


def test_the_worker_reads_bounces_from_the_bounce_mailbox(app, tmp_path):
    box = mailbox.Maildir(tmp_path / "bounces", create=True)
    box.add(DSN)
    box.add(b"From: someone@example.org\nSubject: out of office\n\nAway until Monday.\n")
    step = make_step(SMTPSender("127.0.0.1", 9, "x@example.org"), bounce_maildir=box._path)
    with app.app_context():
        step()
        suppressed = db.session.scalars(select(Suppression)).all()
    assert [s.reason for s in suppressed] == ["bounce"]  # gone@ (5.1.1), not busy@ (4.2.2)
    assert len(box) == 0  # read once, then removed


@pytest.mark.parametrize(
    ("url", "trusted"),
    [
        ("https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-1.pem", True),
        ("https://sns.us-gov-west-1.amazonaws.com/cert.pem", True),
        ("https://sns.cn-north-1.amazonaws.com.cn/cert.pem", True),
        # Another AWS service's host, where anyone can put a file: not SNS.
        ("https://sns.s3.amazonaws.com/cert.pem", False),
        ("https://sns.evil-bucket.amazonaws.com/cert.pem", False),
        ("http://sns.eu-west-1.amazonaws.com/cert.pem", False),
        ("https://sns.eu-west-1.amazonaws.com.evil.example/cert.pem", False),
    ],
)
def test_only_sns_own_hosts_sign_notifications(url, trusted):
    from services.mailer.bounces import trusted_url

    assert trusted_url(url, ()) is trusted


def test_a_signed_notification_replayed_later_is_refused(sns_app, signer):
    """A genuine signed bounce captured once cannot be sent again a day later."""
    old = {**notification(bounce("victim@example.org")), "Timestamp": "2026-01-01T10:00:00.000Z"}
    client = sns_app.test_client()
    assert client.post("/bounces/sns", data=json.dumps(signer.sign(old))).status_code == 403
    with sns_app.app_context():
        assert db.session.scalars(select(Suppression)).all() == []


def test_without_a_configured_topic_no_notification_is_accepted(tmp_path, crypto_config, signer):
    """An attacker's own SNS topic is signed by AWS too: with no topic named, nothing passes."""
    config = Config(
        database_url=f"sqlite:///{tmp_path / 'open.sqlite3'}",
        crypto=crypto_config,
        tokens=token_keys("mailer"),
        sns_cert_prefixes=(signer.prefix,),
    )
    app = build_app(create_app, config)
    try:
        client = app.test_client()
        signed = signer.sign(notification(bounce("victim@example.org")))
        assert client.post("/bounces/sns", data=json.dumps(signed)).status_code == 403
        with app.app_context():
            assert db.session.scalars(select(Suppression)).all() == []
    finally:
        dispose(app, db)


def test_production_refuses_ses_without_topics_or_with_test_certificates(crypto_config):
    from services.common.errors import ConfigError
    from services.common.production import refuse_unsafe

    base = {
        "database_url": "postgresql+psycopg://convene@db.internal/mailer",
        "crypto": crypto_config,
        "tokens": token_keys("mailer"),
        "sender": "ses",
    }
    production = {"CONVENE_ENV": "production"}
    with pytest.raises(ConfigError, match="MAILER_SNS_TOPIC_ARNS"):
        refuse_unsafe(Config(**base), production)
    with pytest.raises(ConfigError, match="MAILER_SNS_CERT_PREFIXES"):
        refuse_unsafe(
            Config(**base, sns_topic_arns=("arn:x",), sns_cert_prefixes=("http://x/",)),
            production,
        )
    refuse_unsafe(Config(**base, sns_topic_arns=("arn:aws:sns:eu-west-1:1:ses",)), production)
