"""HTTP resources of the grievance service.

The reporting path (`/grievances`, `/reprisals`, `/cases/...` with a receipt code) is
called by the CMS for the public pages; the triage path by the admin, naming the
reviewer and their regions; reprisal reports open only with the desk's unlock token in
`X-Desk-Unlock`. Every answer is `Cache-Control: no-store`.
"""

from flask import Response, current_app, g, request
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from services.common.audit_trail import AUDITOR, AuditPageSchema, AuditQueryArgsSchema
from services.common.factory import current_claims, require_role
from services.common.sandbox import MiB

from . import audit_trail, cases, dead_letters_api, desk, evidence, figures, triage
from .models import GRIEVANCE, REPRISAL
from .schemas import (
    ActionSchema,
    CodeSchema,
    ConsentSchema,
    DetailArgsSchema,
    FiguresArgsSchema,
    GrievanceSchema,
    MemberSchema,
    MoreEvidenceSchema,
    PassphraseSchema,
    QueueArgsSchema,
    ReplySchema,
    ReprisalSchema,
)

UNLOCK = "X-Desk-Unlock"
reporting = Blueprint("reporting", __name__, description="Reports and receipt codes")
triaging = Blueprint("triage", __name__, description="The secretariat's queues")


@reporting.after_app_request
def never_cached(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


# The bodies that carry evidence may be as large as the reporting form promises (five
# files of 10 MB, base64-encoded); every other body keeps the services' 1 MiB. One over
# 1 MiB waits for its turn (services.common.gate) before it is read.
CARRY_EVIDENCE = {"reporting.Grievances", "reporting.Reprisals", "reporting.CaseEvidence"}
BUSY = "Another large report is being received: send yours again in a minute."


@reporting.before_app_request
def evidence_bodies() -> None:
    if request.endpoint not in CARRY_EVIDENCE:
        return
    request.max_content_length = evidence.MAX_BODY
    if MiB < (request.content_length or 0) <= evidence.MAX_BODY:
        current_claims()  # a stranger never waits in line, nor makes anyone wait
        held = current_app.extensions["grievance_body_gate"].enter()
        if held is None:
            abort(503, message=BUSY)
        g.body_gate = held


@reporting.teardown_app_request
def leave_the_gate(_exc) -> None:
    held = g.pop("body_gate", None)
    if held is not None:
        current_app.extensions["grievance_body_gate"].leave(held)


@reporting.route("/grievances")
class Grievances(MethodView):
    @reporting.arguments(GrievanceSchema)
    @reporting.response(201)
    def post(self, data):
        """A grievance; the answer holds the receipt code, shown once"""
        require_role("cms")
        return cases.submit(GRIEVANCE, data)


@reporting.route("/reprisals")
class Reprisals(MethodView):
    @reporting.arguments(ReprisalSchema)
    @reporting.response(201)
    def post(self, data):
        """A reprisal report, sealed to the desk's keys as it arrives"""
        require_role("cms")
        return cases.submit(REPRISAL, data)


def _reporter(name: str, schema, function, doc: str):
    class Step(MethodView):
        @reporting.arguments(schema)
        @reporting.response(200)
        def post(self, data):
            require_role("cms")
            return function(data)

    Step.post.__doc__ = doc
    Step.__name__ = f"Case{name.title()}"
    reporting.route(f"/cases/{name}")(Step)


_reporter("access", CodeSchema, lambda d: cases.access(d["code"]), "Status and messages")
_reporter("reply", ReplySchema, lambda d: cases.reply(d["code"], d["text"]), "Reply")
_reporter(
    "evidence",
    MoreEvidenceSchema,
    lambda d: cases.more_evidence(d["code"], d["evidence"]),
    "Add evidence",
)
_reporter(
    "consent",
    ConsentSchema,
    lambda d: cases.consent(d["code"], d["referral"]),
    "Give or withdraw consent to a referral",
)


@reporting.route("/figures")
class Figures(MethodView):
    @reporting.arguments(FiguresArgsSchema, location="query")
    @reporting.response(200)
    def get(self, args):
        """Received and resolved per region and category in a year (below 5 hidden)"""
        require_role("cms")
        return figures.figures(args["year"], args.get("region"))


@triaging.route("/cases")
class Queue(MethodView):
    @triaging.arguments(QueueArgsSchema, location="query")
    @triaging.response(200)
    def get(self, args):
        """A queue: the caller's regions, urgent first, then by due date"""
        return triage.queue(args["kind"], current_claims(), args.get("status"))


@triaging.route("/cases/<uuid:case_id>")
class CaseById(MethodView):
    @triaging.arguments(DetailArgsSchema, location="query")
    @triaging.response(200)
    def get(self, args, case_id):
        """A case opened (audited); reprisal reports need the desk unlocked. The reporter's
        contact details only for the case's assignee, with a reason (`contact_reason`)"""
        return triage.detail(
            case_id, current_claims(), request.headers.get(UNLOCK), args["contact_reason"]
        )


@triaging.route("/cases/<uuid:case_id>/actions")
class CaseActions(MethodView):
    @triaging.arguments(ActionSchema)
    @triaging.response(200)
    def post(self, data, case_id):
        """acknowledge, start, resolve, close, reopen, assign, note, message, refer"""
        return triage.act(case_id, current_claims(), request.headers.get(UNLOCK), data)


@triaging.route("/cases/<uuid:case_id>/evidence/<uuid:evidence_id>")
class CaseEvidence(MethodView):
    def get(self, case_id, evidence_id):
        """One evidence file (audited)"""
        kind, data = triage.evidence_file(
            case_id, evidence_id, current_claims(), request.headers.get(UNLOCK)
        )
        return Response(data, mimetype=kind)


@triaging.route("/desk")
class Desk(MethodView):
    @triaging.arguments(PassphraseSchema)
    @triaging.response(201)
    def post(self, data):
        """Create the desk's first key, wrapped under the caller's passphrase"""
        return desk.create(require_role(desk.DESK_ROLE), data["passphrase"])


@triaging.route("/desk/members")
class DeskMembers(MethodView):
    @triaging.arguments(MemberSchema)
    @triaging.response(201)
    def post(self, data):
        """Share the unlocked desk keys with another reviewer, under their passphrase"""
        claims = require_role(desk.DESK_ROLE)
        token = request.headers.get(UNLOCK)
        return desk.add_member(claims, token, data["member"], data["passphrase"])


@triaging.route("/desk/unlock")
class DeskUnlock(MethodView):
    @triaging.arguments(PassphraseSchema)
    @triaging.response(200)
    def post(self, data):
        """Unlock the desk's keys for a limited time; the token goes in X-Desk-Unlock"""
        return desk.unlock(require_role(desk.DESK_ROLE), data["passphrase"])


@triaging.route("/desk/lock")
class DeskLock(MethodView):
    @triaging.response(204)
    def post(self):
        """Forget an unlock before its time"""
        desk.lock(require_role(desk.DESK_ROLE), request.headers.get(UNLOCK))


audit_bp = Blueprint("audit", __name__, url_prefix="/audit", description="The audit trail.")


@audit_bp.route("")
class AuditTrail(MethodView):
    @audit_bp.arguments(AuditQueryArgsSchema, location="query")
    @audit_bp.response(200, AuditPageSchema)
    def get(self, args):
        """Audit entries, newest first, for an auditor (the read is audited too)"""
        return audit_trail.read(require_role(AUDITOR), args)


BLUEPRINTS = [audit_bp, reporting, triaging, dead_letters_api.blueprint]
