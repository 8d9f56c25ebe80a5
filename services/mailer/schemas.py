"""What the mailer API accepts and returns (marshmallow 4)."""

from marshmallow import Schema, ValidationError, fields, validates

from services.common.validation import TrimmedSchema, validate_language

from .templates import TEMPLATES


class MessageCreateSchema(TrimmedSchema):
    """A transactional message: template, language, recipient and variables."""

    template = fields.String(required=True)
    language = fields.String(load_default="en", validate=validate_language)
    to = fields.Email(required=True)
    context = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)

    @validates("template")
    def known_template(self, value, **kwargs):
        if value not in TEMPLATES:
            raise ValidationError("Unknown template.")


class MessageSchema(Schema):
    """A queued message's state, without its recipient or content."""

    id = fields.UUID()
    template = fields.String()
    language = fields.String()
    status = fields.String()
    attempts = fields.Integer()
    created_at = fields.AwareDateTime()
