"""Client of the grievance service: the public reporting pages and the intake screens."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import httpx

from .. import conf
from .base import ServiceClient

UNLOCK = "X-Desk-Unlock"
CHUNK = 3 * 64 * 1024  # a multiple of 3: the chunks' base64 joins into the file's


def with_evidence(fields: dict, files) -> tuple[int, Iterator[bytes]]:
    """(length, body): `fields` as JSON with `evidence`, the files base64-encoded as
    the body is sent. Five files of 10 MB make 67 MB of JSON; built whole it would
    cost that three times over (the strings, the text, its bytes) beside the files."""
    head = json.dumps({**fields, "evidence": []}).encode()
    head = head[: -len(b"]}")]  # ... "evidence": [
    sizes = [f.size for f in files]
    length = len(head) + sum(2 + 4 * -(-size // 3) for size in sizes)
    length += max(len(sizes) - 1, 0) + len(b"]}")

    def body() -> Iterator[bytes]:
        yield head
        for n, upload in enumerate(files):
            yield b',"' if n else b'"'
            upload.seek(0)
            while chunk := upload.read(CHUNK):
                yield base64.b64encode(chunk)
            yield b'"'
        yield b"]}"

    return length, body()


class GrievanceClient(ServiceClient):
    audience = "grievance"
    base_url_setting = staticmethod(conf.grievance_url)

    # -- the reporting pages (no user; the code travels in bodies, never in URLs) --

    def _public(self, method: str, path: str, **kwargs):
        return self.call(method, path, self.token(roles=["cms"]), **kwargs)

    def _with_evidence(self, path: str, fields: dict, files) -> dict:
        length, body = with_evidence(fields, files)
        headers = {"Content-Type": "application/json", "Content-Length": str(length)}
        timeout = httpx.Timeout(conf.report_timeout(), connect=3.0)
        return self._public("POST", path, content=body, headers=headers, timeout=timeout)

    def report(self, kind: str, data: dict, evidence=()) -> dict:
        """`grievances` or `reprisals` with its evidence files (uploaded files, sent as
        they are read); the answer holds the receipt code."""
        return self._with_evidence(f"/{kind}", data, list(evidence))

    def follow_up(self, step: str, code: str, **body) -> dict:
        """`access`, `reply`, `evidence` (`evidence=` uploaded files) or `consent`."""
        if step == "evidence":
            return self._with_evidence("/cases/evidence", {"code": code}, body["evidence"])
        return self._public("POST", f"/cases/{step}", json={"code": code, **body})

    def figures(self, year: int, region: str) -> dict:
        return self._public("GET", "/figures", params={"year": year, "region": region})

    # -- the intake screens, naming the reviewer, their role and their regions --

    def staff(self, method: str, path: str, user, regions, role: str, unlock=None, **kwargs):
        """A call naming the reviewer, their role and regions (and the desk's unlock);
        JSON answers as data, others (evidence files) as the response."""
        token = self.token(user=user, roles=[role], regions=regions)
        headers = {UNLOCK: unlock} if unlock else {}
        response = self._send(method, path, token, headers=headers, **kwargs)
        if response.status_code == 204 or not response.content:
            return {}  # "done, nothing to say" (locking the desk), whatever its content type
        if response.headers.get("content-type", "").startswith("application/json"):
            return response.json()
        return response
