"""Short-lived service tokens (PyJWT, HS256).

A token names its issuer (the calling part), its audience (the called service),
a unique id, and at most 60 seconds of life. Secretariat calls also carry the acting
user, their roles and their regions, which the called service enforces.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

import jwt

from .errors import ConveneError

MAX_TTL = 60
ALGORITHM = "HS256"


class AuthError(ConveneError):
    """The token is missing, malformed, expired, or not meant for this service."""


@dataclass(frozen=True)
class Claims:
    """What a verified token says about the caller."""

    issuer: str
    subject: str
    roles: frozenset[str] = field(default_factory=frozenset)
    regions: frozenset[str] = field(default_factory=frozenset)
    token_id: str = ""

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def may_see_region(self, region: str) -> bool:
        return region in self.regions


class TokenIssuer:
    """Mints tokens for one calling part."""

    def __init__(self, secret: str | bytes, issuer: str, ttl: int = 30):
        if not 0 < ttl <= MAX_TTL:
            raise ValueError(f"token lifetime must be 1..{MAX_TTL} seconds")
        self._secret = secret
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
        return jwt.encode(payload, self._secret, algorithm=ALGORITHM)


class TokenVerifier:
    """Checks tokens addressed to one service from a known set of issuers."""

    CACHE_SIZE = 1024

    def __init__(self, secret: str | bytes, audience: str, issuers: set[str] | frozenset[str]):
        self._secret = secret
        self.audience = audience
        self.issuers = frozenset(issuers)
        # A caller reuses its token for many requests during its short life: the
        # signature is checked once, the expiry on every use.
        self._verified: dict[str, tuple[int, Claims]] = {}

    def verify(self, token: str | None) -> Claims:
        if not token:
            raise AuthError("a service token is required")
        cached = self._verified.get(token)
        if cached is not None and cached[0] > time.time():
            return cached[1]
        claims, expires = self._verify(token)
        if len(self._verified) >= self.CACHE_SIZE:
            self._verified.clear()
        self._verified[token] = (expires, claims)
        return claims

    def _verify(self, token: str) -> tuple[Claims, int]:
        try:
            payload = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                audience=self.audience,
                options={"require": ["iss", "aud", "exp", "iat", "jti", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise AuthError("the service token has expired") from exc
        except jwt.InvalidAudienceError as exc:
            raise AuthError("the service token is not meant for this service") from exc
        except jwt.PyJWTError as exc:
            raise AuthError("the service token is invalid") from exc
        if payload["iss"] not in self.issuers:
            raise AuthError("the service token comes from an unknown issuer")
        if payload["exp"] - payload["iat"] > MAX_TTL:
            raise AuthError("the service token lives too long")
        claims = Claims(
            issuer=payload["iss"],
            subject=str(payload["sub"]),
            roles=frozenset(payload.get("roles", ())),
            regions=frozenset(payload.get("regions", ())),
            token_id=payload["jti"],
        )
        return claims, payload["exp"]


def bearer(header: str | None) -> str | None:
    """The token in an `Authorization: Bearer ...` header, or None."""
    if header and header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None
