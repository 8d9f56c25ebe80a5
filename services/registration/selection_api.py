"""HTTP resources of selections (secretariat only, the caller's regions only)."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from services.common.factory import require_role

from . import floor, observers, selection_report, selections
from .selection_schemas import (
    FloorOrderArgsSchema,
    ReplacementSchema,
    SelectionCreateSchema,
    SelectionDefaultsArgsSchema,
)

blueprint = Blueprint(
    "selections",
    __name__,
    url_prefix="",
    description="Balanced, fair, auditable selection (LEXIMIN) with a committed seed.",
)


@blueprint.route("/events/<string:key>/selections/defaults")
class SelectionDefaults(MethodView):
    @blueprint.arguments(SelectionDefaultsArgsSchema, location="query")
    @blueprint.response(200)
    def get(self, args, key):
        """Quotas to start from: the pool's proportions with slack, floors for groups to reach"""
        return selections.defaults(
            key, args["track"], args["seats"], args["role"], require_role("secretariat")
        )


@blueprint.route("/events/<string:key>/selections")
class EventSelections(MethodView):
    @blueprint.response(200)
    def get(self, key):
        """The event's selections, newest first"""
        return selections.of_event(key, require_role("secretariat"))

    @blueprint.arguments(SelectionCreateSchema)
    @blueprint.response(202)
    def post(self, data, key):
        """Set up and queue a selection (422 naming the conflicting quotas if none can hold)"""
        return selections.create(key, data, require_role("secretariat"))


@blueprint.route("/events/<string:key>/selections/check")
class SelectionCheck(MethodView):
    @blueprint.arguments(SelectionCreateSchema)
    @blueprint.response(200)
    def post(self, data, key):
        """Whether some panel keeps every quota; if not, the conflict and the relaxation"""
        return selections.feasibility(key, data, require_role("secretariat"))


@blueprint.route("/selections/<uuid:selection_id>")
class SelectionById(MethodView):
    @blueprint.response(200)
    def get(self, selection_id):
        """Progress, probabilities and balance; seed and panel once the draw is committed"""
        return selections.get(selection_id, require_role("secretariat"))


def _step(name: str, function, doc: str):
    class Step(MethodView):
        @blueprint.response(200)
        def post(self, selection_id):
            return function(selection_id, require_role("secretariat"))

    Step.post.__doc__ = doc
    Step.__name__ = f"Selection{name.title()}"
    blueprint.route(f"/selections/<uuid:selection_id>/{name}")(Step)


_step("cancel", selections.cancel, "Cancel a queued or running selection")
_step("draw", selections.draw, "Commit the draw: reveal the seed and the panel")
_step("decisions", selections.decide, "Set statuses and send the decision e-mails")


@blueprint.route("/selections/<uuid:selection_id>/panel")
class SelectionPanel(MethodView):
    @blueprint.response(200)
    def get(self, selection_id):
        """Who holds the seats after the draw, with names (audited)"""
        return selections.panel(selection_id, require_role("secretariat"))


@blueprint.route("/selections/<uuid:selection_id>/replacements")
class Replacements(MethodView):
    @blueprint.arguments(ReplacementSchema)
    @blueprint.response(200)
    def post(self, data, selection_id):
        """Draw a replacement for a withdrawn person, keeping every quota"""
        return selections.replace(selection_id, str(data["withdrawn"]), require_role("secretariat"))


class HandOverSchema(Schema):
    """To whom the input file is handed: an accredited observer (name, organisation)."""

    observer = fields.String(required=True, validate=validate.Length(min=2, max=150))


class InputFileSchema(Schema):
    """The exact input file (its text hashes to the commitment), and after the draw the
    panel's pseudonymous ids."""

    filename = fields.String()
    inputs = fields.String()
    inputs_sha256 = fields.String()
    panel = fields.List(fields.String(), allow_none=True)


@blueprint.route("/selections/<uuid:selection_id>/inputs")
class SelectionInputs(MethodView):
    @blueprint.arguments(HandOverSchema)
    @blueprint.response(200, InputFileSchema)
    def post(self, data, selection_id):
        """Hand the committed input file to an accredited observer (audited)"""
        return observers.hand_over(selection_id, data["observer"], require_role("secretariat"))


@blueprint.route("/selections/<uuid:selection_id>/report")
class SelectionReport(MethodView):
    @blueprint.response(200)
    def get(self, selection_id):
        """The public transparency report of a committed draw (counts below 5 hidden)"""
        require_role("cms")
        return selection_report.report(selection_id)


@blueprint.route("/events/<string:key>/floor-order")
class FloorOrder(MethodView):
    @blueprint.arguments(FloorOrderArgsSchema, location="query")
    @blueprint.response(200)
    def get(self, args, key):
        """The chair's list of floor speakers: categories and sub-regions take turns"""
        return floor.floor_order(key, args.get("seed"), require_role("secretariat"))
