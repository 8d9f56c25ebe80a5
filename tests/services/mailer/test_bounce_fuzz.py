"""Generated bounce messages: DSNs parse to (recipient, permanent) pairs and never raise;
an SNS message is applied, or refused with the one documented error (`DomainError`: 403
for anything not signed by SNS, 422 for a signed message that is not an SES event)."""

from __future__ import annotations

import base64
import datetime
import json
import secrets

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from hypothesis import given
from hypothesis import strategies as st

from services.common.config import CryptoConfig
from services.common.crypto import LocalKeyring
from services.common.errors import DomainError
from services.mailer import bounces, create_app
from services.mailer.config import Config

from ...support.fuzz import count, fuzz, mutated
from ..conftest import service_app
from .test_delivery_backends import DSN

TOPIC = "arn:aws:sns:eu-west-1:1:ses-events"
SIGNER = "http://127.0.0.1:9/"  # trusted by the app below; never fetched (see `certificate`)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def app(tmp_path_factory, key):
    tmp = tmp_path_factory.mktemp("bounces")
    LocalKeyring.add_key(tmp / "keys")
    crypto = CryptoConfig(
        keyring="local", key_dir=tmp / "keys", blind_index_key=secrets.token_bytes(32)
    )
    yield from service_app(
        create_app,
        Config,
        f"sqlite:///{tmp / 'mailer.sqlite3'}",
        crypto,
        sns_cert_prefixes=(SIGNER,),
        sns_topic_arns=(TOPIC,),
    )


@pytest.fixture(autouse=True)
def certificate(monkeypatch, key):
    """The test signer's certificate, handed over without HTTP."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    monkeypatch.setattr(bounces, "_certificate", lambda url: cert)


def sign(key, message: dict) -> dict:
    message = {**message, "SignatureVersion": "2", "SigningCertURL": SIGNER + "cert.pem"}
    signature = key.sign(bounces.canonical(message), padding.PKCS1v15(), hashes.SHA256())
    return {**message, "Signature": base64.b64encode(signature).decode()}


def apply(app, message) -> None:
    with app.test_request_context():
        try:
            outcome = bounces.handle_sns(message, app.extensions["convene_config"])
        except DomainError as refused:
            assert refused.status in (403, 422)
        else:
            assert outcome["status"] in ("applied", "subscription confirmed")


@fuzz(150)
@given(st.one_of(st.binary(max_size=400), mutated(DSN, edits=6)))
def test_delivery_status_notifications_parse_or_find_nothing(raw):
    count("bounces.dsn")
    for recipient, permanent in bounces.parse_dsn(raw):
        assert isinstance(recipient, str) and recipient
        assert isinstance(permanent, bool)


BLOCK = st.fixed_dictionaries(
    {},
    optional={
        "Final-Recipient": st.text(max_size=30),
        "Action": st.sampled_from(["failed", "delayed", "FAILED", ""]) | st.text(max_size=8),
        "Status": st.sampled_from(["5.1.1", "4.2.2", "5", ""]) | st.text(max_size=8),
        "Original-Recipient": st.text(max_size=30),
    },
)


@fuzz(100)
@given(st.lists(BLOCK, max_size=4))
def test_generated_delivery_status_blocks(blocks):
    count("bounces.dsn")
    fields = "\n\n".join(
        "\n".join(f"{name}: {value}".replace("\r", " ") for name, value in block.items())
        for block in blocks
    )
    raw = (
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
        f"--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; x\n\n{fields}\n--B--\n"
    ).encode("utf-8", errors="surrogateescape")
    assert isinstance(bounces.parse_dsn(raw), list)


@fuzz(150)
@given(
    JSON
    | st.dictionaries(
        st.sampled_from(
            bounces.SUBSCRIPTION_KEYS + ("Type", "Signature", "SignatureVersion", "SigningCertURL")
        ),
        JSON,
    )
)
def test_unsigned_messages_are_refused(app, message):
    count("bounces.sns")
    apply(app, message)


def now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


RECIPIENTS = st.lists(
    st.fixed_dictionaries({}, optional={"emailAddress": st.emails() | JSON}) | JSON, max_size=3
)
SES_EVENT = st.fixed_dictionaries(
    {"notificationType": st.sampled_from(["Bounce", "Complaint", "Delivery"]) | JSON},
    optional={
        "bounce": st.fixed_dictionaries(
            {"bounceType": st.sampled_from(["Permanent", "Transient"]) | JSON},
            optional={"bouncedRecipients": RECIPIENTS},
        )
        | JSON,
        "complaint": st.fixed_dictionaries({}, optional={"complainedRecipients": RECIPIENTS})
        | JSON,
    },
)
SIGNED = st.fixed_dictionaries(
    {
        "Type": st.sampled_from(["Notification", "SubscriptionConfirmation", "Other"]),
        "TopicArn": st.just(TOPIC) | st.text(max_size=10),
        "Timestamp": st.builds(now) | st.text(max_size=24),
        "MessageId": st.text(max_size=8),
    },
    optional={
        "Message": st.builds(json.dumps, SES_EVENT) | st.builds(json.dumps, JSON) | st.text(),
        "SubscribeURL": st.text(max_size=20),
        "Token": st.text(max_size=8),
        "Subject": st.text(max_size=8),
    },
)


@fuzz(120)
@given(SIGNED)
def test_signed_messages_apply_or_are_refused(app, key, message):
    count("bounces.sns")
    apply(app, sign(key, message))


@pytest.mark.parametrize(
    "body", ["[]", "null", "7", '"text"', '{"SigningCertURL": true}', '{"SigningCertURL": ["x"]}']
)
def test_sns_bodies_that_are_no_sns_message_are_refused(app, body):
    # Found by fuzzing: each of these answered 500 (AttributeError, TypeError).
    response = app.test_client().post("/bounces/sns", data=body)
    assert response.status_code in (403, 422), response.get_json()


@pytest.mark.parametrize(
    "message",
    [
        {"Type": "Notification"},  # no Message
        {"Type": "Notification", "Message": "not json"},
        {"Type": "Notification", "Message": "[1]"},
        {"Type": "Notification", "Message": '{"notificationType": "Bounce", "bounce": []}'},
        {
            "Type": "Notification",
            "Message": json.dumps(
                {
                    "notificationType": "Complaint",
                    "complaint": {"complainedRecipients": [{"address": "x@example.org"}]},
                }
            ),
        },
        {"Type": "SubscriptionConfirmation"},  # no SubscribeURL
    ],
)
def test_signed_messages_that_are_no_ses_event_are_refused(app, key, message):
    # Found by fuzzing: a KeyError or AttributeError, answered as 500.
    signed = sign(key, {"TopicArn": TOPIC, "Timestamp": now(), "MessageId": "m", **message})
    response = app.test_client().post("/bounces/sns", data=json.dumps(signed))
    assert response.status_code in (403, 422), response.get_json()
