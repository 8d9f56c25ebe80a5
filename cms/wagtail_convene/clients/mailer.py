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
