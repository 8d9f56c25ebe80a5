"""One versioned header on everything the crypto package writes; older layouts still open;
scrypt is cheap in tests and strong in production (issue 16, path 6)."""

import base64
import importlib.util
import os
import struct
import sys
import uuid

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from services.common.crypto import (
    DecryptionError,
    Envelope,
    LocalKeyring,
    UnknownFormat,
    associated_data,
    passphrase,
    sealing,
    tokens,
)
from services.common.crypto.headers import FORMATS, HEADER_BYTES

AAD = associated_data("cases", "report_enc", "row-1")
KEY = os.urandom(32)


def written_by_each_format(tmp_path) -> dict[bytes, bytes]:
    LocalKeyring.add_key(tmp_path)
    private, public = sealing.new_key_pair()
    desk = sealing.Recipient(uuid.uuid4(), public)
    token = tokens.sign(KEY, b"b" * 20)
    return {
        b"CV": Envelope(LocalKeyring.from_dir(tmp_path)).seal("value", AAD),
        b"SL": sealing.seal(b"value", [desk], AAD),
        b"SK": sealing.seal_under(sealing.new_secret(), b"value", AAD),
        b"PW": passphrase.wrap(b"value", "a long passphrase", AAD),
        b"LT": base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)),
    }


def test_every_format_starts_with_its_own_header_defined_in_one_place(tmp_path):
    magics = [f.magic for f in FORMATS]
    assert len(set(magics)) == len(magics) and all(len(m) == 2 for m in magics)
    written = written_by_each_format(tmp_path)
    headers = {f.magic: f.header for f in FORMATS}
    for magic, blob in written.items():
        assert blob[:HEADER_BYTES] == headers[magic], magic


def test_an_unknown_version_is_refused_with_its_name(tmp_path):
    written = written_by_each_format(tmp_path)
    secret = sealing.new_secret()
    opens = {
        b"CV": lambda b: Envelope(LocalKeyring.from_dir(tmp_path)).open(b, AAD),
        b"SL": lambda b: sealing.unseal(b, uuid.uuid4(), os.urandom(32), AAD),
        b"SK": lambda b: sealing.open_under(secret, b, AAD),
        b"PW": lambda b: passphrase.unwrap(b, "a long passphrase", AAD),
        b"LT": lambda b: tokens.verify(KEY, base64.urlsafe_b64encode(b).decode(), 20),
    }
    for magic, blob in written.items():
        future = blob[:2] + bytes([9]) + blob[3:]
        with pytest.raises(UnknownFormat, match="version 9 is unknown"):
            opens[magic](future)


def old_passphrase_wrap(payload: bytes, secret: str, aad: bytes, salt: bytes) -> bytes:
    """What services/grievance/passphrases.py wrote before the header (n=2^15, r=8, p=1)."""
    nonce = os.urandom(12)
    key = Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(secret.encode())
    header = salt + struct.pack(">IBB", 2**15, 8, 1)
    return header + nonce + AESGCM(key).encrypt(nonce, payload, aad + header)


def test_a_key_wrapped_by_the_old_passphrase_code_still_opens():
    old = old_passphrase_wrap(b"desk private key", "a long passphrase", AAD, os.urandom(16))
    assert passphrase.unwrap(old, "a long passphrase", AAD) == b"desk private key"
    with pytest.raises(DecryptionError):
        passphrase.unwrap(old, "another passphrase", AAD)
    # A random legacy salt may begin like the header; it opens all the same.
    lookalike = old_passphrase_wrap(b"k", "a long passphrase", AAD, b"PW\x01" + os.urandom(13))
    assert passphrase.unwrap(lookalike, "a long passphrase", AAD) == b"k"


def test_an_unlock_sealed_by_the_old_desk_code_still_opens():
    secret = sealing.new_secret()
    for nonce in (os.urandom(12), b"SK\x01" + os.urandom(9)):
        old = nonce + AESGCM(secret).encrypt(nonce, b'{"k": "v"}', b"unlock")
        assert sealing.open_under(secret, old, b"unlock") == b'{"k": "v"}'
        with pytest.raises(DecryptionError):
            sealing.open_under(sealing.new_secret(), old, b"unlock")


def test_a_header_moved_onto_another_layout_does_not_open():
    secret = sealing.new_secret()
    blob = sealing.seal_under(secret, b"value", b"unlock")
    with pytest.raises(DecryptionError):  # the header is in the associated data
        sealing.open_under(secret, blob[HEADER_BYTES:], b"unlock")
    wrapped = passphrase.wrap(b"value", "a long passphrase", AAD)
    with pytest.raises(DecryptionError):
        passphrase.unwrap(wrapped[HEADER_BYTES:], "a long passphrase", AAD)


def load_fresh_passphrase_module(monkeypatch):
    """passphrase.py as production imports it: the test fixture patches the loaded one."""
    name = "services.common.crypto._passphrase_as_shipped"
    spec = importlib.util.spec_from_file_location(name, passphrase.__file__)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_production_keeps_strong_scrypt_parameters_while_tests_run_cheap(monkeypatch):
    shipped = load_fresh_passphrase_module(monkeypatch)
    strong = shipped.Params(n=2**15, r=8, p=1)
    assert shipped.STRONG == strong
    assert shipped.WRAP_PARAMS == strong and shipped.HASH_PARAMS == strong
    assert passphrase.WRAP_PARAMS.n == passphrase.HASH_PARAMS.n == 2**10  # the fixture
    blob = shipped.wrap(b"value", "a long passphrase", AAD)
    assert struct.unpack(">IBB", blob[19:25]) == (2**15, 8, 1)  # recorded in the header


def test_a_key_wrapped_with_cheap_parameters_opens_whatever_the_current_ones(monkeypatch):
    cheap = passphrase.wrap(b"value", "a long passphrase", AAD)
    assert struct.unpack(">IBB", cheap[19:25]) == (2**10, 8, 1)
    monkeypatch.setattr(passphrase, "WRAP_PARAMS", passphrase.STRONG)
    assert passphrase.unwrap(cheap, "a long passphrase", AAD) == b"value"


def test_parameters_beyond_reason_are_refused_before_any_work():
    blob = bytearray(passphrase.wrap(b"value", "a long passphrase", AAD))
    blob[19:23] = struct.pack(">I", 2**30)
    with pytest.raises(DecryptionError):
        passphrase.unwrap(bytes(blob), "a long passphrase", AAD)


def test_a_sealed_value_names_its_recipients_and_opens_for_each():
    keys = [sealing.new_key_pair() for _ in range(2)]
    recipients = [sealing.Recipient(uuid.uuid4(), public) for _, public in keys]
    blob = sealing.seal(b"value", recipients, AAD)
    assert sealing.recipient_ids(blob) == {r.key_id for r in recipients}
    for recipient, (private, _) in zip(recipients, keys, strict=True):
        assert sealing.unseal(blob, recipient.key_id, private, AAD) == b"value"
    with pytest.raises(DecryptionError):
        sealing.unseal(blob[:30], recipients[0].key_id, keys[0][0], AAD)
