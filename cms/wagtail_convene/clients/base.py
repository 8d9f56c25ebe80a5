"""What every service client shares: timeouts, retries on connection errors, tokens, errors."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

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

    def stream_text(self, method: str, url: str, token: str, params: dict) -> Streamed:
        """The body as text, chunk by chunk as it arrives. The client's read timeout bounds
        the wait for each chunk, never the whole body: a long export that keeps sending
        is never cut off. Refusals and failures before the first chunk raise here, as
        `call` does; close the answer (or read it to the end) to free the connection."""
        response = self._send(method, url, token, params=params, stream=True)
        return Streamed(self._chunks(response), [response.close])

    def _chunks(self, response: httpx.Response) -> Iterator[str]:
        try:
            yield from response.iter_text()
        except httpx.HTTPError as exc:
            raise ServiceUnavailable(f"the {self.audience} service stopped answering") from exc
        finally:
            response.close()

    def _send(self, method: str, url: str, token: str, stream=False, **kwargs) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
        try:
            request = self._http.build_request(method, url, headers=headers, **kwargs)
            response = self._http.send(request, stream=stream)
            if stream and response.status_code >= 400:
                response.read()  # the error payload, then the connection is free
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


class Streamed:
    """An answer's chunks, and what to close when whoever reads them is done: Django's
    `StreamingHttpResponse` calls `close` when it closes the response, even if the
    download was abandoned before the first chunk."""

    def __init__(self, chunks: Iterable[str], closers: list[Callable[[], None]]):
        self._chunks = iter(chunks)
        self._closers = closers

    def __iter__(self) -> Iterator[str]:
        return self._chunks

    def map(self, function: Callable[[Iterable[str]], Iterable[str]]) -> Streamed:
        """The same answer with its chunks passed through `function`."""
        return Streamed(function(self._chunks), [self.close])

    def also_close(self, closer: Callable[[], None]) -> Streamed:
        self._closers.append(closer)
        return self

    def close(self) -> None:
        closers, self._closers = self._closers, []
        try:
            while closers:
                closers.pop(0)()
        finally:
            for closer in closers:  # one failed: the others still run
                closer()


def _json(response: httpx.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
