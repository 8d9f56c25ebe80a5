"""The services' cryptography, in one place: the only package that touches primitives.

`envelope`     keyrings (`LocalKeyring`, `KMSKeyring`) and envelope encryption
`blind_index`  keyed look-up digests, and keys derived for other keyed-hash purposes
`sealing`      values sealed to the desk's public keys (HPKE), or under a random secret key
`passphrase`   secrets wrapped under a passphrase or receipt code (scrypt), the slow hash
`tokens`       signed link tokens (HMAC, constant-time checks), bearer-token digests
`signatures`   others' signatures the services check (Amazon SNS)
`signing_keys` the Ed25519 keys each part signs its service tokens with
`headers`      the one header convention (`magic:2 | version:u8`) and every format's magic
`keyfiles`     random keys and key files

Defaults are ours (AES-256-GCM, X25519 HPKE, scrypt 2^15, HMAC-SHA256), separate keys
serve separate purposes, and every format written starts with a versioned header.
`tests/services/common/test_crypto_in_one_place.py` fails if a module elsewhere in
`services/` imports a primitive. The CMS plugin keeps its own small module
(`wagtail_convene.sealing`), because it must not import the services; it follows the same
header convention.
"""

from .blind_index import BlindIndex, normalise
from .envelope import (
    AAD_VERSION,
    NONCE_BYTES,
    Envelope,
    Keyring,
    KMSKeyring,
    LocalKeyring,
    Sealed,
    associated_data,
)
from .errors import CryptoError, DecryptionError, InvalidToken, KeyringError, UnknownFormat
from .keyfiles import KEY_BYTES, ensure_secret_file, new_key, write_secret_file

__all__ = [
    "AAD_VERSION",
    "KEY_BYTES",
    "NONCE_BYTES",
    "BlindIndex",
    "CryptoError",
    "DecryptionError",
    "Envelope",
    "InvalidToken",
    "KMSKeyring",
    "Keyring",
    "KeyringError",
    "LocalKeyring",
    "Sealed",
    "UnknownFormat",
    "associated_data",
    "ensure_secret_file",
    "new_key",
    "normalise",
    "write_secret_file",
]
