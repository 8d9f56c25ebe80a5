"""KMSKeyring against a real moto_server process."""

import pytest

from services.common.crypto import DecryptionError, Envelope, KMSKeyring, associated_data

AAD = associated_data("registrations", "email_enc", "row-1")


@pytest.fixture
def kms(moto):
    return moto.client("kms")


def new_key(kms) -> str:
    return kms.create_key(Description="convene test")["KeyMetadata"]["Arn"]


def test_round_trip_and_context_binding(kms):
    envelope = Envelope(KMSKeyring(kms, new_key(kms)))
    blob = envelope.seal("amina@example.org", AAD)
    assert b"amina" not in blob
    assert envelope.open(blob, AAD) == "amina@example.org"
    with pytest.raises(DecryptionError):
        envelope.open(blob, associated_data("registrations", "email_enc", "row-2"))


def test_rotation_to_a_new_kms_key(kms):
    first, second = new_key(kms), new_key(kms)
    old = Envelope(KMSKeyring(kms, first)).seal("before", AAD)
    rotated = Envelope(KMSKeyring(kms, second))
    assert rotated.open(old, AAD) == "before"
    moved = rotated.rewrap(old, AAD)
    assert rotated.key_id_of(moved) == second
    assert rotated.key_id_of(old) == first
    assert rotated.open(moved, AAD) == "before"


def test_from_config_builds_a_client_for_the_endpoint(moto, kms, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    keyring = KMSKeyring.from_config(new_key(kms), "eu-west-1", endpoint_url=moto.url)
    envelope = Envelope(keyring)
    assert envelope.open(envelope.seal("x", AAD), AAD) == "x"
