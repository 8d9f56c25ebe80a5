"""Dead letters of the registration outbox, for the secretariat of their regions.

An outbox item names a registration; its region is its event's. An item whose
registration is gone (erased) has no region and is shown to every secretariat member:
it holds nothing but a topic, an id and an error name.
"""

import uuid

from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from services.common import dead_letters
from services.common.auth import Claims
from services.common.errors import NotFound
from services.common.factory import require_role

from .extensions import db
from .models import Event, OutboxMessage, Registration
from .services import actor_of, audit

ROLE = "secretariat"
blueprint = Blueprint(
    "dead_letters",
    __name__,
    url_prefix="/dead-letters",
    description="Outbox messages that failed for good: requeue or discard them.",
)


def regions_of(items: list[OutboxMessage]) -> dict[str, str]:
    """Each item's region, by the registration it names (one query)."""
    ids = []
    for item in items:
        try:
            ids.append(uuid.UUID(item.object_id))
        except ValueError:
            continue
    rows = db.session.execute(
        select(Registration.id, Event.region)
        .join(Event, Event.key == Registration.event_key)
        .where(Registration.id.in_(ids))
    )
    by_registration = {str(rid): region for rid, region in rows}
    return {str(item.id): by_registration.get(item.object_id, "") for item in items}


def visible(claims: Claims, region: str) -> bool:
    return not region or claims.may_see_region(region)


def rows(claims: Claims) -> list[dict]:
    items = dead_letters.listing(db.session, OutboxMessage)
    regions = regions_of(items)
    return [
        dead_letters.as_row(item, item.topic, regions[str(item.id)])
        for item in items
        if visible(claims, regions[str(item.id)])
    ]


def act(claims: Claims, item_id: uuid.UUID, action, *args) -> dict:
    item = dead_letters.get_dead(db.session, OutboxMessage, item_id)
    region = regions_of([item])[str(item.id)]
    if not visible(claims, region):
        raise NotFound("There is no such dead letter.")

    def record(name, object_id, reason):
        audit(actor_of(claims), name, "outbox", object_id, reason)

    item = action(db.session, OutboxMessage, item_id, *args, record)
    return dead_letters.as_row(item, item.topic, region)


@blueprint.route("")
class DeadLetters(MethodView):
    @blueprint.response(200, dead_letters.DeadLetterSchema(many=True))
    def get(self):
        """Dead letters of the caller's regions, the latest failure first"""
        return rows(require_role(ROLE))


@blueprint.route("/<uuid:item_id>/requeue")
class DeadLetterRequeue(MethodView):
    @blueprint.response(200, dead_letters.DeadLetterSchema)
    def post(self, item_id):
        """Try a dead letter again, with a fresh set of attempts"""
        return act(require_role(ROLE), item_id, dead_letters.requeue)


@blueprint.route("/<uuid:item_id>/discard")
class DeadLetterDiscard(MethodView):
    @blueprint.arguments(dead_letters.DiscardSchema)
    @blueprint.response(200, dead_letters.DeadLetterSchema)
    def post(self, data, item_id):
        """Give up on a dead letter, saying why"""
        return act(require_role(ROLE), item_id, dead_letters.discard, data["reason"])
