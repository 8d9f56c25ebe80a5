"""What the events app does, apart from views: send settings, submit registrations."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.utils.translation import get_language

from ..clients import RegistrationClient, ServiceRejected, ServiceUnavailable

log = logging.getLogger("wagtail_convene.events")


def sync_event(page, client: RegistrationClient | None = None) -> bool:
    """Send an event's registration settings to the registration service.

    Returns False (and logs) when the service cannot be reached; the
    `convene_sync_events` command sends them again.
    """
    own = client is None
    client = client or RegistrationClient.from_settings()
    try:
        client.put_event(page.event_key, page.registration_settings())
    except (ServiceUnavailable, ServiceRejected) as exc:
        log.warning("event=event.sync_failed page=%s error=%s", page.pk, type(exc).__name__)
        return False
    finally:
        if own:
            client.close()
    log.info("event=event.synced page=%s", page.pk)
    return True


@dataclass
class Outcome:
    """What happened to a submission: `ok`, or field errors / a general error to show."""

    ok: bool
    field_errors: dict = field(default_factory=dict)
    error: str = ""
    status: int = 0


def submit_registration(page, cleaned: dict) -> Outcome:
    """Forward a registration to the service, once per idempotency key."""
    data = {
        "event": page.event_key,
        "name": cleaned["name"],
        "email": cleaned["email"],
        "organisation": cleaned.get("organisation", ""),
        "country": cleaned["country"],
        "language": get_language() or "en",
    }
    with RegistrationClient.from_settings() as client:
        try:
            try:
                client.register(data, cleaned["idempotency_key"])
            except ServiceRejected as exc:
                if exc.status != 404 or not sync_event(page, client):
                    raise
                client.register(data, cleaned["idempotency_key"])  # event was not yet sent
        except ServiceRejected as exc:
            return Outcome(False, field_errors=exc.errors, error=exc.message, status=exc.status)
        except ServiceUnavailable:
            return Outcome(False, error="unavailable")
    return Outcome(True)
