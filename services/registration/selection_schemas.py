"""Request schemas of the selection resources (selection_api.py)."""

from marshmallow import Schema, fields, validate

from .models import SELECTION_FEATURES


class SelectionRoleSchema(Schema):
    track = fields.String(required=True, validate=validate.Length(1, 64))
    seats = fields.Integer(required=True, validate=validate.Range(min=1, max=5000))


class SelectionQuotaSchema(Schema):
    role = fields.String(load_default="panel", validate=validate.Length(1, 64))
    feature = fields.String(required=True, validate=validate.OneOf(SELECTION_FEATURES))
    value = fields.String(required=True, validate=validate.Length(0, 64))
    min = fields.Integer(required=True, validate=validate.Range(min=0))
    max = fields.Integer(required=True, validate=validate.Range(min=0))


class SelectionCreateSchema(Schema):
    """Roles (a track and its seats each), quotas, a cap per organisation, reserved seats
    (registration id -> role) and exclusions."""

    name = fields.String(required=True, validate=validate.Length(1, 120))
    roles = fields.Dict(
        keys=fields.String(validate=validate.Length(1, 64)),
        values=fields.Nested(SelectionRoleSchema),
        required=True,
        validate=validate.Length(min=1, max=10),
    )
    quotas = fields.List(fields.Nested(SelectionQuotaSchema), load_default=list)
    organisation_cap = fields.Integer(
        allow_none=True, load_default=None, validate=validate.Range(min=1)
    )
    # A registration's id, or the 8-character reference the person quotes.
    reserved = fields.Dict(
        keys=fields.String(validate=validate.Length(8, 36)),
        values=fields.String(),
        load_default=dict,
    )
    excluded = fields.List(fields.String(validate=validate.Length(8, 36)), load_default=list)


class SelectionDefaultsArgsSchema(Schema):
    track = fields.String(required=True)
    seats = fields.Integer(required=True, validate=validate.Range(min=1, max=5000))
    role = fields.String(load_default="panel")


class ReplacementSchema(Schema):
    withdrawn = fields.UUID(required=True)


class FloorOrderArgsSchema(Schema):
    seed = fields.String(load_default=None, validate=validate.Length(1, 64))
