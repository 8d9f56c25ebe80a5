"""HTTP resources of the registration service: a schema in, a schema out."""

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.factory import require_role, stored_response
from services.common.validation import IdempotencyHeaderSchema

from . import services
from .schemas import (
    EventSchema,
    RegistrationCreateSchema,
    RegistrationDetailSchema,
    RegistrationQueryArgsSchema,
    RegistrationSchema,
)

events = Blueprint(
    "events",
    __name__,
    url_prefix="/events",
    description="Meetings' registration settings, published from the CMS.",
)
registrations = Blueprint(
    "registrations",
    __name__,
    url_prefix="/registrations",
    description="Registrations for meetings.",
)


@events.route("/<string:key>")
class EventByKey(MethodView):
    @events.arguments(EventSchema)
    @events.response(200, EventSchema)
    def put(self, data, key):
        """Create or update an event's registration settings"""
        return services.upsert_event(key, data, require_role("cms"))

    @events.response(200, EventSchema)
    def get(self, key):
        """Read an event's registration settings"""
        require_role("cms")
        return services.get_event(key)


@registrations.route("")
class Registrations(MethodView):
    @registrations.arguments(IdempotencyHeaderSchema, location="headers", as_kwargs=True)
    @registrations.arguments(RegistrationCreateSchema)
    @registrations.response(201, RegistrationSchema)
    def post(self, data, idempotency_key):
        """Register a person for an event (replayed for a repeated Idempotency-Key)"""
        status, body = services.create_registration(data, idempotency_key, require_role("cms"))
        return stored_response(status, body)

    @registrations.arguments(RegistrationQueryArgsSchema, location="query")
    @registrations.response(200, RegistrationDetailSchema(many=True))
    def get(self, args):
        """List registrations in the caller's regions (each decryption is audited)"""
        return services.list_registrations(require_role("secretariat"), **args)


@registrations.route("/<uuid:registration_id>")
class RegistrationById(MethodView):
    @registrations.response(200, RegistrationDetailSchema)
    def get(self, registration_id):
        """Read one registration (the decryption is audited)"""
        return services.get_registration(registration_id, require_role("secretariat"))
