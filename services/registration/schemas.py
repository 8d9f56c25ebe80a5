"""What the registration API accepts and returns (marshmallow 4)."""

from datetime import datetime

from marshmallow import Schema, fields, pre_dump, validate

from services.common.validation import (
    TrimmedSchema,
    validate_country,
    validate_language,
)

REGIONS = ("ECA", "ECE", "ECLAC", "ESCAP", "ESCWA")


class TrackSchema(Schema):
    """A registration track: its window and capacity."""

    key = fields.String(required=True, validate=validate.Length(1, 64))
    name = fields.String(required=True, validate=validate.Length(1, 120))
    opens_at = fields.AwareDateTime(required=True)
    closes_at = fields.AwareDateTime(required=True)
    capacity = fields.Integer(allow_none=True, load_default=None, validate=validate.Range(min=0))

    @pre_dump
    def _parse_stored(self, track, **kwargs):
        # Tracks are stored as JSON, with their times as ISO 8601 strings.
        return {
            k: datetime.fromisoformat(v)
            if k in ("opens_at", "closes_at") and isinstance(v, str)
            else v
            for k, v in track.items()
        }


class EventSchema(TrimmedSchema):
    """A meeting's registration settings."""

    key = fields.String(dump_only=True)
    title = fields.String(required=True, validate=validate.Length(1, 255))
    region = fields.String(required=True, validate=validate.OneOf(REGIONS))
    timezone = fields.String(load_default="UTC", validate=validate.Length(1, 64))
    starts_at = fields.AwareDateTime(allow_none=True, load_default=None)
    ends_at = fields.AwareDateTime(allow_none=True, load_default=None)
    registration_open = fields.Boolean(load_default=True)
    tracks = fields.List(fields.Nested(TrackSchema), load_default=list)


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
