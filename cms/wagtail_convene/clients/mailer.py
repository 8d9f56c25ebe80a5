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

    def never_mail(self, token: str, suppress: bool = True) -> dict:
        """Stop (or, `suppress=False`, allow again) every mail to the link's address."""
        return self.call(
            "POST",
            "/suppressions",
            self.token(roles=["cms"]),
            json={"token": token, "suppress": suppress},
        )

    def put_list(self, key: str, name: str, region: str = "", names: dict | None = None) -> dict:
        """Create or rename a list; `names` gives its name in other languages by code."""
        return self.call(
            "PUT",
            f"/lists/{key}",
            self.token(roles=["outreach"]),
            json={"name": name, "region": region, "names": names or {}},
        )


class OutreachClient(MailerClient):
    """The outreach screens' calls; each names the acting editor for the mailer's audit."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    @classmethod
    def for_user(cls, user):
        client = cls.from_settings()
        client.user = user
        return client

    def _call(self, method: str, url: str, **kwargs):
        return self.call(method, url, self.token(self.user, roles=["outreach"]), **kwargs)

    def lists(self) -> list:
        return self._call("GET", "/lists")

    def create_list(self, key: str, name: str, region: str, names: dict | None = None) -> dict:
        body = {"name": name, "region": region, "names": names or {}}
        return self._call("PUT", f"/lists/{key}", json=body)

    def imports(self, list_key: str | None = None) -> list:
        return self._call("GET", "/imports", params={"list": list_key} if list_key else {})

    def upload(self, fields: dict, name: str, content) -> dict:
        return self._call("POST", "/imports", data=fields, files={"file": (name, content)})

    def get_import(self, job_id: str) -> dict:
        return self._call("GET", f"/imports/{job_id}")

    def import_rows(self, job_id: str, offset: int, limit: int, outcomes=()) -> list:
        params = {"offset": offset, "limit": limit, "outcome": list(outcomes)}
        return self._call("GET", f"/imports/{job_id}/rows", params=params)

    def set_mapping(self, job_id: str, mapping: dict) -> dict:
        return self._call("PUT", f"/imports/{job_id}/mapping", json={"mapping": mapping})

    def templates(self) -> list:
        return self._call("GET", "/templates")

    def get_template(self, key: str) -> dict:
        return self._call("GET", f"/templates/{key}")

    def save_template(self, key: str, name: str, versions: dict) -> dict:
        return self._call("PUT", f"/templates/{key}", json={"name": name, "versions": versions})

    def preview(self, key: str, language: str) -> dict:
        return self._call("GET", f"/templates/{key}/preview", params={"language": language})

    def test_send(self, key: str, language: str, to: str) -> dict:
        return self._call("POST", f"/templates/{key}/test", json={"language": language, "to": to})

    def campaigns(self) -> list:
        return self._call("GET", "/campaigns")

    def create_campaign(self, body: dict) -> dict:
        return self._call("POST", "/campaigns", json=body)

    def get_campaign(self, campaign_id: str) -> dict:
        return self._call("GET", f"/campaigns/{campaign_id}")

    def campaign_action(self, campaign_id: str, action: str) -> dict:
        return self._call("POST", f"/campaigns/{campaign_id}/actions", json={"action": action})
