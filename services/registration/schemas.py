"""What the registration API accepts and returns (marshmallow 4)."""

from marshmallow import Schema, fields, validate

from services.common.validation import (
    TrimmedSchema,
    validate_country,
    validate_language,
)

REGIONS = ("ECA", "ECE", "ECLAC", "ESCAP", "ESCWA")


class EventSchema(TrimmedSchema):
    """A meeting's registration settings."""

    key = fields.String(dump_only=True)
    title = fields.String(required=True, validate=validate.Length(1, 255))
    region = fields.String(required=True, validate=validate.OneOf(REGIONS))
    timezone = fields.String(load_default="UTC", validate=validate.Length(1, 64))
    starts_at = fields.AwareDateTime(allow_none=True, load_default=None)
    ends_at = fields.AwareDateTime(allow_none=True, load_default=None)
    registration_open = fields.Boolean(load_default=True)


class RegistrationCreateSchema(TrimmedSchema):
    """A registration as the stakeholder typed it."""

    event = fields.String(required=True, validate=validate.Length(1, 64))
    name = fields.String(required=True, validate=validate.Length(1, 200))
    email = fields.Email(required=True, validate=validate.Length(3, 254))
    organisation = fields.String(load_default="", validate=validate.Length(0, 200))
    country = fields.String(required=True, validate=validate_country)
    language = fields.String(load_default="en", validate=validate_language)


class RegistrationSchema(Schema):
    """A registration as its submitter sees it: no personal data echoed."""

    id = fields.UUID()
    event = fields.String(attribute="event_key")
    status = fields.String()
    created_at = fields.AwareDateTime()


class RegistrationDetailSchema(RegistrationSchema):
    """A registration as the secretariat sees it, decrypted for this response only."""

    name = fields.String()
    email = fields.String()
    organisation = fields.String()
    country = fields.String()
    language = fields.String()
    region = fields.String()


class RegistrationQueryArgsSchema(Schema):
    event = fields.String()
    region = fields.String(validate=validate.OneOf(REGIONS))
