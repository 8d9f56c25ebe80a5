"""Every resource needs a valid, unexpired token addressed to this service."""

import time

import jwt

from services.common.auth import TokenIssuer, new_signing_key

from ..conftest import SIGNING_KEYS, bearer
from .conftest import make_registration


def test_health_and_openapi_are_public(client):
    assert client.get("/health").get_json() == {"status": "ok", "service": "registration"}
    spec = client.get("/openapi.json").get_json()
    assert "/registrations" in spec["paths"] and "/events/{key}" in spec["paths"]


def test_missing_token_is_401_before_the_body_is_read(client):
    response = client.post("/registrations", json=make_registration())
    assert response.status_code == 401
    assert response.get_json()["message"] == "a service token is required"


def test_expired_token_is_401(client):
    now = int(time.time())
    token = jwt.encode(
        {
            "iss": "cms",
            "aud": "registration",
            "sub": "cms",
            "iat": now - 120,
            "exp": now - 60,
            "jti": "x",
        },
        TokenIssuer(SIGNING_KEYS["cms"], "cms")._key,
        algorithm="EdDSA",
        headers={"kid": "cms"},
    )
    response = client.get("/events/ev-1", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert "expired" in response.get_json()["message"]


def test_wrong_audience_or_secret_or_issuer_is_401(client):
    for headers in (
        bearer("mailer", roles=["cms"]),
        bearer("registration", key=new_signing_key(), roles=["cms"]),
        bearer("registration", issuer="stranger", key=new_signing_key(), roles=["cms"]),
        # Another part's genuine key, claiming to be the CMS or speaking as itself.
        bearer("registration", issuer="cms", key=SIGNING_KEYS["grievance"], roles=["cms"]),
        bearer("registration", issuer="grievance", roles=["cms"]),
    ):
        assert client.get("/events/ev-1", headers=headers).status_code == 401
