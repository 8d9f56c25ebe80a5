"""One header convention for everything the crypto package writes.

Every ciphertext, wrapped key and link token begins with a three-byte header::

    magic:2 (two ASCII letters naming the format) | version:u8 (the layout)

Opening reads the header first. A blob of another format, or of a version this code does
not read, is refused with `UnknownFormat` naming the format and the versions it reads, so
a value written by newer code fails loudly instead of being parsed as something else. A
new layout gets the next version number; the old one stays readable for as long as data
written with it may be stored. The header is authenticated: in the associated data or the
MAC of the formats that have more than one layout (`PW`, `SK`, `LT`); in `CV` and `SL`
version 1 is the only layout, so a changed header is refused.

Every format, and its magic, is listed here and nowhere else:

=====  ==========================================  ========  =====================
magic  what                                        versions  written by
=====  ==========================================  ========  =====================
CV     a value under envelope encryption           1         `envelope.Envelope`
SL     a value sealed to the desk's public keys    1         `sealing.seal`
SK     a value sealed under a random secret key    1         `sealing.seal_under`
PW     a secret wrapped under a passphrase         1         `passphrase.wrap`
LT     a link token (inside its base64url text)    1         `tokens.sign`
CF     a CMS field (reserved, see below)           1         `wagtail_convene.sealing`
=====  ==========================================  ========  =====================

`PW`, `SK` and `LT` were written without a header before this convention; their open
functions still read that legacy layout (see each module). `CF` belongs to the CMS
plugin, which must not import the services: its module keeps its own copy of this
convention (`cms/wagtail_convene/sealing.py`), and the magic is reserved here so that no
service format ever takes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import UnknownFormat

HEADER_BYTES = 3


@dataclass(frozen=True)
class Format:
    """A format's magic, its name for messages, the version written and those read."""

    magic: bytes
    name: str
    version: int
    readable: frozenset[int]

    @property
    def header(self) -> bytes:
        """The header new values of this format start with."""
        return self.magic + bytes([self.version])

    def claims(self, blob: bytes) -> bool:
        """Whether the blob starts with this format's magic (of any version)."""
        return bytes(blob[:2]) == self.magic and len(blob) >= HEADER_BYTES

    def read(self, blob: bytes) -> int:
        """The blob's version; UnknownFormat if it is not this format or not a version
        this code reads."""
        if not self.claims(blob) or blob[2] not in self.readable:
            raise self.refusal(blob)
        return blob[2]

    def refusal(self, blob: bytes) -> UnknownFormat:
        """The error naming why this code does not read the blob as this format."""
        if not self.claims(blob):
            return UnknownFormat(f"not a {self.name}")
        known = ", ".join(str(v) for v in sorted(self.readable))
        return UnknownFormat(
            f"{self.name} version {blob[2]} is unknown here (this code reads {known})"
        )


def _format(magic: bytes, name: str, version: int, *older: int) -> Format:
    return Format(magic, name, version, frozenset({version, *older}))


ENVELOPE = _format(b"CV", "envelope-encrypted value", 1)
SEALED = _format(b"SL", "value sealed to the desk", 1)
SECRET_SEALED = _format(b"SK", "value sealed under a secret key", 1)
PASSPHRASE = _format(b"PW", "passphrase-wrapped secret", 1)
TOKEN = _format(b"LT", "link token", 1)
CMS_FIELD = _format(b"CF", "CMS field (wagtail_convene.sealing)", 1)

FORMATS = (ENVELOPE, SEALED, SECRET_SEALED, PASSPHRASE, TOKEN, CMS_FIELD)
