"""Client of the registration service."""

from __future__ import annotations

from .. import conf
from .base import ServiceClient


class RegistrationClient(ServiceClient):
    audience = "registration"
    base_url_setting = staticmethod(conf.registration_url)

    def put_event(self, key: str, settings: dict) -> dict:
        return self.call("PUT", f"/events/{key}", self.token(roles=["cms"]), json=settings)

    def register(self, data: dict, idempotency_key: str) -> dict:
        return self.call(
            "POST",
            "/registrations",
            self.token(roles=["cms"]),
            json=data,
            headers={"Idempotency-Key": idempotency_key},
        )

    def list_registrations(self, user, regions, **filters) -> list:
        token = self.token(user=user, roles=["secretariat"], regions=regions)
        params = {k: v for k, v in filters.items() if v}
        return self.call("GET", "/registrations", token, params=params)
