"""Envelope encryption: round trip, tampering, swapping, rotation."""

import os

import pytest

from services.common.crypto import (
    DecryptionError,
    Envelope,
    KeyringError,
    LocalKeyring,
    Sealed,
    associated_data,
)


@pytest.fixture
def key_dir(tmp_path):
    LocalKeyring.add_key(tmp_path)
    return tmp_path


@pytest.fixture
def envelope(key_dir):
    return Envelope(LocalKeyring.from_dir(key_dir))


AAD = associated_data("registrations", "email_enc", "row-1")


def test_round_trip_names_its_key_and_hides_the_plaintext(envelope):
    blob = envelope.seal("amina@example.org", AAD)
    assert b"amina" not in blob
    assert envelope.key_id_of(blob) == "kek-1"
    assert envelope.open(blob, AAD) == "amina@example.org"


def test_each_value_gets_its_own_data_key_and_nonce(envelope):
    blobs = [Sealed.parse(envelope.seal("same", AAD)) for _ in range(200)]
    assert len({b.wrapped for b in blobs}) == 200
    assert len({b.nonce for b in blobs}) == 200


@pytest.mark.parametrize("position", [0, 2, 10, 40, -1])
def test_any_flipped_byte_raises(envelope, position):
    blob = bytearray(envelope.seal("amina@example.org", AAD))
    blob[position] ^= 0x01
    with pytest.raises(DecryptionError):
        envelope.open(bytes(blob), AAD)


def test_truncated_blob_raises(envelope):
    blob = envelope.seal("amina@example.org", AAD)
    for cut in (1, 5, 20, len(blob) - 1):
        with pytest.raises(DecryptionError):
            envelope.open(blob[:cut], AAD)


def test_value_swapped_to_another_row_or_column_raises(envelope):
    blob = envelope.seal("amina@example.org", AAD)
    with pytest.raises(DecryptionError):
        envelope.open(blob, associated_data("registrations", "email_enc", "row-2"))
    with pytest.raises(DecryptionError):
        envelope.open(blob, associated_data("registrations", "name_enc", "row-1"))


def test_rotation_new_key_wraps_new_values_old_still_open_rewrap_moves(key_dir):
    old = Envelope(LocalKeyring.from_dir(key_dir)).seal("before", AAD)
    assert LocalKeyring.add_key(key_dir) == "kek-2"
    rotated = Envelope(LocalKeyring.from_dir(key_dir))
    new = rotated.seal("after", AAD)
    assert rotated.key_id_of(new) == "kek-2"
    assert rotated.open(old, AAD) == "before"
    moved = rotated.rewrap(old, AAD)
    assert rotated.key_id_of(moved) == "kek-2"
    assert rotated.open(moved, AAD) == "before"
    (key_dir / "kek-1.key").unlink()  # once everything is re-wrapped, the old key can go
    assert Envelope(LocalKeyring.from_dir(key_dir)).open(moved, AAD) == "before"
    with pytest.raises(DecryptionError):
        Envelope(LocalKeyring.from_dir(key_dir)).open(old, AAD)


def test_key_files_are_private_and_never_overwritten(key_dir):
    path = key_dir / "kek-1.key"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    before = path.read_bytes()
    LocalKeyring.add_key(key_dir)
    assert path.read_bytes() == before


def test_missing_or_bad_keys_fail_fast(tmp_path):
    with pytest.raises(KeyringError):
        LocalKeyring.from_dir(tmp_path)
    (tmp_path / "kek-1.key").write_bytes(os.urandom(16))
    with pytest.raises(KeyringError):
        LocalKeyring.from_dir(tmp_path)
