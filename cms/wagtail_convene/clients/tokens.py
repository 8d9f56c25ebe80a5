"""Short-lived JWTs the CMS sends to services, signed with the CMS's own Ed25519 key
(PyJWT, EdDSA; the services hold only its public half and verify the same claims)."""

import time
import uuid

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ISSUER = "cms"


class ServiceTokens:
    """Mints one token per call: issuer `cms`, at most 60 s of life, a unique id (a
    service accepts an id once on a call that changes something)."""

    def __init__(self, signing_key: str, ttl: int = 30):
        if not 0 < ttl <= 60:
            raise ValueError("token lifetime must be 1..60 seconds")
        self._key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(signing_key))
        self._ttl = ttl

    def mint(self, audience: str, user=None, roles=(), regions=()) -> str:
        now = int(time.time())
        payload = {
            "iss": ISSUER,
            "aud": audience,
            "sub": f"user:{user.pk}" if user is not None else ISSUER,
            "iat": now,
            "exp": now + self._ttl,
            "jti": uuid.uuid4().hex,
            "roles": sorted(roles),
            "regions": sorted(regions),
        }
        return jwt.encode(payload, self._key, algorithm="EdDSA", headers={"kid": ISSUER})
