"""Blind indexes: keyed hashes that find a sealed value again without opening it, and the
keys derived from the index key for other keyed-hash purposes (link tokens)."""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .errors import KeyringError
from .keyfiles import KEY_BYTES


def normalise(value: str) -> str:
    """What counts as "the same" value for look-ups: NFKC, trimmed, case-folded."""
    return unicodedata.normalize("NFKC", value).strip().casefold()


class BlindIndex:
    """HMAC-SHA256 over a normalised value, scoped by a context (e.g. the event key).

    The scope keeps a leaked table from linking one person across events.
    """

    def __init__(self, key: bytes):
        if len(key) < KEY_BYTES:
            raise KeyringError("the blind-index key must be at least 32 bytes")
        self._key = key
        self._derived: dict[bytes, bytes] = {}

    def digest(self, value: str, scope: str) -> str:
        message = scope.encode() + b"\x00" + normalise(value).encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def matches(self, value: str, scope: str, digest: str) -> bool:
        return hmac.compare_digest(self.digest(value, scope), digest)

    def derive_key(self, purpose: bytes) -> bytes:
        """A separate key for another keyed-hash purpose (HKDF-SHA256, labelled)."""
        if purpose not in self._derived:
            self._derived[purpose] = HKDF(
                algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"convene:" + purpose
            ).derive(self._key)
        return self._derived[purpose]

    def differs_from(self, keys: list[bytes]) -> bool:
        return all(not hmac.compare_digest(self._key, k) for k in keys)
