"""Client of the grievance service: the public reporting pages and the intake screens."""

from __future__ import annotations

import base64

from .. import conf
from .base import ServiceClient

UNLOCK = "X-Desk-Unlock"


def encoded(files) -> list[str]:
    return [base64.b64encode(f.read()).decode() for f in files]


class GrievanceClient(ServiceClient):
    audience = "grievance"
    base_url_setting = staticmethod(conf.grievance_url)

    # -- the reporting pages (no user; the code travels in bodies, never in URLs) --

    def _public(self, method: str, path: str, **kwargs):
        return self.call(method, path, self.token(roles=["cms"]), **kwargs)

    def report(self, kind: str, data: dict) -> dict:
        """`grievances` or `reprisals`; the answer holds the receipt code."""
        return self._public("POST", f"/{kind}", json=data)

    def follow_up(self, step: str, code: str, **body) -> dict:
        """`access`, `reply`, `evidence` or `consent`."""
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
