"""Bounces and complaints: Amazon SNS notifications (signature verified) and SMTP DSNs.

A permanent bounce or a complaint suppresses the address at once, on every list.
"""

from __future__ import annotations

import base64
import email
import json
import logging
import mailbox
import re
from datetime import UTC, datetime, timedelta
from email import policy
from functools import lru_cache
from urllib.parse import urlsplit

import httpx

from services.common.crypto import signatures
from services.common.errors import Forbidden, Invalid

from . import contacts
from .extensions import db

log = logging.getLogger("convene.mailer.bounces")
# SNS's own host in an AWS region (sns.eu-west-1.amazonaws.com, sns.cn-north-1.amazonaws.com.cn,
# sns.us-gov-west-1.amazonaws.com), never another AWS service's host (sns.s3.amazonaws.com).
AWS_CERT_HOST = re.compile(
    r"^sns\.(?:[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2})\.amazonaws\.com(?:\.cn)?$"
)
NOTIFICATION_KEYS = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
SUBSCRIPTION_KEYS = (
    "Message",
    "MessageId",
    "SubscribeURL",
    "Timestamp",
    "Token",
    "TopicArn",
    "Type",
)


def canonical(message: dict) -> bytes:
    """The string SNS signs: `key\\nvalue\\n` for the type's keys, in order."""
    keys = NOTIFICATION_KEYS if message.get("Type") == "Notification" else SUBSCRIPTION_KEYS
    return "".join(f"{k}\n{message[k]}\n" for k in keys if k in message).encode()


@lru_cache(maxsize=16)
def _certificate(url: str):
    response = httpx.get(url, timeout=5)
    response.raise_for_status()
    return signatures.load_certificate(response.content)


def trusted_url(url: str, extra_prefixes: tuple[str, ...]) -> bool:
    parts = urlsplit(url)
    if parts.scheme == "https" and AWS_CERT_HOST.match(parts.hostname or ""):
        return True
    return any(url.startswith(prefix) for prefix in extra_prefixes if prefix)


def _text(message: dict, key: str) -> str:
    """A field SNS sends as a string; anything else counts as missing."""
    value = message.get(key)
    return value if isinstance(value, str) else ""


def verify(message: dict, extra_prefixes: tuple[str, ...] = ()) -> None:
    """Raise Forbidden unless SNS (or a configured test signer) signed this message."""
    url = _text(message, "SigningCertURL") or _text(message, "SigningCertUrl")
    if not trusted_url(url, extra_prefixes):
        raise Forbidden("The notification's signing certificate is not from Amazon SNS.")
    digest = {"1": "sha1", "2": "sha256"}.get(str(message.get("SignatureVersion")))
    if digest is None:
        raise Forbidden("Unknown SNS signature version.")
    try:
        signature = base64.b64decode(message["Signature"])
        signatures.verify_pkcs1(_certificate(url), signature, canonical(message), digest)
    except (KeyError, TypeError, ValueError, signatures.BadSignature, httpx.HTTPError) as exc:
        raise Forbidden("The notification's signature is not valid.") from exc


REPLAY_WINDOW = timedelta(hours=1)


def recent(stamp: str) -> bool:
    """Whether a signed message's own time is within the last hour (SNS delivers within
    seconds, and retries for minutes): an older copy is a replay, refused."""
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return False
    now = datetime.now(UTC)
    return when.tzinfo is not None and now - REPLAY_WINDOW <= when <= now + timedelta(minutes=5)


def handle_sns(message: dict, config) -> dict:
    """Verify, then confirm a subscription or apply a bounce/complaint notification."""
    # Without a configured topic, any AWS account's topic would be signed by SNS too, and
    # could suppress any address: nothing is accepted until the operator names the topics.
    if not config.sns_topic_arns:
        raise Forbidden("No SNS topic is configured; notifications are not accepted.")
    if not isinstance(message, dict):
        raise Invalid("An SNS message is a JSON object.")
    verify(message, config.sns_cert_prefixes)
    if not recent(_text(message, "Timestamp")):
        raise Forbidden("The notification is too old to be trusted (a replay?).")
    if message.get("TopicArn") not in config.sns_topic_arns:
        raise Forbidden("Notifications from this topic are not accepted.")
    kind = message.get("Type")
    if kind == "SubscriptionConfirmation":
        subscribe_url = _text(message, "SubscribeURL")
        if not trusted_url(subscribe_url, config.sns_cert_prefixes):
            raise Forbidden("The subscription URL is not Amazon's.")
        httpx.get(subscribe_url, timeout=5).raise_for_status()
        return {"status": "subscription confirmed", "count": 0}
    if kind != "Notification":
        raise Invalid("Unknown SNS message type.")
    try:
        event = json.loads(_text(message, "Message"))
    except ValueError as exc:
        raise Invalid("The notification carries no SES event.") from exc
    return {"status": "applied", "count": apply_ses_event(event)}


def _section(event: dict, name: str) -> dict:
    section = event.get(name, {})
    if not isinstance(section, dict):
        raise Invalid(f"The SES event's {name} cannot be read.")
    return section


def _addresses(section: dict, key: str) -> list[str]:
    entries = section.get(key, [])
    if not isinstance(entries, list) or not all(
        isinstance(entry, dict) and isinstance(entry.get("emailAddress"), str) for entry in entries
    ):
        raise Invalid("The SES event's recipients cannot be read.")
    return [entry["emailAddress"] for entry in entries]


def apply_ses_event(event: dict) -> int:
    """Suppress the addresses of a permanent bounce or a complaint; Invalid when `event`
    is not shaped as SES sends it (SNS signs what it carries, not that it is an SES event)."""
    if not isinstance(event, dict):
        raise Invalid("The notification carries no SES event.")
    kind = event.get("notificationType") or event.get("eventType")
    if kind == "Bounce":
        bounce = _section(event, "bounce")
        if bounce.get("bounceType") != "Permanent":
            return 0  # transient: SES retries; nothing to suppress
        return suppress_addresses(_addresses(bounce, "bouncedRecipients"), "bounce")
    if kind == "Complaint":
        complaint = _section(event, "complaint")
        return suppress_addresses(_addresses(complaint, "complainedRecipients"), "complaint")
    return 0


def suppress_addresses(addresses: list[str], reason: str) -> int:
    count = 0
    if not addresses:
        return 0
    for address in addresses:
        contact = contacts.find_contact(address)
        if contact is not None:
            contacts.suppress(contact, reason)
        else:
            contacts.suppress_index(contacts.email_index(address), reason)
        count += 1
    db.session.commit()
    log.info("event=suppressed reason=%s count=%s", reason, count)
    return count


def parse_dsn(raw: bytes) -> list[tuple[str, bool]]:
    """(recipient, permanent) from an RFC 3464 delivery status notification."""
    message = email.message_from_bytes(raw, policy=policy.default)
    found = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for block in part.get_payload():
            recipient = str(block.get("Final-Recipient", "")).split(";")[-1].strip()
            action = str(block.get("Action", "")).strip().lower()
            status = str(block.get("Status", "")).strip()
            if recipient and action == "failed":
                found.append((recipient, status.startswith("5")))
    return found


def poll_maildir(path: str, limit: int = 200) -> int:
    """Apply the delivery status notifications waiting in the bounce mailbox (a Maildir
    that the relay delivers the Return-Path address to), then remove them.

    Each message is removed only after its suppressions are committed, so a crash
    re-reads it; applying a notification twice changes nothing.
    """
    box = mailbox.Maildir(path, factory=None, create=True)
    handled = 0
    for key in list(box.iterkeys())[:limit]:
        try:
            raw = box.get_bytes(key)
        except KeyError:
            continue  # another worker took it
        failures = parse_dsn(raw)
        suppress_addresses([address for address, hard in failures if hard], "bounce")
        box.discard(key)  # not a DSN, or a transient failure: nothing more to learn
        handled += 1
    return handled


def handle_dsn(raw: bytes) -> dict:
    failures = parse_dsn(raw)
    if not failures:
        raise Invalid("This is not a delivery status notification with a failed recipient.")
    permanent = [address for address, hard in failures if hard]
    return {"status": "applied", "count": suppress_addresses(permanent, "bounce")}
