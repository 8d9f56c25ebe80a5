"""Client of the registration service."""

from __future__ import annotations

import httpx

from .. import conf
from .errors import ServiceRejected, ServiceUnavailable
from .tokens import ServiceTokens

AUDIENCE = "registration"


class RegistrationClient:
    """Calls the registration service; `transport` lets tests pass another transport."""

    def __init__(
        self,
        base_url: str,
        tokens: ServiceTokens,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ):
        self._http = httpx.Client(
            base_url=base_url,
            timeout=httpx.Timeout(timeout, connect=3.0),
            transport=transport or httpx.HTTPTransport(retries=2),
            headers={"User-Agent": "convene-cms"},
        )
        self._tokens = tokens

    @classmethod
    def from_settings(cls) -> RegistrationClient:
        return cls(
            conf.registration_url(), ServiceTokens(conf.service_secret()), conf.service_timeout()
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _call(self, method: str, url: str, token: str, **kwargs) -> dict | list:
        headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
        try:
            response = self._http.request(method, url, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            raise ServiceUnavailable("the registration service could not be reached") from exc
        if response.status_code >= 500:
            raise ServiceUnavailable("the registration service failed")
        if response.status_code >= 400:
            body = _json(response)
            errors = body.get("errors") or {}
            raise ServiceRejected(
                response.status_code, body.get("message", ""), errors.get("json", errors)
            )
        return response.json()

    def put_event(self, key: str, settings: dict) -> dict:
        token = self._tokens.mint(AUDIENCE, roles=["cms"])
        return self._call("PUT", f"/events/{key}", token, json=settings)

    def register(self, data: dict, idempotency_key: str) -> dict:
        token = self._tokens.mint(AUDIENCE, roles=["cms"])
        return self._call(
            "POST", "/registrations", token, json=data, headers={"Idempotency-Key": idempotency_key}
        )

    def list_registrations(self, user, regions, **filters) -> list:
        token = self._tokens.mint(AUDIENCE, user=user, roles=["secretariat"], regions=regions)
        params = {k: v for k, v in filters.items() if v}
        return self._call("GET", "/registrations", token, params=params)


def _json(response: httpx.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
