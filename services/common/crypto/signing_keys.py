"""The Ed25519 keys service tokens are signed with (`services.common.auth`, PyJWT EdDSA):
each part's private key is the 32-byte seed, configured as 64 hex digits; its public half
is what the parts that accept its tokens hold."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def new_signing_key() -> str:
    """A fresh Ed25519 private key, as the 64 hex digits of its seed."""
    return Ed25519PrivateKey.generate().private_bytes_raw().hex()


def private_key(signing_key: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(signing_key))


def public_key(public: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(bytes.fromhex(public))


def public_key_of(signing_key: str) -> str:
    """The public half of a signing key (hex), which the issuer's audiences hold."""
    return private_key(signing_key).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
