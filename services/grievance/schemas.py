"""What the grievance API accepts and returns. Reports carry no IP address, no user
agent and no time of day; evidence files come base64-encoded."""

from __future__ import annotations

import base64
import binascii
from datetime import date

from marshmallow import Schema, ValidationError, fields, validate, validates

from .evidence import MAX_BYTES, TOO_BIG
from .models import GRIEVANCE_CATEGORIES, REPRISAL_KINDS

LANGUAGES = ("en", "fr", "es", "ar", "zh-hans", "ru", "pt")


class Base64File(fields.Field):
    def _deserialize(self, value, attr, data, **kwargs) -> bytes:
        if not isinstance(value, str) or len(value) > MAX_BYTES * 4 // 3 + 8:
            raise ValidationError(TOO_BIG)
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationError("Not a base64-encoded file.") from exc


class ContactSchema(Schema):
    name = fields.String(load_default="", validate=validate.Length(max=200))
    email = fields.Email(load_default=None, allow_none=True)
    phone = fields.String(load_default="", validate=validate.Length(max=40))
    other = fields.String(load_default="", validate=validate.Length(max=500))


class ReportBase(Schema):
    region = fields.String(required=True, validate=validate.Length(2, 16))
    language = fields.String(load_default="en", validate=validate.OneOf(LANGUAGES))
    contact = fields.Nested(ContactSchema, load_default=None, allow_none=True)
    referral_consent = fields.Boolean(load_default=False)
    evidence = fields.List(Base64File(), load_default=list, validate=validate.Length(max=5))


class GrievanceSchema(ReportBase):
    category = fields.String(required=True, validate=validate.OneOf(GRIEVANCE_CATEGORIES))
    event = fields.String(load_default="", validate=validate.Length(max=64))
    decision = fields.String(load_default="", validate=validate.Length(max=2000))
    description = fields.String(required=True, validate=validate.Length(1, 10000))


class ReprisalSchema(ReportBase):
    category = fields.String(required=True, validate=validate.OneOf(REPRISAL_KINDS))
    what_happened = fields.String(required=True, validate=validate.Length(1, 10000))
    happened_on = fields.Date(load_default=None, allow_none=True)
    country = fields.String(load_default="", validate=validate.Length(max=2))
    affected = fields.String(load_default="", validate=validate.Length(max=2000))
    danger = fields.Boolean(load_default=False)

    @validates("happened_on")
    def not_in_the_future(self, value, **kwargs):
        if value and value > date.today():
            raise ValidationError("This date is in the future.")


class CodeSchema(Schema):
    code = fields.String(required=True, validate=validate.Length(1, 128))


class ReplySchema(CodeSchema):
    text = fields.String(required=True, validate=validate.Length(1, 10000))


class MoreEvidenceSchema(CodeSchema):
    evidence = fields.List(Base64File(), required=True, validate=validate.Length(1, 5))


class ConsentSchema(CodeSchema):
    referral = fields.Boolean(required=True)


class QueueArgsSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(("grievance", "reprisal")))
    status = fields.String(load_default=None)


class ActionSchema(Schema):
    action = fields.String(required=True)
    text = fields.String(load_default="", validate=validate.Length(max=10000))
    # A staff member as the services know them (`cms:user:7`), or "" for nobody.
    assignee = fields.String(load_default="", validate=validate.Regexp(r"^(cms:user:\d{1,18})?$"))


CONTACT_REASONS = ("answering", "safety", "referral")


class DetailArgsSchema(Schema):
    """Why the case's assignee opens the reporter's contact details (audited); without it,
    or for anyone else, the contact details stay sealed."""

    contact_reason = fields.String(load_default=None, validate=validate.OneOf(CONTACT_REASONS))


class PassphraseSchema(Schema):
    passphrase = fields.String(required=True, validate=validate.Length(1, 500))


class MemberSchema(PassphraseSchema):
    member = fields.String(required=True, validate=validate.Length(3, 128))


class FiguresArgsSchema(Schema):
    year = fields.Integer(required=True, validate=validate.Range(2000, 2100))
    region = fields.String(load_default=None)
