"""Signed, expiring links: a registrant's "my registration" and third parties' consents.

A token names a registration, a purpose, the registration's link version and an expiry,
signed as a link token (`services.common.crypto.tokens`, key derived from the blind-index
key). It is the only credential a registrant needs. Asking for the link again sends it
again without revoking the one already sent (anyone may ask for any address); erasure
bumps the version, so that every link stops working.
"""

from __future__ import annotations

import struct
import time
import uuid
from datetime import timedelta

from flask import current_app

from services.common.crypto import CryptoError, tokens
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
    return tokens.sign(_key(), body)


def read(token: str, purpose: str) -> tuple[uuid.UUID, int]:
    """(registration id, link version) of a valid, unexpired token for `purpose`."""
    invalid = NotFound("This link is not valid or has expired. Ask for a new one.")
    try:
        body = tokens.verify(_key(), token, _BODY.size)
    except CryptoError:
        raise invalid from None
    rid, kind, version, expires = _BODY.unpack(body)
    if kind != PURPOSES[purpose] or expires < time.time():
        raise invalid
    return uuid.UUID(bytes=rid), version
