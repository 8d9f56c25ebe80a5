"""Dead letters of the grievance outbox, for the reprisal desk only.

An item names a case; the desk alone may know that a notice about a case failed. The
discard reason is kept in the audit entry: discarded items are deleted with the delivered
ones by the worker's housekeeping.
"""

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common import dead_letters
from services.common.auth import Claims
from services.common.db import utcnow
from services.common.factory import require_role

from .desk import DESK_ROLE, reviewer_of
from .extensions import db
from .models import AuditEntry, OutboxMessage

blueprint = Blueprint(
    "dead_letters",
    __name__,
    url_prefix="/dead-letters",
    description="Outbox notices that failed for good: requeue or discard them.",
)


def act(claims: Claims, item_id, action, *args) -> dict:
    def record(name, object_id, reason):
        db.session.add(
            AuditEntry(
                at=utcnow(),
                actor=reviewer_of(claims),
                action=name,
                object_type="outbox",
                object_id=str(object_id),
                reason=reason,
            )
        )

    item = action(db.session, OutboxMessage, item_id, *args, record)
    return dead_letters.as_row(item, item.topic)


@blueprint.route("")
class DeadLetters(MethodView):
    @blueprint.response(200, dead_letters.DeadLetterSchema(many=True))
    def get(self):
        """Dead letters, the latest failure first"""
        require_role(DESK_ROLE)
        items = dead_letters.listing(db.session, OutboxMessage)
        return [dead_letters.as_row(item, item.topic) for item in items]


@blueprint.route("/<uuid:item_id>/requeue")
class DeadLetterRequeue(MethodView):
    @blueprint.response(200, dead_letters.DeadLetterSchema)
    def post(self, item_id):
        """Try a dead letter again, with a fresh set of attempts"""
        return act(require_role(DESK_ROLE), item_id, dead_letters.requeue)


@blueprint.route("/<uuid:item_id>/discard")
class DeadLetterDiscard(MethodView):
    @blueprint.arguments(dead_letters.DiscardSchema)
    @blueprint.response(200, dead_letters.DeadLetterSchema)
    def post(self, data, item_id):
        """Give up on a dead letter, saying why"""
        return act(require_role(DESK_ROLE), item_id, dead_letters.discard, data["reason"])
