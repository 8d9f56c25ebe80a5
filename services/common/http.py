"""An httpx client factory for calls between services.

Timeouts are always set; connection failures are retried by the transport (safe:
nothing was sent); a fresh short-lived token is attached to every request.
"""

from __future__ import annotations

import httpx

from .auth import TokenIssuer

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=3.0)


class _ServiceAuth(httpx.Auth):
    def __init__(self, issuer: TokenIssuer, audience: str):
        self._issuer = issuer
        self._audience = audience

    def auth_flow(self, request):
        request.headers["Authorization"] = f"Bearer {self._issuer.issue(self._audience)}"
        yield request


def service_client(
    base_url: str,
    issuer: TokenIssuer,
    audience: str,
    retries: int = 3,
    timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    transport: httpx.BaseTransport | None = None,
) -> httpx.Client:
    """A client for one service; `transport` lets tests pass a WSGI transport."""
    return httpx.Client(
        base_url=base_url,
        auth=_ServiceAuth(issuer, audience),
        timeout=timeout,
        transport=transport or httpx.HTTPTransport(retries=retries),
        headers={"User-Agent": f"convene-{issuer.issuer}"},
    )
