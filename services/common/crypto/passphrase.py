"""Secrets kept under something a person knows: a reviewer's passphrase or a reporter's
receipt code; and the slow keyed hash a receipt code is found by.

scrypt (n=2^15, r=8, p=1: about 0.1 s and 32 MiB) derives an AES-256-GCM key. The
parameters travel with each wrapped secret, so they can rise later and a value wrapped
with other parameters (tests wrap with cheap ones) still opens. Layout (header `PW`,
version 1), the whole header being part of the associated data::

    b"PW" | 0x01 | salt:16 | n:u32 | r:u8 | p:u8 | nonce:12 | ct+tag

Before the header convention the layout was the same without its first three bytes (the
associated data then covered salt and parameters). `unwrap` still reads it: a blob that
does not start with the header is legacy, and since a legacy salt is random, one that
does but fails to open is tried as legacy too when its parameters are plausible.

The slow hash (`slow_hash`) is stored without parameters and looked up by equality:
`HASH_PARAMS` can never change without re-hashing every receipt code.

Tests swap `WRAP_PARAMS` and `HASH_PARAMS` for cheap ones (a fixture in
`tests/services/conftest.py`); `STRONG` is what production uses, and a test reads this
file's own values to prove it.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from .errors import DecryptionError
from .headers import HEADER_BYTES, PASSPHRASE

SALT_BYTES, NONCE_BYTES = 16, 12
_PARAMS = struct.Struct(">IBB")
_LEGACY_HEADER = SALT_BYTES + _PARAMS.size  # 22


@dataclass(frozen=True)
class Params:
    """scrypt's cost: n (CPU and memory, a power of two), r (block size), p (parallelism)."""

    n: int
    r: int
    p: int

    def plausible(self) -> bool:
        """Within what this code will spend on a blob from storage (at most 1 GiB)."""
        return (
            2 <= self.n <= 2**20
            and self.n & (self.n - 1) == 0
            and 1 <= self.r <= 32
            and 1 <= self.p <= 16
            and 128 * self.n * self.r <= 2**30
        )


STRONG = Params(n=2**15, r=8, p=1)
WRAP_PARAMS = STRONG  # what `wrap` uses and records in the blob
HASH_PARAMS = STRONG  # what `slow_hash` uses; frozen, see above


def derive(secret: str, salt: bytes, params: Params) -> bytes:
    """A 256-bit key from a secret a person knows."""
    scrypt = Scrypt(salt=salt, length=32, n=params.n, r=params.r, p=params.p)
    return scrypt.derive(secret.encode())


def slow_hash(secret: str, salt: bytes) -> bytes:
    """scrypt of `secret`, keyed by `salt` (a pepper kept out of the database)."""
    return derive(secret, salt, HASH_PARAMS)


def equal_work(secret: str) -> None:
    """As much work as `unwrap` at today's parameters, for a secret that opens nothing
    (a wrong code takes as long as a right one)."""
    derive(secret, b"\0" * SALT_BYTES, WRAP_PARAMS)


def wrap(payload: bytes, secret: str, aad: bytes) -> bytes:
    """Encrypt `payload` under a key derived from `secret`, bound to `aad`."""
    params = WRAP_PARAMS
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    header = PASSPHRASE.header + salt + _PARAMS.pack(params.n, params.r, params.p)
    key = derive(secret, salt, params)
    return header + nonce + AESGCM(key).encrypt(nonce, payload, aad + header)


def _open(blob: bytes, secret: str, aad: bytes, start: int) -> bytes:
    """Open the layout whose salt starts at `start` (3 with the header, 0 legacy)."""
    header_end = start + _LEGACY_HEADER
    salt = bytes(blob[start : start + SALT_BYTES])
    try:
        params = Params(*_PARAMS.unpack(blob[start + SALT_BYTES : header_end]))
    except struct.error as exc:
        raise DecryptionError("truncated passphrase-wrapped secret") from exc
    if not params.plausible():
        raise DecryptionError("not a passphrase-wrapped secret")
    header = bytes(blob[:header_end])
    nonce, body = blob[header_end : header_end + NONCE_BYTES], blob[header_end + NONCE_BYTES :]
    key = derive(secret, salt, params)
    try:
        return AESGCM(key).decrypt(bytes(nonce), bytes(body), aad + header)
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError("wrong passphrase or altered key") from exc


def unwrap(blob: bytes, secret: str, aad: bytes) -> bytes:
    """The payload `wrap` wrapped (or the legacy layout); DecryptionError otherwise."""
    if not PASSPHRASE.claims(blob):
        return _open(blob, secret, aad, 0)
    if blob[2] in PASSPHRASE.readable:
        try:
            return _open(blob, secret, aad, HEADER_BYTES)
        except DecryptionError:
            if not _legacy_plausible(blob):
                raise
            return _open(blob, secret, aad, 0)
    if _legacy_plausible(blob):
        try:
            return _open(blob, secret, aad, 0)
        except DecryptionError:
            pass
    raise PASSPHRASE.refusal(blob)


def _legacy_plausible(blob: bytes) -> bool:
    try:
        params = Params(*_PARAMS.unpack(blob[SALT_BYTES:_LEGACY_HEADER]))
    except struct.error:
        return False
    return params.plausible()
