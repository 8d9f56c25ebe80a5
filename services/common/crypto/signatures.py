"""Signatures made by others that the services check: Amazon SNS signs each notification
with the RSA key of an X.509 certificate it publishes (PKCS#1 v1.5; SHA1 for signature
version 1, SHA256 for version 2, as SNS chooses)."""

from __future__ import annotations

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from .errors import CryptoError

# SignatureVersion 1 is SHA1 because that is what SNS signs with; 2 is SHA256.
DIGESTS = {"sha1": hashes.SHA1, "sha256": hashes.SHA256}


class BadSignature(CryptoError):
    """A signature that does not verify, or a certificate that cannot be read."""


def load_certificate(pem: bytes) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(pem)
    except ValueError as exc:
        raise BadSignature("not a PEM certificate") from exc


def verify_pkcs1(certificate: x509.Certificate, signature: bytes, message: bytes, digest: str):
    """Raise BadSignature unless `certificate`'s RSA key signed `message`."""
    try:
        certificate.public_key().verify(signature, message, padding.PKCS1v15(), DIGESTS[digest]())
    except (KeyError, TypeError, ValueError, InvalidSignature) as exc:
        raise BadSignature("the signature does not verify") from exc
