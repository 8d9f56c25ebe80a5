"""Sealed storage for the reprisal desk: what the service writes and cannot read back.

A sealed value is encrypted with a fresh AES-256-GCM data key, and that key is sealed
with HPKE (RFC 9180: X25519, HKDF-SHA256, AES-128-GCM) to each recipient's public key:
the desk's keys, and for messages the reporter's own key. The private halves are never
stored in the clear: the desk's are wrapped under each reviewer's passphrase (scrypt,
see `desk_keys`), the reporter's under their receipt code. The associated data names the
table, column and row, so a sealed value moved elsewhere does not open.

Layout (version 1)::

    b"SL" | 0x01 | n:u8 | n x (key_id:16 | len:u16 | hpke ciphertext) | nonce:12 | ct+tag
"""

from __future__ import annotations

import os
import struct
import uuid
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hpke import AEAD, KDF, KEM, Suite

from services.common.crypto import CryptoError, DecryptionError

MAGIC, VERSION = b"SL", 1
SUITE = Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.AES_128_GCM)
INFO = b"convene reprisal desk v1"


@dataclass(frozen=True)
class Recipient:
    key_id: uuid.UUID
    public_key: bytes  # raw X25519, 32 bytes


def new_key_pair() -> tuple[bytes, bytes]:
    """(private, public), raw 32 bytes each."""
    private = X25519PrivateKey.generate()
    return private.private_bytes_raw(), private.public_key().public_bytes_raw()


def seal(plaintext: bytes, recipients: list[Recipient], aad: bytes) -> bytes:
    if not recipients:
        raise CryptoError("nobody to seal to: the reprisal desk has no key yet")
    dek, nonce = AESGCM.generate_key(256), os.urandom(12)
    parts = [MAGIC, bytes([VERSION, len(recipients)])]
    for recipient in recipients:
        public = X25519PublicKey.from_public_bytes(recipient.public_key)
        sealed_key = SUITE.encrypt(dek, public, info=INFO + aad)
        parts += [recipient.key_id.bytes, struct.pack(">H", len(sealed_key)), sealed_key]
    parts += [nonce, AESGCM(dek).encrypt(nonce, plaintext, aad)]
    return b"".join(parts)


def unseal(blob: bytes, key_id: uuid.UUID, private_key: bytes, aad: bytes) -> bytes:
    """Open with one recipient's private key; DecryptionError if it is not a recipient,
    or the blob was altered or moved."""
    if blob[:2] != MAGIC or blob[2] != VERSION:
        raise DecryptionError("not a sealed value")
    count, at = blob[3], 4
    found = None
    for _ in range(count):
        kid = uuid.UUID(bytes=blob[at : at + 16])
        (size,) = struct.unpack(">H", blob[at + 16 : at + 18])
        if kid == key_id:
            found = blob[at + 18 : at + 18 + size]
        at += 18 + size
    if found is None:
        raise DecryptionError("this key is not among the recipients")
    private = X25519PrivateKey.from_private_bytes(private_key)
    try:
        dek = SUITE.decrypt(found, private, info=INFO + aad)
        return AESGCM(dek).decrypt(blob[at : at + 12], blob[at + 12 :], aad)
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError("the sealed value does not open") from exc
