"""Blind index: equal after normalising, different across scopes, own key."""

import os

import pytest

from services.common.config import ConfigError, CryptoConfig
from services.common.crypto import BlindIndex, KeyringError, LocalKeyring


def test_same_value_same_digest_after_normalising():
    index = BlindIndex(os.urandom(32))
    assert index.digest(" Amina@Example.ORG ", "ev-1") == index.digest("amina@example.org", "ev-1")
    assert index.digest("ｆｕｌｌ@example.org", "ev-1") == index.digest("full@example.org", "ev-1")
    assert index.matches("AMINA@example.org", "ev-1", index.digest("amina@example.org", "ev-1"))


def test_scope_and_key_change_the_digest():
    index = BlindIndex(os.urandom(32))
    assert index.digest("a@example.org", "ev-1") != index.digest("a@example.org", "ev-2")
    assert BlindIndex(os.urandom(32)).digest("a@example.org", "ev-1") != index.digest(
        "a@example.org", "ev-1"
    )
    assert "a@example.org" not in index.digest("a@example.org", "ev-1")


def test_short_keys_are_refused():
    with pytest.raises(KeyringError):
        BlindIndex(b"short")


def test_index_key_must_differ_from_the_encryption_key(tmp_path):
    LocalKeyring.add_key(tmp_path)
    kek = (tmp_path / "kek-1.key").read_bytes()
    same = CryptoConfig(keyring="local", key_dir=tmp_path, blind_index_key=kek)
    with pytest.raises(ConfigError):
        same.build()
    envelope, index = CryptoConfig(
        keyring="local", key_dir=tmp_path, blind_index_key=os.urandom(32)
    ).build()
    assert index.differs_from(envelope.keyring.key_material())
