"""The CMS's sealed fields follow the services' header convention (issue 16, path 6), and
values sealed before it still open."""

import os

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from services.common.crypto.headers import CMS_FIELD, FORMATS
from wagtail_convene import conf
from wagtail_convene.sealing import SealError, seal, unseal

CONTEXT = "submission:42:submitter_email"


def test_a_sealed_field_starts_with_the_header_reserved_for_it():
    blob = seal("canary@example.org", CONTEXT)
    assert blob[:3] == CMS_FIELD.header == b"CF\x01"
    assert [f.magic for f in FORMATS].count(b"CF") == 1  # no service format takes it
    assert unseal(blob, CONTEXT) == "canary@example.org"
    with pytest.raises(SealError):
        unseal(blob, "submission:43:submitter_email")


def test_a_field_sealed_before_the_header_convention_still_opens():
    nonce = os.urandom(12)
    old = (
        b"\x01"
        + nonce
        + AESGCM(conf.field_key()).encrypt(nonce, b"old@example.org", CONTEXT.encode())
    )
    assert unseal(old, CONTEXT) == "old@example.org"


def test_an_unknown_version_or_format_is_refused_by_name():
    blob = bytearray(seal("canary@example.org", CONTEXT))
    blob[2] = 7
    with pytest.raises(SealError, match="version 7"):
        unseal(bytes(blob), CONTEXT)
    with pytest.raises(SealError, match="unknown format"):
        unseal(b"XY\x01" + bytes(blob[3:]), CONTEXT)
