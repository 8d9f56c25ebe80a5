"""Link tokens, and the digest a bearer token is stored as.

A link token (a registrant's "my registration" link, a third party's consent link, a
one-click unsubscribe) is the only credential its holder needs. Its text is base64url,
without padding, of (header `LT`, version 1)::

    b"LT" | 0x01 | body | tag:16        tag = HMAC-SHA256(key, header | body)[:16]

The body is fixed-size for each use, and each use has its own key (derived from the
blind-index key with `BlindIndex.derive_key(purpose)`), so a token of one kind never
passes for another. Tags are compared in constant time.

Tokens written before the header convention, `body | tag:16` with the tag over the body
alone, are still read: links already e-mailed keep working (an unsubscribe link never
expires). Their length tells them apart, since the body's size is fixed.

A bearer token (the double opt-in's confirmation) is random and stored only as its
SHA-256 digest, found again by equality; the digest carries no header because it is
compared, never opened.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

from .errors import InvalidToken
from .headers import HEADER_BYTES, TOKEN

TAG_BYTES = 16


def _tag(key: bytes, message: bytes) -> bytes:
    return hmac.new(key, message, hashlib.sha256).digest()[:TAG_BYTES]


def sign(key: bytes, body: bytes) -> str:
    """A token carrying `body`, signed with `key`."""
    signed = TOKEN.header + body
    return base64.urlsafe_b64encode(signed + _tag(key, signed)).decode().rstrip("=")


def verify(key: bytes, token: str, body_size: int) -> bytes:
    """The body of a token signed with `key`; InvalidToken if it is not one."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, TypeError, binascii.Error):
        raise InvalidToken("not a link token") from None
    if len(raw) == HEADER_BYTES + body_size + TAG_BYTES:
        TOKEN.read(raw)
        signed, body = raw[:-TAG_BYTES], raw[HEADER_BYTES:-TAG_BYTES]
    elif len(raw) == body_size + TAG_BYTES:  # legacy: no header
        signed = body = raw[:-TAG_BYTES]
    else:
        raise InvalidToken("a link token of the wrong length")
    if not hmac.compare_digest(raw[-TAG_BYTES:], _tag(key, signed)):
        raise InvalidToken("a link token that was altered or signed with another key")
    return body


def new_bearer() -> tuple[str, str]:
    """(a random bearer token to hand out, the digest to store)."""
    token = secrets.token_urlsafe(32)
    return token, bearer_digest(token)


def bearer_digest(token: str) -> str:
    """What a bearer token is stored as: SHA-256, hex (a random token needs no salt)."""
    return hashlib.sha256(token.encode()).hexdigest()
