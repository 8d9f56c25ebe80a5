"""What the registration API accepts and returns (marshmallow 4)."""

from datetime import datetime

from marshmallow import Schema, ValidationError, fields, post_load, pre_dump, validate

from services.common.validation import (
    TrimmedSchema,
    validate_country,
    validate_language,
)

from .models import (
    AGE_BANDS,
    GENDERS,
    INTEREST_ROLES,
    STATUSES,
    TRACK_KINDS,
    language_key,
)

REGIONS = ("ECA", "ECE", "ECLAC", "ESCAP", "ESCWA")
ACTIONS_OF_STATUS = (
    "start_review",
    "eligible",
    "ineligible",
    "select",
    "waitlist",
    "not_select",
    "promote",
    "confirm",
)


class TrackSchema(Schema):
    """A registration track: its kind, window and capacity."""

    key = fields.String(required=True, validate=validate.Length(1, 64))
    name = fields.String(required=True, validate=validate.Length(1, 120))
    kind = fields.String(load_default="consultation", validate=validate.OneOf(TRACK_KINDS))
    opens_at = fields.AwareDateTime(required=True)
    closes_at = fields.AwareDateTime(required=True)
    capacity = fields.Integer(allow_none=True, load_default=None, validate=validate.Range(min=0))
    waitlist = fields.Boolean(load_default=True)

    @pre_dump
    def _parse_stored(self, track, **kwargs):
        # Tracks are stored as JSON, with their times as ISO 8601 strings.
        return {
            k: datetime.fromisoformat(v)
            if k in ("opens_at", "closes_at") and isinstance(v, str)
            else v
            for k, v in track.items()
        }


def _optional_url(value: str) -> None:
    if len(value) > 500:
        raise ValidationError("At most 500 characters.")
    if value:
        validate.URL(schemes={"https", "http"})(value)


class EventSchema(TrimmedSchema):
    """A meeting's registration settings."""

    key = fields.String(dump_only=True)
    # `title` in the site's default language; `titles` in each language it is published in
    # (messages use the recipient's, else `title`).
    title = fields.String(required=True, validate=validate.Length(1, 255))
    titles = fields.Dict(
        keys=fields.String(validate=[validate.Length(2, 16), validate_language]),
        values=fields.String(validate=validate.Length(1, 255)),
        load_default=dict,
        validate=validate.Length(max=50),
    )
    region = fields.String(required=True, validate=validate.OneOf(REGIONS))
    timezone = fields.String(load_default="UTC", validate=validate.Length(1, 64))
    starts_at = fields.AwareDateTime(allow_none=True, load_default=None)
    ends_at = fields.AwareDateTime(allow_none=True, load_default=None)
    registration_open = fields.Boolean(load_default=True)
    tracks = fields.List(fields.Nested(TrackSchema), load_default=list)
    stream_url = fields.String(load_default="", validate=_optional_url)
    recording_url = fields.String(load_default="", validate=_optional_url)

    @post_load
    def _language_keys(self, data, **kwargs):
        titles = {language_key(k): v.strip() for k, v in data["titles"].items()}
        data["titles"] = {k: v for k, v in titles.items() if v}
        return data


def _optional_email():
    return fields.Email(load_default="", validate=validate.Length(0, 254))


class ConsentChoicesSchema(Schema):
    """Share nothing unless asked: every choice defaults to no."""

    public_listing = fields.Boolean(load_default=False)
    share_contact = fields.Boolean(load_default=False)
    updates = fields.Boolean(load_default=False)


class RegistrationCreateSchema(TrimmedSchema):
    """A registration as the stakeholder typed it. What a track needs on top (focal point,
    guardian, roles, nominator) is checked against the track's kind."""

    event = fields.String(required=True, validate=validate.Length(1, 64))
    track = fields.String(required=True, validate=validate.Length(1, 64))
    name = fields.String(required=True, validate=validate.Length(1, 200))
    email = fields.Email(required=True, validate=validate.Length(3, 254))
    phone = fields.String(load_default="", validate=validate.Length(0, 40))
    organisation = fields.String(load_default="", validate=validate.Length(0, 200))
    organisation_website = fields.String(load_default="", validate=validate.Length(0, 300))
    migrant_led = fields.Boolean(load_default=False)
    category = fields.String(load_default="", validate=validate.Length(0, 64))
    country = fields.String(required=True, validate=validate_country)
    subregion = fields.String(load_default="", validate=validate.Length(0, 64))
    gender = fields.String(load_default="prefer_not_to_say", validate=validate.OneOf(GENDERS))
    age_band = fields.String(required=True, validate=validate.OneOf(AGE_BANDS))
    guardian_email = _optional_email()
    languages = fields.List(fields.String(validate=validate_language), load_default=list)
    language = fields.String(load_default="en", validate=validate_language)
    accessibility_needs = fields.String(load_default="", validate=validate.Length(0, 2000))
    interpretation_needs = fields.String(load_default="", validate=validate.Length(0, 500))
    statement = fields.String(load_default="", validate=validate.Length(0, 5000))
    focal_point_name = fields.String(load_default="", validate=validate.Length(0, 200))
    focal_point_email = _optional_email()
    interest_roles = fields.List(
        fields.String(validate=validate.OneOf(INTEREST_ROLES)), load_default=list
    )
    nominator_name = fields.String(load_default="", validate=validate.Length(0, 200))
    nominator_email = _optional_email()
    nominator_organisation = fields.String(load_default="", validate=validate.Length(0, 200))
    consents = fields.Nested(ConsentChoicesSchema, load_default=dict)
    consent_wording = fields.String(load_default="2026-11", validate=validate.Length(1, 32))


class RegistrationSchema(Schema):
    """A registration as its submitter sees it: no personal data echoed."""

    id = fields.UUID()
    reference = fields.String(dump_only=True)
    event = fields.String(attribute="event_key")
    track = fields.String(attribute="track_key")
    status = fields.String()
    created_at = fields.AwareDateTime()


class ReasonSchema(Schema):
    """Why an action cannot be taken on a record now. `code` is stable (the admin names
    it in its language): `status` (not from this status), `nominee_not_accepted`,
    `guardian_consent_missing`, `criterion_authorised`, `criterion_category`,
    `criterion_expertise` (a floor-speaker criterion unchecked), `track_full`,
    `not_floor_speaker`."""

    code = fields.String(required=True)
    message = fields.String(required=True, metadata={"description": "The reason, in English."})
    status = fields.String(metadata={"description": "The record's status (code `status`)."})
    taken = fields.Integer(metadata={"description": "Places taken (code `track_full`)."})
    capacity = fields.Integer(metadata={"description": "Places (code `track_full`)."})


class ActionOptionSchema(Schema):
    """A decision the record's current status leads to: possible now, or blocked and why.
    Decisions its status cannot lead to are not listed."""

    action = fields.String(required=True, validate=validate.OneOf(ACTIONS_OF_STATUS))
    target = fields.String(required=True, validate=validate.OneOf(STATUSES))
    possible = fields.Boolean(required=True)
    blockers = fields.List(fields.Nested(ReasonSchema), required=True)


class RegistrationSummarySchema(RegistrationSchema):
    """A row of the secretariat's queue: name and organisation opened for the page, and
    the decisions possible from its status (`actions`)."""

    kind = fields.String()
    name = fields.String()
    organisation = fields.String()
    category = fields.String()
    country = fields.String()
    subregion = fields.String()
    gender = fields.String()
    age_band = fields.String()
    migrant_led = fields.Boolean()
    criteria_met = fields.Boolean()
    criteria_missing = fields.List(
        fields.String(validate=validate.OneOf(["authorised", "category", "expertise"])),
        metadata={"description": "Floor-speaker criteria not met yet (empty otherwise)."},
    )
    region = fields.String()
    actions = fields.List(fields.Nested(ActionOptionSchema))


class QueueSchema(Schema):
    total = fields.Integer()
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    items = fields.List(fields.Nested(RegistrationSummarySchema))


class BalanceCellSchema(Schema):
    """One feature value: registered, in the pool (eligible or further), seated."""

    registered = fields.Integer()
    pool = fields.Integer()
    selected = fields.Integer()


def _balance_table():
    return fields.Dict(keys=fields.String(), values=fields.Nested(BalanceCellSchema))


class BalanceSchema(Schema):
    """The balance panel: per feature, each value's counts (values sorted; migrant-led is
    "True" or "False")."""

    category = _balance_table()
    subregion = _balance_table()
    gender = _balance_table()
    age_band = _balance_table()
    migrant_led = _balance_table()


class RegistrationDetailSchema(RegistrationSummarySchema):
    """Everything about one registration, decrypted for this response only."""

    email = fields.String()
    phone = fields.String()
    organisation_website = fields.String()
    languages = fields.List(fields.String())
    language = fields.String()
    accessibility_needs = fields.String()
    interpretation_needs = fields.String()
    statement = fields.String()
    interest_roles = fields.List(fields.String())
    focal_point = fields.Dict()
    nominator = fields.Dict()
    criteria = fields.Dict()
    authorised_at = fields.AwareDateTime(allow_none=True)
    guardian_consented_at = fields.AwareDateTime(allow_none=True)
    nominee_accepted_at = fields.AwareDateTime(allow_none=True)
    status_reason = fields.String()
    consents = fields.List(fields.Dict())
    history = fields.List(fields.Dict())
    notes = fields.List(fields.Dict())
    same_domain = fields.List(
        fields.String(validate=validate.OneOf(["focal_point", "guardian"])),
        metadata={"description": "Who has an address at the registrant's own domain."},
    )


class QueueArgsSchema(Schema):
    event = fields.String()
    track = fields.String()
    region = fields.String(validate=validate.OneOf(REGIONS))
    status = fields.String(validate=validate.OneOf(STATUSES))
    category = fields.String()
    subregion = fields.String()
    country = fields.String()
    gender = fields.String(validate=validate.OneOf(GENDERS))
    age_band = fields.String(validate=validate.OneOf(AGE_BANDS))
    migrant_led = fields.Boolean()
    criteria_met = fields.Boolean()
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))


class ReasonArgsSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(3, 200))


ACTIONS = (
    "start_review",
    "check_criteria",
    "eligible",
    "ineligible",
    "select",
    "waitlist",
    "not_select",
    "promote",
    "confirm",
    "note",
)


class ActionSchema(Schema):
    """A secretariat action on one registration, or on `ids` at once."""

    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    reason = fields.String(load_default="", validate=validate.Length(0, 500))
    criteria = fields.Dict(
        keys=fields.String(validate=validate.OneOf(["category", "authorised", "expertise"])),
        values=fields.Boolean(),
        load_default=dict,
    )
    note = fields.String(load_default="", validate=validate.Length(0, 5000))
    ids = fields.List(fields.UUID(), load_default=list, validate=validate.Length(0, 500))


class ExportArgsSchema(Schema):
    event = fields.String(required=True)
    track = fields.String()
    status = fields.String(validate=validate.OneOf(STATUSES), load_default="selected")


class TokenSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(20, 200))


class SelfUpdateSchema(TrimmedSchema):
    """What a registrant may correct through their link (not the e-mail: that is who
    they are; to change it, withdraw and register again)."""

    token = fields.String(required=True, validate=validate.Length(20, 200))
    name = fields.String(validate=validate.Length(1, 200))
    phone = fields.String(validate=validate.Length(0, 40))
    organisation = fields.String(validate=validate.Length(0, 200))
    organisation_website = fields.String(validate=validate.Length(0, 300))
    language = fields.String(validate=validate_language)
    accessibility_needs = fields.String(validate=validate.Length(0, 2000))
    interpretation_needs = fields.String(validate=validate.Length(0, 500))
    statement = fields.String(validate=validate.Length(0, 5000))
    consents = fields.Nested(ConsentChoicesSchema)
    consent_wording = fields.String(load_default="2026-11", validate=validate.Length(1, 32))


class LinkRequestSchema(TrimmedSchema):
    email = fields.Email(required=True)
    event = fields.String(required=True, validate=validate.Length(1, 64))
    language = fields.String(load_default="en", validate=validate_language)


class OutcomeSchema(Schema):
    status = fields.String()
    count = fields.Integer()


class SkippedSchema(Schema):
    id = fields.UUID(required=True)
    status = fields.String(required=True)
    reasons = fields.List(fields.Nested(ReasonSchema), required=True)


class BulkOutcomeSchema(OutcomeSchema):
    """A bulk action: `count` done (`done`), the others `skipped` with their reasons;
    `status` is `applied`, or `nothing_done` when none could be."""

    done = fields.List(fields.UUID(), required=True)
    skipped = fields.List(fields.Nested(SkippedSchema), required=True)
