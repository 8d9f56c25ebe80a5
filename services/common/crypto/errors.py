"""The crypto package's exceptions: one root, and messages that never carry plaintext."""

from __future__ import annotations

from ..errors import ConveneError


class CryptoError(ConveneError):
    """Root of every crypto failure; messages never carry plaintext."""


class DecryptionError(CryptoError):
    """The blob was tampered with, moved to another row/column, or its key is gone."""


class UnknownFormat(DecryptionError):
    """A blob whose header names a format or version this code does not read."""


class InvalidToken(DecryptionError):
    """A link token that is malformed, altered, or signed with another key."""


class KeyringError(CryptoError):
    """A key-encryption key is missing or unusable."""
