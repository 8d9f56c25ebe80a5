"""The reporting forms' ticket: abuse resistance without JavaScript and without an address.

Each grievance or reprisal form is served with a hidden ticket, signed with the site's
secret (Django signing, its own salt): the form it is for, when it was served (seconds)
and a random nonce. A report is sent on to the grievance service only with a ticket that

- was signed here, for this form (a bare scripted POST has none: refused);
- was served at least `WAGTAILCONVENE_REPORT_MIN_SECONDS` ago (8): nobody reads the page
  and writes a report faster, and a script that waits pays in time;
- was served at most `WAGTAILCONVENE_REPORT_TICKET_HOURS` ago (48);
- was never used: its nonce's digest is kept, with the day only (the reporting side keeps
  no time of day), until the ticket has expired (`SpentTicket`).

Nothing here needs a script or a cookie, and nothing names the reporter: the ticket travels
in the form, the spent list holds random digests. A person who sends too soon, or after
the ticket expired, gets the form back with every answer kept (files must be attached
again: a browser cannot be given a file back) and a word on why; "too soon" keeps the same
ticket, so that sending again a moment later works.

Why not a proof-of-work puzzle: a puzzle a slow phone solves in a few seconds of
JavaScript costs native code a few milliseconds, and a phone without JavaScript cannot
solve it at all, so it would need this fallback anyway: the cost falls on the wrong side.
The time a person spends writing costs them nothing. What bounds a patient script is the
per-client limit on the reporting path (nginx's `limit_req`, held in nginx's memory only;
docs/security.md).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import conf

SALT = "wagtail_convene.reporting.ticket"
FIELD = "ticket"


@dataclass(frozen=True)
class Ticket:
    kind: str
    issued: float
    nonce: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(f"{SALT}:{self.nonce}".encode()).hexdigest()


def issue(kind: str) -> str:
    """A new ticket for the `kind` form ("grievance" or "reprisal")."""
    payload = {"k": kind, "t": int(time.time()), "n": secrets.token_urlsafe(16)}
    return signing.dumps(payload, salt=SALT, compress=False)


def read(token: str, kind: str) -> Ticket | None:
    """The ticket, if it was signed here for this form; None otherwise."""
    try:
        payload = signing.loads(token or "", salt=SALT)
        ticket = Ticket(str(payload["k"]), float(payload["t"]), str(payload["n"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return ticket if ticket.kind == kind else None


def problem(ticket: Ticket | None, now: float | None = None) -> str | None:
    """Why this ticket cannot send a report now ("missing", "early", "expired", "used"),
    or None. Nothing is spent."""
    if ticket is None:
        return "missing"
    age = (now or time.time()) - ticket.issued
    if age < conf.report_min_seconds():
        return "early"
    if age > conf.report_ticket_hours() * 3600:
        return "expired"
    if _spent().objects.filter(digest=ticket.digest).exists():
        return "used"
    return None


def spend(ticket: Ticket) -> bool:
    """Mark the ticket used; False when another request used it first. Tickets spent
    before any unexpired one could have been served are forgotten."""
    spent = _spent()
    today = timezone.now().date()
    try:
        with transaction.atomic():
            spent.objects.create(digest=ticket.digest, day=today)
    except IntegrityError:
        return False
    keep = timedelta(hours=conf.report_ticket_hours()) + timedelta(days=1)
    spent.objects.filter(day__lt=today - keep).delete()
    return True


def _spent():
    from .models import SpentTicket  # the page model's module imports the views

    return SpentTicket
