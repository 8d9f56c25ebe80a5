"""HTTP resources of the registration service: a schema in, a schema out.

Public pages reach this service only through the CMS (role `cms`); the secretariat's
calls carry the role `secretariat` and the reviewer's regions. Self-service and consent
tokens travel in request bodies, never in this service's URLs or logs.
"""

from flask import Response, stream_with_context
from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.audit_trail import AUDITOR, AuditPageSchema, AuditQueryArgsSchema
from services.common.factory import require_role, stored_response
from services.common.validation import IdempotencyHeaderSchema

from . import (
    audit_trail,
    dead_letters_api,
    exports,
    review,
    selection_api,
    selfservice,
    services,
    stats,
)
from . import registrations as registering
from .schemas import (
    ActionSchema,
    BalanceSchema,
    BulkOutcomeSchema,
    EventSchema,
    ExportArgsSchema,
    LinkRequestSchema,
    OutcomeSchema,
    QueueArgsSchema,
    QueueSchema,
    ReasonArgsSchema,
    RegistrationCreateSchema,
    RegistrationDetailSchema,
    RegistrationSchema,
    RegistrationSummarySchema,
    SelfUpdateSchema,
    TokenSchema,
)

events = Blueprint(
    "events", __name__, url_prefix="/events", description="Meetings published from the CMS."
)
registrations = Blueprint(
    "registrations", __name__, url_prefix="/registrations", description="Registrations."
)
selfservice_bp = Blueprint(
    "self", __name__, url_prefix="/self", description="A registrant's own registration."
)
consents = Blueprint(
    "consents",
    __name__,
    url_prefix="/consents",
    description="Focal points authorise, guardians consent, nominees accept.",
)
PURPOSES = "<any(authorise,guardian,accept):purpose>"


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


@events.route("/<string:key>/statistics")
class EventStatistics(MethodView):
    @events.response(200)
    def get(self, key):
        """Public counts by category, sub-region, gender, age band, migrant-led (<5 hidden)"""
        require_role("cms")
        return stats.public_statistics(key)


@events.route("/<string:key>/balance")
class EventBalance(MethodView):
    @events.response(200, BalanceSchema)
    def get(self, key):
        """Per feature value: registered, pool and selected (the caller's regions only)"""
        return review.balance(key, require_role("secretariat"))


@registrations.route("")
class Registrations(MethodView):
    # Schema instances, not classes: instantiating a schema per request costs more than
    # everything else webargs does (this is the busiest endpoint).
    @registrations.arguments(IdempotencyHeaderSchema(), location="headers", as_kwargs=True)
    @registrations.arguments(RegistrationCreateSchema())
    @registrations.response(201, RegistrationSchema)
    def post(self, data, idempotency_key):
        """Register for a track (200 with the existing registration for the same person)"""
        status, body = registering.create(data, idempotency_key, require_role("cms"))
        return stored_response(status, body)

    @registrations.arguments(QueueArgsSchema, location="query")
    @registrations.response(200, QueueSchema)
    def get(self, args):
        """The queue in the caller's regions: filters, counts per status, one page"""
        return review.queue(require_role("secretariat"), args)


@registrations.route("/export")
class Export(MethodView):
    @registrations.arguments(ExportArgsSchema, location="query")
    @registrations.response(
        200,
        description="CSV, only what each participant consented to; streamed in chunks "
        "(chunked transfer encoding, no Content-Length) as rows are decrypted",
        content_type="text/csv",
    )
    def get(self, args):
        """Participant list as CSV (name and organisation, contact details: by consent)"""
        chunks = exports.export_csv(require_role("secretariat"), args)
        return Response(
            stream_with_context(chunks), mimetype="text/csv", headers={"Cache-Control": "no-store"}
        )


@registrations.route("/actions")
class BulkActions(MethodView):
    @registrations.arguments(ActionSchema)
    @registrations.response(200, BulkOutcomeSchema)
    def post(self, data):
        """One action on several registrations: done where possible, the others skipped
        with their reasons"""
        return review.act_many(data, require_role("secretariat"))


@registrations.route("/<uuid:registration_id>")
class RegistrationById(MethodView):
    @registrations.arguments(ReasonArgsSchema, location="query")
    @registrations.response(200, RegistrationDetailSchema)
    def get(self, args, registration_id):
        """Open one registration; the decryption is audited with the reason given"""
        return review.detail(registration_id, args["reason"], require_role("secretariat"))


@registrations.route("/<uuid:registration_id>/actions")
class RegistrationActions(MethodView):
    @registrations.arguments(ActionSchema)
    @registrations.response(200, RegistrationSummarySchema)
    def post(self, data, registration_id):
        """Criteria, eligibility, selection, waiting list, notes (each audited); 409 with
        the reasons when the record's `actions` do not allow it"""
        return review.act(registration_id, data, require_role("secretariat"))


@selfservice_bp.route("/view")
class SelfView(MethodView):
    @selfservice_bp.arguments(TokenSchema)
    @selfservice_bp.response(200)
    def post(self, data):
        """My registration, as held"""
        return selfservice.view(data["token"], require_role("cms"))


@selfservice_bp.route("/update")
class SelfUpdate(MethodView):
    @selfservice_bp.arguments(SelfUpdateSchema)
    @selfservice_bp.response(200)
    def post(self, data):
        """Correct my registration"""
        return selfservice.correct(data.pop("token"), data, require_role("cms"))


def _self_action(name: str, function, doc: str):
    class SelfAction(MethodView):
        @selfservice_bp.arguments(TokenSchema)
        @selfservice_bp.response(200)
        def post(self, data):
            return function(data["token"], require_role("cms"))

    SelfAction.post.__doc__ = doc
    SelfAction.__name__ = f"Self{name.title()}"
    selfservice_bp.route(f"/{name}")(SelfAction)


_self_action("withdraw", selfservice.withdraw, "Withdraw my registration")
_self_action("confirm", selfservice.confirm_participation, "Confirm that I will take part")
_self_action("export", selfservice.export, "Download everything held about me (JSON)")
_self_action("erase", selfservice.erase, "Erase my personal data for good")


@selfservice_bp.route("/links")
class Links(MethodView):
    @selfservice_bp.arguments(LinkRequestSchema)
    @selfservice_bp.response(202, OutcomeSchema)
    def post(self, data):
        """E-mail the link again (at most once in the cooldown; earlier links keep working);
        the answer never says whether the address is registered"""
        return selfservice.request_link(data, require_role("cms"))


@consents.route(f"/{PURPOSES}/view")
class ConsentView(MethodView):
    @consents.arguments(TokenSchema)
    @consents.response(200)
    def post(self, data, purpose):
        """What the third party is asked to confirm"""
        require_role("cms")
        return selfservice.third_party_view(data["token"], purpose)


@consents.route(f"/{PURPOSES}/confirm")
class ConsentConfirm(MethodView):
    @consents.arguments(TokenSchema)
    @consents.response(200)
    def post(self, data, purpose):
        """The focal point authorises, the guardian consents, the nominee accepts"""
        require_role("cms")
        return selfservice.third_party_confirm(data["token"], purpose)


audit_bp = Blueprint("audit", __name__, url_prefix="/audit", description="The audit trail.")


@audit_bp.route("")
class AuditTrail(MethodView):
    @audit_bp.arguments(AuditQueryArgsSchema, location="query")
    @audit_bp.response(200, AuditPageSchema)
    def get(self, args):
        """Audit entries, newest first, for an auditor (the read is audited too)"""
        return audit_trail.read(require_role(AUDITOR), args)


BLUEPRINTS = [
    audit_bp,
    events,
    registrations,
    selfservice_bp,
    consents,
    selection_api.blueprint,
    dead_letters_api.blueprint,
]
