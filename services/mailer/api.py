"""HTTP resources of the mailer service: a schema in, a schema out, one error payload."""

import json

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from services.common.audit_trail import AUDITOR, AuditPageSchema, AuditQueryArgsSchema
from services.common.factory import current_claims, require_role, stored_response
from services.common.validation import (
    IdempotencyHeaderSchema,
    OptionalIdempotencyHeaderSchema,
)

from . import audit_trail, bounces, campaigns, dead_letters_api, forgetting, outreach, services
from .schemas import (
    CampaignActionSchema,
    CampaignSchema,
    ForgetOutcomeSchema,
    ForgetSchema,
    ImportArgsSchema,
    ImportFileSchema,
    ImportJobSchema,
    ImportListArgsSchema,
    ImportRowSchema,
    ListSchema,
    LookupResultSchema,
    LookupSchema,
    MappingSchema,
    MessageCreateSchema,
    MessageSchema,
    NeverMailSchema,
    OutcomeSchema,
    PreviewArgsSchema,
    PreviewSchema,
    RowArgsSchema,
    SubscribeSchema,
    TemplateSchema,
    TemplateTestSchema,
    TokenSchema,
    UnsubscribeSchema,
)

messages = Blueprint(
    "messages",
    __name__,
    url_prefix="/messages",
    description="Transactional e-mail, delivered by the worker.",
)
lists = Blueprint("lists", __name__, url_prefix="/lists", description="Outreach lists.")
imports = Blueprint(
    "imports",
    __name__,
    url_prefix="/imports",
    description="CSV and XLSX imports from member organisations.",
)
subscriptions = Blueprint(
    "subscriptions",
    __name__,
    url_prefix="/subscriptions",
    description="Double opt-in and unsubscribe, for the website.",
)
suppressions = Blueprint(
    "suppressions",
    __name__,
    url_prefix="/suppressions",
    description='A recipient\'s own "never mail me again", for the website.',
)
templates = Blueprint(
    "templates",
    __name__,
    url_prefix="/templates",
    description="Editors' templates, one version per language.",
)
campaigns_bp = Blueprint(
    "campaigns",
    __name__,
    url_prefix="/campaigns",
    description="Campaigns: audience, languages, schedule, progress.",
)
OUTREACH = "outreach"


@messages.route("")
class Messages(MethodView):
    @messages.arguments(IdempotencyHeaderSchema, location="headers", as_kwargs=True)
    @messages.arguments(MessageCreateSchema)
    @messages.response(202, MessageSchema)
    def post(self, data, idempotency_key):
        """Queue a message (replayed for a repeated Idempotency-Key)"""
        status, body = services.queue_message(data, idempotency_key, current_claims())
        return stored_response(status, body)


@messages.route("/lookup")
class Lookup(MethodView):
    @messages.arguments(LookupSchema)
    @messages.response(200, LookupResultSchema(many=True))
    def post(self, data):
        """The messages queued with these Idempotency-Keys of the caller, and their state
        (reconciling an outbox: `flask --app services.registration outbox reconcile`)"""
        return services.lookup(data["keys"], current_claims())


@messages.route("/<uuid:message_id>")
class MessageById(MethodView):
    @messages.response(200, MessageSchema)
    def get(self, message_id):
        """A message's delivery state"""
        return services.get_message(message_id)


@lists.route("")
class Lists(MethodView):
    @lists.response(200, ListSchema(many=True))
    def get(self):
        """Every list with its contacts per status"""
        require_role(OUTREACH)
        return outreach.lists_with_counts()


@lists.route("/<string:key>")
class ListByKey(MethodView):
    @lists.arguments(ListSchema)
    @lists.response(200, ListSchema)
    def put(self, data, key):
        """Create or rename a list"""
        return outreach.upsert_list(key, data, require_role(OUTREACH))


@imports.route("")
class Imports(MethodView):
    @imports.arguments(ImportListArgsSchema, location="query")
    @imports.response(200, ImportJobSchema(many=True))
    def get(self, args):
        """Recent imports, newest first (optionally of one list)"""
        require_role(OUTREACH)
        return outreach.recent_imports(args["list"], args["limit"])

    @imports.arguments(ImportArgsSchema, location="form")
    @imports.arguments(ImportFileSchema, location="files")
    @imports.response(202, ImportJobSchema)
    def post(self, args, files):
        """Upload a CSV/XLSX file; with a mapping (JSON: our field → your column) it is
        queued at once, without one it waits for `PUT /imports/{id}/mapping`"""
        return outreach.create_import(args, files["file"], require_role(OUTREACH))


@imports.route("/<uuid:job_id>")
class ImportById(MethodView):
    @imports.response(200, ImportJobSchema)
    def get(self, job_id):
        """An import's progress and counts"""
        require_role(OUTREACH)
        return outreach.get_import(job_id)


@imports.route("/<uuid:job_id>/mapping")
class ImportMapping(MethodView):
    @imports.arguments(MappingSchema)
    @imports.response(200, ImportJobSchema)
    def put(self, data, job_id):
        """Choose the columns and start the import"""
        return outreach.set_mapping(job_id, data["mapping"], require_role(OUTREACH))


@imports.route("/<uuid:job_id>/rows")
class ImportRows(MethodView):
    @imports.arguments(RowArgsSchema, location="query")
    @imports.response(200, ImportRowSchema(many=True))
    def get(self, args, job_id):
        """Per-row outcomes: new, merged, invalid (with the reason) or suppressed"""
        require_role(OUTREACH)
        return outreach.import_rows(job_id, args["offset"], args["limit"], args["outcome"])


@subscriptions.route("")
class Subscriptions(MethodView):
    @subscriptions.arguments(OptionalIdempotencyHeaderSchema, location="headers", as_kwargs=True)
    @subscriptions.arguments(SubscribeSchema)
    @subscriptions.response(202, OutcomeSchema)
    def post(self, data, idempotency_key):
        """Ask to subscribe; a confirmation e-mail is sent (double opt-in). Callers: the
        website, and the registration service for registrants who asked for updates (with
        an Idempotency-Key: a replayed key is answered as the first time, nothing redone)"""
        claims = current_claims()
        if claims.issuer != "registration":
            claims = require_role("cms")
        return outreach.subscribe_once(data, idempotency_key, claims)


@subscriptions.route("/confirm")
class Confirm(MethodView):
    @subscriptions.arguments(TokenSchema)
    @subscriptions.response(200, OutcomeSchema)
    def post(self, data):
        """Confirm a subscription with the e-mailed token"""
        return outreach.confirm(data["token"], require_role("cms"))


@subscriptions.route("/unsubscribe")
class Unsubscribe(MethodView):
    @subscriptions.arguments(UnsubscribeSchema)
    @subscriptions.response(200, OutcomeSchema)
    def post(self, data):
        """Unsubscribe from one list, or from everything (`everything: true`)"""
        return outreach.unsubscribe(data["token"], data["everything"], require_role("cms"))


@suppressions.route("")
class Suppressions(MethodView):
    @suppressions.arguments(NeverMailSchema)
    @suppressions.response(200, OutcomeSchema)
    def post(self, data):
        """Never mail the link's address again (`suppress: false` undoes it); the link
        names the address by its blind index only"""
        return outreach.never_mail(data["token"], data["suppress"], require_role("cms"))


@templates.route("")
class Templates(MethodView):
    @templates.response(200, TemplateSchema(many=True))
    def get(self):
        """Every editor's template"""
        require_role(OUTREACH)
        return outreach.all_templates()


@templates.route("/<string:key>")
class TemplateByKey(MethodView):
    @templates.arguments(TemplateSchema)
    @templates.response(200, TemplateSchema)
    def put(self, data, key):
        """Save a template (each version is test-rendered; unsafe templates are refused)"""
        return outreach.save_template(key, data, require_role(OUTREACH))

    @templates.response(200, TemplateSchema)
    def get(self, key):
        """Read a template"""
        require_role(OUTREACH)
        return outreach.get_template(key)


@templates.route("/<string:key>/preview")
class TemplatePreview(MethodView):
    @templates.arguments(PreviewArgsSchema, location="query")
    @templates.response(200, PreviewSchema)
    def get(self, args, key):
        """Render one language version with a sample contact"""
        require_role(OUTREACH)
        return outreach.preview(key, args["language"])


@templates.route("/<string:key>/test")
class TemplateTest(MethodView):
    @templates.arguments(TemplateTestSchema)
    @templates.response(202, OutcomeSchema)
    def post(self, args, key):
        """Send a test message with sample values"""
        return outreach.test_send(key, args["language"], args["to"], require_role(OUTREACH))


@campaigns_bp.route("")
class Campaigns(MethodView):
    @campaigns_bp.response(200, CampaignSchema(many=True))
    def get(self):
        """The 50 newest campaigns with their progress"""
        require_role(OUTREACH)
        return campaigns.recent()

    @campaigns_bp.arguments(CampaignSchema)
    @campaigns_bp.response(201, CampaignSchema)
    def post(self, data):
        """Create a campaign (invitations: 42 days' notice, or a recorded reason)"""
        return campaigns.create(data, require_role(OUTREACH))


@campaigns_bp.route("/<uuid:campaign_id>")
class CampaignById(MethodView):
    @campaigns_bp.response(200, CampaignSchema)
    def get(self, campaign_id):
        """A campaign with its live progress (sent, failed, skipped, remaining)"""
        require_role(OUTREACH)
        return campaigns.get(campaign_id)


@campaigns_bp.route("/<uuid:campaign_id>/actions")
class CampaignActions(MethodView):
    @campaigns_bp.arguments(CampaignActionSchema)
    @campaigns_bp.response(200, CampaignSchema)
    def post(self, data, campaign_id):
        """Schedule, pause, resume or cancel"""
        return campaigns.control(campaign_id, data["action"], require_role(OUTREACH))


bounces_bp = Blueprint(
    "bounces", __name__, url_prefix="/bounces", description="Bounce and complaint notifications."
)


@bounces_bp.route("/sns")
class SNSNotifications(MethodView):
    @bounces_bp.response(200, OutcomeSchema)
    def post(self):
        """Amazon SNS (SES events); no token: the SNS signature is verified instead"""
        try:
            message = json.loads(request.get_data(as_text=True))
        except ValueError:
            abort(400, message="Send the SNS message as JSON.")
        return bounces.handle_sns(message, current_app.extensions["convene_config"])


@bounces_bp.route("/dsn")
class DeliveryStatus(MethodView):
    @bounces_bp.response(200, OutcomeSchema)
    def post(self):
        """An SMTP delivery status notification (RFC 3464), as the raw message"""
        require_role("bounces")
        return bounces.handle_dsn(request.get_data())


people = Blueprint(
    "people",
    __name__,
    url_prefix="/people",
    description="A registrant's erasure or withdrawal of consent, from the registration service.",
)


@people.route("/forget")
class Forget(MethodView):
    @people.arguments(ForgetSchema)
    @people.response(200, ForgetOutcomeSchema)
    def post(self, data):
        """Erase what the mailer holds of a registrant who erased their registration, or
        unsubscribe one who withdrew consent to updates (forgetting.py)"""
        claims = current_claims()
        if claims.issuer != "registration":
            abort(403, message="Only the registration service asks this.")
        return forgetting.forget(data, claims)


PUBLIC = {"bounces.SNSNotifications"}


audit_bp = Blueprint("audit", __name__, url_prefix="/audit", description="The audit trail.")


@audit_bp.route("")
class AuditTrail(MethodView):
    @audit_bp.arguments(AuditQueryArgsSchema, location="query")
    @audit_bp.response(200, AuditPageSchema)
    def get(self, args):
        """Audit entries, newest first, for an auditor (the read is audited too)"""
        return audit_trail.read(require_role(AUDITOR), args)


BLUEPRINTS = [
    dead_letters_api.blueprint,
    audit_bp,
    messages,
    lists,
    imports,
    subscriptions,
    suppressions,
    templates,
    campaigns_bp,
    bounces_bp,
    people,
]
