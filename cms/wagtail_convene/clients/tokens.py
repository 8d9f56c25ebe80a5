"""Short-lived JWTs the CMS sends to services (PyJWT; same claims the services verify)."""

import time
import uuid

import jwt

ISSUER = "cms"


class ServiceTokens:
    """Mints one token per call: issuer `cms`, at most 60 s of life, a unique id."""

    def __init__(self, secret: str, ttl: int = 30):
        if not 0 < ttl <= 60:
            raise ValueError("token lifetime must be 1..60 seconds")
        self._secret = secret
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
        return jwt.encode(payload, self._secret, algorithm="HS256")
