"""What the mailer API accepts and returns (marshmallow 4)."""

from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, validate, validates

from services.common.validation import TrimmedSchema, validate_language

from .models import SOURCES
from .templates import LANGUAGES, TEMPLATES


class MessageCreateSchema(TrimmedSchema):
    """A transactional message: template, language, recipient and variables."""

    template = fields.String(required=True)
    language = fields.String(load_default="en", validate=validate_language)
    to = fields.Email(required=True)
    context = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)

    @validates("template")
    def known_template(self, value, **kwargs):
        # Services send the built-in texts only; editors' templates serve campaigns.
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


class ListSchema(TrimmedSchema):
    """An outreach list; `counts` has its contacts per status (subscribed, pending, ...)."""

    key = fields.String(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(1, 200))
    names = fields.Dict(
        keys=fields.String(validate=validate.OneOf(LANGUAGES)),
        values=fields.String(validate=validate.Length(1, 200)),
        load_default=dict,
        metadata={"description": "The name in other languages, by language code."},
    )
    region = fields.String(load_default="", validate=validate.Length(0, 16))
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), dump_only=True)


class ImportArgsSchema(Schema):
    """The form fields sent with an import file."""

    list = fields.String(required=True)
    source_kind = fields.String(required=True, validate=validate.OneOf(SOURCES))
    source_name = fields.String(load_default="", validate=validate.Length(0, 200))
    consent_basis = fields.String(required=True, validate=validate.Length(1, 120))
    mapping = fields.String(load_default="")


class ImportFileSchema(Schema):
    file = Upload(required=True)


class ImportJobSchema(Schema):
    """An import's progress and counts; per-row outcomes at `/imports/{id}/rows`.

    Sent without a mapping, a file waits in `mapping` with its `columns` and a
    `suggested` mapping until `PUT /imports/{id}/mapping` starts it.
    """

    id = fields.UUID()
    list = fields.String(attribute="list_key")
    source_kind = fields.String()
    source_name = fields.String()
    consent_basis = fields.String()
    status = fields.String()
    total = fields.Integer()
    processed = fields.Integer()
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    columns = fields.List(fields.String())
    mapping = fields.Dict(keys=fields.String(), values=fields.String())
    suggested = fields.Dict(keys=fields.String(), values=fields.String())
    created_at = fields.AwareDateTime()


class MappingSchema(Schema):
    """Our field → the file's column; `email` is required."""

    mapping = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


class ImportListArgsSchema(Schema):
    list = fields.String(load_default=None)
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 100))


class ImportRowSchema(Schema):
    row = fields.Integer()
    outcome = fields.String()
    reason = fields.String()


class PageArgsSchema(Schema):
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 1000))


class RowArgsSchema(PageArgsSchema):
    """`outcome` keeps only rows with these outcomes (e.g. the invalid ones to fix)."""

    outcome = fields.List(
        fields.String(validate=validate.OneOf(["new", "merged", "invalid", "suppressed"])),
        load_default=list,
    )


class SubscribeSchema(TrimmedSchema):
    """A visitor's request to subscribe (double opt-in follows)."""

    list = fields.String(required=True)
    email = fields.Email(required=True)
    name = fields.String(load_default="", validate=validate.Length(0, 200))
    country = fields.String(load_default="", validate=validate.Length(0, 2))
    language = fields.String(load_default="en", validate=validate_language)


class TokenSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(16, 200))


class UnsubscribeSchema(TokenSchema):
    everything = fields.Boolean(load_default=False)


class NeverMailSchema(TokenSchema):
    """The token of a "never mail me again" link; `suppress: false` lifts it again."""

    suppress = fields.Boolean(load_default=True)


class OutcomeSchema(Schema):
    status = fields.String()
    count = fields.Integer()


class VersionSchema(Schema):
    subject = fields.String(required=True, validate=validate.Length(1, 255))
    text = fields.String(required=True, validate=validate.Length(1, 100_000))
    html = fields.String(load_default="", validate=validate.Length(0, 200_000))


class TemplateSchema(Schema):
    """An editor's template with one version per language."""

    key = fields.String(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(1, 200))
    versions = fields.Dict(
        keys=fields.String(validate=validate_language),
        values=fields.Nested(VersionSchema),
        required=True,
        validate=validate.Length(min=1),
    )
    updated_at = fields.AwareDateTime(dump_only=True)


class PreviewArgsSchema(Schema):
    language = fields.String(load_default="en", validate=validate_language)
    to = fields.Email(load_default=None)


class TemplateTestSchema(Schema):
    """Where a template's test message goes: an address is required."""

    language = fields.String(load_default="en", validate=validate_language)
    to = fields.Email(required=True)


class PreviewSchema(Schema):
    subject = fields.String()
    text = fields.String()
    html = fields.String()


class SegmentSchema(Schema):
    lists = fields.List(fields.String(), load_default=list)
    regions = fields.List(fields.String(), load_default=list)
    categories = fields.List(fields.String(), load_default=list)
    countries = fields.List(fields.String(), load_default=list)
    languages = fields.List(fields.String(), load_default=list)


class CampaignSchema(TrimmedSchema):
    """A campaign: its audience, language versions, schedule and state."""

    id = fields.UUID(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(1, 200))
    kind = fields.String(load_default="update", validate=validate.OneOf(["update", "invitation"]))
    event_key = fields.String(load_default=None, allow_none=True)
    event_starts_at = fields.AwareDateTime(load_default=None, allow_none=True)
    late_reason = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(0, 2000)
    )
    segment = fields.Nested(SegmentSchema, load_default=dict)
    template = fields.String(load_default=None, allow_none=True, load_only=True)
    versions = fields.Dict(
        keys=fields.String(validate=validate_language),
        values=fields.Nested(VersionSchema),
        load_default=dict,
    )
    fallback_language = fields.String(load_default="en", validate=validate_language)
    scheduled_at = fields.AwareDateTime(load_default=None, allow_none=True)
    max_rate = fields.Float(load_default=0.0, validate=validate.Range(0, 10_000))
    status = fields.String(dump_only=True)
    progress = fields.Method("get_progress", dump_only=True)

    def get_progress(self, campaign):
        from .campaigns import progress

        return progress(campaign)


class CampaignActionSchema(Schema):
    action = fields.String(
        required=True, validate=validate.OneOf(["schedule", "pause", "resume", "cancel"])
    )


class ForgetSchema(Schema):
    """A registrant's erasure (`erase: true`), or withdrawal of consent to `lists`."""

    email = fields.Email(required=True)
    erase = fields.Boolean(required=True)
    lists = fields.List(fields.String(validate=validate.Length(1, 64)), load_default=list)


class ForgetOutcomeSchema(Schema):
    contact = fields.String(
        metadata={"enum": ["erased", "kept", "unsubscribed", "unknown"]},
    )
    messages = fields.Integer(metadata={"description": "messages to the address deleted"})


class LookupSchema(Schema):
    """Idempotency-Keys the caller sent messages with (its own keys only)."""

    keys = fields.List(
        fields.String(validate=validate.Length(1, 255)),
        required=True,
        validate=validate.Length(1, 500),
    )


class LookupResultSchema(Schema):
    key = fields.String()
    id = fields.UUID(allow_none=True, metadata={"description": "null: no message was queued"})
    status = fields.String(
        allow_none=True, metadata={"enum": ["queued", "sent", "failed", "withheld", None]}
    )
