"""Signed, expiring links: a registrant's "my registration" and third parties' consents.

A token names a registration, a purpose, the registration's link version and an expiry,
with an HMAC tag (key derived from the blind-index key). It is the only credential a
registrant needs; asking for a new link bumps the version, so older links stop working.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time
import uuid
from datetime import timedelta

from flask import current_app

from services.common.errors import NotFound

PURPOSES = {"self": 1, "authorise": 2, "guardian": 3, "accept": 4}
LIFETIME = {
    "self": timedelta(days=60),
    "authorise": timedelta(days=21),
    "guardian": timedelta(days=21),
    "accept": timedelta(days=21),
}
_BODY = struct.Struct(">16sBII")  # registration id, purpose, link version, expiry (unix)


def _key() -> bytes:
    return current_app.extensions["convene_index"].derive_key(b"registration-links")


def make(registration_id: uuid.UUID, purpose: str, version: int, now: float | None = None) -> str:
    expires = int((now or time.time()) + LIFETIME[purpose].total_seconds())
    body = _BODY.pack(registration_id.bytes, PURPOSES[purpose], version, expires)
    tag = hmac.new(_key(), body, hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(body + tag).decode().rstrip("=")


def read(token: str, purpose: str) -> tuple[uuid.UUID, int]:
    """(registration id, link version) of a valid, unexpired token for `purpose`."""
    invalid = NotFound("This link is not valid or has expired. Ask for a new one.")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, TypeError):
        raise invalid from None
    if len(raw) != _BODY.size + 16:
        raise invalid
    body, tag = raw[: _BODY.size], raw[_BODY.size :]
    if not hmac.compare_digest(tag, hmac.new(_key(), body, hashlib.sha256).digest()[:16]):
        raise invalid
    rid, kind, version, expires = _BODY.unpack(body)
    if kind != PURPOSES[purpose] or expires < time.time():
        raise invalid
    return uuid.UUID(bytes=rid), version
