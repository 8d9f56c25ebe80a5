"""Client of the registration service."""

from __future__ import annotations

from .. import conf
from .base import ServiceClient, Streamed


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

    # -- the registrant's own pages and third parties' links (tokens in bodies) --

    def _public(self, path: str, body: dict) -> dict:
        return self.call("POST", path, self.token(roles=["cms"]), json=body)

    def mine(self, action: str, token: str, **changes) -> dict:
        """`view`, `update`, `withdraw`, `confirm`, `export` or `erase`."""
        return self._public(f"/self/{action}", {"token": token, **changes})

    def request_link(self, email: str, event: str, language: str) -> dict:
        return self._public("/self/links", {"email": email, "event": event, "language": language})

    def third_party(self, purpose: str, action: str, token: str) -> dict:
        """`authorise`, `guardian` or `accept`: `view` or `confirm`."""
        return self._public(f"/consents/{purpose}/{action}", {"token": token})

    def statistics(self, event: str) -> dict:
        return self.call("GET", f"/events/{event}/statistics", self.token(roles=["cms"]))

    # -- the secretariat's calls, naming the reviewer and their regions --

    def _staff(self, user, regions) -> str:
        return self.token(user=user, roles=["secretariat"], regions=regions)

    def queue(self, user, regions, **filters) -> dict:
        params = {k: v for k, v in filters.items() if v not in (None, "")}
        return self.call("GET", "/registrations", self._staff(user, regions), params=params)

    def detail(self, user, regions, registration_id: str, reason: str) -> dict:
        return self.call(
            "GET",
            f"/registrations/{registration_id}",
            self._staff(user, regions),
            params={"reason": reason},
        )

    def act(self, user, regions, registration_id: str, body: dict) -> dict:
        url = f"/registrations/{registration_id}/actions"
        return self.call("POST", url, self._staff(user, regions), json=body)

    def act_many(self, user, regions, body: dict) -> dict:
        return self.call("POST", "/registrations/actions", self._staff(user, regions), json=body)

    def balance(self, user, regions, event: str) -> dict:
        return self.call("GET", f"/events/{event}/balance", self._staff(user, regions))

    def export(self, user, regions, **params) -> Streamed:
        """The consent-filtered CSV, streamed: text chunks as the service decrypts rows."""
        return self.stream_text("GET", "/registrations/export", self._staff(user, regions), params)

    # -- selections (LEXIMIN): set up, run in the service's worker, draw, decide --

    def selections(self, user, regions, event: str) -> list:
        return self.call("GET", f"/events/{event}/selections", self._staff(user, regions))

    def selection_defaults(self, user, regions, event: str, track: str, seats: int, role: str):
        params = {"track": track, "seats": seats, "role": role}
        url = f"/events/{event}/selections/defaults"
        return self.call("GET", url, self._staff(user, regions), params=params)

    def check_selection(self, user, regions, event: str, body: dict) -> dict:
        url = f"/events/{event}/selections/check"
        return self.call("POST", url, self._staff(user, regions), json=body)

    def create_selection(self, user, regions, event: str, body: dict) -> dict:
        url = f"/events/{event}/selections"
        return self.call("POST", url, self._staff(user, regions), json=body)

    def selection(self, user, regions, selection_id: str) -> dict:
        return self.call("GET", f"/selections/{selection_id}", self._staff(user, regions))

    def selection_step(self, user, regions, selection_id: str, step: str) -> dict:
        """`cancel`, `draw` or `decisions`."""
        url = f"/selections/{selection_id}/{step}"
        return self.call("POST", url, self._staff(user, regions))

    def selection_panel(self, user, regions, selection_id: str) -> list:
        url = f"/selections/{selection_id}/panel"
        return self.call("GET", url, self._staff(user, regions))

    def replace(self, user, regions, selection_id: str, withdrawn: str) -> dict:
        url = f"/selections/{selection_id}/replacements"
        body = {"withdrawn": withdrawn}
        return self.call("POST", url, self._staff(user, regions), json=body)

    def hand_over_inputs(self, user, regions, selection_id: str, observer: str) -> dict:
        """The committed input file for an accredited observer (the service audits it)."""
        url = f"/selections/{selection_id}/inputs"
        return self.call("POST", url, self._staff(user, regions), json={"observer": observer})

    def floor_order(self, user, regions, event: str, seed: str = "") -> dict:
        params = {"seed": seed} if seed else {}
        url = f"/events/{event}/floor-order"
        return self.call("GET", url, self._staff(user, regions), params=params)

    def selection_report(self, selection_id: str) -> dict:
        """The public transparency report (no names), for the event's page."""
        url = f"/selections/{selection_id}/report"
        return self.call("GET", url, self.token(roles=["cms"]))
