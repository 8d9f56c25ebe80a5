"""HTTP resources of the mailer service."""

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.factory import current_claims, stored_response
from services.common.validation import IdempotencyHeaderSchema

from . import services
from .schemas import MessageCreateSchema, MessageSchema

messages = Blueprint(
    "messages",
    __name__,
    url_prefix="/messages",
    description="Transactional e-mail, delivered by the worker.",
)


@messages.route("")
class Messages(MethodView):
    @messages.arguments(IdempotencyHeaderSchema, location="headers", as_kwargs=True)
    @messages.arguments(MessageCreateSchema)
    @messages.response(202, MessageSchema)
    def post(self, data, idempotency_key):
        """Queue a message (replayed for a repeated Idempotency-Key)"""
        status, body = services.queue_message(data, idempotency_key, current_claims())
        return stored_response(status, body)


@messages.route("/<uuid:message_id>")
class MessageById(MethodView):
    @messages.response(200, MessageSchema)
    def get(self, message_id):
        """A message's delivery state"""
        current_claims()
        return services.get_message(message_id)
