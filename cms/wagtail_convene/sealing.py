"""AES-256-GCM for the few personal fields the CMS itself keeps, bound to their row."""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from . import conf

VERSION = b"\x01"


class SealError(Exception):
    """A sealed value was altered, moved, or sealed under another key."""


def seal(value: str, context: str) -> bytes:
    nonce = os.urandom(12)
    return (
        VERSION + nonce + AESGCM(conf.field_key()).encrypt(nonce, value.encode(), context.encode())
    )


def unseal(blob: bytes, context: str) -> str:
    blob = bytes(blob)
    if blob[:1] != VERSION:
        raise SealError("unknown format")
    try:
        return AESGCM(conf.field_key()).decrypt(blob[1:13], blob[13:], context.encode()).decode()
    except InvalidTag as exc:
        raise SealError("the value does not open under this context") from exc
