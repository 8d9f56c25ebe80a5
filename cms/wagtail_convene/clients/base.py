"""What every service client shares: timeouts, retries on connection errors, tokens, errors."""

from __future__ import annotations

import httpx

from .. import conf
from .errors import ServiceRejected, ServiceUnavailable
from .tokens import ServiceTokens


class ServiceClient:
    """Base of the clients; subclasses name their `audience` and `base_url_setting`."""

    audience = ""
    base_url_setting = staticmethod(lambda: "")

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
    def from_settings(cls):
        return cls(
            cls.base_url_setting(), ServiceTokens(conf.signing_key()), conf.service_timeout()
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def token(self, user=None, roles=(), regions=()) -> str:
        return self._tokens.mint(self.audience, user=user, roles=roles, regions=regions)

    def audit_trail(self, user, roles, regions, **filters) -> dict:
        """One page of this service's audit trail (`GET /audit`), read as an auditor:
        filters `actor action object_type object_id from to region offset limit`."""
        params = {k: v for k, v in filters.items() if v not in (None, "")}
        token = self.token(user=user, roles=roles, regions=regions)
        return self.call("GET", "/audit", token, params=params)

    def call(self, method: str, url: str, token: str, **kwargs) -> dict | list:
        return self._send(method, url, token, **kwargs).json()

    def call_text(self, method: str, url: str, token: str, params: dict) -> str:
        return self._send(method, url, token, params=params).text

    def _send(self, method: str, url: str, token: str, **kwargs) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
        try:
            response = self._http.request(method, url, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            raise ServiceUnavailable(f"the {self.audience} service could not be reached") from exc
        if response.status_code >= 500:
            raise ServiceUnavailable(f"the {self.audience} service failed")
        if response.status_code >= 400:
            body = _json(response)
            errors = body.get("errors") or {}
            raise ServiceRejected(
                response.status_code, body.get("message", ""), errors.get("json", errors)
            )
        return response


def _json(response: httpx.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
