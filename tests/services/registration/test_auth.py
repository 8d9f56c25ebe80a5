"""Every resource needs a valid, unexpired token addressed to this service."""

import time

import jwt

from ..conftest import JWT_SECRET, bearer
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
        JWT_SECRET,
        algorithm="HS256",
    )
    response = client.get("/events/ev-1", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert "expired" in response.get_json()["message"]


def test_wrong_audience_or_secret_or_issuer_is_401(client):
    for headers in (
        bearer("mailer", roles=["cms"]),
        bearer("registration", secret="another-secret-0123456789abcdef0123", roles=["cms"]),
        bearer("registration", issuer="stranger", roles=["cms"]),
    ):
        assert client.get("/events/ev-1", headers=headers).status_code == 401
