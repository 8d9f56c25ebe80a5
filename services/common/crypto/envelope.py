"""Envelope encryption: keyrings of key-encryption keys, and values sealed under them.

Every record gets a fresh AES-256-GCM data key (DEK). The DEK is wrapped by a
key-encryption key (KEK) from a keyring (`LocalKeyring` for a key file, `KMSKeyring`
for AWS KMS). The associated data names the table, column and row id, and it binds
both the wrapped DEK and the ciphertext, so a value copied to another row or column,
or altered by one bit, fails to open instead of returning the wrong plaintext.

Blob layout (header `CV`, version 1; see `headers`)::

    b"CV" | 0x01 | len(key_id):u8 | key_id | len(wrapped):u16 | wrapped | nonce:12 | ct+tag
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .errors import DecryptionError, KeyringError
from .headers import ENVELOPE, HEADER_BYTES
from .keyfiles import KEY_BYTES, new_key, write_secret_file

NONCE_BYTES = 12
# Part of the associated data of every value stored so far (envelope and desk-sealed
# alike): changing it would make all of them unopenable.
AAD_VERSION = 1


def associated_data(table: str, column: str, row_id: object) -> bytes:
    """The context a ciphertext is bound to: `table.column|row_id|v1`."""
    return f"{table}.{column}|{row_id}|v{AAD_VERSION}".encode()


class Keyring(Protocol):
    """Wraps and unwraps data keys with a key-encryption key it names by id."""

    @property
    def current_key_id(self) -> str: ...

    def wrap(self, dek: bytes, aad: bytes) -> tuple[str, bytes]: ...

    def unwrap(self, key_id: str, wrapped: bytes, aad: bytes) -> bytes: ...


class LocalKeyring:
    """Key-encryption keys kept as files `kek-<n>.key` (32 raw bytes, mode 0600).

    The highest-numbered key wraps new records; every older key still unwraps.
    """

    prefix = "kek-"

    def __init__(self, keys: dict[str, bytes], current: str):
        if current not in keys:
            raise KeyringError("the current key-encryption key is missing")
        self._keys = dict(keys)
        self._current = current
        self._aead = {key_id: AESGCM(key) for key_id, key in keys.items()}

    @classmethod
    def from_dir(cls, key_dir: Path | str) -> LocalKeyring:
        key_dir = Path(key_dir)
        keys = {path.stem: path.read_bytes() for path in sorted(key_dir.glob(f"{cls.prefix}*.key"))}
        if not keys:
            raise KeyringError(f"no key-encryption key in {key_dir}; run the keys command")
        for key_id, key in keys.items():
            if len(key) != KEY_BYTES:
                raise KeyringError(f"key {key_id} is not {KEY_BYTES} bytes")
        current = max(keys, key=lambda k: int(k.removeprefix(cls.prefix)))
        return cls(keys, current)

    @classmethod
    def add_key(cls, key_dir: Path | str) -> str:
        """Create the next key file; it wraps every new record from now on."""
        key_dir = Path(key_dir)
        key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        numbers = [int(p.stem.removeprefix(cls.prefix)) for p in key_dir.glob(f"{cls.prefix}*.key")]
        key_id = f"{cls.prefix}{max(numbers, default=0) + 1}"
        write_secret_file(key_dir / f"{key_id}.key", new_key())
        return key_id

    @property
    def current_key_id(self) -> str:
        return self._current

    def key_material(self) -> list[bytes]:
        """Every KEK's bytes, so callers can assert other keys differ from them."""
        return list(self._keys.values())

    def wrap(self, dek: bytes, aad: bytes) -> tuple[str, bytes]:
        nonce = os.urandom(NONCE_BYTES)
        return self._current, nonce + self._aead[self._current].encrypt(nonce, dek, aad)

    def unwrap(self, key_id: str, wrapped: bytes, aad: bytes) -> bytes:
        aead = self._aead.get(key_id)
        if aead is None:
            raise DecryptionError(f"key-encryption key {key_id} is not in the keyring")
        try:
            return aead.decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], aad)
        except InvalidTag as exc:
            raise DecryptionError("the data key does not open under this context") from exc


class KMSKeyring:
    """Data keys wrapped by AWS KMS. The client is passed in (tests use moto_server).

    The associated data travels as the KMS encryption context; it holds table,
    column and row id only, because KMS logs it in CloudTrail.
    """

    def __init__(self, client, key_id: str):
        self._client = client
        self._key_id = key_id

    @classmethod
    def from_config(cls, key_id: str, region: str, endpoint_url: str | None = None):
        import boto3

        client = boto3.client("kms", region_name=region, endpoint_url=endpoint_url)
        return cls(client, key_id)

    @property
    def current_key_id(self) -> str:
        return self._key_id

    def key_material(self) -> list[bytes]:
        return []  # never leaves KMS

    @staticmethod
    def _context(aad: bytes) -> dict[str, str]:
        return {"convene": aad.decode()}

    def wrap(self, dek: bytes, aad: bytes) -> tuple[str, bytes]:
        out = self._client.encrypt(
            KeyId=self._key_id, Plaintext=dek, EncryptionContext=self._context(aad)
        )
        return out["KeyId"], out["CiphertextBlob"]

    def unwrap(self, key_id: str, wrapped: bytes, aad: bytes) -> bytes:
        try:
            out = self._client.decrypt(
                KeyId=key_id, CiphertextBlob=wrapped, EncryptionContext=self._context(aad)
            )
        except self._client.exceptions.InvalidCiphertextException as exc:
            raise DecryptionError("KMS refused the data key under this context") from exc
        return out["Plaintext"]


@dataclass(frozen=True)
class Sealed:
    """A parsed blob; `key_id` tells which KEK wrapped its data key."""

    key_id: str
    wrapped: bytes
    nonce: bytes
    ciphertext: bytes

    def to_bytes(self) -> bytes:
        kid = self.key_id.encode()
        return b"".join(
            [
                ENVELOPE.header,
                bytes([len(kid)]),
                kid,
                struct.pack(">H", len(self.wrapped)),
                self.wrapped,
                self.nonce,
                self.ciphertext,
            ]
        )

    @classmethod
    def parse(cls, blob: bytes) -> Sealed:
        ENVELOPE.read(blob)
        try:
            kid_len = blob[HEADER_BYTES]
            pos = HEADER_BYTES + 1 + kid_len
            key_id = blob[HEADER_BYTES + 1 : pos].decode()
            (w_len,) = struct.unpack(">H", blob[pos : pos + 2])
            pos += 2
            wrapped = blob[pos : pos + w_len]
            pos += w_len
            nonce, ciphertext = blob[pos : pos + NONCE_BYTES], blob[pos + NONCE_BYTES :]
        except (IndexError, struct.error, UnicodeDecodeError) as exc:
            raise DecryptionError("truncated or malformed ciphertext") from exc
        if len(wrapped) != w_len or len(nonce) != NONCE_BYTES or len(ciphertext) < 16:
            raise DecryptionError("truncated or malformed ciphertext")
        return cls(key_id, wrapped, nonce, ciphertext)


class Envelope:
    """Seal and open values with a fresh data key per value."""

    def __init__(self, keyring: Keyring):
        self.keyring = keyring

    def seal(self, plaintext: str | bytes, aad: bytes) -> bytes:
        data = plaintext.encode() if isinstance(plaintext, str) else plaintext
        dek = AESGCM.generate_key(bit_length=256)
        nonce = os.urandom(NONCE_BYTES)
        ciphertext = AESGCM(dek).encrypt(nonce, data, aad)
        key_id, wrapped = self.keyring.wrap(dek, aad)
        return Sealed(key_id, wrapped, nonce, ciphertext).to_bytes()

    def open_bytes(self, blob: bytes, aad: bytes) -> bytes:
        sealed = Sealed.parse(blob)
        dek = self.keyring.unwrap(sealed.key_id, sealed.wrapped, aad)
        try:
            return AESGCM(dek).decrypt(sealed.nonce, sealed.ciphertext, aad)
        except InvalidTag as exc:
            raise DecryptionError("the value does not open under this context") from exc

    def open(self, blob: bytes, aad: bytes) -> str:
        return self.open_bytes(blob, aad).decode()

    def key_id_of(self, blob: bytes) -> str:
        return Sealed.parse(blob).key_id

    def rewrap(self, blob: bytes, aad: bytes) -> bytes:
        """Re-wrap the data key under the current KEK; the ciphertext is untouched."""
        sealed = Sealed.parse(blob)
        if sealed.key_id == self.keyring.current_key_id:
            return blob
        dek = self.keyring.unwrap(sealed.key_id, sealed.wrapped, aad)
        key_id, wrapped = self.keyring.wrap(dek, aad)
        return Sealed(key_id, wrapped, sealed.nonce, sealed.ciphertext).to_bytes()
