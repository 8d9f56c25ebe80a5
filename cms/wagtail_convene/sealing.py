"""AES-256-GCM for the few personal fields the CMS itself keeps, bound to their row.

The plugin must not import the services, so this small module stands apart from
`services.common.crypto`, but it follows the same header convention (documented in
`services/common/crypto/headers.py`, where this format's magic is reserved): a value
starts with ``magic:2 | version:u8``, here ``b"CF" | 0x01``, and opening refuses a
format or version it does not know. Layout (the header is part of the associated data)::

    b"CF" | 0x01 | nonce:12 | ct+tag

Values sealed before the convention start with the single byte 0x01 (`0x01 | nonce:12 |
ct+tag`, the context alone as associated data); they still open. The two cannot be
confused: a legacy value's first byte is 0x01, a current one's is "C".
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from . import conf

MAGIC, VERSION = b"CF", 1
HEADER = MAGIC + bytes([VERSION])
LEGACY_VERSION = b"\x01"  # the whole header of values sealed before the convention


class SealError(Exception):
    """A sealed value was altered, moved, or sealed under another key."""


def seal(value: str, context: str) -> bytes:
    nonce = os.urandom(12)
    aead = AESGCM(conf.field_key())
    return HEADER + nonce + aead.encrypt(nonce, value.encode(), HEADER + context.encode())


def unseal(blob: bytes, context: str) -> str:
    blob = bytes(blob)
    if blob[:2] == MAGIC and len(blob) > 2:
        if blob[2] != VERSION:
            raise SealError(f"CMS field version {blob[2]} is unknown here (this code reads 1)")
        nonce, body, aad = blob[3:15], blob[15:], HEADER + context.encode()
    elif blob[:1] == LEGACY_VERSION:
        nonce, body, aad = blob[1:13], blob[13:], context.encode()
    else:
        raise SealError("unknown format")
    try:
        return AESGCM(conf.field_key()).decrypt(nonce, body, aad).decode()
    except InvalidTag as exc:
        raise SealError("the value does not open under this context") from exc
