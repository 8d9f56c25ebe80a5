"""Relays the grievance outbox and keeps retention: `python -m services.grievance.worker`.

An urgent reprisal report tells each of the desk's focal points that something urgent
waits — never what it says. A grievance reporter who left an e-mail address is told
that the secretariat has replied, with a link to the follow-up page — never the reply.
Once a minute: unlocks past their time are removed, closed cases past retention are
erased, delivered outbox items (which name a case) deleted."""

from __future__ import annotations

import json
import logging
import time
import uuid
from urllib.parse import urlencode

from services.common import retention
from services.common.auth import TokenIssuer
from services.common.dead_letters import backlog, send_alerts
from services.common.http import service_client
from services.common.worker import Loop, drain, worker_id

from . import content, create_app, desk
from .cases import REPLY_WAITING, URGENT, today
from .extensions import db
from .figures import purge
from .models import Case, OutboxMessage
from .retention import rules

HOUSEKEEPING_SECONDS = 60
log = logging.getLogger("convene.grievance")


class UnknownTopic(Exception):
    pass


def urgent_messages(case_id: str, config) -> list[dict]:
    case = db.session.get(Case, uuid.UUID(case_id))
    if case is None:
        return []
    return [
        {
            "template": URGENT,
            "language": "en",
            "to": address.strip(),
            "context": {"region": case.region, "queue_url": config.admin_url},
        }
        for address in config.urgent_to.split(",")
        if address.strip()
    ]


def follow_up_url(public_url: str, language: str, region: str) -> str:
    """The website's follow-up address for a region, in a language (it leads on to the
    review's reporting page; the receipt code is typed there, never put in a link)."""
    prefix = "" if language == "en" else f"/{language}"
    return f"{public_url.rstrip('/')}{prefix}/reporting/follow-up/?{urlencode({'region': region})}"


def reply_messages(case_id: str, config) -> list[dict]:
    """The "a reply is waiting" notice for a grievance's reporter, if they left an e-mail
    address: in their language, with the follow-up page of their region."""
    case = db.session.get(Case, uuid.UUID(case_id))
    if case is None or case.sealed or case.contact_enc is None:
        return []
    contact = json.loads(
        content.open_for_staff(case, "cases", "contact_enc", case.id, case.contact_enc, {})
    )
    if not contact.get("email"):
        return []
    language = case.language or "en"
    url = follow_up_url(config.public_url, language, case.region)
    return [
        {
            "template": REPLY_WAITING,
            "language": language,
            "to": contact["email"],
            "context": {"follow_up_url": url},
        }
    ]


def alert(mailer, config) -> int:
    """Tell the operators of dead letters or a late backlog (at most hourly per condition);
    an unreachable mailer is logged and tried again at the next check."""
    if mailer is None or not config.operators_to.strip():
        return 0
    try:
        return send_alerts(mailer, "grievance", backlog(db.session, OutboxMessage), config)
    except Exception as exc:  # noqa: BLE001 - never stop relaying for an alert
        log.error("event=alert.failed error=%s", type(exc).__name__)
        return 0


TOPICS = {URGENT: urgent_messages, REPLY_WAITING: reply_messages}


def make_step(mailer=None, config=None):
    owner = worker_id()
    last = [0.0]

    def handle(item: OutboxMessage) -> None:
        if item.topic not in TOPICS or mailer is None:
            raise UnknownTopic(item.topic)
        for n, body in enumerate(TOPICS[item.topic](item.object_id, config)):
            key = {"Idempotency-Key": f"grievance-{item.id}-{n}"}
            mailer.post("/messages", json=body, headers=key).raise_for_status()

    def step() -> int:
        done = drain(db.session, OutboxMessage, handle, owner, "grievance")
        if config is not None and time.monotonic() - last[0] > HOUSEKEEPING_SECONDS:
            last[0] = time.monotonic()
            desk.expire()
            purge(config.retention_days, today())
            retention.run(db.session, rules(config.retention))
            alert(mailer, config)
        return done

    return step


def main() -> None:
    app = create_app()
    config = app.extensions["convene_config"]
    issuer = TokenIssuer(config.tokens.signing_key, issuer="grievance")
    with app.app_context(), service_client(config.mailer_url, issuer, "mailer") as mailer:
        Loop("grievance", make_step(mailer, config), session=db.session).run()


if __name__ == "__main__":
    main()
