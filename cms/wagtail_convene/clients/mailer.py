"""Client of the mailer service (transactional messages)."""

from __future__ import annotations

from .. import conf
from .base import ServiceClient


class MailerClient(ServiceClient):
    audience = "mailer"
    base_url_setting = staticmethod(conf.mailer_url)

    def send(self, template: str, language: str, to: str, context: dict, key: str) -> dict:
        """Queue one message; `key` makes a retry queue nothing new."""
        body = {"template": template, "language": language, "to": to, "context": context}
        return self.call(
            "POST", "/messages", self.token(), json=body, headers={"Idempotency-Key": key}
        )

    def subscribe(self, data: dict) -> dict:
        return self.call("POST", "/subscriptions", self.token(roles=["cms"]), json=data)

    def confirm(self, token: str) -> dict:
        return self.call(
            "POST", "/subscriptions/confirm", self.token(roles=["cms"]), json={"token": token}
        )

    def unsubscribe(self, token: str, everything: bool) -> dict:
        return self.call(
            "POST",
            "/subscriptions/unsubscribe",
            self.token(roles=["cms"]),
            json={"token": token, "everything": everything},
        )

    def put_list(self, key: str, name: str, region: str = "") -> dict:
        return self.call(
            "PUT",
            f"/lists/{key}",
            self.token(roles=["outreach"]),
            json={"name": name, "region": region},
        )
