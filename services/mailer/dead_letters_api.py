"""Dead letters of the mailer: transactional messages that failed for good, for outreach
staff. A row shows the template, never the recipient or the values."""

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common import dead_letters
from services.common.auth import Claims
from services.common.factory import require_role

from .extensions import db
from .models import Message
from .services import audit

ROLE = "outreach"
blueprint = Blueprint(
    "dead_letters",
    __name__,
    url_prefix="/dead-letters",
    description="Messages that failed for good: requeue or discard them.",
)


def act(claims: Claims, item_id, action, *args) -> dict:
    def record(name, object_id, reason):
        audit(claims, name, "message", object_id, reason)

    item = action(db.session, Message, item_id, *args, record)
    return dead_letters.as_row(item, item.template)


@blueprint.route("")
class DeadLetters(MethodView):
    @blueprint.response(200, dead_letters.DeadLetterSchema(many=True))
    def get(self):
        """Dead letters, the latest failure first"""
        require_role(ROLE)
        items = dead_letters.listing(db.session, Message)
        return [dead_letters.as_row(item, item.template) for item in items]


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
