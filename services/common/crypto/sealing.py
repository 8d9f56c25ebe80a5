"""Sealing: values only the holder of a private key, or of a random secret key, can open.

**Sealed to recipients** (the reprisal desk): a value is encrypted with a fresh
AES-256-GCM data key, and that key is sealed with HPKE (RFC 9180: X25519, HKDF-SHA256,
AES-128-GCM) to each recipient's public key: the desk's keys, and for messages the
reporter's own key. The service writes what it cannot read back: the private halves are
never stored in the clear (the desk's are wrapped under each reviewer's passphrase, the
reporter's under their receipt code; see `passphrase`). The associated data names the
table, column and row, so a sealed value moved elsewhere does not open. Layout (header
`SL`, version 1)::

    b"SL" | 0x01 | n:u8 | n x (key_id:16 | len:u16 | hpke ciphertext) | nonce:12 | ct+tag

**Sealed under a secret key** (the desk's unlock: the key travels to the member's
browser, the blob stays in the database). Layout (header `SK`, version 1), the header
being part of the associated data::

    b"SK" | 0x01 | nonce:12 | ct+tag

Before the header convention, unlocks were written as `nonce:12 | ct+tag`;
`open_under` still reads that layout.
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

from .errors import CryptoError, DecryptionError
from .headers import HEADER_BYTES, SEALED, SECRET_SEALED
from .keyfiles import KEY_BYTES, new_key

SUITE = Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.AES_128_GCM)
INFO = b"convene reprisal desk v1"
NONCE_BYTES = 12


@dataclass(frozen=True)
class Recipient:
    key_id: uuid.UUID
    public_key: bytes  # raw X25519, 32 bytes


def new_key_pair() -> tuple[bytes, bytes]:
    """(private, public), raw 32 bytes each."""
    private = X25519PrivateKey.generate()
    return private.private_bytes_raw(), private.public_key().public_bytes_raw()


def seal(plaintext: bytes, recipients: list[Recipient], aad: bytes) -> bytes:
    """Seal to every recipient; each one's private key alone opens it."""
    if not recipients:
        raise CryptoError("nobody to seal to: the reprisal desk has no key yet")
    dek, nonce = AESGCM.generate_key(256), os.urandom(NONCE_BYTES)
    parts = [SEALED.header, bytes([len(recipients)])]
    for recipient in recipients:
        public = X25519PublicKey.from_public_bytes(recipient.public_key)
        sealed_key = SUITE.encrypt(dek, public, info=INFO + aad)
        parts += [recipient.key_id.bytes, struct.pack(">H", len(sealed_key)), sealed_key]
    parts += [nonce, AESGCM(dek).encrypt(nonce, plaintext, aad)]
    return b"".join(parts)


def _recipients(blob: bytes) -> tuple[dict[uuid.UUID, bytes], int]:
    """Each recipient's sealed data key, and where the nonce starts."""
    SEALED.read(blob)
    try:
        count, at, found = blob[HEADER_BYTES], HEADER_BYTES + 1, {}
        for _ in range(count):
            kid = uuid.UUID(bytes=bytes(blob[at : at + 16]))
            (size,) = struct.unpack(">H", blob[at + 16 : at + 18])
            found[kid] = bytes(blob[at + 18 : at + 18 + size])
            at += 18 + size
    except (IndexError, ValueError, struct.error) as exc:
        raise DecryptionError("truncated or malformed sealed value") from exc
    return found, at


def recipient_ids(blob: bytes) -> set[uuid.UUID]:
    """The key ids a sealed value is sealed to (read from its header; nothing is opened)."""
    return set(_recipients(blob)[0])


def unseal(blob: bytes, key_id: uuid.UUID, private_key: bytes, aad: bytes) -> bytes:
    """Open with one recipient's private key; DecryptionError if it is not a recipient,
    or the blob was altered or moved."""
    found, at = _recipients(blob)
    if key_id not in found:
        raise DecryptionError("this key is not among the recipients")
    private = X25519PrivateKey.from_private_bytes(private_key)
    try:
        dek = SUITE.decrypt(found[key_id], private, info=INFO + aad)
        return AESGCM(dek).decrypt(blob[at : at + NONCE_BYTES], blob[at + NONCE_BYTES :], aad)
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError("the sealed value does not open") from exc


def new_secret() -> bytes:
    """A fresh random 256-bit key for `seal_under`."""
    return new_key(KEY_BYTES)


def seal_under(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Seal with a secret key (AES-256-GCM); the header is bound in the associated data."""
    nonce, header = os.urandom(NONCE_BYTES), SECRET_SEALED.header
    return header + nonce + AESGCM(key).encrypt(nonce, plaintext, header + aad)


def open_under(key: bytes, blob: bytes, aad: bytes) -> bytes:
    """Open what `seal_under` sealed, or the headerless legacy layout `nonce | ct+tag`.

    A legacy nonce is random, so one in 2^24 starts like a header: a blob that claims the
    header but does not open as such is tried as legacy too (AES-GCM authenticates either
    reading, so the wrong one cannot return a value)."""
    try:
        aead = AESGCM(key)
    except ValueError as exc:
        raise DecryptionError("not a usable key") from exc
    readings = []
    if SECRET_SEALED.claims(blob):
        version = blob[2]
        if version in SECRET_SEALED.readable:
            body = blob[HEADER_BYTES:]
            readings.append((body[:NONCE_BYTES], body[NONCE_BYTES:], bytes(blob[:3]) + aad))
    readings.append((blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad))
    for nonce, ciphertext, associated in readings:
        try:
            return aead.decrypt(bytes(nonce), bytes(ciphertext), associated)
        except (InvalidTag, ValueError):
            continue
    if SECRET_SEALED.claims(blob) and blob[2] not in SECRET_SEALED.readable:
        raise SECRET_SEALED.refusal(blob)
    raise DecryptionError("the value does not open under this key")
