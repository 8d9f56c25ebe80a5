"""Secrets kept under something a person knows: a reviewer's passphrase or a reporter's
receipt code. scrypt (n=2^15, r=8, p=1: about 0.1 s and 32 MiB) derives an AES-256-GCM
key; the salt and the parameters travel with the wrapped secret."""

from __future__ import annotations

import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from services.common.crypto import DecryptionError

N, R, P = 2**15, 8, 1


def derive(secret: str, salt: bytes, n: int = N, r: int = R, p: int = P) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(secret.encode())


def wrap(payload: bytes, secret: str, aad: bytes) -> bytes:
    """`salt:16 | n:u32 | r:u8 | p:u8 | nonce:12 | ct+tag`."""
    salt, nonce = os.urandom(16), os.urandom(12)
    key = derive(secret, salt)
    header = salt + struct.pack(">IBB", N, R, P)
    return header + nonce + AESGCM(key).encrypt(nonce, payload, aad + header)


def unwrap(blob: bytes, secret: str, aad: bytes) -> bytes:
    header, nonce, body = blob[:22], blob[22:34], blob[34:]
    n, r, p = struct.unpack(">IBB", header[16:])
    key = derive(secret, header[:16], n, r, p)
    try:
        return AESGCM(key).decrypt(nonce, body, aad + header)
    except InvalidTag as exc:
        raise DecryptionError("wrong passphrase or altered key") from exc
