"""What the events app does, apart from views: send settings, submit registrations."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

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


def submit_registration(page, track, form) -> Outcome:
    """Forward a registration to the service, once per idempotency key.

    The service answers 200 with the existing registration when the same person
    registers again for the same track: the visitor sees the same thanks page.
    """
    country = form.cleaned_data["country"]
    data = form.payload(page.event_key, str(track.key), subregion_of(page.region, country))
    key = form.cleaned_data["idempotency_key"]
    with RegistrationClient.from_settings() as client:
        try:
            try:
                client.register(data, key)
            except ServiceRejected as exc:
                if exc.status != 404 or not sync_event(page, client):
                    raise
                client.register(data, key)  # the event was not yet sent
        except ServiceRejected as exc:
            if exc.status == 429:  # busy: like 503, the answers and the key are kept
                return Outcome(False, error="unavailable")
            return Outcome(False, field_errors=exc.errors, error=exc.message, status=exc.status)
        except ServiceUnavailable:  # unreachable, or 503 (busy: its Retry-After)
            return Outcome(False, error="unavailable")
    return Outcome(True)


def subregion_of(region: str, country: str) -> str:
    """The sub-region of `country` within the event's region (English name), or ""."""
    from ..taxonomy.models import SubRegion

    found = SubRegion.objects.filter(
        region__code=region, countries__code=country, locale__language_code="en"
    ).first()
    return found.name if found else ""
