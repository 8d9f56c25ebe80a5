"""Short-lived service tokens, signed with each issuer's own Ed25519 key (PyJWT, EdDSA).

A token names its issuer (the calling part, also its `kid`), its audience (the called
service), a unique id, and at most 60 seconds of life. Secretariat calls also carry the
acting user, their roles and their regions, which the called service enforces.

Each part holds only its own private key and the public keys of the parts it accepts, so
a part taken over can speak only as itself: the mailer cannot mint a `cms` token. A token
id is accepted once on a call that changes something (`services.common.token_uses`).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

import jwt

from .crypto.signing_keys import new_signing_key, private_key, public_key, public_key_of
from .errors import ConveneError

__all__ = ["AuthError", "Claims", "TokenIssuer", "TokenVerifier", "bearer"]
__all__ += ["new_signing_key", "public_key_of"]  # the keys, for configuration and tests

MAX_TTL = 60
ALGORITHM = "EdDSA"


class AuthError(ConveneError):
    """The token is missing, malformed, expired, replayed, or not meant for this service."""


@dataclass(frozen=True)
class Claims:
    """What a verified token says about the caller."""

    issuer: str
    subject: str
    roles: frozenset[str] = field(default_factory=frozenset)
    regions: frozenset[str] = field(default_factory=frozenset)
    token_id: str = ""
    expires: int = 0

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def may_see_region(self, region: str) -> bool:
        return region in self.regions


class TokenIssuer:
    """Mints tokens for one calling part, with that part's private key."""

    def __init__(self, signing_key: str, issuer: str, ttl: int = 30):
        if not 0 < ttl <= MAX_TTL:
            raise ValueError(f"token lifetime must be 1..{MAX_TTL} seconds")
        if not signing_key:
            raise AuthError(f"{issuer} has no signing key")
        self._key = private_key(signing_key)
        self.issuer = issuer
        self.ttl = ttl

    def issue(self, audience: str, subject: str | None = None, roles=(), regions=()) -> str:
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "aud": audience,
            "sub": subject or self.issuer,
            "iat": now,
            "exp": now + self.ttl,
            "jti": uuid.uuid4().hex,
            "roles": sorted(roles),
            "regions": sorted(regions),
        }
        return jwt.encode(payload, self._key, algorithm=ALGORITHM, headers={"kid": self.issuer})


class TokenVerifier:
    """Checks tokens addressed to one service, each against its issuer's public key."""

    CACHE_SIZE = 1024

    def __init__(self, public_keys: Mapping[str, str], audience: str):
        self._keys = {issuer: public_key(key) for issuer, key in public_keys.items()}
        self.audience = audience
        self.issuers = frozenset(self._keys)
        # A caller may reuse a token for reads during its short life: the signature is
        # checked once, the expiry on every use.
        self._verified: dict[str, Claims] = {}

    def verify(self, token: str | None) -> Claims:
        if not token:
            raise AuthError("a service token is required")
        cached = self._verified.get(token)
        if cached is not None and cached.expires > time.time():
            return cached
        claims = self._verify(token)
        if len(self._verified) >= self.CACHE_SIZE:
            self._verified.clear()
        self._verified[token] = claims
        return claims

    def _verify(self, token: str) -> Claims:
        try:
            issuer = jwt.get_unverified_header(token).get("kid")
            key = self._keys.get(issuer) if isinstance(issuer, str) else None
            if key is None:
                raise AuthError("the service token comes from an unknown issuer")
            payload = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=issuer,
                options={"require": ["iss", "aud", "exp", "iat", "jti", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise AuthError("the service token has expired") from exc
        except jwt.InvalidAudienceError as exc:
            raise AuthError("the service token is not meant for this service") from exc
        except jwt.PyJWTError as exc:
            raise AuthError("the service token is invalid") from exc
        if payload["exp"] - payload["iat"] > MAX_TTL:
            raise AuthError("the service token lives too long")
        return Claims(
            issuer=payload["iss"],
            subject=str(payload["sub"]),
            roles=frozenset(payload.get("roles", ())),
            regions=frozenset(payload.get("regions", ())),
            token_id=str(payload["jti"]),
            expires=int(payload["exp"]),
        )


def bearer(header: str | None) -> str | None:
    """The token in an `Authorization: Bearer ...` header, or None."""
    if header and header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None
