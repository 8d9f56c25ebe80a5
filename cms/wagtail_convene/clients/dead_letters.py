"""Dead letters, the same three calls on every service: list, requeue, discard.

Each service names the role that may make them: the secretariat (for the regions it is
given) on registration, the reprisal desk on grievance, outreach staff on the mailer.
"""

from __future__ import annotations

from .base import ServiceClient
from .grievance import GrievanceClient
from .mailer import MailerClient
from .registration import RegistrationClient

# service -> (client class, role the service asks for)
SERVICES: dict[str, tuple[type[ServiceClient], str]] = {
    "registration": (RegistrationClient, "secretariat"),
    "grievance": (GrievanceClient, "reprisal_desk"),
    "mailer": (MailerClient, "outreach"),
}


class DeadLetters:
    """One service's dead letters, as the acting user (and their regions) sees them."""

    def __init__(self, client: ServiceClient, role: str, user=None, regions=()):
        self.client, self.role, self.user, self.regions = client, role, user, regions

    @classmethod
    def for_service(cls, service: str, user=None, regions=()) -> DeadLetters:
        client_class, role = SERVICES[service]
        return cls(client_class.from_settings(), role, user, regions)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.client.close()

    def _token(self) -> str:
        return self.client.token(user=self.user, roles=[self.role], regions=self.regions)

    def list(self) -> list:
        return self.client.call("GET", "/dead-letters", self._token())

    def requeue(self, item_id: str) -> dict:
        return self.client.call("POST", f"/dead-letters/{item_id}/requeue", self._token())

    def discard(self, item_id: str, reason: str) -> dict:
        return self.client.call(
            "POST", f"/dead-letters/{item_id}/discard", self._token(), json={"reason": reason}
        )
