"""Client of the mailer service (transactional messages)."""

from __future__ import annotations

import httpx

from .. import conf
from .errors import ServiceRejected, ServiceUnavailable
from .tokens import ServiceTokens

AUDIENCE = "mailer"


class MailerClient:
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
        )
        self._tokens = tokens

    @classmethod
    def from_settings(cls) -> MailerClient:
        return cls(conf.mailer_url(), ServiceTokens(conf.service_secret()), conf.service_timeout())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._http.close()

    def send(self, template: str, language: str, to: str, context: dict, key: str) -> dict:
        """Queue one message; `key` makes a retry queue nothing new."""
        headers = {"Authorization": f"Bearer {self._tokens.mint(AUDIENCE)}", "Idempotency-Key": key}
        body = {"template": template, "language": language, "to": to, "context": context}
        try:
            response = self._http.post("/messages", json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise ServiceUnavailable("the mailer could not be reached") from exc
        if response.status_code >= 500:
            raise ServiceUnavailable("the mailer failed")
        if response.status_code >= 400:
            raise ServiceRejected(response.status_code, response.json().get("message", ""))
        return response.json()
